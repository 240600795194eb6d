import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  EXIT_CODES,
  runCertifyCli,
  type CertifyCliOptions,
  type CliClock,
} from '../../client/certify-cli.js';
import type { FetchLike } from '../../client/index.js';
import { abortReason } from '../../shared/certification/abort.js';
import { CAPABILITY_NAMES } from '../../shared/suites.js';
import {
  TEST_NAMES,
  type BatchRequest,
  type Certification,
  type CertificationEvent,
} from '../../shared/types.js';
import {
  batchResponse,
  controlledBody,
  errorResponse,
  eventStreamResponse,
  eventsResponse,
  fakeCertificationService,
  fakeFetch,
  fullRunEvents,
  jsonResponse,
  sampleCertification,
  type FakeModel,
  type RecordedRequest,
} from './fake-service.js';
import { captureOutput } from '../support/captured-output.js';
import { toolUseFailedCertification } from '../support/certification-fixture.js';

const MODEL_ID = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const NOVA = 'amazon.nova-pro-v1:0';
const DEEPSEEK = 'us.deepseek.r1-v1:0';
const SONNET_BARE = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

/** A clock whose sleeps pass at once and are recorded: a `Retry-After` costs no test time. */
function instantClock(): CliClock & { sleeps: number[] } {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

async function run(
  argv: string[],
  overrides: Partial<CertifyCliOptions> & { fetch?: FetchLike } = {},
) {
  const stdout = captureOutput();
  const stderr = captureOutput();
  const minted: string[] = [];
  const code = await runCertifyCli(argv, {
    env: {},
    mintLocalToken: (sub) => {
      minted.push(sub);
      return `minted-for-${sub}`;
    },
    clock: instantClock(),
    ...overrides,
    stdout,
    stderr,
  });
  return { code, stdout: stdout.text, stderr: stderr.text, minted };
}

function failedCertification(overrides: Partial<Certification> = {}): Certification {
  return {
    ...toolUseFailedCertification(),
    diagnosis: [
      { code: 'FEATURE_UNSUPPORTED', tests: ['tool-use'], hint: 'Offer this model without tools.' },
    ],
    ...overrides,
  };
}

/** The bare Sonnet 4.5 id as the local stack answers it: six failures, one root, two wordings. */
function unavailableCertification(): Certification {
  const root = `Invocation of model ID ${SONNET_BARE} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`;
  return sampleCertification({
    modelId: SONNET_BARE,
    status: 'unavailable',
    isCertified: false,
    isAvailable: false,
    testsPassed: 0,
    testsFailed: 6,
    successRate: 0,
    ttftMs: null,
    results: TEST_NAMES.map((testName, index) => ({
      testName,
      status: 'failed' as const,
      latencyMs: 35,
      error: {
        code: 'INFERENCE_PROFILE_REQUIRED' as const,
        message: index === 1 ? root : `Not completed because the model cannot be invoked: ${root}`,
      },
    })),
    capabilities: {
      streaming: false,
      systemPrompt: false,
      toolUse: false,
      streamingToolUse: false,
      jsonOutput: false,
      multiTurn: false,
    },
    diagnosis: [
      {
        code: 'INFERENCE_PROFILE_REQUIRED',
        tests: [...TEST_NAMES],
        hint: `certify the inference profile us.${SONNET_BARE} instead.`,
      },
    ],
  });
}

function service(
  models: Record<string, FakeModel>,
  routes: Parameters<typeof fakeCertificationService>[0] = {},
) {
  return fakeCertificationService({ models, ...routes });
}

const pathsOf = (requests: readonly RecordedRequest[]): string[] =>
  requests.map((request) => `${new URL(request.url).pathname}${new URL(request.url).search}`);
const streamPath = (modelId: string, fresh = false): string =>
  `/api/certification/certify-model/${encodeURIComponent(modelId)}/stream${fresh ? '?fresh=true' : ''}`;
const checkPath = (modelId: string): string =>
  `/api/certification/check/${encodeURIComponent(modelId)}`;
const BATCHES = '/api/certification/batches';

/**
 * A figure or reason that may wrap: the line starting with `start` and the indented lines after
 * it, joined with single spaces (what a reader sees, without the layout).
 */
function figureBlock(text: string, start: string): string {
  const lines = text.split('\n');
  const first = lines.findIndex((line) => line.startsWith(start));
  if (first === -1) return '';
  const indent = /^ */.exec(start)?.[0].length ?? 0;
  const block = [lines[first] ?? ''];
  for (const line of lines.slice(first + 1)) {
    // A reason's hint is indented like its continuation lines but is a block of its own.
    const other = line.trim() === '' || line.trimStart().startsWith('hint:');
    if (other || (/^ */.exec(line)?.[0].length ?? 0) <= indent) break;
    block.push(line);
  }
  return block
    .map((line) => line.trim())
    .join(' ')
    .replace(/\s+/g, ' ');
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('certify CLI, one model: streams and exit codes', () => {
  it('exits 0 for a certified model: progress and the Starting line on stderr, only the table on stdout', async () => {
    const fetch = service({ [MODEL_ID]: { certification: sampleCertification() } });

    const result = await run([MODEL_ID], { fetch });

    expect(result.code).toBe(EXIT_CODES.certified);
    const progress = result.stderr.split('\n');
    expect(progress[0]).toBe(`Certifying ${MODEL_ID} at http://localhost:3000`);
    expect(progress).toContain('  Starting 6 certification tests');
    for (const name of TEST_NAMES) {
      expect(progress.some((line) => new RegExp(`^  ${name}\\s+running$`).test(line))).toBe(true);
      expect(
        progress.some((line) => new RegExp(`^  ${name}\\s+passed\\s+\\d+ ms$`).test(line)),
      ).toBe(true);
      expect(result.stdout).toMatch(new RegExp(`^${name}\\s+passed\\s+\\d+ ms$`, 'm'));
    }
    // stdout is the result alone: it starts with the table header, no progress, no "Certifying".
    expect(result.stdout.startsWith('TEST')).toBe(true);
    expect(result.stdout).not.toMatch(/running|Starting|Certifying/);
    expect(result.stdout).toMatch(/^Status\s+certified \(6\/6 passed, 100%\)$/m);
    expect(result.stdout).toMatch(/^TTFT\s+210 ms$/m);
    expect(result.stdout).toMatch(/^Est\. cost\s+\$0\.0018$/m);
    expect(result.stdout).toMatch(/^Certified at\s+2026-11-24 12:00:00 UTC$/m);
    // Not a terminal: no escape sequences in a CI log or a file.
    expect(result.stdout + result.stderr).not.toContain('\x1b[');
    // The cache was asked first, then the run streamed.
    expect(pathsOf(fetch.requests)).toEqual([checkPath(MODEL_ID), streamPath(MODEL_ID)]);
  });

  it('exits 1 for a failed model: the detail column holds the code, the reason and its hint follow once', async () => {
    const fetch = service({ [MODEL_ID]: { certification: failedCertification() } });

    const result = await run([MODEL_ID], { fetch });

    expect(result.code).toBe(EXIT_CODES.notCertified);
    expect(result.stdout).toMatch(/^tool-use\s+failed\s+\d+ ms\s+FEATURE_UNSUPPORTED$/m);
    expect(result.stdout).toContain(
      "\nReason:\n  FEATURE_UNSUPPORTED (tool-use): This model doesn't support tool use.\n    hint: Offer this model without tools.\n",
    );
    expect(result.stdout).toMatch(/^Status\s+failed \(5\/6 passed, 83%\)$/m);
    expect(result.stdout).toMatch(/^Checked at\s+2026-11-24 12:00:00 UTC$/m);
    expect(result.stdout).not.toMatch(/^Certified at/m);
  });

  it('exits 1 for an unavailable model and gives its one reason once, on one line, with the root message', async () => {
    const certification = unavailableCertification();
    const fetch = service({ [SONNET_BARE]: { certification } });

    const result = await run([SONNET_BARE], { fetch });

    expect(result.code).toBe(EXIT_CODES.notCertified);
    // One reason, wrapped to the width with a hanging indent: joined back, it is the root message.
    const reason = figureBlock(result.stdout, '  INFERENCE_PROFILE_REQUIRED');
    expect(reason).toBe(
      `INFERENCE_PROFILE_REQUIRED (all 6 probes): ${certification.results[1]?.error?.message ?? ''}`,
    );
    expect(result.stdout.match(/on-demand throughput/g)).toHaveLength(1);
    expect(result.stdout.match(/Not completed because/g)).toBeNull();
    expect(figureBlock(result.stdout, '    hint:')).toBe(
      `hint: certify the inference profile us.${SONNET_BARE} instead.`,
    );
    for (const line of result.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('--json prints only the certification object on stdout; progress still goes to stderr', async () => {
    const certification = failedCertification();
    const fetch = service({ [MODEL_ID]: { certification } });

    const result = await run([MODEL_ID, '--json'], { fetch });

    expect(result.code).toBe(EXIT_CODES.notCertified);
    expect(JSON.parse(result.stdout)).toEqual(certification);
    expect(result.stderr).toMatch(/^ {2}tool-use\s+passed/m);
  });

  it('exits 2 with the server code on stderr for a rejected token, nothing on stdout', async () => {
    const fetch = fakeFetch(() =>
      errorResponse(401, 'UNAUTHORIZED', 'A valid bearer token is required.'),
    );

    const result = await run([MODEL_ID, '--json', '--token', 'bad'], { fetch });

    expect(result.code).toBe(EXIT_CODES.error);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `Certifying ${MODEL_ID} at http://localhost:3000\nerror: UNAUTHORIZED (401): A valid bearer token is required.\n`,
    );
  });

  it('waits out a 429 with its Retry-After, then certifies', async () => {
    let refusals = 1;
    const clock = instantClock();
    const fetch = service(
      { [MODEL_ID]: { certification: sampleCertification() } },
      {
        stream: () =>
          refusals-- > 0
            ? errorResponse(
                429,
                'RATE_LIMITED',
                'At most 10 certifications per 60 s; retry after 42 s.',
                { 'retry-after': '42' },
              )
            : eventsResponse(fullRunEvents()),
      },
    );

    const result = await run([MODEL_ID], { fetch, clock });

    expect(result.code).toBe(EXIT_CODES.certified);
    expect(clock.sleeps).toEqual([42_000]);
    expect(result.stderr).toContain(
      'Rate limited: waiting 42 s, as the service asks (Ctrl+C to stop).\n',
    );
    expect(pathsOf(fetch.requests).filter((path) => path.includes('/stream'))).toHaveLength(2);
  });

  it('gives up after five waits and says when to retry, once', async () => {
    const clock = instantClock();
    const limited = service(
      {},
      {
        stream: () =>
          errorResponse(
            429,
            'RATE_LIMITED',
            'At most 10 certifications per 60 s; retry after 42 s.',
            { 'retry-after': '42' },
          ),
      },
    );
    const bare = service(
      {},
      { stream: () => errorResponse(429, 'RATE_LIMITED', 'Slow down', { 'retry-after': '15' }) },
    );

    const said = await run([MODEL_ID], { fetch: limited, clock });
    const unsaid = await run([MODEL_ID], { fetch: bare });

    expect(said.code).toBe(EXIT_CODES.error);
    expect(clock.sleeps).toEqual([42_000, 42_000, 42_000, 42_000, 42_000]);
    expect(said.stderr.split('\n').filter((line) => line.startsWith('error:'))).toEqual([
      'error: RATE_LIMITED (429): At most 10 certifications per 60 s; retry after 42 s.',
    ]);
    expect(said.stderr.match(/retry after/gi)).toHaveLength(1);
    expect(unsaid.stderr).toContain('error: RATE_LIMITED (429): Slow down. Retry after 15 s.\n');
    expect(unsaid.stderr.match(/retry after/gi)).toHaveLength(1);
  });

  it('does not wait out QUOTA_EXCEEDED (its Retry-After runs to the end of the month)', async () => {
    const clock = instantClock();
    const fetch = service(
      {},
      {
        stream: () =>
          errorResponse(429, 'QUOTA_EXCEEDED', 'Monthly quota of 100 certifications used up.', {
            'retry-after': String(12 * 86_400),
          }),
      },
    );

    const result = await run([MODEL_ID], { fetch, clock });

    expect(result.code).toBe(EXIT_CODES.error);
    expect(clock.sleeps).toEqual([]);
    expect(result.stderr).toMatch(
      /^error: QUOTA_EXCEEDED \(429\): Monthly quota of 100 certifications used up\. Not waited for: the quota renews \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\.$/m,
    );
  });

  it('exits 2 for a stream that fails or breaks off', async () => {
    const failing = service(
      {},
      {
        stream: () =>
          eventsResponse([
            ...fullRunEvents().slice(0, 3),
            { type: 'error', code: 'DEADLINE_EXCEEDED', message: 'Ran past 60 s.' },
          ]),
      },
    );
    const cut = service({}, { stream: () => eventsResponse(fullRunEvents().slice(0, 5)) });

    const failed = await run([MODEL_ID], { fetch: failing });
    const incomplete = await run([MODEL_ID], { fetch: cut });

    expect(failed.code).toBe(EXIT_CODES.error);
    expect(failed.stderr).toMatch(/\nerror: DEADLINE_EXCEEDED: Ran past 60 s\.\n$/);
    expect(incomplete.code).toBe(EXIT_CODES.error);
    expect(incomplete.stderr).toMatch(/\nerror: STREAM_INCOMPLETE: /);
  });

  it('exits 2 with NETWORK_ERROR and a hint to start the stack when nothing listens at a local URL (real fetch)', async () => {
    const url = await closedPortUrl();

    const result = await run([MODEL_ID, '--url', url]);

    expect(result.code).toBe(EXIT_CODES.error);
    expect(result.stderr).toMatch(/\nerror: NETWORK_ERROR: .*ECONNREFUSED/);
    expect(result.stderr).toContain(
      `Nothing answers at ${url}: start the local stack with \`npm start\` (in another terminal), or pass --url.`,
    );
  });

  it('exits 2 with TIMEOUT when no result arrives within --timeout', async () => {
    const hang = (request: RecordedRequest) =>
      new Promise<Response>((_, reject) => {
        const { signal } = request;
        signal?.addEventListener('abort', () => reject(abortReason(signal)));
      });
    const fetch = service({}, { stream: (_, request) => hang(request) });

    const result = await run([MODEL_ID, '--timeout', '0.05'], { fetch });

    expect(result.code).toBe(EXIT_CODES.error);
    expect(result.stderr).toMatch(/\nerror: TIMEOUT: no answer within 0\.05 s\.\n$/);
  });
});

describe('certify CLI: Ctrl+C', () => {
  it('exits 130 and says the truth: the CLI stops listening, the run finishes in the background and is cached', async () => {
    const interrupt = new AbortController();
    const fetch = service(
      {},
      {
        stream: (_, request) =>
          new Promise<Response>((_, reject) => {
            const { signal } = request;
            signal?.addEventListener('abort', () => reject(abortReason(signal)));
            interrupt.abort();
          }),
      },
    );

    const result = await run([MODEL_ID], { fetch, signal: interrupt.signal });
    const fresh = await run([MODEL_ID, '--fresh'], { fetch, signal: interrupt.signal });

    expect(result.code).toBe(EXIT_CODES.interrupted);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(
        `error: CANCELLED: stopped listening\\. The service still finishes the certification of ${MODEL_ID.replace(/\./g, '\\.')} in the background ` +
          `\\(a Lambda function is not told that its client left\\) and caches the result: run the command again to read it\\.\\n$`,
      ),
    );
    expect(fresh.stderr).toContain('run the command again without --fresh to read it.');
  });

  it('names the runs in flight when a batch was running, not the cached one, and says the batch goes on', async () => {
    const interrupt = new AbortController();
    const started = (modelId: string) => [
      {
        type: 'progress',
        current: 0,
        total: 6,
        message: 'Starting 6 certification tests',
        modelId,
        region: 'us-east-1',
      },
    ];
    const fetch = service(
      { [NOVA]: { certification: sampleCertification({ modelId: NOVA }), cached: true } },
      {
        batches: () => {
          const body = controlledBody();
          const send = (event: unknown) => body.push(`data: ${JSON.stringify(event)}\n\n`);
          send({
            type: 'complete',
            certification: { ...sampleCertification({ modelId: NOVA }), cached: true },
            modelId: NOVA,
            region: 'us-east-1',
          });
          for (const event of [...started(MODEL_ID), ...started(DEEPSEEK)]) send(event);
          setTimeout(() => interrupt.abort(), 0);
          return eventStreamResponse(body.stream);
        },
      },
    );

    const result = await run([NOVA, MODEL_ID, DEEPSEEK], { fetch, signal: interrupt.signal });

    expect(result.code).toBe(EXIT_CODES.interrupted);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      `error: CANCELLED: stopped listening. The service still finishes the batch in the background (a Lambda function is not told that its client left; ${MODEL_ID}, ${DEEPSEEK} were running) and caches the results: run the command again to read them.\n`,
    );
  });

  it('says nothing runs when interrupted before a run started (reading the cache)', async () => {
    const interrupt = new AbortController();
    const fetch = service(
      {},
      {
        check: (_, request) =>
          new Promise<Response>((_, reject) => {
            const { signal } = request;
            signal?.addEventListener('abort', () => reject(abortReason(signal)));
            interrupt.abort();
          }),
      },
    );

    const result = await run([MODEL_ID], { fetch, signal: interrupt.signal });

    expect(result.code).toBe(EXIT_CODES.interrupted);
    expect(result.stderr).toMatch(
      /error: CANCELLED: interrupted; no certification was running\.\n$/,
    );
    expect(pathsOf(fetch.requests)).toEqual([checkPath(MODEL_ID)]);
  });
});

describe('certify CLI: the cache and --fresh', () => {
  it('reads a cached result through the check route (free) and says how to certify anew', async () => {
    const fetch = service({ [MODEL_ID]: { certification: sampleCertification(), cached: true } });

    const result = await run([MODEL_ID], { fetch });

    expect(result.code).toBe(0);
    expect(pathsOf(fetch.requests)).toEqual([checkPath(MODEL_ID)]);
    expect(result.stdout).toMatch(/^Certified at\s+2026-11-24 12:00:00 UTC \(cached\)$/m);
    expect(result.stderr).toContain(
      'Cached result from 2026-11-24 12:00:00 UTC; --fresh certifies anew.\n',
    );
  });

  it('--fresh skips the cache and asks the stream for a fresh run', async () => {
    const fetch = service({ [MODEL_ID]: { certification: sampleCertification(), cached: true } });

    const result = await run([MODEL_ID, '--fresh'], { fetch });

    expect(result.code).toBe(0);
    expect(pathsOf(fetch.requests)).toEqual([streamPath(MODEL_ID, true)]);
    expect(result.stdout).toMatch(/^Certified at\s+2026-11-24 12:00:00 UTC$/m);
  });

  it('--reuse-cache still works (it is the default now) and conflicts with --fresh', async () => {
    const fetch = service({ [MODEL_ID]: { certification: sampleCertification(), cached: true } });

    const reuse = await run([MODEL_ID, '--reuse-cache'], { fetch });
    const both = await run([MODEL_ID, '--reuse-cache', '--fresh'], { fetch });

    expect(reuse.code).toBe(0);
    expect(pathsOf(fetch.requests)).toEqual([checkPath(MODEL_ID)]);
    expect(both.code).toBe(EXIT_CODES.error);
    expect(both.stderr).toMatch(
      /^error: USAGE_ERROR: --fresh certifies anew and --reuse-cache reads the cache/,
    );
  });
});

describe('certify CLI: suites', () => {
  it('--suite full asks the cache and the stream for the full suite, and shows its probes', async () => {
    const full = sampleCertification({ suite: 'full' });
    const fetch = service({ [MODEL_ID]: { certification: full } });

    const result = await run([MODEL_ID, '--suite', 'full'], { fetch });

    expect(pathsOf(fetch.requests)).toEqual([
      `${checkPath(MODEL_ID)}?suite=full`,
      `${streamPath(MODEL_ID)}?suite=full`,
    ]);
    expect(result.stderr.split('\n')[0]).toBe(
      `Certifying ${MODEL_ID} (full suite) at http://localhost:3000`,
    );
    expect(result.code).toBe(EXIT_CODES.certified);
  });

  it('--require with a full-suite capability runs the full suite without --suite, and gates on it', async () => {
    const full = sampleCertification({
      suite: 'full',
      capabilities: { ...sampleCertification().capabilities, imageInput: null, toolChoice: true },
    });
    const fetch = service({ [MODEL_ID]: { certification: full } });

    const result = await run([MODEL_ID, '--require', 'toolChoice,imageInput'], { fetch });

    expect(pathsOf(fetch.requests).every((path) => path.endsWith('?suite=full'))).toBe(true);
    expect(result.code).toBe(EXIT_CODES.notCertified);
    // Not determined is not "works": the gate says which it was.
    expect(result.stdout).toMatch(/imageInput: null \(not determined/);
  });

  it('without --suite or a full-suite capability, requests stay exactly as before suites', async () => {
    const fetch = service({ [MODEL_ID]: { certification: sampleCertification() } });
    await run([MODEL_ID, '--require', 'toolUse'], { fetch });
    expect(pathsOf(fetch.requests)).toEqual([checkPath(MODEL_ID), streamPath(MODEL_ID)]);
  });
});

describe('certify CLI: arguments', () => {
  it.each([
    [[], 'USAGE_ERROR', 'a model id (or --catalog) is required'],
    [[MODEL_ID, '--bogus'], 'USAGE_ERROR', 'unknown option --bogus'],
    [
      [MODEL_ID, '--requires', 'toolUse'],
      'USAGE_ERROR',
      'unknown option --requires; did you mean --require?',
    ],
    [
      [MODEL_ID, '--require', 'tooluse'],
      'USAGE_ERROR',
      'unknown capability "tooluse" in --require; capabilities are streaming, systemPrompt, multiTurn, toolUse, streamingToolUse, jsonOutput, imageInput, documentInput, citations, reasoning, promptCaching, structuredOutput, toolChoice.',
    ],
    [['--list', MODEL_ID], 'USAGE_ERROR', '--list takes no model ids'],
    [['--list', '--catalog', '--fresh'], 'USAGE_ERROR', '--list takes no --catalog, --fresh'],
    [
      ['--list', '--format', 'junit'],
      'USAGE_ERROR',
      '--list prints table, json or markdown, not junit',
    ],
    [
      ['--list', '--status', 'passing'],
      'USAGE_ERROR',
      '--status must be one of certified, failed, unavailable, uncertified, got "passing"',
    ],
    [[MODEL_ID, '--status', 'certified'], 'USAGE_ERROR', '--status goes with --list'],
    [['not a model id'], 'INVALID_MODEL_ID', 'is not a Bedrock model id'],
    [
      [MODEL_ID, '../../etc/passwd'],
      'INVALID_MODEL_ID',
      '"../../etc/passwd" is not a Bedrock model id',
    ],
    [[MODEL_ID, '--timeout', 'soon'], 'USAGE_ERROR', '--timeout must be a positive number'],
    [[MODEL_ID, '--timeout', '0'], 'USAGE_ERROR', '--timeout must be a positive number'],
    [[MODEL_ID, '--url', 'ftp://example.com'], 'USAGE_ERROR', '--url must be an http(s) URL'],
    [
      [MODEL_ID, '--url', 'https://abc.lambda-url.us-east-1.on.aws'],
      'USAGE_ERROR',
      'a token is required for a remote service',
    ],
    [
      [MODEL_ID, '--require', 'streaming,telepathy'],
      'USAGE_ERROR',
      `unknown capability "telepathy" in --require; capabilities are ${CAPABILITY_NAMES.join(', ')}.`,
    ],
    [[MODEL_ID, '--require', ' , '], 'USAGE_ERROR', '--require needs capability names'],
    [[MODEL_ID, '--suite', 'everything'], 'USAGE_ERROR', '--suite must be one of core, full'],
    [
      [MODEL_ID, '--suite', 'core', '--require', 'toolUse,imageInput,citations'],
      'USAGE_ERROR',
      '--require imageInput, citations needs --suite full; the core suite does not test them.',
    ],
    [['--usage', '--suite', 'full'], 'USAGE_ERROR', '--usage takes no --suite'],
    [['--usage', '--region', 'eu-west-1'], 'USAGE_ERROR', '--usage takes no --region'],
    [['--list', '--regions', 'all'], 'USAGE_ERROR', '--list takes no --regions (one --region)'],
    [['--list', '--region', 'Frankfurt'], 'USAGE_ERROR', '--region: "Frankfurt" is not an AWS'],
    [[MODEL_ID, '--max-ttft-ms', 'fast'], 'USAGE_ERROR', '--max-ttft-ms must be a number from 0'],
    [[MODEL_ID, '--max-cost-usd=-1'], 'USAGE_ERROR', '--max-cost-usd must be a number from 0'],
    [
      [MODEL_ID, '--format', 'xml'],
      'USAGE_ERROR',
      '--format must be one of table, json, junit, markdown',
    ],
    [
      [MODEL_ID, '--json', '--format', 'junit'],
      'USAGE_ERROR',
      '--json is --format json; it conflicts with --format junit',
    ],
    [
      [MODEL_ID, '--concurrency', '0'],
      'USAGE_ERROR',
      '--concurrency must be a whole number from 1 to 10',
    ],
    [
      [MODEL_ID, '--concurrency', '11'],
      'USAGE_ERROR',
      '--concurrency must be a whole number from 1 to 10',
    ],
    [[MODEL_ID, '--catalog'], 'USAGE_ERROR', 'pass model ids or --catalog, not both'],
    [
      [MODEL_ID, '--region', 'us-east-1', '--regions', 'all'],
      'USAGE_ERROR',
      'pass --region or --regions, not both',
    ],
    [[MODEL_ID, '--region', 'us-east-1,eu-west-1'], 'USAGE_ERROR', '--region takes one Region'],
    [
      [MODEL_ID, '--regions', 'us-east-1,Frankfurt'],
      'USAGE_ERROR',
      '--regions: "Frankfurt" is not an AWS Region name like us-east-1',
    ],
    [[MODEL_ID, '--regions', ' , '], 'USAGE_ERROR', '--regions needs Region names'],
    [[MODEL_ID, '--month', '2026-11'], 'USAGE_ERROR', '--month goes with --usage'],
    [['--usage', MODEL_ID], 'USAGE_ERROR', '--usage takes no model ids'],
    [
      ['--usage', '--fresh', '--require', 'streaming'],
      'USAGE_ERROR',
      '--usage takes no --fresh, gates',
    ],
    [
      ['--usage', '--format', 'junit'],
      'USAGE_ERROR',
      '--usage prints table, json or markdown, not junit',
    ],
    [
      ['--usage', '--month', '2026-13'],
      'INVALID_MONTH',
      '--month must be a UTC month written YYYY-MM',
    ],
  ])('%j exits 2 with %s before any request', async (argv, code, text) => {
    const fetch = fakeFetch(() => eventsResponse(fullRunEvents()));

    const result = await run(argv, { fetch });

    expect(result.code).toBe(EXIT_CODES.error);
    expect(result.stderr.startsWith(`error: ${code}: `)).toBe(true);
    expect(result.stderr).toContain(text);
    // A short error and where the help is, not the help itself.
    expect(result.stderr.endsWith('\nRun with --help for usage.\n')).toBe(true);
    expect(result.stderr.split('\n')).toHaveLength(3);
    expect(result.stderr).not.toContain('Usage: npm run -s certify --');
    expect(result.stdout).toBe('');
    expect(fetch.requests).toHaveLength(0);
  });

  it('--help prints the usage with npm run -s and every exit code, on stdout, and exits 0', async () => {
    const result = await run(['--help']);

    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      'Usage: npm run -s certify -- <modelId>... [options]',
    );
    expect(result.stdout).toContain(
      'Exit codes: 0 every model passes, 1 a model does not pass (failed, unavailable or below a\ngate), 2 usage or service error (code on stderr), 130 interrupted (Ctrl+C).',
    );
    expect(result.stderr).toBe('');
  });

  it('finds the local stack npm start recorded when neither --url, CERTIFICATION_URL nor PORT says', async () => {
    const fetch = service({ [MODEL_ID]: { certification: sampleCertification() } });

    const recorded = await run([MODEL_ID, '--sub', 'ci-bot'], {
      fetch,
      findLocalStack: () => 'http://localhost:3807',
    });
    const fallback = await run([MODEL_ID], { fetch, findLocalStack: () => undefined });
    const port = await run([MODEL_ID], {
      fetch,
      env: { PORT: '4123' },
      findLocalStack: () => 'http://localhost:3807',
    });

    expect([recorded.code, fallback.code, port.code]).toEqual([0, 0, 0]);
    expect(recorded.minted).toEqual(['ci-bot']);
    expect(fetch.requests.map((request) => new URL(request.url).origin)).toEqual([
      'http://localhost:3807',
      'http://localhost:3807',
      'http://localhost:3000',
      'http://localhost:3000',
      'http://localhost:4123',
      'http://localhost:4123',
    ]);
    expect(fetch.requests[0]?.headers.get('authorization')).toBe('Bearer minted-for-ci-bot');
  });

  it('takes the URL and token from CERTIFICATION_URL and CERTIFICATION_TOKEN, flags first', async () => {
    const fetch = service({ [MODEL_ID]: { certification: sampleCertification(), cached: true } });
    const env = {
      CERTIFICATION_URL: 'https://cert.example.com/',
      CERTIFICATION_TOKEN: 'env-token',
    };

    const fromEnv = await run([MODEL_ID], { fetch, env });
    const fromFlags = await run(
      [MODEL_ID, '--url', 'http://127.0.0.1:9', '--token', 'flag-token'],
      { fetch, env },
    );

    expect([fromEnv.code, fromFlags.code]).toEqual([0, 0]);
    expect(fromEnv.minted).toEqual([]);
    expect(
      fetch.requests.map((request) => [
        new URL(request.url).origin,
        request.headers.get('authorization'),
      ]),
    ).toEqual([
      ['https://cert.example.com', 'Bearer env-token'],
      ['http://127.0.0.1:9', 'Bearer flag-token'],
    ]);
  });

  it('exits 2 with LOCAL_TOKEN_UNAVAILABLE when no local token can be minted', async () => {
    const fetch = service({});
    const failing = await run([MODEL_ID], {
      fetch,
      mintLocalToken: () => {
        throw new Error('EACCES: .local/dev-issuer.json');
      },
    });
    const none = await run([MODEL_ID], { fetch, mintLocalToken: undefined });

    expect(failing.code).toBe(EXIT_CODES.error);
    expect(failing.stderr).toMatch(
      /^error: LOCAL_TOKEN_UNAVAILABLE: could not mint a local token \(EACCES/,
    );
    expect(none.code).toBe(EXIT_CODES.error);
    expect(none.stderr).toBe(
      'error: LOCAL_TOKEN_UNAVAILABLE: no local token minter here; pass --token or set CERTIFICATION_TOKEN.\n',
    );
    expect(fetch.requests).toEqual([]);
  });
});

describe('certify CLI: several models', () => {
  const models = (): Record<string, FakeModel> => ({
    [MODEL_ID]: { certification: sampleCertification() },
    [NOVA]: {
      certification: sampleCertification({ modelId: NOVA, ttftMs: 90, estimatedCostUsd: 0.0004 }),
      cached: true,
    },
    [DEEPSEEK]: { certification: failedCertification({ modelId: DEEPSEEK }) },
  });
  const batchBodies = (requests: readonly RecordedRequest[]) =>
    requests
      .filter((request) => new URL(request.url).pathname === BATCHES)
      .map((request) => JSON.parse(request.body ?? '{}') as BatchRequest);

  it('sends them as one batch, prints a comparison table on stdout and one line per model on stderr; 1 when one fails', async () => {
    const fetch = service(models());

    const result = await run([MODEL_ID, NOVA, DEEPSEEK, MODEL_ID], { fetch });

    expect(result.code).toBe(EXIT_CODES.notCertified);
    // Asked twice, certified once; one request for the three.
    expect(pathsOf(fetch.requests)).toEqual([BATCHES]);
    expect(batchBodies(fetch.requests)).toEqual([
      { items: [{ modelId: MODEL_ID }, { modelId: NOVA }, { modelId: DEEPSEEK }] },
    ]);
    expect(result.stdout).toMatch(
      /^MODEL\s+STATUS\s+GATE\s+TESTS\s+TTFT\s+AVG LATENCY\s+EST\. COST$/m,
    );
    expect(result.stdout).toMatch(
      new RegExp(
        `^${MODEL_ID}\\s+certified\\s+pass\\s+6/6\\s+210 ms\\s+640 ms\\s+\\$0\\.0018$`,
        'm',
      ),
    );
    expect(result.stdout).toMatch(new RegExp(`^${NOVA}\\s+certified\\s+pass\\s+6/6\\s+90 ms`, 'm'));
    expect(result.stdout).toMatch(new RegExp(`^${DEEPSEEK}\\s+failed\\s+fail\\s+5/6`, 'm'));
    expect(result.stdout).toContain('\n2 of 3 models pass (certified).\n');
    expect(result.stdout).toContain(
      `\nWhy not:\n  ${DEEPSEEK}\n    gate: fail — failed (5/6 passed)\n    FEATURE_UNSUPPORTED (tool-use): This model doesn't support tool use. Hint: Offer this model\n      without tools.\n`,
    );
    expect(result.stderr).toContain(`Certifying 3 models at http://localhost:3000 in one batch\n`);
    expect(result.stderr).toContain(`${NOVA}: certified (6/6 passed, cached)\n`);
    expect(result.stderr).toContain(`${DEEPSEEK}: certifying\n`);
    expect(result.stderr).toContain(`${DEEPSEEK}: failed (5/6 passed)\n`);
    expect(result.stdout).not.toMatch(/certifying|Certifying/);
  });

  it('sends 50 models per request, and takes --concurrency from old scripts without sending it', async () => {
    const ids = Array.from({ length: 51 }, (_, i) => `amazon.model-${i}-v1:0`);
    const fetch = service(
      Object.fromEntries(
        ids.map((modelId) => [modelId, { certification: sampleCertification({ modelId }) }]),
      ),
    );

    const result = await run([...ids, '--concurrency', '4'], { fetch });

    expect(result.code).toBe(EXIT_CODES.certified);
    expect(batchBodies(fetch.requests).map((body) => body.items.length)).toEqual([50, 1]);
    expect(result.stderr).toContain('Certifying 51 models at http://localhost:3000 in 2 batches\n');
    expect(result.stdout).toContain('51 of 51 models pass');
  });

  it('certifies each model in each Region asked for, naming the Region in the report', async () => {
    const fetch = service(models());

    const result = await run([MODEL_ID, DEEPSEEK, '--regions', 'us-east-1,eu-west-1'], { fetch });

    expect(batchBodies(fetch.requests)).toEqual([
      {
        items: [
          { modelId: MODEL_ID, region: 'us-east-1' },
          { modelId: MODEL_ID, region: 'eu-west-1' },
          { modelId: DEEPSEEK, region: 'us-east-1' },
          { modelId: DEEPSEEK, region: 'eu-west-1' },
        ],
      },
    ]);
    // The Region has a column of its own, so it never wraps with a long id.
    expect(result.stdout).toMatch(/^MODEL\s+REGION\s+STATUS\s+GATE\s+TESTS/m);
    expect(result.stdout).toMatch(
      /^anthropic\.claude-3-5-sonnet-\s+eu-west-1\s+certified\s+pass\s+6\/6.*\n {2}20241022-v2:0$/m,
    );
    expect(result.stdout).toMatch(
      new RegExp(`^${DEEPSEEK}\\s+us-east-1\\s+failed\\s+fail\\s+5/6`, 'm'),
    );
    expect(result.stdout).toMatch(
      new RegExp(`^${DEEPSEEK}\\s+eu-west-1\\s+failed\\s+fail\\s+5/6`, 'm'),
    );
    expect(result.stdout).toContain(
      `\nWhy not:\n  ${DEEPSEEK} in us-east-1\n    gate: fail — failed (5/6 passed)\n`,
    );
    expect(result.stderr).toContain(`${DEEPSEEK} in eu-west-1: failed (5/6 passed)\n`);

    const markdown = await run(
      [MODEL_ID, '--regions', 'us-east-1,eu-west-1', '--format', 'markdown'],
      {
        fetch: service(models()),
      },
    );
    expect(markdown.stdout).toContain(`| \`${MODEL_ID}\` in eu-west-1 |`);
    const junit = await run([MODEL_ID, '--regions', 'us-east-1,eu-west-1', '--format', 'junit'], {
      fetch: service(models()),
    });
    expect(junit.stdout).toContain(`<testsuite name="${MODEL_ID} in eu-west-1"`);
  });

  it('--suite goes with the batch request, and each item runs that suite', async () => {
    const full = (modelId: string) => sampleCertification({ modelId, suite: 'full' });
    const fetch = service({
      [MODEL_ID]: { certification: full(MODEL_ID) },
      [NOVA]: { certification: full(NOVA) },
    });

    const result = await run([MODEL_ID, NOVA, '--suite', 'full'], { fetch });

    expect(result.code).toBe(EXIT_CODES.certified);
    expect(batchBodies(fetch.requests)).toEqual([
      { items: [{ modelId: MODEL_ID }, { modelId: NOVA }], suite: 'full' },
    ]);
    expect(result.stderr).toContain(
      'Certifying 2 models (full suite) at http://localhost:3000 in one batch\n',
    );

    // A full-suite capability picks the full suite for a batch too.
    const picked = service({ [MODEL_ID]: { certification: full(MODEL_ID) } });
    await run([MODEL_ID, NOVA, '--require', 'imageInput'], { fetch: picked });
    expect(batchBodies(picked.requests)[0]).toMatchObject({ suite: 'full' });
  });

  it('one model in one Region with --suite full asks for both on the check and the stream', async () => {
    const fetch = service({
      [MODEL_ID]: { certification: sampleCertification({ suite: 'full' }) },
    });

    const result = await run([MODEL_ID, '--region', 'eu-west-1', '--suite', 'full'], { fetch });

    expect(result.code).toBe(EXIT_CODES.certified);
    expect(pathsOf(fetch.requests)).toEqual([
      `${checkPath(MODEL_ID)}?suite=full&region=eu-west-1`,
      `${streamPath(MODEL_ID)}?suite=full&region=eu-west-1`,
    ]);
    expect(result.stderr.split('\n')[0]).toBe(
      `Certifying ${MODEL_ID} in eu-west-1 (full suite) at http://localhost:3000`,
    );
  });

  it('--regions all asks the service which Regions it lists; --region certifies one model in one', async () => {
    const fetch = service(models(), {
      regions: () =>
        jsonResponse({ defaultRegion: 'us-east-1', regions: ['us-east-1', 'ap-northeast-1'] }),
    });

    const all = await run([MODEL_ID, '--regions', 'all', '--format', 'json'], { fetch });
    expect(pathsOf(fetch.requests)).toEqual(['/api/certification/regions', BATCHES]);
    expect(
      (JSON.parse(all.stdout) as { models: { region: string }[] }).models.map((m) => m.region),
    ).toEqual(['us-east-1', 'ap-northeast-1']);

    const one = service(models());
    const single = await run([MODEL_ID, '--region', 'eu-west-1'], { fetch: one });
    expect(single.code).toBe(EXIT_CODES.certified);
    expect(pathsOf(one.requests)).toEqual([
      `${checkPath(MODEL_ID)}?region=eu-west-1`,
      `${streamPath(MODEL_ID)}?region=eu-west-1`,
    ]);
    expect(single.stderr).toContain(
      `Certifying ${MODEL_ID} in eu-west-1 at http://localhost:3000\n`,
    );
  });

  it('waits out a 429 on the batch request with its Retry-After, then sends it again', async () => {
    const clock = instantClock();
    let refused = false;
    const fetch = service(models(), {
      batches: (request) => {
        if (refused) return batchResponse(request, models());
        refused = true;
        return errorResponse(
          429,
          'RATE_LIMITED',
          'At most 10 certifications per 60 s; retry after 15 s.',
          { 'retry-after': '15' },
        );
      },
    });

    const result = await run([MODEL_ID, DEEPSEEK, '--fresh'], { fetch, clock });

    expect(result.code).toBe(EXIT_CODES.notCertified);
    expect(clock.sleeps).toEqual([15_000]);
    expect(pathsOf(fetch.requests)).toEqual([BATCHES, BATCHES]);
    expect(batchBodies(fetch.requests)[1]).toMatchObject({ fresh: true });
    expect(result.stderr).toContain('rate limited, waiting 15 s, as the service asks\n');
  });

  it('reports items the quota stopped once, with the models it stopped; cached ones pass; exit 2', async () => {
    const clock = instantClock();
    const fetch = service(models(), {
      batches: (request) => {
        const quota = 'The monthly quota of 100 certifications is used up.';
        const cached = { ...sampleCertification({ modelId: NOVA }), cached: true };
        return eventsResponse([
          {
            type: 'error',
            code: 'QUOTA_EXCEEDED',
            message: quota,
            modelId: MODEL_ID,
            region: 'us-east-1',
          },
          { type: 'complete', certification: cached, modelId: NOVA, region: 'us-east-1' },
          {
            type: 'error',
            code: 'QUOTA_EXCEEDED',
            message: quota,
            modelId: DEEPSEEK,
            region: 'us-east-1',
          },
          {
            type: 'batch-complete',
            summary: { certified: 1, failed: 0, unavailable: 0, cached: 1, errors: 2 },
          },
        ] as unknown as CertificationEvent[]);
        void request;
      },
    });

    const result = await run([MODEL_ID, NOVA, DEEPSEEK], { fetch, clock });

    expect(result.code).toBe(EXIT_CODES.error);
    expect(clock.sleeps).toEqual([]);
    expect(result.stderr.match(/^error: QUOTA_EXCEEDED/gm)).toHaveLength(1);
    expect(result.stderr).toContain(`[${MODEL_ID}, ${DEEPSEEK}]`);
    expect(result.stderr).toContain(`${DEEPSEEK}: error (QUOTA_EXCEEDED, not run)\n`);
    expect(result.stdout).toMatch(new RegExp(`^${NOVA}\\s+certified\\s+pass`, 'm'));
    expect(result.stdout).toMatch(new RegExp(`^${DEEPSEEK}\\s+error\\s+—$`, 'm'));
    expect(result.stdout).toContain(
      `  ${DEEPSEEK}\n    QUOTA_EXCEEDED: The monthly quota of 100 certifications is used up.`,
    );
  });

  it('says a refused token once, for every model, after one request', async () => {
    const fetch = fakeFetch(() => errorResponse(401, 'UNAUTHORIZED', 'The token has expired.'));

    const result = await run([MODEL_ID, DEEPSEEK, NOVA, '--token', 'old'], { fetch });

    expect(result.code).toBe(EXIT_CODES.error);
    expect(fetch.requests).toHaveLength(1);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('error:'))).toEqual([
      'error: UNAUTHORIZED (401): The token has expired. [all 3 models]',
    ]);
  });
});

describe('certify CLI: gates', () => {
  const deepseek = failedCertification({ modelId: DEEPSEEK });

  it('--require passes a model whose required capabilities are true although another probe failed', async () => {
    const fetch = service({ [DEEPSEEK]: { certification: deepseek } });

    const lenient = await run([DEEPSEEK, '--require', 'streaming,jsonOutput'], { fetch });
    const strict = await run([DEEPSEEK, '--require', 'streaming,toolUse'], { fetch });

    expect(lenient.code).toBe(EXIT_CODES.certified);
    expect(lenient.stdout).toMatch(/^Gate\s+pass$/m);
    expect(strict.code).toBe(EXIT_CODES.notCertified);
    expect(strict.stdout).toMatch(/^Gate\s+fail — toolUse: false$/m);
  });

  it('thresholds add to "certified": TTFT, average latency and cost, unknown values failing', async () => {
    const fast = sampleCertification({
      modelId: NOVA,
      ttftMs: 90,
      avgLatencyMs: 300,
      estimatedCostUsd: 0.0004,
    });
    const slow = sampleCertification({
      modelId: MODEL_ID,
      ttftMs: 2300,
      avgLatencyMs: 1900,
      estimatedCostUsd: null,
    });
    const fetch = service({ [NOVA]: { certification: fast }, [MODEL_ID]: { certification: slow } });

    const result = await run(
      [
        NOVA,
        MODEL_ID,
        '--max-ttft-ms',
        '2000',
        '--max-latency-ms',
        '1500',
        '--max-cost-usd',
        '0.01',
        '--format',
        'json',
      ],
      { fetch },
    );

    expect(result.code).toBe(EXIT_CODES.notCertified);
    const body = JSON.parse(result.stdout) as {
      passed: boolean;
      models: {
        modelId: string;
        outcome: string;
        checks: { gate: string; passed: boolean; actual: string }[];
      }[];
    };
    expect(body.passed).toBe(false);
    expect(body.models.map((model) => [model.modelId, model.outcome])).toEqual([
      [NOVA, 'pass'],
      [MODEL_ID, 'fail'],
    ]);
    expect(body.models[1]?.checks).toEqual([
      { gate: 'certified', passed: true, actual: 'certified (6/6 passed)' },
      { gate: 'TTFT ≤ 2000 ms', passed: false, actual: '2.30 s' },
      { gate: 'avg latency ≤ 1500 ms', passed: false, actual: '1.90 s' },
      { gate: 'est. cost ≤ $0.01', passed: false, actual: 'unknown (no price for this model)' },
    ]);
    expect(result.stderr).toContain(
      `${MODEL_ID}: certified (6/6 passed); gate: fail — TTFT ≤ 2000 ms: 2.30 s; avg latency ≤ 1500 ms: 1.90 s; est. cost ≤ $0.01: unknown (no price for this model)\n`,
    );
  });

  it('a model without a TTFT (its streaming probe failed) fails --max-ttft-ms', async () => {
    const fetch = service({ [SONNET_BARE]: { certification: unavailableCertification() } });

    const result = await run([SONNET_BARE, '--require', 'jsonOutput', '--max-ttft-ms', '5000'], {
      fetch,
    });

    expect(result.code).toBe(EXIT_CODES.notCertified);
    expect(figureBlock(result.stdout, 'Gate')).toBe(
      'Gate fail — jsonOutput: false; TTFT ≤ 5000 ms: not measured (the streaming probe did not pass)',
    );
  });

  it('a service error for any model makes the exit code 2, whatever the others did', async () => {
    const fetch = service(
      { [NOVA]: { certification: sampleCertification({ modelId: NOVA }) } },
      {
        batches: () =>
          eventsResponse([
            ...fullRunEvents(sampleCertification({ modelId: NOVA })).map((event) => ({
              ...event,
              modelId: NOVA,
              region: 'us-east-1',
            })),
            {
              type: 'error',
              code: 'STORE_UNAVAILABLE',
              message: 'The store is unavailable.',
              modelId: MODEL_ID,
              region: 'us-east-1',
            },
            {
              type: 'batch-complete',
              summary: { certified: 1, failed: 0, unavailable: 0, cached: 0, errors: 1 },
            },
          ] as unknown as CertificationEvent[]),
      },
    );

    const result = await run([NOVA, MODEL_ID, '--format', 'json'], { fetch });

    expect(result.code).toBe(EXIT_CODES.error);
    const body = JSON.parse(result.stdout) as { models: { outcome: string; error: unknown }[] };
    expect(body.models.map((model) => model.outcome)).toEqual(['pass', 'error']);
    expect(body.models[1]?.error).toEqual({
      code: 'STORE_UNAVAILABLE',
      message: 'The store is unavailable.',
    });
    expect(result.stderr).toContain(
      `error: STORE_UNAVAILABLE: The store is unavailable. [${MODEL_ID}]\n`,
    );
  });
});

describe('certify CLI: --catalog', () => {
  const catalog = {
    region: 'us-east-1',
    models: [
      {
        modelId: NOVA,
        modelName: 'Nova Pro',
        provider: 'Amazon',
        kind: 'foundation-model',
        lifecycle: 'ACTIVE',
        onDemand: true,
        inferenceProfiles: ['us.amazon.nova-pro-v1:0'],
        baseModelId: null,
        access: 'AVAILABLE',
        certification: {
          status: 'certified',
          certifiedAt: '2026-11-24T12:00:00.000Z',
          expiresAt: '2026-11-25T12:00:00.000Z',
          capabilities: sampleCertification().capabilities,
          ttftMs: 90,
          estimatedCostUsd: 0.0004,
          successRate: 100,
        },
      },
      {
        modelId: SONNET_BARE,
        modelName: 'Claude Sonnet 4.5',
        provider: 'Anthropic',
        kind: 'foundation-model',
        lifecycle: 'ACTIVE',
        onDemand: false,
        inferenceProfiles: [`us.${SONNET_BARE}`],
        baseModelId: null,
        access: 'AVAILABLE',
        certification: null,
      },
      {
        modelId: `us.${SONNET_BARE}`,
        modelName: 'US Claude Sonnet 4.5',
        provider: 'Anthropic',
        kind: 'inference-profile',
        lifecycle: 'ACTIVE',
        onDemand: true,
        inferenceProfiles: [],
        baseModelId: SONNET_BARE,
        access: 'AVAILABLE',
        certification: null,
      },
      {
        modelId: DEEPSEEK,
        modelName: 'US DeepSeek-R1',
        provider: 'DeepSeek',
        kind: 'inference-profile',
        lifecycle: 'ACTIVE',
        onDemand: true,
        inferenceProfiles: [],
        baseModelId: 'deepseek.r1-v1:0',
        access: 'AVAILABLE',
        certification: null,
      },
    ],
  };
  const catalogModels = (): Record<string, FakeModel> => ({
    [NOVA]: { certification: sampleCertification({ modelId: NOVA }), cached: true },
    [`us.${SONNET_BARE}`]: { certification: sampleCertification({ modelId: `us.${SONNET_BARE}` }) },
    [DEEPSEEK]: { certification: failedCertification({ modelId: DEEPSEEK }) },
  });

  it('certifies the catalog as one batch (cached entries free), leaving profile-only foundation models out', async () => {
    const fetch = service(catalogModels(), { catalog: () => jsonResponse(catalog) });

    const result = await run(['--catalog', '--require', 'streaming,jsonOutput'], { fetch });

    expect(result.code).toBe(EXIT_CODES.certified);
    expect(pathsOf(fetch.requests)).toEqual(['/api/certification/catalog', BATCHES]);
    expect(JSON.parse(fetch.requests[1]?.body ?? '{}')).toEqual({
      items: [{ modelId: NOVA }, { modelId: `us.${SONNET_BARE}` }, { modelId: DEEPSEEK }],
    });
    expect(result.stderr).toContain(
      `Leaving out 1 foundation model served only through inference profiles (certify the profiles): ${SONNET_BARE}\n`,
    );
    expect(result.stderr).toContain(`${NOVA}: certified (6/6 passed, cached); gate: pass\n`);
    expect(result.stdout).toContain('3 of 3 models pass (requires streaming, jsonOutput).');
  });

  it('--fresh certifies every entry anew; --regions lists and certifies each Region', async () => {
    const fetch = service(catalogModels(), { catalog: () => jsonResponse(catalog) });

    const result = await run(['--catalog', '--fresh'], { fetch });

    expect(result.code).toBe(EXIT_CODES.notCertified);
    expect(JSON.parse(fetch.requests[1]?.body ?? '{}')).toMatchObject({ fresh: true });

    const regional = service(catalogModels(), { catalog: () => jsonResponse(catalog) });
    await run(['--catalog', '--regions', 'us-east-1,eu-west-1'], { fetch: regional });
    expect(pathsOf(regional.requests)).toEqual([
      '/api/certification/catalog?region=us-east-1',
      '/api/certification/catalog?region=eu-west-1',
      BATCHES,
    ]);
    expect(
      (JSON.parse(regional.requests[2]?.body ?? '{}') as BatchRequest).items.map(
        (item) => item.region,
      ),
    ).toEqual(['us-east-1', 'us-east-1', 'us-east-1', 'eu-west-1', 'eu-west-1', 'eu-west-1']);
  });

  it('--list --region lists the catalog of that Region, with --status', async () => {
    const fetch = service(
      {},
      {
        catalog: (request) =>
          jsonResponse({ ...catalog, region: new URL(request.url).searchParams.get('region') }),
      },
    );

    const result = await run(['--list', '--region', 'eu-west-1', '--status', 'certified'], {
      fetch,
    });

    expect(result.code).toBe(EXIT_CODES.certified);
    expect(pathsOf(fetch.requests)).toEqual([
      '/api/certification/catalog?status=certified&region=eu-west-1',
    ]);
    expect(result.stdout).toContain('models in eu-west-1');
  });

  it('says when the service predates the catalog route', async () => {
    const fetch = service({});

    const result = await run(['--catalog'], { fetch });

    expect(result.code).toBe(EXIT_CODES.error);
    expect(result.stderr).toBe(
      'error: NOT_FOUND (404): No route for /api/certification/catalog.\nThe service at http://localhost:3000 has no catalog route: it runs a version from before it; deploy the current one.\n',
    );
  });

  it('exits 2 when the catalog cannot be read', async () => {
    const fetch = service(
      {},
      {
        catalog: () =>
          errorResponse(
            503,
            'BEDROCK_CONTROL_PLANE_UNAVAILABLE',
            'Bedrock could not list the models.',
          ),
      },
    );

    const result = await run(['--catalog'], { fetch });

    expect(result.code).toBe(EXIT_CODES.error);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'error: BEDROCK_CONTROL_PLANE_UNAVAILABLE (503): Bedrock could not list the models.\n',
    );
  });
});

