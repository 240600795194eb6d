import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EXIT_CODES, runCertifyCli } from '../../client/certify-cli.js';
import {
  ApiError,
  certifyModel,
  certifyModelOnce,
  checkCertification,
  getCertificationHistory,
  listCertifications,
  RateLimitedApiError,
  UnauthorizedApiError,
  type FetchLike,
} from '../../client/index.js';
import { loadTokenMinter } from '../../local/jwt-issuer.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { TEST_NAMES, type ProgressEvent } from '../../shared/types.js';
import { captureOutput } from '../support/captured-output.js';

/** The core suite's size, from the registry. */
const N = TEST_NAMES.length;

const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
/** Fails its tool-use probes: DeepSeek-R1 has no tool use through Converse. */
const R1 = 'us.deepseek.r1-v1:0';
const OPUS_NO_ACCESS = 'us.anthropic.claude-opus-4-6-v1';

let stack: LocalStack;
let keyDir: string;
let keyFile: string;

beforeAll(async () => {
  keyDir = await mkdtemp(join(tmpdir(), 'client-stack-'));
  keyFile = join(keyDir, 'dev-issuer.json');
  // Frequent keep-alive comments, so real streams interleave them with events.
  stack = await startLocalStack({
    issuerKeyFile: keyFile,
    env: { KEEPALIVE_INTERVAL_MS: '100', POWERTOOLS_LOG_LEVEL: 'SILENT' },
  });
  return async () => {
    await stack.close();
    await rm(keyDir, { recursive: true, force: true });
  };
});

/** Real fetch that also keeps the raw bytes of every answer. */
function recordingFetch(): FetchLike & { raw: string[] } {
  const raw: string[] = [];
  const fetchImpl = async (input: string, init: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    if (!response.body) return response;
    const [mine, theirs] = response.body.tee();
    const index = raw.push('') - 1;
    void (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of mine) raw[index] += decoder.decode(chunk, { stream: true });
    })().catch(() => undefined);
    return new Response(theirs, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  return Object.assign(fetchImpl, { raw });
}

