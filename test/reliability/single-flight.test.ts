import { beforeAll, describe, expect, it } from 'vitest';
import type { FunctionUrlEmulator } from '../../local/function-url-emulator.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { TEST_NAMES, type ProgressEvent } from '../../shared/types.js';
import { startHandlerInstance, warmEnvironments } from '../support/handler-instance.js';
import { ServiceClient, type CertifyOutcome } from '../support/service-client.js';
import { eventsOf } from '../support/sse-client.js';
import { StoreInspector } from '../support/store-inspector.js';
import { startStoreTraffic, type StoreTraffic } from '../support/store-traffic.js';

/** The core suite's size, from the registry. */
const N = TEST_NAMES.length;

/**
 * Concurrent certifications of one uncached model must cost one run's worth of Bedrock calls,
 * whether they arrive at one handler instance or at several. Either way they meet in the store:
 * one DynamoDB lease elects the runner, the others follow it (keep-alives, then the result from
 * the cache and the progress sequence replayed from it). Store round trips are counted on the
 * wire, in front of dynalite.
 */
const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';

let stack: LocalStack;
let store: StoreInspector;
let instances: FunctionUrlEmulator[] = [];
/** Two more handler instances whose store traffic passes through `traffic`. */
let counted: FunctionUrlEmulator[] = [];
let traffic: StoreTraffic;
beforeAll(async () => {
  stack = await startLocalStack({
    env: {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      CERTIFICATION_DEADLINE_MS: '10000',
      PROBE_TIMEOUT_MS: '5000',
    },
    // A run long enough (about a second) that every concurrent request arrives while it is in
    // flight, however the two cores schedule them; at the suite's usual 0.02 it is over in tens
    // of milliseconds and a late request would simply be served from the cache.
    timeScale: 0.5,
    emulator: { provisionedConcurrency: 20 },
  });
  store = new StoreInspector(stack.dynamo);
  // Four more instances of the handler next to the stack's own: five "Lambda instances", their
  // environments initialised ahead so the requests meet a run, not a queue of cold starts.
  instances = await Promise.all(
    Array.from({ length: 4 }, () => startHandlerInstance(stack, { provisionedConcurrency: 5 })),
  );
  await warmEnvironments(stack.url, stack.token('warm-up'), 20);
  for (const instance of instances) await warmEnvironments(instance.url, stack.token('warm-up'), 5);
  traffic = await startStoreTraffic(stack.dynamo.endpoint);
  // An environment reads its configuration (here: its store endpoint) when it initialises;
  // provisioned ones initialise at start. Each of these serves one request at a time below.
  const direct = process.env.DYNAMODB_ENDPOINT;
  process.env.DYNAMODB_ENDPOINT = traffic.endpoint;
  try {
    counted = await Promise.all([
      startHandlerInstance(stack, { provisionedConcurrency: 1 }),
      startHandlerInstance(stack, { provisionedConcurrency: 1 }),
    ]);
  } finally {
    process.env.DYNAMODB_ENDPOINT = direct;
  }
  return async () => {
    store.close();
    await Promise.all([...instances, ...counted].map((instance) => instance.close()));
    await traffic.close();
    await stack.close();
  };
});

/** Bedrock calls of one certification of MODEL on its own, measured, then forgotten. */
async function singleRunCalls(): Promise<number> {
  await store.forget(MODEL);
  const before = stack.simulator.stats.byModel[MODEL] ?? 0;
  const outcome = await new ServiceClient(stack.url).certify(
    'post',
    MODEL,
    stack.token(`reference-${Date.now()}`),
  );
  expect(outcome.certification).toMatchObject({ modelId: MODEL, cached: false });
  await store.forget(MODEL);
  return (stack.simulator.stats.byModel[MODEL] ?? 0) - before;
}

function expectFullStream(outcome: CertifyOutcome): void {
  const events = eventsOf(outcome.frames);
  expect(events.filter((event) => event.type !== 'progress')).toHaveLength(1);
  expect(events.at(-1)?.type).toBe('complete');
  const progress = events.filter((event): event is ProgressEvent => event.type === 'progress');
  // Exactly one opening event, first, whether this client ran, joined or followed the run.
  expect(progress[0]).toEqual({
    type: 'progress',
    current: 0,
    total: N,
    message: `Starting ${N} certification tests`,
  });
  expect(progress.filter((event) => event.message !== undefined)).toHaveLength(1);
  // The same sequence reached every client, the runner's live and its followers' replayed
  // from the result: each probe running then passed, `current` counting finished probes up to the suite size.
  for (const name of TEST_NAMES)
    expect(
      progress.filter((event) => event.testName === name).map((event) => event.status),
    ).toEqual(['running', 'passed']);
  expect(
    progress.filter((event) => event.status === 'passed').map((event) => event.current),
  ).toEqual(TEST_NAMES.map((_name, i) => i + 1));
}

