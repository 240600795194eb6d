import type { IncomingMessage } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FunctionUrlEmulator } from '../../local/function-url-emulator.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { TEST_NAMES, type Certification } from '../../shared/types.js';
import { activeResourceCounts } from '../support/active-resources.js';
import { startHandlerInstance } from '../support/handler-instance.js';
import { sendRaw, toWebResponse } from '../support/raw-http.js';
import { paths, probeCodes, terminalEvents, waitFor } from '../support/service-client.js';
import { eventsOf, readFrames } from '../support/sse-client.js';
import { StoreInspector } from '../support/store-inspector.js';

/** The core suite's size, from the registry. */
const N = TEST_NAMES.length;

/**
 * Clients that go away mid-stream, and a long mixed load, checked for what they leave behind.
 * Every request in this file goes over its own connection (node:http, `agent: false`), so the
 * test's own client keeps no pooled sockets that would blur the process's resource counts.
 *
 * In AWS a client that leaves is not the function's business: the runtime's response stream
 * never tells it, so the run goes on to its end and its result is cached. The hanging model
 * makes "its end" the certification deadline (DEADLINE_MS); every Bedrock call it makes is cut
 * off by that deadline, never by a disconnect (unless the emulator is told to, which AWS never
 * does). Everything is counted (simulator calls and aborts, emulator environments, store items),
 * with generous polling timeouts instead of time windows.
 */
const DEADLINE_MS = 6_000;
let stack: LocalStack;
let store: StoreInspector;
beforeAll(async () => {
  stack = await startLocalStack({
    env: {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      CERTIFICATION_DEADLINE_MS: String(DEADLINE_MS),
      PROBE_TIMEOUT_MS: '20000',
      KEEPALIVE_INTERVAL_MS: '200',
    },
    // The 20 leavers meet initialised environments, not 20 simultaneous inits in this one process.
    emulator: { provisionedConcurrency: 20 },
  });
  store = new StoreInspector(stack.dynamo);
  return async () => {
    store.close();
    await stack.close();
  };
});

/** A distinct model id per account number that the simulator resolves to `model`: one run each. */
const arn = (model: string, account: number) =>
  `arn:aws:bedrock:us-east-1:${String(account).padStart(12, '0')}:foundation-model/${model}`;

interface OpenStream {
  response: IncomingMessage;
  leave(): void;
}

/** Opens an SSE certification and returns once the response head is in; `leave()` drops the connection. */
async function openStream(baseUrl: string, modelId: string, sub: string): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await sendRaw(baseUrl, {
    path: paths.stream(modelId),
    headers: { authorization: `Bearer ${stack.token(sub)}` },
    signal: controller.signal,
  });
  expect(response.statusCode).toBe(200);
  // The abort surfaces as an error on the response; it is the point of the exercise.
  response.on('error', () => undefined);
  response.resume();
  return { response, leave: () => controller.abort() };
}

/** One complete certification over SSE (or POST), read to its end. */
async function certify(modelId: string, sub: string, post: boolean): Promise<Certification> {
  const headers: Record<string, string> = { authorization: `Bearer ${stack.token(sub)}` };
  const response = post
    ? await sendRaw(stack.url, {
        method: 'POST',
        path: paths.certify,
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ modelId }),
      })
    : await sendRaw(stack.url, { path: paths.stream(modelId), headers });
  expect(response.statusCode).toBe(200);
  const web = toWebResponse(response);
  if (post) return ((await web.json()) as { certification: Certification }).certification;
  const frames = await readFrames(web);
  expect(terminalEvents(frames)).toHaveLength(1);
  const last = eventsOf(frames).at(-1);
  if (last?.type !== 'complete') throw new Error(`stream ended with ${JSON.stringify(last)}`);
  return last.certification;
}

/** Waits until nothing runs: no busy environment, no Bedrock call, no lease. */
async function quiesce(emulator: FunctionUrlEmulator = stack.emulator): Promise<void> {
  await waitFor(
    () => emulator.stats.busyEnvironments === 0 && stack.simulator.stats.active === 0,
    20_000,
    20,
  );
  await waitFor(async () => (await store.heldLeases()).length === 0, 10_000, 50);
}

