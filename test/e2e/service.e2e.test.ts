import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { monthOf, UsageMeter } from '../../shared/store/usage-meter.js';
import { capabilitiesOf, testNamesOf } from '../../shared/suites.js';
import {
  TEST_NAMES,
  type CatalogResponse,
  type Certification,
  type HistoryResponse,
  type ProgressEvent,
  type StreamTicketResponse,
} from '../../shared/types.js';
import { eventsOf, readFrames } from '../support/sse-client.js';
import { stackStore } from '../support/stack-store.js';
import { anyString } from '../support/matchers.js';

/** The core suite's size, from the registry. */
const N = TEST_NAMES.length;

/**
 * The service end to end over real HTTP: Function URL emulator → the real handler module →
 * real SDK clients → Bedrock simulator and dynalite; tokens from the local RS256 issuer.
 */
let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({
    env: {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      CERTIFICATION_DEADLINE_MS: '5000',
      PROBE_TIMEOUT_MS: '3000',
    },
  });
  return async () => {
    await stack.close();
  };
});

const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const streamPath = (model: string) =>
  `/api/certification/certify-model/${encodeURIComponent(model)}/stream`;
const get = (path: string, token?: string, init: RequestInit = {}) =>
  fetch(`${stack.url}${path}`, {
    ...init,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers },
  });
const post = (body: unknown, token: string) =>
  get('/api/certification/certify-model', token, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

function meter(): UsageMeter {
  return new UsageMeter(stackStore(stack.dynamo));
}

async function forgetCached(modelId: string): Promise<void> {
  const { client, tableName } = stackStore(stack.dynamo);
  await client.send(
    new DeleteItemCommand({
      TableName: tableName,
      Key: { pk: { S: `CERT#us-east-1` }, sk: { S: modelId } },
    }),
  );
  client.destroy();
}

describe('certification over SSE', () => {
  it('streams the seed sequence: opening event, running/passed per probe, one complete, then closes', async () => {
    const response = await get(streamPath(CLAUDE), stack.token('seed'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-accel-buffering')).toBe('no');

    const frames = await readFrames(response);
    const events = eventsOf(frames);
    expect(events[0]).toEqual({
      type: 'progress',
      current: 0,
      total: N,
      message: `Starting ${N} certification tests`,
    });
    const progress = events.slice(1, -1) as ProgressEvent[];
    expect(progress).toHaveLength(12);
    for (const name of TEST_NAMES) {
      const mine = progress.filter((e) => e.testName === name).map((e) => e.status);
      expect(mine).toEqual(['running', 'passed']);
    }
    // `current` counts finished tests: it rises by one with every passed/failed event.
    const finished = progress.filter((e) => e.status !== 'running').map((e) => e.current);
    expect(finished).toEqual(TEST_NAMES.map((_name, i) => i + 1));

    const last = events.at(-1);
    expect(last?.type).toBe('complete');
    const certification = (last as { certification: Certification }).certification;
    expect(certification).toMatchObject({
      modelId: CLAUDE,
      region: 'us-east-1',
      status: 'certified',
      isCertified: true,
      isAvailable: true,
      testsPassed: N,
      testsFailed: 0,
      successRate: 100,
      cached: false,
    });
    expect(certification.results.map((r) => r.testName)).toEqual([...TEST_NAMES]);

    // The run is metered to the user who started it, for pay-per-certification.
    const usage = await meter().get('seed', monthOf(Date.now()));
    expect(usage.certifications).toBe(1);
    expect(usage.inputTokens + usage.outputTokens).toBe(certification.usage.totalTokens);
    expect(usage.estimatedCostUsd).toBeCloseTo(certification.estimatedCostUsd ?? 0, 5);
  });

  it('answers a cached model at once with a single complete event', async () => {
    const events = eventsOf(await readFrames(await get(streamPath(CLAUDE), stack.token('cached'))));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'complete',
      certification: { modelId: CLAUDE, cached: true },
    });
  });

  it('reports an unavailable model as a completed certification, not a service error', async () => {
    const events = eventsOf(
      await readFrames(
        await get(streamPath('meta.llama3-3-70b-instruct-v1:0'), stack.token('llama')),
      ),
    );
    const certification = (events.at(-1) as { certification: Certification }).certification;
    expect(certification).toMatchObject({ status: 'unavailable', isAvailable: false });
    expect(certification.results[0]?.error?.code).toBe('INFERENCE_PROFILE_REQUIRED');
  });

  it('accepts an ARN with percent-encoded slashes as the model id', async () => {
    const arn =
      'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0';
    const response = await get(
      `/api/certification/check/${encodeURIComponent(arn)}`,
      stack.token('arn'),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ cached: false });
  });
});

