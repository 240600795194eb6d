import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { TEST_NAMES, type Certification, type CertificationEvent } from '../../shared/types.js';
import { ensureDebianPackage } from '../support/debian-package.js';
import {
  ORIGINAL_DOCUMENT_PATH,
  ORIGINAL_DOCUMENT_SHA256,
  originalCurl,
  originalFetchExample,
  runnableFetchExample,
  type FetchExampleRun,
} from '../support/original-examples.js';
import { paths, ServiceClient } from '../support/service-client.js';
import { eventsOf, readFrames } from '../support/sse-client.js';

/**
 * The original system's own client examples (kept in test/fixtures/original-sse-example.md), run as
 * written against the service over real HTTP: its fetch example in Node with only `fetch` given
 * a base URL, and its `curl -N` line with the real curl. (Its EventSource examples pass an
 * `Authorization` header browsers ignore; test/e2e/original-clients.browser.test.ts runs the
 * ticketed EventSource in Chromium instead.)
 */
const NOVA = 'amazon.nova-lite-v1:0';

let stack: LocalStack;
beforeAll(async () => {
  // Slow enough (a run takes about a second) for a second client to arrive while it is in flight.
  stack = await startLocalStack({
    timeScale: 0.5,
    env: {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      CERTIFICATION_DEADLINE_MS: '10000',
      PROBE_TIMEOUT_MS: '8000',
    },
  });
  return () => stack.close();
});

type AsyncFunctionConstructor = new (...args: string[]) => (...args: unknown[]) => Promise<unknown>;
// The constructor of async functions, which has no global name.
const AsyncFunction = (
  Object.getPrototypeOf(async function () {
    await Promise.resolve();
  }) as { constructor: AsyncFunctionConstructor }
).constructor;

/** Runs the verbatim fetch example in Node, its `fetch` resolving the example's relative URLs against `baseUrl`. */
async function runFetchExample(
  modelId: string,
  token: string,
  fetchImpl: (input: string, init?: RequestInit) => Promise<Response>,
): Promise<FetchExampleRun> {
  const expression = runnableFetchExample(await originalFetchExample(), modelId, token, {
    fetchParameter: true,
  });
  const run = new AsyncFunction(`return ${expression}`) as () => Promise<
    (fetch: (input: string, init?: RequestInit) => Promise<Response>) => Promise<FetchExampleRun>
  >;
  return (await run())(fetchImpl);
}

/** The example fetches relative URLs (`/api/...`), as a page of the service would. */
const serviceFetch = (input: string, init?: RequestInit) => fetch(new URL(input, stack.url), init);

/** The example's progress lines, `[current/total] testName: status`, in order. */
const progressLines = (run: FetchExampleRun) =>
  run.logs
    .filter(([level, text]) => level === 'log' && text?.startsWith('['))
    .map(([, text]) => text);

describe('the original fetch example, verbatim', () => {
  it('is the original document, byte for byte', () => {
    expect(createHash('sha256').update(readFileSync(ORIGINAL_DOCUMENT_PATH)).digest('hex')).toBe(
      ORIGINAL_DOCUMENT_SHA256,
    );
  });

  it('receives every event of a fresh certification (opening, 12 test events, complete), then of a cached one (complete)', async () => {
    const token = stack.token('seed-fetch');
    const fresh = await runFetchExample(NOVA, token, serviceFetch);

    // Its own "Uso" part ran with the placeholder token: a 401, reported the example's way.
    expect(fresh.logs).toContainEqual(['error', 'Erro:', 'Error: HTTP error! status: 401']);
    const lines = progressLines(fresh);
    // The opening event has a message, no testName: the example prints it as "undefined".
    expect(lines[0]).toBe('[0/6] undefined: undefined');
    expect(lines).toHaveLength(13);
    for (const name of TEST_NAMES) {
      expect(lines.filter((line) => line?.endsWith(` ${name}: running`))).toHaveLength(1);
      expect(lines.filter((line) => line?.endsWith(` ${name}: passed`))).toHaveLength(1);
    }
    expect(
      lines.filter((line) => line?.endsWith(': passed')).map((line) => line?.slice(0, 5)),
    ).toEqual(['[1/6]', '[2/6]', '[3/6]', '[4/6]', '[5/6]', '[6/6]']);
    expect(fresh.logs.filter(([, text]) => text === '✅ Certificação concluída:')).toHaveLength(1);
    expect(fresh.error).toBeUndefined();
    expect(fresh.certification).toMatchObject({
      modelId: NOVA,
      status: 'certified',
      cached: false,
    });

    const cached = await runFetchExample(NOVA, token, serviceFetch);
    expect(progressLines(cached)).toEqual([]);
    expect(cached.logs.filter(([, text]) => text === '✅ Certificação concluída:')).toHaveLength(1);
    expect(cached.certification).toMatchObject({
      modelId: NOVA,
      cached: true,
      certifiedAt: (fresh.certification as Certification).certifiedAt,
    });
  });

  it('sees nothing behind an id: line, which is why the stream sends none', async () => {
    // The framing of the first release, served to the example by a stand-in fetch.
    const oldFraming = [
      { type: 'progress', current: 0, total: 6, message: 'Starting 6 certification tests' },
      { type: 'complete', certification: { modelId: NOVA } },
    ]
      .map((event, i) => `id: ${i + 1}\ndata: ${JSON.stringify(event)}\n\n`)
      .join('');
    const run = await runFetchExample(NOVA, 'any', (_input, init) => {
      const authorization = new Headers(init?.headers).get('authorization') ?? '';
      return Promise.resolve(
        authorization.includes('your-jwt-token')
          ? new Response('', { status: 401 })
          : new Response(oldFraming, { headers: { 'content-type': 'text/event-stream' } }),
      );
    });
    expect(progressLines(run)).toEqual([]);
    expect(run.certification).toBeUndefined();
  });
});

