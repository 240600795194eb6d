import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FunctionUrlEmulator } from '../../local/function-url-emulator.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { startHandlerInstance, warmEnvironments } from '../support/handler-instance.js';
import { ServiceClient, type CertifyOutcome } from '../support/service-client.js';
import { eventsOf } from '../support/sse-client.js';
import { StoreInspector } from '../support/store-inspector.js';
import { stringContaining } from '../support/matchers.js';
import { TEST_NAMES } from '../../shared/types.js';

/** The core suite's size, from the registry. */
const N = TEST_NAMES.length;

/**
 * Bursts of certify requests from one user, over real HTTP through the whole stack, with the
 * production limit (10) and window (60 s): however long a burst takes to admit on two busy
 * cores, no acceptance leaves the window meanwhile, so the counts are exact. Honouring
 * `Retry-After` needs time to pass, so it runs on one more handler instance configured with a
 * SHORT_WINDOW_SECONDS window (the same store), with a burst small enough to admit at once.
 */
const SHORT_WINDOW_SECONDS = 3;
const MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

let stack: LocalStack;
let client: ServiceClient;
let store: StoreInspector;
let instances: FunctionUrlEmulator[] = [];
let shortWindow: FunctionUrlEmulator;
beforeAll(async () => {
  stack = await startLocalStack({
    env: {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      CERTIFICATION_DEADLINE_MS: '10000',
      PROBE_TIMEOUT_MS: '5000',
    },
    emulator: { provisionedConcurrency: 55 },
  });
  client = new ServiceClient(stack.url);
  store = new StoreInspector(stack.dynamo);
  // Each request runs in its own execution environment: 55 of them initialised ahead (and their
  // key caches filled), or the burst would pay for dozens of simultaneous cold starts in this one
  // process.
  instances = await Promise.all(
    Array.from({ length: 4 }, () => startHandlerInstance(stack, { provisionedConcurrency: 12 })),
  );
  // An environment reads its configuration from the process environment when it initialises;
  // provisioned ones initialise at start, so these all get the short window.
  const configured = process.env.RATE_LIMIT_WINDOW_SECONDS;
  process.env.RATE_LIMIT_WINDOW_SECONDS = String(SHORT_WINDOW_SECONDS);
  try {
    shortWindow = await startHandlerInstance(stack, { provisionedConcurrency: 13 });
  } finally {
    if (configured === undefined) delete process.env.RATE_LIMIT_WINDOW_SECONDS;
    else process.env.RATE_LIMIT_WINDOW_SECONDS = configured;
  }
  for (const url of [stack.url, ...instances.map((instance) => instance.url)])
    await warmEnvironments(url, stack.token('warm-up'), 55);
  await warmEnvironments(shortWindow.url, stack.token('warm-up'), 13);
  return async () => {
    store.close();
    await Promise.all([...instances, shortWindow].map((instance) => instance.close()));
    await stack.close();
  };
});

