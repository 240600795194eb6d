import { describe, expect, it } from 'vitest';
import { RateLimitedError, StoreUnavailableError, UnauthorizedError } from '../../../shared/errors.js';
import type { TokenVerifier } from '../../../shared/auth/token-verifier.js';
import { createApp } from '../../../shared/http/app.js';
import { CertificationService } from '../../../shared/service/certification-service.js';
import type { RateLimiterPort, RunCertification } from '../../../shared/service/ports.js';
import { MemoryCache, MemoryLock, MemoryUsage, sampleCertification, UnlimitedRateLimiter } from '../../support/in-memory-ports.js';

const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const BASE = 'https://example.lambda-url.us-east-1.on.aws';

const verifier: TokenVerifier = {
  verify: (header) => (header === 'Bearer good' ? Promise.resolve({ sub: 'alice' }) : Promise.reject(new UnauthorizedError())),
};

function build(options: { rateLimiter?: RateLimiterPort; cache?: MemoryCache; run?: RunCertification } = {}) {
  const runs: string[] = [];
  const logs: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const log = (level: string) => (message: string, fields: object = {}) => void logs.push({ level, message, fields: fields as Record<string, unknown> });
  const cache = options.cache ?? new MemoryCache();
  const rateLimiter = options.rateLimiter ?? new UnlimitedRateLimiter();
  const service = new CertificationService({
    region: 'us-east-1',
    cache,
    lock: new MemoryLock(),
    usage: new MemoryUsage(),
    rateLimiter,
    certificationDeadlineMs: 60_000,
    runCertification:
      options.run ??
      ((modelId, { onProgress }) => {
        runs.push(modelId);
        onProgress({ type: 'progress', current: 0, total: 6, message: 'Starting 6 certification tests' });
        return Promise.resolve(sampleCertification({ modelId }));
      }),
  });
  const app = createApp({
    service,
    verifier,
    keepAliveIntervalMs: 15_000,
    page: () => ({ html: '<!doctype html><title>t</title>', contentSecurityPolicy: "default-src 'none'" }),
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
  });
  const call = (path: string, init: RequestInit = {}) => app(new Request(`${BASE}${path}`, init), { requestId: 'req-1' });
  return { call, runs, logs, cache, rateLimiter };
}

const auth = { authorization: 'Bearer good' };

