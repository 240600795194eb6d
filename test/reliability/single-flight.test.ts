import { beforeAll, describe, expect, it } from 'vitest';
import type { FunctionUrlEmulator } from '../../local/function-url-emulator.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { TEST_NAMES, type ProgressEvent, type StreamTicketResponse } from '../../shared/types.js';
import { startHandlerInstance, warmEnvironments } from '../support/handler-instance.js';
import { ServiceClient, type CertifyOutcome } from '../support/service-client.js';
import { eventsOf } from '../support/sse-client.js';
import { StoreInspector } from '../support/store-inspector.js';
import {
  sequentialRoundTrips,
  startStoreTraffic,
  type StoreRequest,
  type StoreTraffic,
} from '../support/store-traffic.js';

/** The core suite's size, from the registry. */
const N = TEST_NAMES.length;

/**
 * Concurrent certifications of one uncached model must cost one run's worth of Bedrock calls,
 * whether they arrive at one handler instance or at several. Either way they meet in the store:
 * one DynamoDB lease elects the runner, the others follow it (keep-alives, then the result from
 * the cache and the progress sequence replayed from it). Store round trips are counted on the
 * wire, in front of dynalite.
 */
const MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

let stack: LocalStack;
let store: StoreInspector;
/** Every instance below talks to the store through this proxy. */
let traffic: StoreTraffic;
/** One handler instance with 20 environments. */
let local: FunctionUrlEmulator;
/** Four more, five environments each: with `local`, five "Lambda instances". */
const instances: FunctionUrlEmulator[] = [];
/** Two more handler instances of one environment each, for exact counts. */
const counted: FunctionUrlEmulator[] = [];
/** A proxy that holds each answer 10 ms, so calls sent together overlap and others do not. */
let timed: StoreTraffic;
/** One environment behind `timed`, with a monthly quota: the longest admission there is. */
let timedInstance: FunctionUrlEmulator;
beforeAll(async () => {
  stack = await startLocalStack({
    env: {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      CERTIFICATION_DEADLINE_MS: '10000',
      PROBE_TIMEOUT_MS: '5000',
    },
  });
  store = new StoreInspector(stack.dynamo);
  traffic = await startStoreTraffic(stack.dynamo.endpoint);
  timed = await startStoreTraffic(stack.dynamo.endpoint, { latencyMs: 10 });
  // Environments initialised ahead, so a burst meets a run, not a queue of cold starts; no more
  // than those, so none is created later without the proxy.
  const proxied = { DYNAMODB_ENDPOINT: traffic.endpoint };
  local = await startHandlerInstance(
    stack,
    { provisionedConcurrency: 20, concurrency: 20 },
    proxied,
  );
  for (let i = 0; i < 4; i++)
    instances.push(
      await startHandlerInstance(stack, { provisionedConcurrency: 5, concurrency: 5 }, proxied),
    );
  for (let i = 0; i < 2; i++)
    counted.push(
      await startHandlerInstance(stack, { provisionedConcurrency: 1, concurrency: 1 }, proxied),
    );
  timedInstance = await startHandlerInstance(
    stack,
    { provisionedConcurrency: 1, concurrency: 1 },
    { DYNAMODB_ENDPOINT: timed.endpoint, MONTHLY_CERTIFICATION_QUOTA: '1000' },
  );
  await warmEnvironments(local.url, stack.token('warm-up'), 20);
  for (const instance of instances) await warmEnvironments(instance.url, stack.token('warm-up'), 5);
  return async () => {
    store.close();
    await Promise.all(
      [local, ...instances, ...counted, timedInstance].map((instance) => instance.close()),
    );
    await Promise.all([traffic.close(), timed.close()]);
    await stack.close();
  };
});

/** A lease put: the single-flight election every certify request that misses the cache takes part in. */
const isLeasePut = (request: StoreRequest): boolean =>
  request.operation === 'PutItem' && request.body.includes('"LOCK#');

/**
 * Sends `requests` at once while MODEL's Bedrock calls are held, and lets the run go on only once
 * every request has tried the lease: one took it, the others found it held and follow it. So
 * all of them meet one run, whatever the machine's speed, and none is served from the cache.
 */