describe('rate limit under a burst', () => {
  it('accepts exactly 10 of 50 concurrent certify requests (SSE and POST) and refuses 40 with Retry-After; another user is unaffected', async () => {
    const alice = stack.token('burst-alice');
    const bob = stack.token('burst-bob');
    const bedrockBefore = stack.simulator.stats.requests;

    // 50 from Alice alternating SSE and POST, 5 from Bob interleaved: all at once, one uncached model.
    const burst = Array.from({ length: 50 }, (_, i) =>
      client.certify(i % 2 === 0 ? 'stream' : 'post', MODEL, alice),
    );
    const others = Array.from({ length: 5 }, (_, i) =>
      client.certify(i % 2 === 0 ? 'post' : 'stream', MODEL, bob),
    );
    const [aliceOutcomes, bobOutcomes] = await Promise.all([
      Promise.all(burst),
      Promise.all(others),
    ]);

    const accepted = aliceOutcomes.filter((o) => o.status === 200);
    const refused = aliceOutcomes.filter((o) => o.status === 429);
    expect(accepted).toHaveLength(10);
    expect(refused).toHaveLength(40);
    // 40 refusals out of 25 SSE + 25 POST necessarily hit both kinds: one budget for both routes.
    expect(new Set(refused.map((o) => o.kind))).toEqual(new Set(['stream', 'post']));

    for (const outcome of accepted) expectCertified(outcome);
    for (const outcome of refused) {
      const retryAfter = Number(outcome.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(outcome.headers.get('content-type')).toContain('application/json');
      expect(outcome.json).toEqual({
        error: { code: 'RATE_LIMITED', message: stringContaining('retry after') },
      });
    }
    // Bob was not slowed or counted by Alice's burst.
    expect(bobOutcomes.map((o) => o.status)).toEqual([200, 200, 200, 200, 200]);
    for (const outcome of bobOutcomes) expectCertified(outcome);

    // Fifteen acceptances, one uncached model: exactly one certification's worth of Bedrock calls.
    expect(stack.simulator.stats.requests - bedrockBefore).toBe(N);
    // Store: the windows count acceptances only; the run was metered once.
    expect(await store.rateCount('burst-alice')).toBe(10);
    expect(await store.rateCount('burst-bob')).toBe(5);
    expect(await store.meteredCertifications()).toBe(1);
    expect((await store.items('CERT#')).map((item) => item.sk)).toEqual([MODEL]);

    // A retry before Retry-After has passed is still refused, and not counted.
    const early = await client.certify('post', MODEL, alice);
    expect(early.status).toBe(429);
    expect(await store.rateCount('burst-alice')).toBe(10);
  });

  it('a retry at the earliest moment a Retry-After names succeeds', async () => {
    const shortClient = new ServiceClient(shortWindow.url);
    const dave = stack.token('burst-dave');
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        shortClient.certify(i % 2 === 0 ? 'stream' : 'post', MODEL, dave),
      ),
    );
    const refused = outcomes.filter((o) => o.status === 429);
    expect(outcomes.filter((o) => o.status === 200)).toHaveLength(10);
    expect(refused).toHaveLength(2);
    for (const outcome of refused)
      expect(Number(outcome.headers.get('retry-after'))).toBeLessThanOrEqual(SHORT_WINDOW_SECONDS);

    // The strictest reading of "honoured": the earliest moment any 429 named (its arrival + its
    // Retry-After), since every other 429 allowed a later retry.
    const allowedAt = Math.min(
      ...refused.map((o) => o.headersAt + Number(o.headers.get('retry-after')) * 1000),
    );
    await sleep(Math.max(0, allowedAt - Date.now()));
    const retried = await shortClient.certify('stream', MODEL, dave);
    expect(retried.status).toBe(200);
    expectCertified(retried);
    expect(await store.rateCount('burst-dave')).toBe(11);
  });
});

describe('rate limit across instances', () => {
  it('50 concurrent requests of one user spread over 5 handler instances: still exactly 10 accepted', async () => {
    // Nothing is coordinated in process: only DynamoDB's conditional write keeps the count, in one instance or five.
    const clients = [stack.url, ...instances.map((instance) => instance.url)].map(
      (url) => new ServiceClient(url),
    );
    const token = stack.token('burst-carol');
    const bedrockBefore = stack.simulator.stats.requests;
    const wasCached = (await store.cacheItem(MODEL)) !== undefined;
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (clients[i % clients.length] as ServiceClient).certify(
          i % 2 === 0 ? 'stream' : 'post',
          MODEL,
          token,
        ),
      ),
    );
    console.log(
      'DEBUG',
      JSON.stringify(
        outcomes.map((o) => [
          o.status,
          o.kind,
          (o as { body?: unknown }).body ??
            o.certification?.status ??
            JSON.stringify(o).slice(0, 300),
        ]),
      ),
    );
    expect(outcomes.filter((o) => o.status === 200)).toHaveLength(10);
    expect(outcomes.filter((o) => o.status === 429)).toHaveLength(40);
    for (const outcome of outcomes.filter((o) => o.status === 200)) expectCertified(outcome);
    expect(await store.rateCount('burst-carol')).toBe(10);
    // At most one run for the accepted ten (none when the burst above already cached the model).
    expect(stack.simulator.stats.requests - bedrockBefore).toBe(wasCached ? 0 : N);
  });
});

function expectCertified(outcome: CertifyOutcome): void {
  expect(outcome.certification).toMatchObject({ modelId: MODEL, status: 'certified' });
  if (outcome.kind === 'stream') {
    const events = eventsOf(outcome.frames);
    expect(events.filter((e) => e.type !== 'progress')).toHaveLength(1);
    expect(events.at(-1)?.type).toBe('complete');
  }
}
