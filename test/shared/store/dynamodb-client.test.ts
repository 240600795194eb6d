import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../../shared/errors.js';
import { CertificationCache } from '../../../shared/store/certification-cache.js';
import { CertificationLeases } from '../../../shared/store/certification-leases.js';
import { createDynamoDbClient } from '../../../shared/store/dynamodb-client.js';
import { RateLimiter } from '../../../shared/store/rate-limiter.js';
import { UsageMeter } from '../../../shared/store/usage-meter.js';
import { LOCAL_DYNAMO_CREDENTIALS, LOCAL_DYNAMO_REGION } from '../../../local/dynamodb.js';
import { certification, manualClock, useStore } from './fixtures.js';

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('createDynamoDbClient against a store that goes away', () => {
  const store = useStore();

  it('fails every store class with StoreUnavailableError after two attempts, then recovers without a new client', async () => {
    // Prepare
    const { client, tableName } = store;
    const clock = manualClock();
    const cache = new CertificationCache({ client, tableName, clock });
    const limiter = new RateLimiter({ client, tableName, clock });
    const leases = new CertificationLeases({ client, tableName, clock });
    const meter = new UsageMeter({ client, tableName, clock });
    await cache.put(certification({ modelId: 'amazon.nova-lite-v1:0' }));
    await limiter.consume('alice');

    // Act: the store goes down
    await store.dynamo.stop();
    const errors = await Promise.all([
      failure(cache.get('us-east-1', 'amazon.nova-lite-v1:0')),
      failure(cache.page('us-east-1', { limit: 10 })),
      failure(cache.getMany('us-east-1', ['amazon.nova-lite-v1:0'])),
      failure(limiter.consume('alice')),
      failure(leases.tryAcquire('us-east-1', 'amazon.nova-lite-v1:0', 'me', 1000)),
      failure(meter.record('alice', 'run-1', certification())),
      failure(meter.reserve('alice', 'run-2', 10)),
    ]);

    // Assess
    for (const error of errors) {
      expect(error).toBeInstanceOf(StoreUnavailableError);
      const cause = (error as StoreUnavailableError).cause as {
        code?: string;
        $metadata?: { attempts?: number };
      };
      // Refused, or reset when a pooled keep-alive socket is tried first.
      expect(cause.code).toMatch(/^ECONN(REFUSED|RESET)$/);
      expect(cause.$metadata?.attempts).toBe(2);
    }

    // Act: it comes back; the same client works and the data survived the outage
    await store.dynamo.start();
    expect(await cache.get('us-east-1', 'amazon.nova-lite-v1:0')).toMatchObject({
      modelId: 'amazon.nova-lite-v1:0',
      cached: true,
    });
    await limiter.consume('alice');
    expect(await meter.get('alice', '2026-11')).toMatchObject({ certifications: 0 });
  });

  it('gives up on a store that hangs once the request timeout passes', async () => {
    const client = createDynamoDbClient({
      region: LOCAL_DYNAMO_REGION,
      endpoint: store.dynamo.endpoint,
      credentials: LOCAL_DYNAMO_CREDENTIALS,
      requestTimeoutMs: 200,
    });
    const cache = new CertificationCache({ client, tableName: store.tableName });
    store.dynamo.setLatency(5_000);
    try {
      const error = await failure(cache.get('us-east-1', 'amazon.nova-lite-v1:0'));
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(((error as StoreUnavailableError).cause as Error).name).toBe('TimeoutError');
    } finally {
      store.dynamo.setLatency(0);
      client.destroy();
    }
    // And a slow-but-alive store is still served.
    store.dynamo.setLatency(50);
    expect((await cache.page('us-east-1', { limit: 10 })).certifications).toBeInstanceOf(Array);
    store.dynamo.setLatency(0);
  });

  it('lets a request bug through as itself, not as an outage', async () => {
    const cache = new CertificationCache({ client: store.client, tableName: store.tableName });
    // A sort key over DynamoDB's 1024-byte limit.
    const error = await failure(cache.get('us-east-1', 'x'.repeat(1100)));
    expect(error).not.toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).name).toBe('ValidationException');
  });
});