describe('the original curl -N line', () => {
  it('prints what the document shows: data lines, one JSON object each, and no id:, event: or retry: line', async () => {
    await ensureDebianPackage('/usr/bin/curl', 'curl');
    const { script, expectedOutput } = originalCurl();
    // The document's command as written; only its placeholder host and token are the local ones.
    const command = script
      .split('\n')
      .filter((line) => !line.startsWith('#') && !line.startsWith('TOKEN='))
      .join('\n');
    expect(command).toContain('curl -N -H "Authorization: Bearer $TOKEN"');
    const output = await bash(command.replace('http://localhost:3000', stack.url), {
      TOKEN: stack.token('seed-curl'),
    });

    const lines = output.split('\n');
    const data = lines.filter((line) => line.startsWith('data: '));
    // Data lines and the blank lines between them, nothing else: a run this short sends no
    // keep-alive comment (those go to streams that wait on another request's run, or every 15 s).
    expect(lines.filter((line) => line !== '' && !line.startsWith('data: '))).toEqual([]);
    const events = data.map(
      (line) => JSON.parse(line.slice('data: '.length)) as CertificationEvent,
    );
    expect(events).toHaveLength(14);
    // The document's first line and ours: the same fields (ours in English, as docs/api.md has it).
    const documented = JSON.parse((expectedOutput[0] ?? '').slice('data: '.length)) as Record<
      string,
      unknown
    >;
    expect(Object.keys(events[0] ?? {})).toEqual(Object.keys(documented));
    expect(events[0]).toEqual({
      type: 'progress',
      current: 0,
      total: 6,
      message: 'Starting 6 certification tests',
    });
    // Its second line, byte for byte.
    expect(data).toContain(expectedOutput[2]);
    expect(expectedOutput.at(-1)).toBe('data: {"type":"complete","certification":{...}}');
    expect(data.at(-1)).toMatch(
      /^data: \{"type":"complete","certification":\{"modelId":"anthropic\.claude-3-5-sonnet-20241022-v2:0",.*\}\}$/,
    );
    // The document's model (its id is part of the line) has since reached end of life.
    const complete = events.at(-1);
    expect(complete?.type === 'complete' ? complete.certification : undefined).toMatchObject({
      status: 'unavailable',
      diagnosis: [expect.objectContaining({ code: 'MODEL_END_OF_LIFE' })],
    });
    // Events are separated by exactly one blank line, and the output ends with one.
    expect(output.endsWith('}\n\n')).toBe(true);
    expect(output).not.toMatch(/\n\n\n/);

    // A cached answer: the complete event alone.
    const cached = await bash(command.replace('http://localhost:3000', stack.url), {
      TOKEN: stack.token('seed-curl-again'),
    });
    expect(cached).toMatch(
      /^data: \{"type":"complete","certification":\{.*"cached":true.*\}\}\n\n$/,
    );
  });
});

describe('reconnecting', () => {
  it('a client that reconnects (Last-Event-ID and all) while the run is in flight joins it instead of starting another', async () => {
    const client = new ServiceClient(stack.url);
    const model = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
    const token = stack.token('reconnect');
    const before = stack.simulator.stats.byModel[model] ?? 0;

    const first = await client.fetch(paths.stream(model), token);
    const firstFrames = readFrames(first);
    await expect
      .poll(() => (stack.simulator.stats.byModel[model] ?? 0) - before, { timeout: 10_000 })
      .toBeGreaterThan(0);
    const again = await client.fetch(paths.stream(model), token, {
      headers: { 'last-event-id': '3' },
    });
    const [events, rejoined] = await Promise.all([
      firstFrames.then(eventsOf),
      readFrames(again).then(eventsOf),
    ]);

    // One run: one run's Bedrock calls, one certification for both connections.
    expect((stack.simulator.stats.byModel[model] ?? 0) - before).toBe(6);
    const certifiedAt = (event: CertificationEvent | undefined) =>
      event?.type === 'complete' ? event.certification.certifiedAt : undefined;
    expect(certifiedAt(rejoined.at(-1))).toBeDefined();
    expect(certifiedAt(rejoined.at(-1))).toBe(certifiedAt(events.at(-1)));
    // The rejoining stream is whole, as if it had been there from the start: Last-Event-ID is ignored.
    expect(rejoined).toHaveLength(14);
    expect(rejoined[0]).toEqual({
      type: 'progress',
      current: 0,
      total: 6,
      message: 'Starting 6 certification tests',
    });
  });
});

function bash(script: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`bash exited ${code}: ${stderr}`)),
    );
  });
}