async function burst(requests: (() => Promise<CertifyOutcome>)[]): Promise<CertifyOutcome[]> {
  traffic.reset();
  const release = stack.simulator.hold(MODEL);
  try {
    const outcomes = Promise.all(requests.map((request) => request()));
    await traffic.answered(isLeasePut, requests.length);
    release();
    return await outcomes;
  } finally {
    release();
  }
}

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

    const client = new ServiceClient(local.url);
    const outcomes = await burst(
      Array.from(
        { length: 20 },
        (_, i) => () =>
          client.certify(i % 2 === 0 ? 'stream' : 'post', MODEL, stack.token(`local-${i}`)),
      ),
    );

    expect(outcomes.map((o) => o.status)).toEqual(Array.from({ length: 20 }, () => 200));
    expect((stack.simulator.stats.byModel[MODEL] ?? 0) - before).toBe(reference);
    // One certification for all: the same object, not 20 runs that happened to agree.
    expect(new Set(outcomes.map((o) => o.certification?.certifiedAt)).size).toBe(1);
    for (const outcome of outcomes.filter((o) => o.kind === 'stream')) expectFullStream(outcome);
    expect((await store.items('CERT#')).map((item) => item.sk)).toEqual([MODEL]);
    expect(await store.heldLeases()).toEqual([]);
    expect((await store.meteredCertifications()) - meteredBefore).toBe(1);
    expect((await store.items(`HIST#us-east-1#${MODEL}`)).length - historyBefore).toBe(1);
    for (let i = 0; i < 20; i++) expect(await store.rateCount(`local-${i}`)).toBe(1);
  });

  it('20 concurrent requests spread over 5 instances: still one run, the others follow it through the store', async () => {
    const reference = await singleRunCalls();
    const meteredBefore = await store.meteredCertifications();
    const historyBefore = (await store.items(`HIST#us-east-1#${MODEL}`)).length;
    const before = stack.simulator.stats.byModel[MODEL] ?? 0;

    const clients = [local, ...instances].map((instance) => new ServiceClient(instance.url));
    const outcomes = await burst(
      Array.from(
        { length: 20 },
        (_, i) => () =>
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
    expect(await store.heldLeases()).toEqual([]);
    expect((await store.meteredCertifications()) - meteredBefore).toBe(1);
    expect((await store.items(`HIST#us-east-1#${MODEL}`)).length - historyBefore).toBe(1);
  });
});

describe('store round trips of one run', () => {
  const HAIKU = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';

  it('a run alone writes 7 items: the rate window, the lease (one put, one update giving it back), the result, the meter and the history (the run, the latest run)', async () => {
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
    // the stream ends. One read is the cache lookup, the other the model's latest run, read
    // while the model runs; the lease's put answers what its last holder cached, so the cache
    // is not read again.
    expect(traffic.operations).toEqual({ GetItem: 2, UpdateItem: 3, PutItem: 4 });
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
    expect(writes).toEqual({ UpdateItem: 4, PutItem: 5 });
    expect(traffic.writes).toBe(9);
    expect(GetItem).toBeGreaterThanOrEqual(5);
  });
});

describe('store round trips before the first byte', () => {
  const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0';

  /** `performance.now()` when the first body byte of a `200` arrived; reads the body to its end. */
  async function firstByteAt(path: string, token?: string): Promise<number> {
    const response = await new ServiceClient(timedInstance.url).fetch(path, token);
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const at = performance.now();
    while (!(await reader.read()).done);
    return at;
  }

  /** The store round trips, one after another, that the first byte of `path` waited on. */
  async function tripsBeforeFirstByte(path: string, token?: string): Promise<number> {
    timed.reset();
    const at = await firstByteAt(path, token);
    expect(timed.requests.length).toBeGreaterThan(0);
    return sequentialRoundTrips(timed.requests, at);
  }

  const streamPath = (modelId: string, query = '') =>
    `/api/certification/certify-model/${encodeURIComponent(modelId)}/stream${query}`;

  it('a fresh run: the rate write, then the quota hold beside the lease put', async () => {
    expect(
      await tripsBeforeFirstByte(streamPath(HAIKU, '?fresh=true'), stack.token('t-fresh')),
    ).toBe(2);
    // The calls: the rate window, then the hold and the lease together (the latest-run read
    // and everything after the run come after the first byte).
    const [first, ...together] = timed.requests;
    expect(first?.body).toContain('"RATE#t-fresh"');
    expect(
      together
        .slice(0, 2)
        .map((r) => r.operation)
        .sort(),
    ).toEqual(['PutItem', 'UpdateItem']);
  });

  it('a cache miss: the rate write beside the cache read, then the quota hold beside the lease put', async () => {
    await store.forget(HAIKU);
    expect(await tripsBeforeFirstByte(streamPath(HAIKU), stack.token('t-miss'))).toBe(2);
  });

  it('a cached answer: one, the rate write beside the cache read', async () => {
    expect(await tripsBeforeFirstByte(streamPath(HAIKU), stack.token('t-hit'))).toBe(1);
  });

  it('a stream opened with a ticket: the ticket used up beside the cache read, then the hold beside the lease', async () => {
    await store.forget(HAIKU);
    const issued = await new ServiceClient(timedInstance.url).fetch(
      '/api/certification/stream-tickets',
      stack.token('t-ticket'),
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ modelId: HAIKU, fresh: false }),
      },
    );
    expect(issued.status).toBe(201);
    const { streamUrl } = (await issued.json()) as StreamTicketResponse;
    expect(await tripsBeforeFirstByte(streamUrl)).toBe(2);
  });

  it('counts calls that ran one after another, not calls sent together', () => {
    const call = (startedAt: number, endedAt: number): StoreRequest => ({
      operation: 'GetItem',
      body: '{}',
      startedAt,
      endedAt,
    });
    const calls = [call(0, 10), call(1, 11), call(12, 20), call(13, 30), call(31, 40)];
    expect(sequentialRoundTrips(calls, 41)).toBe(3);
    // Only what was answered before the moment counts.
    expect(sequentialRoundTrips(calls, 25)).toBe(2);
    expect(sequentialRoundTrips(calls, 5)).toBe(0);
    expect(sequentialRoundTrips([call(0, 10), call(5, 15), call(9, 20)], 100)).toBe(1);
  });
});
