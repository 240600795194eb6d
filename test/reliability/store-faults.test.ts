import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { paths, ServiceClient, waitFor } from '../support/service-client.js';
import { StoreInspector } from '../support/store-inspector.js';

/**
 * DynamoDB stopped or slow while the service runs. The service must fail closed (503
 * STORE_UNAVAILABLE, no Bedrock call it could not count), answer within its own store timeouts
 * (connect 1 s, request 2 s, 2 attempts), and recover without a restart when the store returns.
 */
const DEADLINE_MS = 2_000;
const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const NOVA = 'amazon.nova-lite-v1:0';
/** Two attempts of the 2 s request timeout plus backoff: the longest a dead store may hold a request. */
const STORE_GIVE_UP_MS = 5_000;

let stack: LocalStack;
let client: ServiceClient;
let store: StoreInspector;
beforeAll(async () => {
  stack = await startLocalStack({
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', CERTIFICATION_DEADLINE_MS: String(DEADLINE_MS), PROBE_TIMEOUT_MS: '1500', KEEPALIVE_INTERVAL_MS: '200' },
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
  expect(await response.json()).toEqual({ error: { code: 'STORE_UNAVAILABLE', message: 'The certification store is unavailable; try again shortly.' } });
}

describe('store stopped', () => {
  it('every store-backed route answers 503 STORE_UNAVAILABLE at once, with no Bedrock call; health stays up', async () => {
    await stack.dynamo.stop();
    const bedrockBefore = stack.simulator.stats.requests;
    const startedAt = Date.now();
    const users = Array.from({ length: 10 }, (_, i) => stack.token(`down-${i}`));
    const responses = await Promise.all([
      ...users.map((token, i) => (i % 2 === 0 ? client.fetch(paths.stream(HAIKU), token) : client.post(HAIKU, token))),
      client.fetch(paths.check(HAIKU), users[0]),
      client.fetch(paths.models, users[0]),
    ]);
    const elapsed = Date.now() - startedAt;
    for (const response of responses) await expectStoreUnavailable(response);
    expect(elapsed).toBeLessThan(STORE_GIVE_UP_MS);
    expect((await client.fetch(paths.health)).status).toBe(200);
    // Fail closed: nothing was spent that the store could not count.
    expect(stack.simulator.stats.requests).toBe(bedrockBefore);

    await stack.dynamo.start();
    // No restart: the same handler instance serves again, and only what it admitted now is counted.
    const outcome = await client.certify('stream', HAIKU, users[0] ?? '');
    expect(outcome.status).toBe(200);
    expect(outcome.certification).toMatchObject({ modelId: HAIKU, status: 'certified' });
    expect(stack.simulator.stats.requests - bedrockBefore).toBe(6);
    expect(await store.rateCount('down-0')).toBe(1);
    for (let i = 1; i < 10; i++) expect(await store.rateCount(`down-${i}`)).toBeUndefined();
    expect((await store.items('CERT#')).map((item) => item.sk)).toContain(HAIKU);
  });
});

describe('store slow', () => {
  it('slower than the client timeouts: 503 within them, no Bedrock call; fast again: served', async () => {
    // Requests reach dynalite only after 10 s: past the 2 s request timeout on both attempts.
    stack.dynamo.setLatency(10_000);
    const bedrockBefore = stack.simulator.stats.requests;
    const startedAt = Date.now();
    const responses = await Promise.all(Array.from({ length: 4 }, (_, i) => client.fetch(paths.stream(NOVA), stack.token(`slow-${i}`))));
    const elapsed = Date.now() - startedAt;
    for (const response of responses) await expectStoreUnavailable(response);
    expect(elapsed).toBeGreaterThanOrEqual(2_000);
    expect(elapsed).toBeLessThan(STORE_GIVE_UP_MS);
    expect(stack.simulator.stats.requests).toBe(bedrockBefore);

    stack.dynamo.setLatency(0);
    const outcome = await client.certify('post', NOVA, stack.token('slow-0'));
    expect(outcome.status).toBe(200);
    expect(stack.simulator.stats.requests - bedrockBefore).toBe(6);
    // The timed-out attempts wrote nothing: this is the subject's first counted request.
    expect(await store.rateCount('slow-0')).toBe(1);
  });

  it('slow but within the timeouts: served, and the store adds a bounded number of round trips, not one per event', async () => {
    const latencyMs = 300;
    const model = 'mistral.mistral-large-2407-v1:0';
    // The run itself, with a fast store, for comparison.
    const reference = await client.certify('stream', 'openai.gpt-oss-120b-1:0', stack.token('reference'));
    const runMs = reference.endedAt - reference.headersAt;

    stack.dynamo.setLatency(latencyMs);
    const startedAt = Date.now();
    const outcome = await client.certify('stream', model, stack.token('slow-but-ok'));
    const elapsed = outcome.endedAt - startedAt;
    expect(outcome.status).toBe(200);
    expect(outcome.certification).toMatchObject({ modelId: model, status: 'certified' });
    // Before the stream: rate limit (read + write), cache, lock, cache again = 5 round trips.
    // After the run: cache + usage (parallel), lock release.
    expect(elapsed).toBeLessThan(10 * latencyMs + runMs + 1_000);
  });
});

describe('store lost during a certification', () => {
  it('the stream still ends with one terminal event; the service recovers; the stale lock blocks the model for at most one lease', async () => {
    const startedAt = Date.now();
    const pending = client.certify('stream', 'sim.hang', stack.token('mid-run'));
    await waitFor(() => stack.simulator.stats.active === 6, 2_000);
    await stack.dynamo.stop();
    const outcome = await pending;
    expect(outcome.status).toBe(200);
    expect(outcome.frames.filter((frame) => frame.event && frame.event.type !== 'progress')).toHaveLength(1);
    expect(outcome.certification).toMatchObject({ modelId: 'sim.hang', status: 'failed' });
    expect(outcome.endedAt - startedAt).toBeLessThan(DEADLINE_MS + STORE_GIVE_UP_MS);

    await stack.dynamo.start();
    // Other models certify at once.
    expect((await client.certify('post', 'amazon.titan-text-express-v1', stack.token('after-outage'))).status).toBe(200);
    // The result could not be cached and the lock could not be released while the store was down:
    // the lock item outlives the run, but only until its lease (deadline + 5 s) runs out.
    const [lock] = await store.items('LOCK#');
    expect(lock?.sk).toBe('sim.hang');
    expect(Number(lock?.raw.leaseUntil?.N)).toBeLessThanOrEqual(startedAt + DEADLINE_MS + 5_000 + 1_000);
    expect(await store.cacheItem('sim.hang')).toBeUndefined();
  });
});
