import { describe, expect, it } from 'vitest';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  InternalServerError,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  RequestLimitExceeded,
  ResourceNotFoundException,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { StoreUnavailableError } from '../../../shared/errors.js';
import { CertificationCache } from '../../../shared/store/certification-cache.js';
import { CertificationLeases } from '../../../shared/store/certification-leases.js';
import { RateLimiter } from '../../../shared/store/rate-limiter.js';
import {
  callStore,
  isConditionalCheckFailed,
  toStoreError,
} from '../../../shared/store/store-errors.js';
import { StreamTickets } from '../../../shared/store/stream-tickets.js';
import { UsageMeter } from '../../../shared/store/usage-meter.js';
import { certification } from './fixtures.js';

// DynamoDB answers a local server cannot produce on demand; everything else is tested against dynalite.
const rareFailures = [
  [
    'ProvisionedThroughputExceededException',
    () =>
      new ProvisionedThroughputExceededException({
        message: 'slow down',
        $metadata: { httpStatusCode: 400 },
      }),
  ],
  [
    'RequestLimitExceeded',
    () =>
      new RequestLimitExceeded({ message: 'account limit', $metadata: { httpStatusCode: 400 } }),
  ],
  [
    'InternalServerError',
    () => new InternalServerError({ message: 'internal', $metadata: { httpStatusCode: 500 } }),
  ],
  [
    'ResourceNotFoundException',
    () =>
      new ResourceNotFoundException({ message: 'no table', $metadata: { httpStatusCode: 400 } }),
  ],
] as const;

function mockedStore() {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  return { client, mock: mockClient(client), tableName: 'certifications' };
}

describe('store failure mapping', () => {
  it.each(rareFailures)(
    'turns %s into StoreUnavailableError in every store class',
    async (_name, failure) => {
      // Prepare
      const { client, mock, tableName } = mockedStore();
      mock.on(GetItemCommand).rejects(failure());
      mock.on(PutItemCommand).rejects(failure());
      mock.on(UpdateItemCommand).rejects(failure());
      mock.on(DeleteItemCommand).rejects(failure());

      // Act + Assess
      const calls = [
        new CertificationCache({ client, tableName }).get('us-east-1', 'amazon.nova-lite-v1:0'),
        new CertificationCache({ client, tableName }).put(certification()),
        new RateLimiter({ client, tableName }).consume('alice'),
        new CertificationLeases({ client, tableName }).tryAcquire(
          'us-east-1',
          'amazon.nova-lite-v1:0',
          'me',
          1000,
        ),
        new CertificationLeases({ client, tableName }).read('us-east-1', 'amazon.nova-lite-v1:0'),
        new StreamTickets({ client, tableName }).issue(
          { sub: 'alice', modelId: 'amazon.nova-lite-v1:0', region: 'us-east-1', fresh: false },
          60_000,
        ),
        new StreamTickets({ client, tableName }).redeem('A'.repeat(43), {
          modelId: 'amazon.nova-lite-v1:0',
          region: 'us-east-1',
          fresh: false,
        }),
        new UsageMeter({ client, tableName }).record('alice', 'run-1', certification()),
        new UsageMeter({ client, tableName }).reserve('alice', 'run-2', 10),
        new UsageMeter({ client, tableName }).release('alice', {
          runId: 'run-3',
          month: '2026-11',
        }),
      ];
      for (const call of calls) {
        const error = await call.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect((error as StoreUnavailableError).statusCode).toBe(503);
        expect((error as StoreUnavailableError).message).not.toMatch(
          /slow down|internal|no table|account limit/,
        );
        expect((error as StoreUnavailableError).cause).toBeInstanceOf(Error);
      }
    },
  );

  it('refuses the rate-limited request when the rate limiter cannot write (fail closed)', async () => {
    const { client, mock, tableName } = mockedStore();
    mock.on(GetItemCommand).resolves({});
    mock.on(UpdateItemCommand).rejects(new InternalServerError({ message: 'boom', $metadata: {} }));
    await expect(new RateLimiter({ client, tableName }).consume('alice')).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
  });

  it('passes a failed condition through: it is an answer, not an outage', async () => {
    const failed = new ConditionalCheckFailedException({ message: 'no', $metadata: {} });
    expect(isConditionalCheckFailed(failed)).toBe(true);
    expect(toStoreError(failed)).toBe(failed);
    await expect(callStore(() => Promise.reject(failed))).rejects.toBe(failed);
  });

  it('passes request bugs through so they surface as 500s, not as outages', () => {
    const validation = Object.assign(new Error('bad expression'), { name: 'ValidationException' });
    expect(toStoreError(validation)).toBe(validation);
    expect(isConditionalCheckFailed(validation)).toBe(false);
    expect(isConditionalCheckFailed('ConditionalCheckFailedException')).toBe(false);
  });

  it('maps network errors and keeps an existing StoreUnavailableError as it is', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(toStoreError(refused)).toBeInstanceOf(StoreUnavailableError);
    const already = new StoreUnavailableError();
    expect(toStoreError(already)).toBe(already);
  });
});
