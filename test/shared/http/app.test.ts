import { describe, expect, it } from 'vitest';
import {
  RateLimitedError,
  StoreUnavailableError,
  UnauthorizedError,
} from '../../../shared/errors.js';
import type { TokenVerifier } from '../../../shared/auth/token-verifier.js';
import type { RateLimiterPort, RunCertification } from '../../../shared/service/ports.js';
import type { CertificationEvent, ErrorBody, HistoryResponse } from '../../../shared/types.js';
import { anyString } from '../../support/matchers.js';
import {
  MemoryCache,
  MemoryHistory,
  MemoryTickets,
  sampleCertification,
  UnlimitedRateLimiter,
} from '../../support/in-memory-ports.js';
import {
  instantRun,
  memoryApp,
  memoryService,
  recordingLogger,
} from '../../support/memory-service.js';

const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const BASE = 'https://example.lambda-url.us-east-1.on.aws';

const verifier: TokenVerifier = {
  verify: (header) => {
    if (header === 'Bearer good') return Promise.resolve({ sub: 'alice' });
    if (header === 'Bearer bob') return Promise.resolve({ sub: 'bob' });
    return Promise.reject(new UnauthorizedError());
  },
};

function build(
  options: { rateLimiter?: RateLimiterPort; cache?: MemoryCache; run?: RunCertification } = {},
) {
  const runs: string[] = [];
  const tickets = new MemoryTickets();
  const { logger, logs } = recordingLogger();
  const cache = options.cache ?? new MemoryCache();
  const rateLimiter = options.rateLimiter ?? new UnlimitedRateLimiter();
  const history = new MemoryHistory();
  const service = memoryService({
    cache,
    history,
    rateLimiter,
    tickets,
    runCertification: options.run ?? instantRun(runs),
  });
  const app = memoryApp(service, { cache, verifier, logger });
  const call = (path: string, init: RequestInit = {}) =>
    app(new Request(`${BASE}${path}`, init), { requestId: 'req-1' });
  return {
    call,
    runs,
    logs,
    cache,
    rateLimiter: rateLimiter as UnlimitedRateLimiter,
    tickets,
    history,
  };
}

