import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { createInterface } from 'node:readline';
import { startLocalStack, type LocalStack } from '../local/stack.js';
import { startHandlerInstance } from '../test/support/handler-instance.js';
import { sequentialRoundTrips, startStoreTraffic } from '../test/support/store-traffic.js';
import { bundleHandler } from './infra-bench.js';
import { median } from './median.js';

/** Results of {@link benchService}. */
export interface ServiceBenchResult {
  firstByteP50Ms: number;
  /** The most store round trips, one after another, that a run's first byte waited on. */
  roundTripsBeforeFirstByte: number;
  cachedP50Ms: number;
  peakRssMb: number;
}

const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

/**
 * Milliseconds from sending the request to the first body byte, then reads the stream to its end:
 * a client that leaves does not stop its run (the runtime never tells the function), so leaving
 * early would leave runs going on behind the next measurement.
 */
async function timeToFirstByte(url: string, token: string): Promise<number> {
  const started = performance.now();
  return (await firstByteAt(url, token)) - started;
}

/** `performance.now()` when the first body byte arrived; reads the stream to its end (see above). */
async function firstByteAt(url: string, token: string): Promise<number> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  await reader.read();
  const at = performance.now();
  while (!(await reader.read()).done);
  return at;
}

/**
 * Measures the service over real HTTP: time to the first SSE byte of a fresh certification,
 * latency of a cached answer, and the peak RSS of one execution environment (a handler-only
 * process, as one Lambda environment) over 20 certifications.
 */
export async function benchService(): Promise<ServiceBenchResult> {
  const stack = await startLocalStack({ timeScale: 1, env: { POWERTOOLS_LOG_LEVEL: 'SILENT' } });
  try {
    const streamUrl = (model: string) =>
      `${stack.url}/api/certification/certify-model/${model}/stream`;
    // Warm-up: JWKS fetch, SDK clients, module JIT.
    await timeToFirstByte(streamUrl('amazon.nova-lite-v1:0'), stack.token('warmup'));

    const firstBytes: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      // Distinct users, so the rate limit never interferes; fresh, so each is a run of its own
      // (its opening event is the first byte), not a cached answer.
      firstBytes.push(
        await timeToFirstByte(`${streamUrl(CLAUDE)}?fresh=true`, stack.token(`ttfb-${i}`)),
      );
    }

    await (
      await fetch(streamUrl(CLAUDE), {
        headers: { authorization: `Bearer ${stack.token('fill')}` },
      })
    ).text();
    const cached: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const started = performance.now();
      await (
        await fetch(streamUrl(CLAUDE), {
          headers: { authorization: `Bearer ${stack.token(`cached-${i}`)}` },
        })
      ).text();
      cached.push(performance.now() - started);
    }

    return {
      firstByteP50Ms: median(firstBytes),
      roundTripsBeforeFirstByte: await roundTripsBeforeFirstByte(stack),
      cachedP50Ms: median(cached),
      peakRssMb: await peakRssOfHandler(stack),
    };
  } finally {
    await stack.close();
  }
}

/**
 * Counts, on the wire, the store round trips a run's first byte waits on: one more handler
 * instance whose store traffic passes through a recording proxy, with a monthly quota so that
 * admission takes a unit of it too (the longest admission there is). The proxy holds each answer
 * 10 ms, so that calls sent together overlap and calls sent one after another do not, however
 * busy the machine; the chain of calls answered before the first byte arrived is the count.
 * Fresh runs (rate write, then quota hold beside the lease) and a cache miss (the cache read
 * beside the rate write); the most any of them waited on.
 */
async function roundTripsBeforeFirstByte(stack: LocalStack): Promise<number> {
  const traffic = await startStoreTraffic(stack.dynamo.endpoint, { latencyMs: 10 });
  // One environment and no other: a second one would be created without the proxy.
  const instance = await startHandlerInstance(
    stack,
    { provisionedConcurrency: 1, concurrency: 1 },
    { DYNAMODB_ENDPOINT: traffic.endpoint, MONTHLY_CERTIFICATION_QUOTA: '1000' },
  );
  try {
    const stream = (model: string, query = '') =>
      `${instance.url}/api/certification/certify-model/${model}/stream${query}`;
    await firstByteAt(stream('amazon.nova-lite-v1:0'), stack.token('trips-warmup'));
    const counts: number[] = [];
    const requests: [url: string, sub: string][] = [
      ...Array.from({ length: 5 }, (_, i): [string, string] => [
        stream(CLAUDE, '?fresh=true'),
        `trips-${i}`,
      ]),
      // Not certified in this stack yet: a cache miss.
      [stream('amazon.titan-text-express-v1'), 'trips-miss'],
    ];
    for (const [url, sub] of requests) {
      traffic.reset();
      const at = await firstByteAt(url, stack.token(sub));
      if (traffic.requests.length === 0) throw new Error('The store proxy saw no request');
      counts.push(sequentialRoundTrips(traffic.requests, at));
    }
    return Math.max(...counts);
  } finally {
    await instance.close();
    await traffic.close();
  }
}

/**
 * Runs the deployed bundle (built with the stack's own esbuild settings) alone in a child
 * process against the stack's stand-ins, as one Lambda execution environment, and reads its
 * VmHWM after 20 fresh certifications. Lambda gives an environment one invocation at a time, so
 * the child gets one environment (`FUNCTION_CONCURRENCY=1`) and the certifications one after
 * another: what the function's memory setting has to hold is one environment's peak, whatever
 * its earlier invocations left behind.
 */
async function peakRssOfHandler(stack: LocalStack): Promise<number> {
  const bundle = await bundleHandler();
  // The emulator shim is bundled too, so the child is plain `node` (as in Lambda): a TypeScript
  // loader in the process would transform the 0.5 MB bundle itself and inflate the figure.
  const server = join(bundle.dir, 'serve-handler.mjs');
  await build({
    entryPoints: ['local/serve-handler.ts'],
    outfile: server,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
  });
  // Source maps on, as the stack sets NODE_OPTIONS=--enable-source-maps.
  const child = spawn(process.execPath, ['--enable-source-maps', server], {
    // Another region: a separate cache partition, so all 20 certifications really run.
    env: {
      ...process.env,
      HANDLER_MODULE: bundle.file,
      BEDROCK_REGION: 'us-west-2',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      LOCAL_ISSUER_CERT_PEM: stack.issuer.certificate,
      FUNCTION_CONCURRENCY: '1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const lines = createInterface({ input: child.stdout });
    const { url } = JSON.parse((await lines[Symbol.asyncIterator]().next()).value as string) as {
      url: string;
    };
    // Certified, unavailable (no on-demand Nova Lite in us-west-2), certified, failed (no tool use).
    const models = [
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'amazon.nova-lite-v1:0',
      'us.anthropic.claude-haiku-4-5-20251001-v1:0',
      'us.deepseek.r1-v1:0',
    ];
    for (let i = 0; i < 20; i += 1) {
      const model = `${models[i % models.length]}`;
      // Fresh: each one a real run, not a cached answer.
      const response = await fetch(
        `${url}/api/certification/certify-model/${model}/stream?fresh=true`,
        {
          headers: { authorization: `Bearer ${stack.token(`rss-${i}`)}` },
        },
      );
      if (response.status !== 200)
        throw new Error(`certification ${i} answered ${response.status}`);
      await response.text();
    }
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    return kb / 1024;
  } finally {
    child.kill('SIGTERM');
    await rm(bundle.dir, { recursive: true, force: true });
  }
}