/** Resource counts once the emulator is idle and the counts have stopped falling. */
async function settledResources(): Promise<Record<string, number>> {
  await quiesce();
  let previous = activeResourceCounts();
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = activeResourceCounts();
    if (
      (now.Timeout ?? 0) >= (previous.Timeout ?? 0) &&
      (now.TCPSocketWrap ?? 0) >= (previous.TCPSocketWrap ?? 0)
    )
      return now;
    previous = now;
  }
  return previous;
}

/** Fast models that answer on demand in us-east-1, so a foundation-model ARN reaches them. */
const FAST_MODELS = [
  'amazon.nova-lite-v1:0',
  'amazon.nova-micro-v1:0',
  'mistral.mistral-large-3-675b-instruct',
  'qwen.qwen3-32b-v1:0',
];
/** Bedrock calls of one run of each (measured: every probe once). */
const CALLS_PER_RUN: Record<string, number> = {
  'amazon.nova-lite-v1:0': N,
  'amazon.nova-micro-v1:0': N,
  'mistral.mistral-large-3-675b-instruct': N,
  'qwen.qwen3-32b-v1:0': N,
};

/** A round of `count` certifications, `concurrency` at a time: uncached ARNs of fast models mixed with cached ones. */
async function load(
  count: number,
  concurrency: number,
  round: string,
  uncachedEvery: number,
  accountBase: number,
): Promise<Certification[]> {
  const results: Certification[] = [];
  for (let start = 0; start < count; start += concurrency) {
    const batch = Array.from({ length: Math.min(concurrency, count - start) }, (_, j) => {
      const i = start + j;
      // Every model appears both uncached (a fresh ARN: a real run) and cached (its plain id).
      const model = FAST_MODELS[Math.floor(i / uncachedEvery) % FAST_MODELS.length] as string;
      const modelId = i % uncachedEvery === 0 ? arn(model, accountBase + i) : model;
      // Many users: at most 5 certify requests each, well inside the limit of 10.
      return certify(modelId, `${round}-user-${Math.floor(i / 5)}`, i % 3 === 0);
    });
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

describe('client disconnects', () => {
  it('20 clients leave mid-stream: the 20 runs go on in their busy environments, every Bedrock call ends at the deadline, each result is cached and metered', async () => {
    const before = { ...stack.simulator.stats };
    const disconnectsBefore = stack.emulator.stats.clientDisconnects;
    const meteredBefore = await store.meteredCertifications();
    const models = Array.from({ length: 20 }, (_, i) => arn('sim.hang', i + 1));
    const streams = await Promise.all(
      models.map((model, i) => openStream(stack.url, model, `leaver-${i}`)),
    );
    await waitFor(() => stack.simulator.stats.active - before.active === 120, 10_000);

    for (const stream of streams) stream.leave();
    await waitFor(() => stack.emulator.stats.clientDisconnects - disconnectsBefore === 20, 10_000);
    // Every client is gone; nothing told the function: all 120 calls still run, all 20
    // environments are still busy with their invocations.
    expect(stack.simulator.stats.active - before.active).toBe(120);
    expect(stack.simulator.stats.aborted - before.aborted).toBe(0);
    expect(stack.emulator.stats.busyEnvironments).toBe(20);

    // Each run ends at its deadline and caches its result, as it would in AWS.
    await waitFor(
      async () => (await Promise.all(models.map((model) => store.cacheItem(model)))).every(Boolean),
      4 * DEADLINE_MS,
      100,
    );
    await quiesce();
    expect(stack.simulator.stats.requests - before.requests).toBe(120);
    // The deadline cut each call, not the disconnect.
    expect(stack.simulator.stats.aborted - before.aborted).toBe(120);
    for (const model of models) {
      const { certification } = (await store.cacheItem(model)) ?? expect.unreachable();
      expect(certification.status).toBe('failed');
      expect(probeCodes(certification)).toEqual(
        Object.fromEntries(TEST_NAMES.map((name) => [name, 'TIMEOUT'])),
      );
    }
    expect((await store.meteredCertifications()) - meteredBefore).toBe(20);
    // Each leaver was admitted (counted) once.
    for (let i = 0; i < 20; i++) expect(await store.rateCount(`leaver-${i}`)).toBe(1);
  });

  it('with destroyStreamOnDisconnect (opt-in, not AWS behaviour) a disconnect still cancels the run: its calls are aborted, nothing is cached or metered', async () => {
    const aborting = await startHandlerInstance(stack, { destroyStreamOnDisconnect: true });
    try {
      const before = { ...stack.simulator.stats };
      const meteredBefore = await store.meteredCertifications();
      const models = Array.from({ length: 5 }, (_, i) => arn('sim.hang', 500 + i));
      const streams = await Promise.all(
        models.map((model, i) => openStream(aborting.url, model, `aborter-${i}`)),
      );
      await waitFor(() => stack.simulator.stats.active - before.active === 30, 10_000);

      for (const stream of streams) stream.leave();
      await waitFor(() => stack.simulator.stats.aborted - before.aborted === 30, 10_000);
      await quiesce(aborting);
      expect(stack.simulator.stats.requests - before.requests).toBe(30);
      for (const model of models) expect(await store.cacheItem(model)).toBeUndefined();
      expect(await store.meteredCertifications()).toBe(meteredBefore);
    } finally {
      await aborting.close();
    }
  });
});

describe('leaks', () => {
  let baseline: Record<string, number>;
  beforeAll(async () => {
    // Warm every pool (environments, their SDK sockets to the simulator and dynalite, JWKS) at
    // the load's concurrency.
    await load(40, 20, 'warm', 2, 10_000);
    baseline = await settledResources();
  });

  it('200 certifications (cached and uncached, many users), then 100 more: no timer, socket or environment added per request', async () => {
    const bedrockBefore = stack.simulator.stats.requests;
    const certifications = await load(200, 20, 'load', 4, 20_000);
    expect(certifications).toHaveLength(200);
    expect(certifications.every((c) => c.status === 'certified' || c.status === 'failed')).toBe(
      true,
    );
    // 50 uncached runs (one per fresh ARN); the 150 others came from the cache.
    const uncached = certifications.filter((c) => !c.cached);
    expect(uncached).toHaveLength(50);
    const expectedCalls = uncached.reduce(
      (sum, c) => sum + (CALLS_PER_RUN[c.modelId.split('/')[1] ?? ''] ?? Number.NaN),
      0,
    );
    expect(stack.simulator.stats.requests - bedrockBefore).toBe(expectedCalls);

    const after = await settledResources();
    expect(stack.emulator.stats.busyEnvironments).toBe(0);
    expect(stack.simulator.stats.active).toBe(0);
    // The same listening servers and no timer left behind. Idle keep-alive connections of the
    // environments' SDK clients stay open until the simulator's and dynalite's keep-alive
    // timeouts close them; their number follows peak concurrency, not the request count.
    expect(after.TCPServerWrap).toBe(baseline.TCPServerWrap);
    expect(after.Timeout ?? 0).toBeLessThanOrEqual(baseline.Timeout ?? 0);
    const environments = stack.emulator.stats.environmentsCreated;

    // 100 more (new users, new ARNs): whatever a request could leak would now grow by half.
    await load(100, 20, 'again', 4, 30_000);
    const again = await settledResources();
    expect(again.TCPServerWrap).toBe(baseline.TCPServerWrap);
    expect(again.Timeout ?? 0).toBeLessThanOrEqual(baseline.Timeout ?? 0);
    expect(again.TCPSocketWrap ?? 0).toBeLessThanOrEqual((after.TCPSocketWrap ?? 0) + 10);
    // Warm environments were reused; at most the load's concurrency of them exist.
    expect(stack.emulator.stats.environmentsCreated).toBeLessThanOrEqual(
      Math.max(environments, 20) + 1,
    );
  });
});