describe('createApp', () => {
  it('serves health and the page without a token', async () => {
    const { call } = build();
    const health = await call('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const page = await call('/');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'");
  });

  it('answers 401 with WWW-Authenticate before anything else, on every protected route', async () => {
    const { call, runs, rateLimiter } = build();
    for (const [path, init] of [
      [`/api/certification/certify-model/${MODEL}/stream`, {}],
      ['/api/certification/certify-model', { method: 'POST', body: JSON.stringify({ modelId: MODEL }), headers: { 'content-type': 'application/json' } }],
      [`/api/certification/check/${MODEL}`, {}],
      ['/api/certification/models', {}],
    ] as const) {
      const response = await call(path, init);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: 'A valid bearer token is required.' } });
    }
    expect(runs).toEqual([]);
    expect((rateLimiter as UnlimitedRateLimiter).consumed).toEqual([]);
  });

  it('streams the seed sequence for a fresh certification', async () => {
    const { call } = build();
    const response = await call(`/api/certification/certify-model/${MODEL}/stream`, { headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const events = (await response.text())
      .split('\n\n')
      .filter((f) => f.includes('data: '))
      .map((f): unknown => JSON.parse(f.split('data: ')[1] as string));
    expect(events[0]).toEqual({ type: 'progress', current: 0, total: 6, message: 'Starting 6 certification tests' });
    expect(events.at(-1)).toMatchObject({ type: 'complete', certification: { modelId: MODEL } });
  });

  it('answers a cached model with one complete event and still counts the request', async () => {
    const cache = new MemoryCache();
    await cache.put(sampleCertification());
    const { call, runs, rateLimiter } = build({ cache });
    const text = await (await call(`/api/certification/certify-model/${MODEL}/stream`, { headers: auth })).text();
    const frames = text.split('\n\n').filter((f) => f.includes('data: '));
    expect(frames).toHaveLength(1);
    expect(JSON.parse(frames[0]?.split('data: ')[1] as string)).toMatchObject({ type: 'complete', certification: { cached: true } });
    expect(runs).toEqual([]);
    expect((rateLimiter as UnlimitedRateLimiter).consumed).toEqual(['alice']);
  });

  it('POST certifies and check/models read the cache', async () => {
    const { call } = build();
    expect(await (await call(`/api/certification/check/${MODEL}`, { headers: auth })).json()).toEqual({ cached: false });
    const post = await call('/api/certification/certify-model', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ modelId: MODEL }),
    });
    expect(post.status).toBe(200);
    expect(await post.json()).toMatchObject({ certification: { modelId: MODEL, cached: false } });
    expect(await (await call(`/api/certification/check/${MODEL}`, { headers: auth })).json()).toMatchObject({ cached: true, certification: { modelId: MODEL } });
    expect(await (await call('/api/certification/models', { headers: auth })).json()).toMatchObject({ certifications: [{ modelId: MODEL }] });
  });

  it.each([
    [{ 'content-type': 'application/json' }, '{"modelId":', 400, 'INVALID_JSON'],
    [{ 'content-type': 'application/json' }, '[]', 400, 'INVALID_REQUEST'],
    [{ 'content-type': 'application/json' }, '{}', 400, 'MISSING_MODEL_ID'],
    [{ 'content-type': 'application/json' }, '{"modelId":42}', 400, 'INVALID_MODEL_ID'],
    [{ 'content-type': 'application/json' }, '{"modelId":"../../etc"}', 400, 'INVALID_MODEL_ID'],
    [{ 'content-type': 'application/json' }, '{"modelId":"arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdefabcdef"}', 400, 'UNSUPPORTED_MODEL_ID'],
    [{ 'content-type': 'text/plain' }, `{"modelId":"${MODEL}"}`, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [{ 'content-type': 'application/json' }, JSON.stringify({ modelId: MODEL, pad: 'x'.repeat(5000) }), 413, 'PAYLOAD_TOO_LARGE'],
  ])('POST with a bad body (%j %s) answers %i %s and runs nothing', async (headers, body, status, code) => {
    const { call, runs, rateLimiter } = build();
    const response = await call('/api/certification/certify-model', { method: 'POST', headers: { ...auth, ...headers }, body });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    expect(runs).toEqual([]);
    expect((rateLimiter as UnlimitedRateLimiter).consumed).toEqual([]);
  });

  it('answers 429 with Retry-After when the limiter refuses', async () => {
    const { call } = build({
      rateLimiter: {
        consume: () => Promise.reject(new RateLimitedError(42, 10, 60)),
      },
    });
    const response = await call(`/api/certification/certify-model/${MODEL}/stream`, { headers: auth });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('42');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
  });

  it('answers 503 when the store is down, before any stream starts', async () => {
    const { call, runs } = build({
      rateLimiter: {
        consume: () => Promise.reject(new StoreUnavailableError()),
      },
    });
    const response = await call(`/api/certification/certify-model/${MODEL}/stream`, { headers: auth });
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('STORE_UNAVAILABLE');
    expect(runs).toEqual([]);
  });

  it('answers a store failure only after the admission it raced has settled', async () => {
    // The cache read fails at once while the rate-limit call is still in flight; answering then
    // would leave that call behind to fail the same user's next request.
    const cache = new MemoryCache();
    cache.get = () => Promise.reject(new StoreUnavailableError());
    let admissionSettled = false;
    const { call } = build({
      cache,
      rateLimiter: {
        consume: async () => {
          await new Promise((resolve) => setTimeout(resolve, 30));
          admissionSettled = true;
        },
      },
    });
    const response = await call(`/api/certification/certify-model/${MODEL}/stream`, { headers: auth });
    expect(response.status).toBe(503);
    expect(admissionSettled).toBe(true);
  });

  it('hides an unexpected error behind the request id and logs the cause', async () => {
    const cache = new MemoryCache();
    cache.list = () => Promise.reject(new TypeError('secret internal detail at /var/task/index.js:1'));
    const { call, logs } = build({ cache });
    const response = await call('/api/certification/models', { headers: auth });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('secret');
    expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL_ERROR', message: 'Internal error; reference request id req-1.', requestId: 'req-1' } });
    expect(logs.find((l) => l.level === 'error')?.fields).toMatchObject({ requestId: 'req-1', sub: 'alice' });
  });

  it('ends a stream whose run fails unexpectedly with one error event carrying only the request id', async () => {
    const { call } = build({
      run: () => Promise.reject(new Error('engine bug with internals')),
    });
    const text = await (await call(`/api/certification/certify-model/${MODEL}/stream`, { headers: auth })).text();
    expect(text).not.toContain('internals');
    const frames = text.split('\n\n').filter((f) => f.includes('data: '));
    expect(frames).toHaveLength(1);
    expect(JSON.parse(frames[0]?.split('data: ')[1] as string)).toEqual({
      type: 'error',
      code: 'INTERNAL_ERROR',
      message: 'Internal error; reference request id req-1.',
    });
  });

  it('answers unknown paths with 404 and wrong methods with 405, as JSON', async () => {
    const { call } = build();
    const missing = await call('/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No such route.' } });
    const wrong = await call('/api/certification/models', { method: 'POST' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });
});
