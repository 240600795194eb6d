import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, runCertifyCli, type CertifyCliOptions } from '../../client/certify-cli.js';
import type { FetchLike } from '../../client/index.js';
import { abortReason } from '../../shared/certification/abort.js';
import { formatSseMessage } from '../../shared/sse.js';
import { TEST_NAMES, type Certification, type CertificationEvent } from '../../shared/types.js';
import { chunkedBody, errorResponse, eventStreamResponse, fakeFetch, fullRunEvents, sampleCertification } from './fake-service.js';

const MODEL_ID = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const encoder = new TextEncoder();
const ESC = '\x1b';

function capture(isTTY = false) {
  let text = '';
  return {
    isTTY,
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
    get text() {
      return text;
    },
  };
}

function stream(events: CertificationEvent[]): Response {
  return eventStreamResponse(chunkedBody(events.map((event) => encoder.encode(formatSseMessage({ data: JSON.stringify(event) })))));
}

async function run(argv: string[], overrides: Partial<CertifyCliOptions> & { fetch?: FetchLike; tty?: boolean } = {}) {
  const stdout = capture(overrides.tty);
  const stderr = capture(overrides.tty);
  const minted: string[] = [];
  const code = await runCertifyCli(argv, {
    env: {},
    mintLocalToken: (sub) => {
      minted.push(sub);
      return `minted-for-${sub}`;
    },
    ...overrides,
    stdout,
    stderr,
  });
  return { code, stdout: stdout.text, stderr: stderr.text, minted };
}