describe('the full suite over SSE (?suite=full)', () => {
  const SONNET = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
  const full = testNamesOf('full');

  it('streams every probe of the full suite, finds each feature, meters the cache tokens, and answers core from then on', async () => {
    const token = stack.token('full-suite');
    const response = await get(`${streamPath(SONNET)}?suite=full`, token);
    expect(response.status).toBe(200);
    const events = eventsOf(await readFrames(response));
    expect(events[0]).toEqual({
      type: 'progress',
      current: 0,
      total: full.length,
      message: `Starting ${full.length} certification tests`,
    });
    expect(events).toHaveLength(2 + 2 * full.length);
    const certification = (events.at(-1) as { certification: Certification }).certification;
    expect(certification).toMatchObject({
      modelId: SONNET,
      suite: 'full',
      status: 'certified',
      testsPassed: full.length,
      cached: false,
    });
    expect(certification.results.map((r) => r.testName)).toEqual([...full]);
    expect(Object.keys(certification.capabilities).sort()).toEqual(
      capabilitiesOf('full')
        .map(({ key }) => key)
        .sort(),
    );
    expect(certification.usage.cacheReadInputTokens).toBeGreaterThan(0);
    expect(certification.usage.totalTokens).toBeLessThanOrEqual(5_000);
    // Metering stays exact: the month's in + out is the run's total, cached tokens included.
    const usage = await meter().get('full-suite', monthOf(Date.now()));
    expect(usage.inputTokens + usage.outputTokens).toBe(certification.usage.totalTokens);
    expect(usage.estimatedCostUsd).toBeCloseTo(certification.estimatedCostUsd ?? 0, 8);

    // A core request is answered at once by the newer full result.
    const core = eventsOf(await readFrames(await get(streamPath(SONNET), token)));
    expect(core).toHaveLength(1);
    expect(core[0]).toMatchObject({
      type: 'complete',
      certification: { suite: 'full', cached: true },
    });

    // The history records the suite; the catalog filters on the new capabilities.
    const history = (await (
      await get(`/api/certification/history/${encodeURIComponent(SONNET)}`, token)
    ).json()) as HistoryResponse;
    expect(history.runs[0]).toMatchObject({ suite: 'full', changed: false });
    const catalog = (await (
      await get('/api/certification/catalog?requires=imageInput,promptCaching', token)
    ).json()) as CatalogResponse;
    expect(catalog.models.map((entry) => entry.modelId)).toContain(SONNET);
  });

  it('a ticket binds the suite: EventSource-style streaming of the full suite with the ticket alone', async () => {
    const token = stack.token('full-ticket');
    const ticket = (await (
      await get('/api/certification/stream-tickets', token, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ modelId: 'amazon.nova-pro-v1:0', suite: 'full', fresh: true }),
      })
    ).json()) as StreamTicketResponse;
    expect(ticket.streamUrl).toContain('suite=full');
    const events = eventsOf(await readFrames(await get(ticket.streamUrl)));
    const certification = (events.at(-1) as { certification: Certification }).certification;
    expect(certification).toMatchObject({ suite: 'full', status: 'failed' });
    // Refused features are false with Bedrock's words, never a service error.
    expect(certification.capabilities).toMatchObject({
      imageInput: true,
      citations: false,
      structuredOutput: false,
    });
    expect(certification.results.find((r) => r.testName === 'citations')?.error).toEqual({
      code: 'FEATURE_UNSUPPORTED',
      message: "This model doesn't support citations.",
    });
  });

  it('an unknown suite is a 400 naming the allowed values, before anything runs', async () => {
    const before = stack.simulator.stats.requests;
    const response = await get(`${streamPath(SONNET)}?suite=deluxe`, stack.token('bad-suite'));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'INVALID_REQUEST', message: 'suite must be one of core, full, given once.' },
    });
    const catalog = await get(
      '/api/certification/catalog?requires=telepathy',
      stack.token('bad-suite'),
    );
    expect(catalog.status).toBe(400);
    expect(((await catalog.json()) as { error: { message: string } }).error.message).toContain(
      'Unknown capability telepathy',
    );
    expect(stack.simulator.stats.requests).toBe(before);
  });
});

describe('JSON routes', () => {
  it('POST certifies, check and models read the cache', async () => {
    const model = 'amazon.nova-lite-v1:0';
    const token = stack.token('json-routes');
    expect(await (await get(`/api/certification/check/${model}`, token)).json()).toEqual({
      cached: false,
    });
    const response = await post({ modelId: model }, token);
    expect(response.status).toBe(200);
    const { certification } = (await response.json()) as { certification: Certification };
    expect(certification).toMatchObject({ modelId: model, cached: false });
    expect(await (await get(`/api/certification/check/${model}`, token)).json()).toMatchObject({
      cached: true,
      certification: { modelId: model },
    });
    const models = (await (await get('/api/certification/models', token)).json()) as {
      certifications: Certification[];
    };
    expect(models.certifications.map((c) => c.modelId)).toContain(model);
  });

  it('serves the page without a token, under a CSP that allows only its own hashed script and styles', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe');
    expect(await response.text()).toContain(CLAUDE);
  });

  it('health needs no token', async () => {
    const response = await get('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('errors before the stream', () => {
  it.each([
    ['no token', undefined],
    ['an expired token', 'expired'],
    ['a malformed token', 'not-a-jwt'],
  ])('401 with WWW-Authenticate for %s', async (_label, kind) => {
    const token = kind === 'expired' ? stack.token('alice', -60) : kind;
    const response = await get(streamPath(CLAUDE), token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'UNAUTHORIZED',
    );
  });

  it('400 INVALID_MODEL_ID for an id Bedrock would not accept', async () => {
    const response = await get(streamPath('not a model'), stack.token('bad-id'));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'INVALID_MODEL_ID', message: anyString() },
    });
  });

  it('400 for a bad POST body, 404 for an unknown path, 405 for a wrong method', async () => {
    const token = stack.token('bad-body');
    const bad = await get('/api/certification/certify-model', token, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('INVALID_JSON');
    expect((await get('/api/nothing', token)).status).toBe(404);
    expect((await get('/api/certification/models', token, { method: 'DELETE' })).status).toBe(405);
  });
});

