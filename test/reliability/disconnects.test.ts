import type { IncomingMessage } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import type { Certification } from '../../shared/types.js';
import { activeResourceCounts } from '../support/active-resources.js';
import { sendRaw, toWebResponse } from '../support/raw-http.js';
import { paths, terminalEvents, waitFor } from '../support/service-client.js';
import { eventsOf, readFrames } from '../support/sse-client.js';
import { StoreInspector } from '../support/store-inspector.js';

/**
 * Clients that go away mid-stream, and a long mixed load, checked for what they leave behind.
 * Every request in this file goes over its own connection (node:http, `agent: false`), so the
 * test's own client keeps no pooled sockets that would blur the process's resource counts.
 *
 * The deadline is long (20 s): every Bedrock call that ends early here was ended by a
 * disconnect, not by a timeout.
 */
let stack: LocalStack;
let store: StoreInspector;
beforeAll(async () => {
  stack = await startLocalStack({
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', CERTIFICATION_DEADLINE_MS: '20000', PROBE_TIMEOUT_MS: '20000', KEEPALIVE_INTERVAL_MS: '200' },
  });
  store = new StoreInspector(stack.dynamo);
  return async () => {
    store.close();
    await stack.close();
  };
});

/** A distinct model id per account number that the simulator resolves to `model`: one run each. */
const arn = (model: string, account: number) => `arn:aws:bedrock:us-east-1:${String(account).padStart(12, '0')}:foundation-model/${model}`;

interface OpenStream {
  response: IncomingMessage;
  leave(): void;
}

/** Opens an SSE certification and returns once the response head is in; `leave()` drops the connection. */
async function openStream(modelId: string, sub: string): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await sendRaw(stack.url, { path: paths.stream(modelId), headers: { authorization: `Bearer ${stack.token(sub)}` }, signal: controller.signal });
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
    ? await sendRaw(stack.url, { method: 'POST', path: paths.certify, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ modelId }) })
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

/** Waits until nothing runs: no invocation, no Bedrock call, no lock. */
async function quiesce(): Promise<void> {
  await waitFor(() => stack.emulator.activeInvocations === 0 && stack.simulator.stats.active === 0, 2_000);
  await waitFor(async () => (await store.items('LOCK#')).length === 0, 2_000, 20);
}

/** Resource counts once the emulator is idle and the counts have stopped falling. */
async function settledResources(): Promise<Record<string, number>> {
  await quiesce();
  let previous = activeResourceCounts();
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = activeResourceCounts();
    if ((now.Timeout ?? 0) >= (previous.Timeout ?? 0) && (now.TCPSocketWrap ?? 0) >= (previous.TCPSocketWrap ?? 0)) return now;
    previous = now;
  }
  return previous;
}

const FAST_MODELS = ['amazon.nova-lite-v1:0', 'anthropic.claude-3-5-haiku-20241022-v1:0', 'mistral.mistral-large-2407-v1:0', 'amazon.titan-text-express-v1'];
/** Bedrock calls of one run of each (measured; Mistral and Titan add a Converse fallback for tool use). */
const CALLS_PER_RUN: Record<string, number> = {
  'amazon.nova-lite-v1:0': 6,
  'anthropic.claude-3-5-haiku-20241022-v1:0': 6,
  'mistral.mistral-large-2407-v1:0': 7,
  'amazon.titan-text-express-v1': 7,
};