function failedCertification(): Certification {
  const base = sampleCertification();
  return {
    ...base,
    status: 'failed',
    isCertified: false,
    testsPassed: 5,
    testsFailed: 1,
    successRate: 83,
    results: base.results.map((result) =>
      result.testName === 'tool-use'
        ? { ...result, status: 'failed', error: { code: 'FEATURE_UNSUPPORTED', message: "This model doesn't support tool use." } }
        : result,
    ),
    diagnosis: [{ code: 'FEATURE_UNSUPPORTED', tests: ['tool-use'], hint: 'Offer this model without tools.' }],
  };
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('certify CLI: outcomes and exit codes', () => {
  it('exits 0 for a certified model, with live progress lines and a summary table', async () => {
    const fetch = fakeFetch(() => stream(fullRunEvents()));

    const result = await run([MODEL_ID], { fetch });

    expect(result.code).toBe(EXIT_CODES.certified);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    for (const name of TEST_NAMES) {
      expect(lines.some((line) => new RegExp(`^  ${name}\\s+running$`).test(line))).toBe(true);
      expect(lines.some((line) => new RegExp(`^  ${name}\\s+passed\\s+\\d+ ms$`).test(line))).toBe(true);
      expect(lines.some((line) => new RegExp(`^${name}\\s+passed\\s+\\d+ ms$`).test(line))).toBe(true);
    }
    expect(result.stdout).toMatch(/^TEST\s+RESULT\s+LATENCY\s+DETAIL$/m);
    expect(result.stdout).toMatch(/^Status\s+certified \(6\/6 passed, 100%\)$/m);
    expect(result.stdout).toMatch(/^TTFT\s+210 ms$/m);
    expect(result.stdout).toMatch(/^Est\. cost\s+\$0\.0018$/m);
    // Not a terminal: no escape sequences in a CI log.
    expect(result.stdout).not.toContain('\x1b[');
  });

  it('exits 1 for a failed model and shows the failing test and the diagnosis', async () => {
    const certification = failedCertification();
    const fetch = fakeFetch(() => stream([{ type: 'complete', certification }]));

    const result = await run([MODEL_ID], { fetch });

    expect(result.code).toBe(EXIT_CODES.notCertified);
    expect(result.stdout).toMatch(/^tool-use\s+failed\s+\d+ ms\s+FEATURE_UNSUPPORTED: This model doesn't support tool use\.$/m);
    expect(result.stdout).toContain('  - FEATURE_UNSUPPORTED (tool-use): Offer this model without tools.');
    expect(result.stdout).toMatch(/^Status\s+failed \(5\/6 passed, 83%\)$/m);
  });

  it('exits 1 for an unavailable model', async () => {
    const certification = sampleCertification({ status: 'unavailable', isCertified: false, isAvailable: false, testsPassed: 0, testsFailed: 6, successRate: 0 });
    const fetch = fakeFetch(() => stream([{ type: 'complete', certification }]));

    expect((await run([MODEL_ID, '--json'], { fetch })).code).toBe(EXIT_CODES.notCertified);
  });

  it('--json prints only the certification object on stdout', async () => {
    const certification = failedCertification();
    const fetch = fakeFetch(() => stream(fullRunEvents(certification)));

    const result = await run([MODEL_ID, '--json'], { fetch });

    expect(result.code).toBe(EXIT_CODES.notCertified);
    expect(JSON.parse(result.stdout)).toEqual(certification);
    expect(result.stderr).toBe('');
  });

  it('exits 2 with the server code on stderr for a rejected token', async () => {
    const fetch = fakeFetch(() => errorResponse(401, 'UNAUTHORIZED', 'A valid bearer token is required.'));

    const result = await run([MODEL_ID, '--json', '--token', 'bad'], { fetch });

    expect(result.code).toBe(EXIT_CODES.error);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('error: UNAUTHORIZED (401): A valid bearer token is required.\n');
  });

  it('exits 2 for a rate limit and says when to retry', async () => {
    const fetch = fakeFetch(() => errorResponse(429, 'RATE_LIMITED', 'At most 10 certifications per 60 s.', { 'retry-after': '42' }));

    const result = await run([MODEL_ID], { fetch });

    expect(result.code).toBe(EXIT_CODES.error);
    expect(result.stderr).toBe('error: RATE_LIMITED (429): At most 10 certifications per 60 s. Retry after 42 s.\n');
  });

  it('exits 2 for a stream that fails or breaks off', async () => {
    const failing = fakeFetch(() => stream([...fullRunEvents().slice(0, 3), { type: 'error', code: 'DEADLINE_EXCEEDED', message: 'Ran past 60 s.' }]));
    const cut = fakeFetch(() => stream(fullRunEvents().slice(0, 5)));

    const failed = await run([MODEL_ID], { fetch: failing });
    const incomplete = await run([MODEL_ID], { fetch: cut });

    expect(failed.code).toBe(EXIT_CODES.error);
    expect(failed.stderr).toBe('error: DEADLINE_EXCEEDED: Ran past 60 s.\n');
    expect(incomplete.code).toBe(EXIT_CODES.error);
    expect(incomplete.stderr).toMatch(/^error: STREAM_INCOMPLETE: /);
  });

  it('exits 2 with NETWORK_ERROR when nothing listens at the URL (real fetch)', async () => {
    const url = await closedPortUrl();

    const result = await run([MODEL_ID, '--url', url, '--token', 't']);

    expect(result.code).toBe(EXIT_CODES.error);
    expect(result.stderr).toMatch(/^error: NETWORK_ERROR: .*ECONNREFUSED/);
  });

  it('exits 2 with TIMEOUT when no result arrives within --timeout', async () => {
    const fetch = fakeFetch(
      (request) =>
        new Promise<Response>((_, reject) => {
          const { signal } = request;
          signal?.addEventListener('abort', () => reject(abortReason(signal)));
        }),
    );

    const result = await run([MODEL_ID, '--timeout', '0.05'], { fetch });

    expect(result.code).toBe(EXIT_CODES.error);
    expect(result.stderr).toBe('error: TIMEOUT: no result within 0.05 s.\n');
  });

  it('exits 130 when interrupted', async () => {
    const interrupt = new AbortController();
    const fetch = fakeFetch(
      (request) =>
        new Promise<Response>((_, reject) => {
          const { signal } = request;
          signal?.addEventListener('abort', () => reject(abortReason(signal)));
          interrupt.abort();
        }),
    );

    const result = await run([MODEL_ID], { fetch, signal: interrupt.signal });

    expect(result.code).toBe(EXIT_CODES.interrupted);
    expect(result.stderr).toBe('error: CANCELLED: interrupted.\n');
  });
});

describe('certify CLI: arguments', () => {
  it.each([
    [[], 'USAGE_ERROR', 'a model id is required'],
    [[MODEL_ID, 'amazon.titan-text-express-v1'], 'USAGE_ERROR', 'expected one model id'],
    [[MODEL_ID, '--bogus'], 'USAGE_ERROR', "Unknown option '--bogus'"],
    [['not a model id'], 'INVALID_MODEL_ID', 'is not a Bedrock model id'],
    [['../../etc/passwd'], 'INVALID_MODEL_ID', 'is not a Bedrock model id'],
    [[MODEL_ID, '--timeout', 'soon'], 'USAGE_ERROR', '--timeout must be a positive number'],
    [[MODEL_ID, '--timeout', '0'], 'USAGE_ERROR', '--timeout must be a positive number'],
    [[MODEL_ID, '--url', 'ftp://example.com'], 'USAGE_ERROR', '--url must be an http(s) URL'],
    [[MODEL_ID, '--url', 'https://abc.lambda-url.us-east-1.on.aws'], 'USAGE_ERROR', 'a token is required for a remote service'],
  ])('%j exits 2 with %s before any request', async (argv, code, text) => {
    const fetch = fakeFetch(() => stream(fullRunEvents()));

    const result = await run(argv, { fetch });

    expect(result.code).toBe(EXIT_CODES.error);
    expect(result.stderr.startsWith(`error: ${code}: `)).toBe(true);
    expect(result.stderr).toContain(text);
    expect(result.stderr.includes('Usage: npm run certify')).toBe(code === 'USAGE_ERROR');
    expect(result.stdout).toBe('');
    expect(fetch.requests).toHaveLength(0);
  });

  it('--help prints the usage and exits 0', async () => {
    const result = await run(['--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Exit codes: 0 certified, 1 failed or unavailable, 2 usage or service error');
  });

  it('defaults to the local stack on $PORT with a minted token', async () => {
    const fetch = fakeFetch(() => stream(fullRunEvents()));

    const result = await run([MODEL_ID, '--sub', 'ci-bot'], { fetch, env: { PORT: '4123' } });

    expect(result.code).toBe(0);
    expect(result.minted).toEqual(['ci-bot']);
    expect(fetch.requests[0]?.url).toBe(`http://localhost:4123/api/certification/certify-model/${encodeURIComponent(MODEL_ID)}/stream`);
    expect(fetch.requests[0]?.headers.get('authorization')).toBe('Bearer minted-for-ci-bot');
  });

  it('takes the URL and token from CERTIFICATION_URL and CERTIFICATION_TOKEN, flags first', async () => {
    const fetch = fakeFetch(() => stream(fullRunEvents()));
    const env = { CERTIFICATION_URL: 'https://cert.example.com/', CERTIFICATION_TOKEN: 'env-token' };

    const fromEnv = await run([MODEL_ID], { fetch, env });
    const fromFlags = await run([MODEL_ID, '--url', 'http://127.0.0.1:9', '--token', 'flag-token'], { fetch, env });

    expect([fromEnv.code, fromFlags.code]).toEqual([0, 0]);
    expect(fromEnv.minted).toEqual([]);
    expect(fetch.requests.map((request) => [new URL(request.url).origin, request.headers.get('authorization')])).toEqual([
      ['https://cert.example.com', 'Bearer env-token'],
      ['http://127.0.0.1:9', 'Bearer flag-token'],
    ]);
  });

  it('exits 2 with LOCAL_TOKEN_UNAVAILABLE when no local token can be minted', async () => {
    const result = await run([MODEL_ID], {
      fetch: fakeFetch(() => stream(fullRunEvents())),
      mintLocalToken: () => {
        throw new Error('EACCES: .local/dev-issuer.json');
      },
    });

    expect(result.code).toBe(EXIT_CODES.error);
    expect(result.stderr).toMatch(/^error: LOCAL_TOKEN_UNAVAILABLE: could not mint a local token \(EACCES/);
  });

  it('exits 2 with LOCAL_TOKEN_UNAVAILABLE, before any request, when it has no minter and no token', async () => {
    const fetch = fakeFetch(() => stream(fullRunEvents()));
    const result = await run([MODEL_ID], { fetch, mintLocalToken: undefined });

    expect(result.code).toBe(EXIT_CODES.error);
    expect(result.stderr).toBe('error: LOCAL_TOKEN_UNAVAILABLE: no local token minter here; pass --token or set CERTIFICATION_TOKEN.\n');
    expect(fetch.requests).toEqual([]);
  });

  it('--reuse-cache answers from the cache check without starting a certification', async () => {
    const cached = sampleCertification({ cached: true });
    const fetch = fakeFetch(() => new Response(JSON.stringify({ cached: true, certification: cached }), { headers: { 'content-type': 'application/json' } }));

    const result = await run([MODEL_ID, '--reuse-cache'], { fetch });

    expect(result.code).toBe(0);
    expect(fetch.requests.map((request) => new URL(request.url).pathname)).toEqual([`/api/certification/check/${encodeURIComponent(MODEL_ID)}`]);
    expect(result.stdout).toMatch(/^Certified at\s+2026-11-24 12:00:00 UTC \(cached\)$/m);
  });
});

describe('certify CLI: terminal output', () => {
  it('redraws one line per probe in place on a TTY, colored unless NO_COLOR', async () => {
    const fetch = fakeFetch(() => stream(fullRunEvents()));

    const colored = await run([MODEL_ID], { fetch, tty: true });
    const plain = await run([MODEL_ID], { fetch, tty: true, env: { NO_COLOR: '1' } });

    expect(colored.code).toBe(0);
    // Every redraw after the first moves the cursor back up over the six probe lines.
    expect(colored.stdout.split(`\x1b[${TEST_NAMES.length}A`).length - 1).toBe(12 - 1);
    expect(colored.stdout).toContain('\x1b[32mpassed');
    expect(plain.stdout).toContain(`\x1b[${TEST_NAMES.length}A`);
    expect(plain.stdout).not.toMatch(new RegExp(`${ESC}\\[\\d+m`));
    const finalBlock = plain.stdout.slice(plain.stdout.lastIndexOf(`\x1b[${TEST_NAMES.length}A`));
    for (const name of TEST_NAMES) expect(finalBlock).toMatch(new RegExp(`${name}\\s+passed\\s+\\d+ ms`));
  });
});