describe('certify CLI: --usage', () => {
  const usage = {
    month: '2026-10',
    certifications: 12,
    inputTokens: 3456,
    outputTokens: 789,
    estimatedCostUsd: 0.042,
    quota: { limit: 100, used: 12, remaining: 88 },
  };

  it('prints the month as a table, JSON or Markdown, asking for the --month given', async () => {
    const fetch = service({}, { usage: () => jsonResponse(usage) });

    const table = await run(['--usage', '--month', '2026-10'], { fetch });
    const json = await run(['--usage', '--json'], { fetch });
    const markdown = await run(['--usage', '--format', 'markdown'], { fetch });

    expect([table.code, json.code, markdown.code]).toEqual([0, 0, 0]);
    expect(pathsOf(fetch.requests)).toEqual([
      '/api/certification/usage?month=2026-10',
      '/api/certification/usage',
      '/api/certification/usage',
    ]);
    expect(table.stdout).toBe(
      [
        'Month           2026-10',
        'Certifications  12 (cache hits are free)',
        'Tokens          3,456 in / 789 out',
        'Est. cost       $0.042',
        'Quota           12 of 100 used, 88 left this month',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(json.stdout)).toEqual(usage);
    expect(markdown.stdout).toContain('| Quota | 12 of 100 used, 88 left this month |');
  });

  it('says "none" without a quota, and exits 2 with the service error for a bad month', async () => {
    const fetch = service(
      {},
      {
        usage: (request) =>
          new URL(request.url).searchParams.get('month') === '1999-01'
            ? errorResponse(400, 'INVALID_MONTH', 'month must be YYYY-MM, not before 2020.')
            : jsonResponse({ ...usage, quota: null }),
      },
    );

    const none = await run(['--usage'], { fetch });
    const bad = await run(['--usage', '--month', '1999-01'], { fetch });

    expect(none.stdout).toMatch(/^Quota\s+none$/m);
    expect(bad.code).toBe(EXIT_CODES.error);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe(
      'error: INVALID_MONTH (400): month must be YYYY-MM, not before 2020.\n',
    );
  });
});
