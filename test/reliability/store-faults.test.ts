import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { TEST_NAMES } from '../../shared/types.js';
import { paths, probeCodes, ServiceClient, waitFor } from '../support/service-client.js';
import { StoreInspector } from '../support/store-inspector.js';

/** The core suite's size, from the registry. */
const N = TEST_NAMES.length;

/**
 * DynamoDB stopped or slow while the service runs. The service must fail closed (503
 * STORE_UNAVAILABLE, no Bedrock call it could not count), give up within its own store budget
 * (connect 1 s, request 2 s, 2 attempts per call), and recover without a restart when the store
 * returns. What the time stands for is counted instead of timed: the round trips that reached
 * dynalite (its per-operation request counter), not seconds on a shared two-core machine.
 */
const DEADLINE_MS = 2_000;
const HAIKU = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const NOVA = 'amazon.nova-lite-v1:0';
/** Attempts per store call (shared/store/dynamodb-client.ts). */
const STORE_ATTEMPTS = 2;

/** Store requests that reached dynalite since `before`, per operation. */
function roundTripsSince(before: Record<string, number>): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [operation, count] of Object.entries(stack.dynamo.stats.byOperation)) {
    const added = count - (before[operation] ?? 0);
    if (added > 0) delta[operation] = added;
  }
  return delta;
}

let stack: LocalStack;
let client: ServiceClient;
let store: StoreInspector;
beforeAll(async () => {
  stack = await startLocalStack({
    env: {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      CERTIFICATION_DEADLINE_MS: String(DEADLINE_MS),
      PROBE_TIMEOUT_MS: '1500',
      KEEPALIVE_INTERVAL_MS: '200',
    },
  });
  client = new ServiceClient(stack.url);
  store = new StoreInspector(stack.dynamo);
  return async () => {
    store.close();
    await stack.close();
  };
});
afterEach(async () => {
  stack.dynamo.setLatency(0);
  await stack.dynamo.start();
});

async function expectStoreUnavailable(response: Response): Promise<void> {
  expect(response.status).toBe(503);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.headers.get('retry-after')).toBe('5');
  expect(await response.json()).toEqual({
    error: {
      code: 'STORE_UNAVAILABLE',
      message: 'The certification store is unavailable; try again shortly.',
    },
  });
}

describe('store stopped', () => {
  it('every store-backed route answers 503 STORE_UNAVAILABLE without waiting on a timeout, with no Bedrock call; health stays up', async () => {
    await stack.dynamo.stop();
    const bedrockBefore = stack.simulator.stats.requests;
    const storeBefore = stack.dynamo.stats.requests;
    const users = Array.from({ length: 10 }, (_, i) => stack.token(`down-${i}`));
    const responses = await Promise.all([
      ...users.map((token, i) =>
        i % 2 === 0 ? client.fetch(paths.stream(HAIKU), token) : client.post(HAIKU, token),
      ),
      client.fetch(paths.check(HAIKU), users[0]),
      client.fetch(paths.models, users[0]),
    ]);
    for (const response of responses) await expectStoreUnavailable(response);
    // Refused connections, not timeouts: nothing reached the store.
    expect(stack.dynamo.stats.requests).toBe(storeBefore);
    expect((await client.fetch(paths.health)).status).toBe(200);
    // Fail closed: nothing was spent that the store could not count.
    expect(stack.simulator.stats.requests).toBe(bedrockBefore);

    await stack.dynamo.start();
    // No restart: the same handler instance serves again, and only what it admitted now is counted.
    const outcome = await client.certify('stream', HAIKU, users[0] ?? '');
    expect(outcome.status).toBe(200);
    expect(outcome.certification).toMatchObject({ modelId: HAIKU, status: 'certified' });
    expect(stack.simulator.stats.requests - bedrockBefore).toBe(N);
    expect(await store.rateCount('down-0')).toBe(1);
    for (let i = 1; i < 10; i++) expect(await store.rateCount(`down-${i}`)).toBeUndefined();
    expect((await store.items('CERT#')).map((item) => item.sk)).toContain(HAIKU);
  });
});