describe('rate limit', () => {
  it('accepts exactly 10 of 12 rapid certify requests from one user, mixing POST and SSE', async () => {
    const token = stack.token('burst-user');
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        i % 2 === 0 ? get(streamPath(CLAUDE), token) : post({ modelId: CLAUDE }, token),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    const limited = responses.filter((r) => r.status === 429);
    expect(limited).toHaveLength(2);
    for (const response of limited) {
      const retryAfter = Number(response.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'RATE_LIMITED',
      );
    }
    await Promise.all(responses.filter((r) => r.status === 200).map((r) => r.text()));
    // Another user is not affected.
    expect((await get(streamPath(CLAUDE), stack.token('other-user'))).status).toBe(200);
  });
});

describe('single flight and disconnects', () => {
  it('runs 20 concurrent certifications of one model once', async () => {
    const model = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
    const before = stack.simulator.stats.byModel[model] ?? 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, i) =>
        eventsOf(await readFrames(await get(streamPath(model), stack.token(`flight-${i}`)))),
      ),
    );
    for (const events of results)
      expect(events.at(-1)).toMatchObject({ type: 'complete', certification: { modelId: model } });
    const sharedRunCalls = (stack.simulator.stats.byModel[model] ?? 0) - before;

    await forgetCached(model);
    const beforeSingle = stack.simulator.stats.byModel[model] ?? 0;
    await readFrames(await get(streamPath(model), stack.token('flight-single')));
    const singleRunCalls = (stack.simulator.stats.byModel[model] ?? 0) - beforeSingle;

    expect(singleRunCalls).toBeGreaterThanOrEqual(N);
    expect(sharedRunCalls).toBe(singleRunCalls);
  });

  it('a client that disconnects does not stop the run, as in AWS (the runtime never tells the function): it finishes and is cached', async () => {
    const controller = new AbortController();
    const response = await get(streamPath('sim.hang'), stack.token('leaver'), {
      signal: controller.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await expect.poll(() => stack.simulator.stats.active, { timeout: 10_000 }).toBeGreaterThan(0);
    const disconnectsBefore = stack.emulator.stats.clientDisconnects;
    const abortedBefore = stack.simulator.stats.aborted;
    controller.abort();
    await expect
      .poll(() => stack.emulator.stats.clientDisconnects, { timeout: 10_000 })
      .toBe(disconnectsBefore + 1);
    expect(stack.simulator.stats.aborted).toBe(abortedBefore);
    await expect
      .poll(
        async () =>
          (
            (await (
              await get('/api/certification/check/sim.hang', stack.token('leaver'))
            ).json()) as { cached: boolean }
          ).cached,
        { timeout: 20_000 },
      )
      .toBe(true);
  });

  it('a client that leaves mid-stream and comes back gets the certification, with one terminal event', async () => {
    // Coming back works whatever happened meanwhile: the reconnect joins the run still in flight,
    // takes over a run that ended without a result, or reads the cached result.
    // DeepSeek-R1 has no tool use: a run that completes as failed.
    const model = 'us.deepseek.r1-v1:0';
    const controller = new AbortController();
    const response = await get(streamPath(model), stack.token('leaver'), {
      signal: controller.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();

    const events = eventsOf(await readFrames(await get(streamPath(model), stack.token('leaver'))));
    expect(events.at(-1)).toMatchObject({
      type: 'complete',
      certification: { modelId: model, status: 'failed' },
    });
    expect(events.filter((event) => event.type !== 'progress')).toHaveLength(1);
  });
});

describe('store outage', () => {
  it('answers 503 STORE_UNAVAILABLE while DynamoDB is down and recovers without a restart', async () => {
    await stack.dynamo.stop();
    try {
      const response = await get(streamPath(CLAUDE), stack.token('outage'));
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'STORE_UNAVAILABLE',
      );
    } finally {
      await stack.dynamo.start();
    }
    const response = await get('/api/certification/models', stack.token('outage'));
    expect(response.status).toBe(200);
  });
});