describe('typed client against the local stack', () => {
  it('certifies the Claude model with live progress over a real stream', async () => {
    const progress: ProgressEvent[] = [];

    const certification = await certifyModel(CLAUDE, {
      baseUrl: stack.url,
      token: stack.token('client-alice'),
      onProgress: (e) => progress.push(e),
    });

    expect(certification).toMatchObject({
      modelId: CLAUDE,
      status: 'certified',
      isCertified: true,
      testsPassed: N,
      successRate: 100,
      cached: false,
    });
    expect(certification.results.map((result) => result.testName).sort()).toEqual(
      [...TEST_NAMES].sort(),
    );
    expect(progress[0]).toMatchObject({ type: 'progress', current: 0, total: N });
    for (const name of TEST_NAMES) {
      const statuses = progress
        .filter((event) => event.testName === name)
        .map((event) => event.status);
      expect(statuses).toEqual(['running', 'passed']);
    }
    expect(progress.at(-1)).toMatchObject({ current: N, total: N });
  });

  it('reads a slow certification whose stream interleaves keep-alive comments', async () => {
    const fetch = recordingFetch();

    const certification = await certifyModel('sim.slow-first-token', {
      baseUrl: stack.url,
      token: stack.token('client-slow'),
      fetch,
    });

    expect(certification.modelId).toBe('sim.slow-first-token');
    await vi.waitFor(() => expect(fetch.raw[0]).toMatch(/"type":"complete"/));
    expect(fetch.raw[0]).toContain(': keep-alive');
  });

  it('gets the cached result at once, with checkCacheFirst or from the stream', async () => {
    const progress: ProgressEvent[] = [];

    const viaCheck = await certifyModel(CLAUDE, {
      baseUrl: stack.url,
      token: stack.token('client-bob'),
      checkCacheFirst: true,
      onProgress: (e) => progress.push(e),
    });
    const viaStream = await certifyModel(CLAUDE, {
      baseUrl: stack.url,
      token: stack.token('client-bob'),
      onProgress: (e) => progress.push(e),
    });

    expect(viaCheck).toMatchObject({ modelId: CLAUDE, status: 'certified', cached: true });
    expect(viaStream).toMatchObject({ modelId: CLAUDE, cached: true });
    expect(progress).toEqual([]);
  });

  it('reports a failing and an unavailable model as results, not errors', async () => {
    const token = stack.token('client-carol');

    const r1 = await certifyModelOnce(R1, { baseUrl: stack.url, token });
    const opus = await certifyModel(OPUS_NO_ACCESS, { baseUrl: stack.url, token });

    expect(r1).toMatchObject({
      modelId: R1,
      status: 'failed',
      isCertified: false,
      isAvailable: true,
    });
    expect(
      r1.results.filter((result) => result.status === 'failed').map((result) => result.testName),
    ).toEqual(['tool-use']);
    expect(opus).toMatchObject({ status: 'unavailable', isAvailable: false });
  });

  it('checks and lists cached certifications', async () => {
    const token = stack.token('client-dave');

    const check = await checkCertification(CLAUDE, { baseUrl: stack.url, token });
    const unknown = await checkCertification('amazon.nova-micro-v1:0', {
      baseUrl: stack.url,
      token,
    });
    const all = await listCertifications({ baseUrl: stack.url, token });

    expect(check).toMatchObject({ cached: true, certification: { modelId: CLAUDE } });
    expect(unknown).toEqual({ cached: false });
    expect(all.map((certification) => certification.modelId)).toEqual(
      expect.arrayContaining([CLAUDE, R1]),
    );
  });

  it('reads the history of a model: its runs newest first, at most limit; a bad limit is a typed 400', async () => {
    const token = stack.token('client-fay');
    await certifyModelOnce(R1, { baseUrl: stack.url, token, fresh: true });
    const urls: string[] = [];
    const fetchImpl: FetchLike = (input, init) => (urls.push(input), fetch(input, init));

    const all = await getCertificationHistory(R1, {
      baseUrl: stack.url,
      token,
      fetch: fetchImpl,
    });
    const one = await getCertificationHistory(R1, {
      baseUrl: stack.url,
      token,
      limit: 1,
      fetch: fetchImpl,
    });

    expect(all.modelId).toBe(R1);
    expect(all.runs.length).toBeGreaterThanOrEqual(2);
    expect(all.runs.map((run) => run.certifiedAt)).toEqual(
      [...all.runs.map((run) => run.certifiedAt)].sort().reverse(),
    );
    expect(all.runs.every((run) => run.trigger === 'request' && run.status === 'failed')).toBe(
      true,
    );
    expect(one.runs).toEqual(all.runs.slice(0, 1));
    expect(urls).toEqual([
      `${stack.url}/api/certification/history/${encodeURIComponent(R1)}`,
      `${stack.url}/api/certification/history/${encodeURIComponent(R1)}?limit=1`,
    ]);
    await expect(
      getCertificationHistory(R1, { baseUrl: stack.url, token, limit: 0 }),
    ).rejects.toMatchObject({ status: 400, code: 'INVALID_REQUEST' });
  });

  it('turns real 401 and 400 answers into typed errors', async () => {
    const expired = certifyModel(CLAUDE, {
      baseUrl: stack.url,
      token: stack.token('client-erin', -60),
    });
    const garbage = certifyModel(CLAUDE, { baseUrl: stack.url, token: 'not-a-jwt' });
    const invalid = certifyModel('not a model', {
      baseUrl: stack.url,
      token: stack.token('client-erin'),
    });

    await expect(expired).rejects.toBeInstanceOf(UnauthorizedApiError);
    await expect(garbage).rejects.toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    await expect(invalid).rejects.toBeInstanceOf(ApiError);
    await expect(invalid).rejects.toMatchObject({ status: 400, code: 'INVALID_MODEL_ID' });
  });

  it('surfaces the real rate limit with its Retry-After', async () => {
    const token = stack.token('client-frank');
    // Cached answers count too (docs/api.md), so ten quick ones use up the minute.
    for (let i = 0; i < 10; i++) await certifyModel(CLAUDE, { baseUrl: stack.url, token });

    const error = await certifyModel(CLAUDE, { baseUrl: stack.url, token }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(RateLimitedApiError);
    expect((error as RateLimitedApiError).retryAfterSeconds).toBeGreaterThan(0);
    expect((error as RateLimitedApiError).retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('aborting mid-stream rejects at once; the run goes on on the server, as in AWS (the runtime never tells the function)', async () => {
    const controller = new AbortController();
    const abortedBefore = stack.simulator.stats.aborted;

    const outcome = certifyModel('sim.hang', {
      baseUrl: stack.url,
      token: stack.token('client-gina'),
      signal: controller.signal,
      onProgress: (event) => {
        if (event.status === 'running') controller.abort();
      },
    });

    await expect(outcome).rejects.toMatchObject({ name: 'AbortError' });
    await vi.waitFor(() => expect(stack.emulator.stats.clientDisconnects).toBeGreaterThan(0), {
      timeout: 10_000,
    });
    expect(stack.simulator.stats.aborted).toBe(abortedBefore);
  });
});

describe('certify CLI against the local stack', () => {
  async function cli(argv: string[]) {
    const stdout = captureOutput();
    const stderr = captureOutput();
    const code = await runCertifyCli(argv, {
      stdout,
      stderr,
      env: {},
      // The default minter, pointed at this stack's key file instead of .local/dev-issuer.json.
      mintLocalToken: (sub) => loadTokenMinter(keyFile).mint({ sub }),
    });
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  it('exits 0 for the Claude model, minting a local token; --json prints the certification', async () => {
    const result = await cli([CLAUDE, '--url', stack.url, '--json', '--sub', 'cli-alice']);

    expect(result.code).toBe(EXIT_CODES.certified);
    expect(result.stderr).toMatch(/^Certifying /);
    expect(result.stderr).not.toContain('error:');
    expect(JSON.parse(result.stdout)).toMatchObject({
      modelId: CLAUDE,
      status: 'certified',
      testsPassed: N,
    });
  });

  it('exits 1 for DeepSeek-R1 and prints the failing probes', async () => {
    const result = await cli([R1, '--url', stack.url, '--sub', 'cli-bob']);

    expect(result.code).toBe(EXIT_CODES.notCertified);
    expect(result.stdout).toMatch(/^tool-use\s+failed\s+/m);
    expect(result.stdout).toMatch(/^Status\s+failed /m);
  });

  it('exits 1 for a fresh certification of a failing model, streaming plain progress lines to stderr', async () => {
    const result = await cli(['sim.wrong-answers', '--url', stack.url, '--sub', 'cli-bob']);

    expect(result.code).toBe(EXIT_CODES.notCertified);
    for (const name of TEST_NAMES)
      expect(result.stderr).toMatch(new RegExp(`^ {2}${name}\\s+running$`, 'm'));
    expect(result.stdout).not.toMatch(/running/);
  });

  it('exits 2 with UNAUTHORIZED for a bad token', async () => {
    const result = await cli([
      CLAUDE,
      '--url',
      stack.url,
      '--token',
      stack.token('cli-carol', -60),
    ]);

    expect(result.code).toBe(EXIT_CODES.error);
    expect(result.stderr).toMatch(/^error: UNAUTHORIZED \(401\): /m);
    expect(result.stdout).toBe('');
  });

  it('exits 2 with INVALID_MODEL_ID for an invalid id', async () => {
    const result = await cli(['anthropic/claude', '--url', stack.url]);

    expect(result.code).toBe(EXIT_CODES.error);
    expect(result.stderr).toMatch(/^error: INVALID_MODEL_ID: /);
  });
});