describe('store slow', () => {
  it('slower than the client timeouts: 503 after exactly two attempts per store call, no Bedrock call; fast again: served', async () => {
    // Requests reach dynalite only after 10 s: past the 2 s request timeout on both attempts.
    stack.dynamo.setLatency(10_000);
    const bedrockBefore = stack.simulator.stats.requests;
    const storeBefore = { ...stack.dynamo.stats.byOperation };
    const responses = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        client.fetch(paths.stream(NOVA), stack.token(`slow-${i}`)),
      ),
    );
    for (const response of responses) await expectStoreUnavailable(response);
    // Each request made two store calls before its stream (the rate write and the cache lookup,
    // side by side), each given up after its attempts: the service did not wait on the store any
    // longer.
    expect(roundTripsSince(storeBefore)).toEqual({
      UpdateItem: 4 * STORE_ATTEMPTS,
      GetItem: 4 * STORE_ATTEMPTS,
    });
    expect(stack.simulator.stats.requests).toBe(bedrockBefore);

    stack.dynamo.setLatency(0);
    const outcome = await client.certify('post', NOVA, stack.token('slow-0'));
    expect(outcome.status).toBe(200);
    expect(stack.simulator.stats.requests - bedrockBefore).toBe(N);
    // The timed-out attempts wrote nothing: this is the subject's first counted request.
    expect(await store.rateCount('slow-0')).toBe(1);
  });

  it('slow but within the timeouts: served, and a run costs a bounded number of round trips, not one per event', async () => {
    const model = 'us.meta.llama3-3-70b-instruct-v1:0';
    stack.dynamo.setLatency(300);
    const before = { ...stack.dynamo.stats.byOperation };
    const outcome = await client.certify('stream', model, stack.token('slow-but-ok'));
    expect(outcome.status).toBe(200);
    expect(outcome.certification).toMatchObject({ modelId: model, status: 'certified' });
    const events = outcome.frames.filter((frame) => frame.event).length;
    const trips = Object.values(roundTripsSince(before)).reduce((sum, n) => sum + n, 0);
    // Before the stream: the rate write and the cache lookup together, then the lease; while the
    // model runs: its latest recorded run; after the run: cache, usage and history writes (the
    // run, then the latest run), lease release. Each round trip cost 300 ms here; one per
    // progress event would be 2 + 2 × the suite size.
    expect(events).toBe(2 + 2 * N);
    expect(trips).toBeLessThanOrEqual(9);
  });
});

describe('store lost during a certification', () => {
  it('the stream still ends with one terminal event; the service recovers; the stale lease blocks the model for at most one lease term', async () => {
    const startedAt = Date.now();
    const pending = client.certify('stream', 'sim.hang', stack.token('mid-run'));
    await waitFor(() => stack.simulator.stats.active === N, 10_000);
    await stack.dynamo.stop();
    const outcome = await pending;
    expect(outcome.status).toBe(200);
    expect(
      outcome.frames.filter((frame) => frame.event && frame.event.type !== 'progress'),
    ).toHaveLength(1);
    expect(outcome.certification).toMatchObject({ modelId: 'sim.hang', status: 'failed' });
    // The run ended at its deadline (every probe cut off), not by waiting on the store.
    expect(probeCodes(outcome.certification ?? expect.unreachable())).toEqual(
      Object.fromEntries(TEST_NAMES.map((name) => [name, 'TIMEOUT'])),
    );

    await stack.dynamo.start();
    // Other models certify at once.
    expect(
      (await client.certify('post', 'amazon.nova-micro-v1:0', stack.token('after-outage'))).status,
    ).toBe(200);
    // The result could not be cached and the lease could not be released while the store was down:
    // the lease item outlives the run, but only until its term (deadline + 5 s) runs out.
    const lease = (await store.items('LOCK#')).find((item) => item.sk === 'sim.hang');
    expect(Number(lease?.raw.leaseUntil?.N)).toBeGreaterThan(startedAt);
    expect(Number(lease?.raw.leaseUntil?.N)).toBeLessThanOrEqual(
      startedAt + DEADLINE_MS + 5_000 + 1_000,
    );
    expect(await store.cacheItem('sim.hang')).toBeUndefined();
  });
});