const auth = { authorization: 'Bearer good' };
const STREAM = `/api/certification/certify-model/${MODEL}/stream`;
const json = (body: unknown) => ({
  method: 'POST',
  headers: { ...auth, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** The events of an SSE body, each frame required to be exactly one data line. */
async function events(response: Response): Promise<CertificationEvent[]> {
  const frames = (await response.text())
    .split('\n\n')
    .filter((frame) => frame !== '' && !frame.startsWith(':'));
  for (const frame of frames) expect(frame).toMatch(/^data: \{[^\n]*\}$/);
  return frames.map((frame) => JSON.parse(frame.slice(6)) as CertificationEvent);
}

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
      [
        '/api/certification/certify-model',
        {
          method: 'POST',
          body: JSON.stringify({ modelId: MODEL }),
          headers: { 'content-type': 'application/json' },
        },
      ],
      [`/api/certification/check/${MODEL}`, {}],
      ['/api/certification/models', {}],
      [`/api/certification/history/${MODEL}`, {}],
      ['/api/certification/catalog', {}],
      [
        '/api/certification/stream-tickets',
        {
          method: 'POST',
          body: JSON.stringify({ modelId: MODEL }),
          headers: { 'content-type': 'application/json' },
        },
      ],
    ] as const) {
      const response = await call(path, init);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.json()).toEqual({
        error: { code: 'UNAUTHORIZED', message: 'A valid bearer token is required.' },
      });
    }
    expect(runs).toEqual([]);
    expect(rateLimiter.consumed).toEqual([]);
  });

  it('streams the seed sequence for a fresh certification', async () => {
    const { call } = build();
    const response = await call(`/api/certification/certify-model/${MODEL}/stream`, {
      headers: auth,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const events = (await response.text())
      .split('\n\n')
      .filter((f) => f.includes('data: '))
      .map((f): unknown => JSON.parse(f.split('data: ')[1] as string));
    expect(events[0]).toEqual({
      type: 'progress',
      current: 0,
      total: 6,
      message: 'Starting 6 certification tests',
    });
    expect(events.at(-1)).toMatchObject({ type: 'complete', certification: { modelId: MODEL } });
  });

  it('answers a cached model with one complete event and still counts the request', async () => {
    const cache = new MemoryCache();
    await cache.put(sampleCertification());
    const { call, runs, rateLimiter } = build({ cache });
    const text = await (
      await call(`/api/certification/certify-model/${MODEL}/stream`, { headers: auth })
    ).text();
    const frames = text.split('\n\n').filter((f) => f.includes('data: '));
    expect(frames).toHaveLength(1);
    expect(JSON.parse(frames[0]?.split('data: ')[1] as string)).toMatchObject({
      type: 'complete',
      certification: { cached: true },
    });
    expect(runs).toEqual([]);
    expect(rateLimiter.consumed).toEqual(['alice']);
  });

  it('POST certifies and check/models read the cache', async () => {
    const { call } = build();
    expect(
      await (await call(`/api/certification/check/${MODEL}`, { headers: auth })).json(),
    ).toEqual({ cached: false });
    const post = await call('/api/certification/certify-model', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ modelId: MODEL }),
    });
    expect(post.status).toBe(200);
    expect(await post.json()).toMatchObject({ certification: { modelId: MODEL, cached: false } });
    expect(
      await (await call(`/api/certification/check/${MODEL}`, { headers: auth })).json(),
    ).toMatchObject({ cached: true, certification: { modelId: MODEL } });
    expect(await (await call('/api/certification/models', { headers: auth })).json()).toEqual({
      certifications: [expect.objectContaining({ modelId: MODEL })],
      nextCursor: null,
    });
  });

  it.each([
    [{ 'content-type': 'application/json' }, '{"modelId":', 400, 'INVALID_JSON'],
    [{ 'content-type': 'application/json' }, '[]', 400, 'INVALID_REQUEST'],
    [{ 'content-type': 'application/json' }, '{}', 400, 'MISSING_MODEL_ID'],
    [{ 'content-type': 'application/json' }, '{"modelId":42}', 400, 'INVALID_MODEL_ID'],
    [{ 'content-type': 'application/json' }, '{"modelId":"../../etc"}', 400, 'INVALID_MODEL_ID'],
    [
      { 'content-type': 'application/json' },
      '{"modelId":"arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdefabcdef"}',
      400,
      'UNSUPPORTED_MODEL_ID',
    ],
    [{ 'content-type': 'text/plain' }, `{"modelId":"${MODEL}"}`, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [
      { 'content-type': 'application/json' },
      JSON.stringify({ modelId: MODEL, pad: 'x'.repeat(5000) }),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
  ])(
    'POST with a bad body (%j %s) answers %i %s and runs nothing',
    async (headers, body, status, code) => {
      const { call, runs, rateLimiter } = build();
      const response = await call('/api/certification/certify-model', {
        method: 'POST',
        headers: { ...auth, ...headers },
        body,
      });
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
      expect(runs).toEqual([]);
      expect(rateLimiter.consumed).toEqual([]);
    },
  );

  it('answers 429 with Retry-After when the limiter refuses', async () => {
    const { call } = build({
      rateLimiter: {
        consume: () => Promise.reject(new RateLimitedError(42, 10, 60)),
      },
    });
    const response = await call(`/api/certification/certify-model/${MODEL}/stream`, {
      headers: auth,
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('42');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'RATE_LIMITED',
    );
  });

  it('answers 503 when the store is down, before any stream starts', async () => {
    const { call, runs } = build({
      rateLimiter: {
        consume: () => Promise.reject(new StoreUnavailableError()),
      },
    });
    const response = await call(`/api/certification/certify-model/${MODEL}/stream`, {
      headers: auth,
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'STORE_UNAVAILABLE',
    );
    expect(runs).toEqual([]);
  });

  it('answers a store failure only after the admission it raced has settled', async () => {
    // The cache read fails at once while the rate-limit call is still in flight; answering then
    // would leave that call behind to fail the same user's next request.
    const cache = new MemoryCache();
    let cacheFailed!: () => void;
    const cacheRead = new Promise<void>((resolve) => (cacheFailed = resolve));
    cache.get = () => {
      cacheFailed();
      return Promise.reject(new StoreUnavailableError());
    };
    // The rate-limit call settles only when the test says so.
    let settleAdmission!: () => void;
    const { call } = build({
      cache,
      rateLimiter: { consume: () => new Promise<void>((resolve) => (settleAdmission = resolve)) },
    });
    let answered = false;
    const response = call(`/api/certification/certify-model/${MODEL}/stream`, {
      headers: auth,
    }).finally(() => (answered = true));
    await cacheRead;
    // Everything but the rate-limit call has run by the next turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    settleAdmission();
    expect((await response).status).toBe(503);
  });

  it('hides an unexpected error behind the request id and logs the cause', async () => {
    const cache = new MemoryCache();
    cache.page = () =>
      Promise.reject(new TypeError('secret internal detail at /var/task/index.js:1'));
    const { call, logs } = build({ cache });
    const response = await call('/api/certification/models', { headers: auth });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('secret');
    expect(JSON.parse(text)).toEqual({
      error: {
        code: 'INTERNAL_ERROR',
        message: 'Internal error; reference request id req-1.',
        requestId: 'req-1',
      },
    });
    expect(logs.find((l) => l.level === 'error')?.fields).toMatchObject({
      requestId: 'req-1',
      sub: 'alice',
    });
  });

  it('ends a stream whose run fails unexpectedly with one error event carrying only the request id', async () => {
    const { call } = build({
      run: () => Promise.reject(new Error('engine bug with internals')),
    });
    const text = await (
      await call(`/api/certification/certify-model/${MODEL}/stream`, { headers: auth })
    ).text();
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
    expect(await missing.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'No such route.' },
    });
    const wrong = await call('/api/certification/models', { method: 'POST' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });
});

describe('re-certify on demand (fresh)', () => {
  it('POST {"fresh": true} and ?fresh=true skip the cache, and still count against the limit', async () => {
    const cache = new MemoryCache();
    await cache.put(sampleCertification());
    const { call, runs, rateLimiter } = build({ cache });

    const post = await call(
      '/api/certification/certify-model',
      json({ modelId: MODEL, fresh: true }),
    );
    expect(await post.json()).toMatchObject({ certification: { cached: false } });
    const streamed = await events(await call(`${STREAM}?fresh=true`, { headers: auth }));
    expect(streamed[0]).toEqual({
      type: 'progress',
      current: 0,
      total: 6,
      message: 'Starting 6 certification tests',
    });
    expect(streamed.at(-1)).toMatchObject({ type: 'complete', certification: { cached: false } });
    expect(runs).toEqual([MODEL, MODEL]);

    // fresh: false and no parameter read the cache as before.
    expect(
      await (
        await call('/api/certification/certify-model', json({ modelId: MODEL, fresh: false }))
      ).json(),
    ).toMatchObject({ certification: { cached: true } });
    expect(await events(await call(`${STREAM}?fresh=false`, { headers: auth }))).toMatchObject([
      { type: 'complete', certification: { cached: true } },
    ]);
    expect(runs).toHaveLength(2);
    expect(rateLimiter.consumed).toEqual(['alice', 'alice', 'alice', 'alice']);
  });

  it.each(['?fresh=yes', '?fresh=1', '?fresh=', '?fresh=TRUE', '?fresh=true&fresh=false'])(
    'stream%s is a 400 INVALID_REQUEST, before anything is spent',
    async (query) => {
      const { call, runs, rateLimiter } = build();
      const response = await call(`${STREAM}${query}`, { headers: auth });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: { code: 'INVALID_REQUEST', message: 'fresh must be true or false.' },
      });
      expect(runs).toEqual([]);
      expect(rateLimiter.consumed).toEqual([]);
    },
  );

  it.each([['"true"'], ['1'], ['null'], ['{}']])(
    'POST with "fresh": %s is a 400 INVALID_REQUEST',
    async (value) => {
      const { call, runs } = build();
      const response = await call('/api/certification/certify-model', {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: `{"modelId":"${MODEL}","fresh":${value}}`,
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'INVALID_REQUEST',
      );
      expect(runs).toEqual([]);
    },
  );
});

describe('stream tickets', () => {
  async function issue(call: ReturnType<typeof build>['call'], body: unknown = { modelId: MODEL }) {
    const response = await call('/api/certification/stream-tickets', json(body));
    expect(response.status).toBe(201);
    return (await response.json()) as { ticket: string; expiresAt: string; streamUrl: string };
  }

  it('issues 201 {ticket, expiresAt, streamUrl}, never cached, counted against the limit', async () => {
    const { call, rateLimiter } = build();
    const response = await call(
      '/api/certification/stream-tickets',
      json({ modelId: MODEL, fresh: false }),
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as {
      ticket: string;
      expiresAt: string;
      streamUrl: string;
    };
    expect(Object.keys(body).sort()).toEqual(['expiresAt', 'streamUrl', 'ticket']);
    expect(body.streamUrl).toBe(
      `/api/certification/certify-model/${encodeURIComponent(MODEL)}/stream?ticket=${body.ticket}`,
    );
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(55_000);
    expect(Date.parse(body.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
    expect(rateLimiter.consumed).toEqual(['alice']);
    // A fresh ticket's URL says so (the ticket is bound to it).
    expect((await issue(call, { modelId: MODEL, fresh: true })).streamUrl).toMatch(
      /\?ticket=[^&]+&fresh=true$/,
    );
  });

  it('the stream accepts the ticket instead of the header, once; the run is not counted a second time', async () => {
    const { call, runs, rateLimiter } = build();
    const { streamUrl } = await issue(call);
    const streamed = await events(await call(streamUrl));
    expect(streamed).toHaveLength(2);
    expect(streamed.at(-1)).toMatchObject({ type: 'complete', certification: { modelId: MODEL } });
    expect(runs).toEqual([MODEL]);
    expect(rateLimiter.consumed).toEqual(['alice']);

    const reused = await call(streamUrl);
    expect(reused.status).toBe(401);
    expect(reused.headers.get('www-authenticate')).toBe('Bearer');
    expect(reused.headers.get('content-type')).toContain('application/json');
    expect(runs).toEqual([MODEL]);
  });

  it.each([
    [
      'another model',
      (url: string) => url.replace(encodeURIComponent(MODEL), 'amazon.nova-lite-v1:0'),
    ],
    ['fresh added', (url: string) => `${url}&fresh=true`],
    ['a forged ticket', (url: string) => url.replace(/ticket=[^&]+/, 'ticket=forged')],
    ['an empty ticket', (url: string) => url.replace(/ticket=[^&]+/, 'ticket=')],
    ['two tickets', (url: string) => `${url}&ticket=other`],
  ])(
    'a ticket used for %s is a 401 with WWW-Authenticate, and runs nothing',
    async (_label, change) => {
      const { call, runs } = build();
      const { streamUrl } = await issue(call);
      const response = await call(change(streamUrl));
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'UNAUTHORIZED',
      );
      expect(runs).toEqual([]);
    },
  );

  it("with a bearer token too, the ticket must be the caller's own: a foreign ticket is a 401 and stays usable", async () => {
    const { call, runs } = build();
    const { streamUrl } = await issue(call);
    const foreign = await call(streamUrl, { headers: { authorization: 'Bearer bob' } });
    expect(foreign.status).toBe(401);
    const own = await call(streamUrl, { headers: auth });
    expect(own.status).toBe(200);
    expect((await events(own)).at(-1)).toMatchObject({ type: 'complete' });
    expect(runs).toEqual([MODEL]);
  });

  it('never takes the access token from the URL', async () => {
    const { call, runs } = build();
    for (const query of [
      '?access_token=good',
      '?token=good',
      '?authorization=Bearer%20good',
      '?ticket=Bearer%20good',
    ]) {
      const response = await call(`${STREAM}${query}`);
      expect(response.status).toBe(401);
    }
    expect(runs).toEqual([]);
  });

  it('refuses a bad ticket request with the JSON errors of the certify route', async () => {
    const { call, tickets } = build();
    const missing = await call('/api/certification/stream-tickets', json({}));
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe(
      'MISSING_MODEL_ID',
    );
    const badFresh = await call(
      '/api/certification/stream-tickets',
      json({ modelId: MODEL, fresh: 'no' }),
    );
    expect(((await badFresh.json()) as { error: { code: string } }).error.code).toBe(
      'INVALID_REQUEST',
    );
    expect((await call('/api/certification/stream-tickets', { headers: auth })).status).toBe(405);
    expect(tickets.items.size).toBe(0);
  });

  it('does not log the ticket', async () => {
    const { call, logs } = build();
    const { ticket, streamUrl } = await issue(call);
    await (await call(streamUrl)).text();
    expect(logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(logs)).not.toContain(ticket);
  });
});

describe('reconnects', () => {
  it('ignores Last-Event-ID: a reconnect is an ordinary request (events carry no id)', async () => {
    const { call, runs, rateLimiter } = build();
    const streamed = await events(
      await call(STREAM, { headers: { ...auth, 'last-event-id': '7' } }),
    );
    expect(streamed).toHaveLength(2);
    expect(streamed[0]).toMatchObject({ message: 'Starting 6 certification tests' });
    expect(runs).toEqual([MODEL]);
    expect(rateLimiter.consumed).toEqual(['alice']);
  });
});

describe('history', () => {
  it('answers {modelId, runs} newest first, each run as the history records it; not rate limited', async () => {
    const { call, rateLimiter } = build();
    for (let i = 0; i < 3; i++) {
      expect(
        (await call('/api/certification/certify-model', json({ modelId: MODEL, fresh: true })))
          .status,
      ).toBe(200);
    }
    const consumed = rateLimiter.consumed.length;
    const response = await call(`/api/certification/history/${MODEL}`, { headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as HistoryResponse;
    expect(body.modelId).toBe(MODEL);
    expect(body.runs).toHaveLength(3);
    expect(body.runs.map((run) => run.certifiedAt)).toEqual(
      [...body.runs.map((run) => run.certifiedAt)].sort().reverse(),
    );
    expect(body.runs[0]).toEqual({
      certifiedAt: anyString(),
      suite: 'core',
      status: 'certified',
      testsPassed: 6,
      testsFailed: 0,
      capabilities: sampleCertification().capabilities,
      ttftMs: 210,
      estimatedCostUsd: 0.0018,
      trigger: 'request',
      changed: false,
    });
    expect(
      (await (
        await call(`/api/certification/history/${MODEL}?limit=2`, { headers: auth })
      ).json()) as HistoryResponse,
    ).toMatchObject({
      runs: [
        { certifiedAt: body.runs[0]?.certifiedAt },
        { certifiedAt: body.runs[1]?.certifiedAt },
      ],
    });
    expect(rateLimiter.consumed).toHaveLength(consumed);
  });

  it('answers an empty list for a model never certified, and decodes an encoded ARN as the other routes do', async () => {
    const { call } = build();
    const arn =
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0';
    const response = await call(`/api/certification/history/${encodeURIComponent(arn)}`, {
      headers: auth,
    });
    expect(await response.json()).toEqual({ modelId: arn, runs: [] });
  });

  it('refuses a bad model id with the 400 of the other routes, before authentication', async () => {
    const { call } = build();
    const bad = await call('/api/certification/history/not%20a%20model', {});
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.code).toBe('INVALID_MODEL_ID');
    const provisioned = await call(
      `/api/certification/history/${encodeURIComponent('arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdefabcdef')}`,
      { headers: auth },
    );
    expect(provisioned.status).toBe(400);
    expect(((await provisioned.json()) as ErrorBody).error.code).toBe('UNSUPPORTED_MODEL_ID');
  });

  it('takes limit from 1 to 100 (default 20) and refuses anything else with 400 INVALID_REQUEST', async () => {
    const { call } = build();
    for (const limit of ['1', '20', '100'])
      expect(
        (await call(`/api/certification/history/${MODEL}?limit=${limit}`, { headers: auth }))
          .status,
      ).toBe(200);
    for (const query of [
      'limit=0',
      'limit=101',
      'limit=-1',
      'limit=1.5',
      'limit=abc',
      'limit=',
      'limit=1e2',
      'limit=007',
      'limit=%2010',
      'limit=5&limit=6',
    ]) {
      const response = await call(`/api/certification/history/${MODEL}?${query}`, {
        headers: auth,
      });
      expect(response.status, query).toBe(400);
      expect(await response.json(), query).toEqual({
        error: { code: 'INVALID_REQUEST', message: 'limit must be a whole number from 1 to 100.' },
      });
    }
  });

  it('asks the store for the default 20 runs unless told otherwise', async () => {
    const { call, history } = build();
    const limits: number[] = [];
    const list = history.list.bind(history);
    history.list = (region, modelId, limit) => (limits.push(limit), list(region, modelId, limit));
    await call(`/api/certification/history/${MODEL}`, { headers: auth });
    await call(`/api/certification/history/${MODEL}?limit=7`, { headers: auth });
    expect(limits).toEqual([20, 7]);
  });
});