/** A round of `count` certifications, `concurrency` at a time: uncached ARNs of fast models mixed with cached ones. */
async function load(count: number, concurrency: number, round: string, uncachedEvery: number, accountBase: number): Promise<Certification[]> {
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

describe('disconnects and leaks', () => {
  let baseline: Record<string, number>;
  beforeAll(async () => {
    // Warm every pool (SDK sockets to the simulator and dynalite, JWKS) at the load's concurrency.
    await load(40, 20, 'warm', 2, 10_000);
    baseline = await settledResources();
  });

  it('20 clients dropping mid-stream: their 120 in-flight Bedrock calls are aborted within 1 s; nothing is cached, metered or locked', async () => {
    const before = { ...stack.simulator.stats };
    const usageBefore = await store.meteredCertifications();
    const streams = await Promise.all(Array.from({ length: 20 }, (_, i) => openStream(arn('sim.hang', i + 1), `leaver-${i}`)));
    await waitFor(() => stack.simulator.stats.active === 120, 5_000);

    for (const stream of streams) stream.leave();
    const abortMs = await waitFor(() => stack.simulator.stats.active === 0, 1_000, 2);
    expect(abortMs).toBeLessThan(1_000);

    expect(stack.simulator.stats.requests - before.requests).toBe(120);
    expect(stack.simulator.stats.aborted - before.aborted).toBe(120);
    await quiesce();
    const cached = (await store.items('CERT#')).filter((item) => item.sk.includes('sim.hang'));
    expect(cached).toEqual([]);
    expect(await store.meteredCertifications()).toBe(usageBefore);
    // Each leaver was admitted (counted) once.
    for (let i = 0; i < 20; i++) expect(await store.rateCount(`leaver-${i}`)).toBe(1);
  });

  it('19 of 20 clients of one shared run leave: the run goes on for the last; when it leaves too, the calls stop within 1 s', async () => {
    const model = arn('sim.hang', 999);
    const before = { ...stack.simulator.stats };
    const streams = await Promise.all(Array.from({ length: 20 }, (_, i) => openStream(model, `sharer-${i}`)));
    await waitFor(() => stack.simulator.stats.active === 6, 5_000);
    const [last, ...others] = streams as [OpenStream, ...OpenStream[]];
    for (const stream of others) stream.leave();

    // Well after the 19 left, the run still has its 6 calls and the last client still gets keep-alives.
    let keepAlives = 0;
    last.response.on('data', (chunk: Buffer) => (keepAlives += chunk.toString().split(': keep-alive').length - 1));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stack.simulator.stats.active).toBe(6);
    expect(keepAlives).toBeGreaterThanOrEqual(1);

    last.leave();
    expect(await waitFor(() => stack.simulator.stats.active === 0, 1_000, 2)).toBeLessThan(1_000);
    // One run for 20 clients: 6 calls, all cut off.
    expect(stack.simulator.stats.requests - before.requests).toBe(6);
    expect(stack.simulator.stats.aborted - before.aborted).toBe(6);
  });

  it('200 certifications (cached and uncached, many users) leave the process flat: no timers, sockets or invocations left', async () => {
    const bedrockBefore = stack.simulator.stats.requests;
    const certifications = await load(200, 20, 'load', 4, 20_000);
    expect(certifications).toHaveLength(200);
    expect(certifications.every((c) => c.status === 'certified' || c.status === 'failed')).toBe(true);
    // 50 uncached runs (one per fresh ARN); the 150 others came from the cache.
    const uncached = certifications.filter((c) => !c.cached);
    expect(uncached).toHaveLength(50);
    const expectedCalls = uncached.reduce((sum, c) => sum + (CALLS_PER_RUN[c.modelId.split('/')[1] ?? ''] ?? Number.NaN), 0);
    expect(stack.simulator.stats.requests - bedrockBefore).toBe(expectedCalls);

    const after = await settledResources();
    expect(stack.emulator.activeInvocations).toBe(0);
    expect(stack.simulator.stats.active).toBe(0);
    // Right away: the same listening servers, no timer, and sockets at the warmed-up level. The
    // allowance is for idle keep-alive connections to the store, whose pool grows with peak
    // concurrency (the 120 abandoned calls above); one leak per request would be hundreds.
    expect(after.TCPServerWrap).toBe(baseline.TCPServerWrap);
    expect(after.Timeout ?? 0).toBeLessThanOrEqual(baseline.Timeout ?? 0);
    expect(after.TCPSocketWrap ?? 0).toBeLessThanOrEqual((baseline.TCPSocketWrap ?? 0) + 10);

    // Once idle keep-alive connections reach the servers' 5 s keepAliveTimeout, nothing at all is
    // left: every socket and timer the 200 certifications and 21 disconnects used was released.
    await waitFor(() => {
      const counts = activeResourceCounts();
      return (counts.TCPSocketWrap ?? 0) === 0 && (counts.Timeout ?? 0) === 0;
    }, 12_000, 100);
    // Exactly the warmed-up process minus its idle connections: listening servers and stdio pipes.
    const { TCPSocketWrap: _sockets, Timeout: _timers, ...idle } = baseline;
    expect(activeResourceCounts()).toEqual(idle);
  });
});