describe('single flight', () => {
  it("20 concurrent requests (SSE and POST) in one instance: one run's worth of Bedrock calls, one cache item, metered once", async () => {
    const reference = await singleRunCalls();
    expect(reference).toBe(N);
    const meteredBefore = await store.meteredCertifications();
    const historyBefore = (await store.items(`HIST#us-east-1#${MODEL}`)).length;
    const before = stack.simulator.stats.byModel[MODEL] ?? 0;

    const client = new ServiceClient(stack.url);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.certify(i % 2 === 0 ? 'stream' : 'post', MODEL, stack.token(`local-${i}`)),
      ),
    );

    expect(outcomes.map((o) => o.status)).toEqual(Array.from({ length: 20 }, () => 200));
    expect((stack.simulator.stats.byModel[MODEL] ?? 0) - before).toBe(reference);
    // One certification for all: the same object, not 20 runs that happened to agree.
    expect(new Set(outcomes.map((o) => o.certification?.certifiedAt)).size).toBe(1);
    for (const outcome of outcomes.filter((o) => o.kind === 'stream')) expectFullStream(outcome);
    expect((await store.items('CERT#')).map((item) => item.sk)).toEqual([MODEL]);
    expect(await store.items('LOCK#')).toEqual([]);
    expect((await store.meteredCertifications()) - meteredBefore).toBe(1);
    expect((await store.items(`HIST#us-east-1#${MODEL}`)).length - historyBefore).toBe(1);
    for (let i = 0; i < 20; i++) expect(await store.rateCount(`local-${i}`)).toBe(1);
  });

  it('20 concurrent requests spread over 5 instances: still one run, the others follow it through the store', async () => {
    const reference = await singleRunCalls();
    const meteredBefore = await store.meteredCertifications();
    const historyBefore = (await store.items(`HIST#us-east-1#${MODEL}`)).length;
    const before = stack.simulator.stats.byModel[MODEL] ?? 0;

    const clients = [stack.url, ...instances.map((instance) => instance.url)].map(
      (url) => new ServiceClient(url),
    );
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (clients[i % clients.length] as ServiceClient).certify(
          i % 4 === 3 ? 'post' : 'stream',
          MODEL,
          stack.token(`spread-${i}`),
        ),
      ),
    );

    expect(outcomes.map((o) => o.status)).toEqual(Array.from({ length: 20 }, () => 200));
    expect((stack.simulator.stats.byModel[MODEL] ?? 0) - before).toBe(reference);
    expect(new Set(outcomes.map((o) => o.certification?.certifiedAt)).size).toBe(1);
    for (const outcome of outcomes.filter((o) => o.kind === 'stream')) expectFullStream(outcome);
    expect(await store.items('LOCK#')).toEqual([]);
    expect((await store.meteredCertifications()) - meteredBefore).toBe(1);
    expect((await store.items(`HIST#us-east-1#${MODEL}`)).length - historyBefore).toBe(1);
  });
});

describe('store round trips of one run', () => {
  const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0';

  it('a run alone writes 7 items: the rate window, the lease (one put, one delete), the result, the meter and the history (the run, the latest run)', async () => {
    await store.forget(HAIKU);
    traffic.reset();
    const outcome = await new ServiceClient((counted[0] as FunctionUrlEmulator).url).certify(
      'stream',
      HAIKU,
      stack.token('writes-alone'),
    );
    expect(outcome.certification).toMatchObject({ modelId: HAIKU, cached: false });
    expect(eventsOf(outcome.frames)).toHaveLength(2 + 2 * N);
    // The cache, usage and history writes happen before the lease is released, and that before
    // the stream ends. The fourth read is the model's latest run, read while the model runs.
    expect(traffic.operations).toEqual({ GetItem: 4, UpdateItem: 2, PutItem: 4, DeleteItem: 1 });
    expect(traffic.writes).toBe(7);
  });

  it('a follower on another instance adds its own rate write and one refused lease put, polls by reads only, and records nothing', async () => {
    await store.forget(HAIKU);
    traffic.reset();
    const [runner, follower] = counted.map((instance) => new ServiceClient(instance.url)) as [
      ServiceClient,
      ServiceClient,
    ];
    const outcomes = await Promise.all([
      runner.certify('stream', HAIKU, stack.token('writes-runner')),
      follower.certify('stream', HAIKU, stack.token('writes-follower')),
    ]);
    for (const outcome of outcomes) expectFullStream(outcome);
    expect(new Set(outcomes.map((o) => o.certification?.certifiedAt)).size).toBe(1);
    const { GetItem = 0, ...writes } = traffic.operations;
    expect(writes).toEqual({ UpdateItem: 3, PutItem: 5, DeleteItem: 1 });
    expect(traffic.writes).toBe(9);
    expect(GetItem).toBeGreaterThanOrEqual(5);
  });
});
