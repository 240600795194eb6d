import { describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  CertificationClientError,
  certifyModel,
  certifyModelOnce,
  checkCertification,
  createStreamTicket,
  IncompleteStreamError,
  iterateCertifications,
  listCertifications,
  listCertificationsPage,
  NetworkError,
  ProtocolError,
  RateLimitedApiError,
  StreamErrorEventError,
  UnauthorizedApiError,
  type EventSourceLike,
} from '../../client/index.js';
import { CertificationServiceError } from '../../shared/errors.js';
import { formatSseMessage } from '../../shared/sse.js';
import type { ProgressEvent } from '../../shared/types.js';
import {
  chunkedBody,
  controlledBody,
  errorResponse,
  eventStreamResponse,
  fakeFetch,
  fullRunEvents,
  sampleCertification,
} from './fake-service.js';

const encoder = new TextEncoder();
const BASE_URL = 'https://abc.lambda-url.us-east-1.on.aws/';
const MODEL_ID = 'anthropic.claude-3-5-sonnet-20241022-v2:0';

function streamOf(events = fullRunEvents()): Response {
  return eventStreamResponse(
    chunkedBody([
      encoder.encode(
        events.map((event) => formatSseMessage({ data: JSON.stringify(event) })).join(''),
      ),
    ]),
  );
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

describe('certifyModel requests', () => {
  it('streams from the certify route with the bearer token and an encoded model id', async () => {
    const arn =
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0';
    const fetch = fakeFetch(() => streamOf());

    await certifyModel(arn, { baseUrl: BASE_URL, token: 'tok-123', fetch });

    expect(fetch.requests).toHaveLength(1);
    const [request] = fetch.requests;
    expect(request?.method).toBe('GET');
    expect(request?.url).toBe(
      'https://abc.lambda-url.us-east-1.on.aws/api/certification/certify-model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-5-sonnet-20241022-v2%3A0/stream',
    );
    expect(request?.headers.get('authorization')).toBe('Bearer tok-123');
    expect(request?.headers.get('accept')).toBe('text/event-stream');
  });

  it('with checkCacheFirst returns a cached result without opening a stream', async () => {
    const cached = sampleCertification({ cached: true });
    const fetch = fakeFetch(() => json({ cached: true, certification: cached }));
    const progress: ProgressEvent[] = [];

    const result = await certifyModel(MODEL_ID, {
      baseUrl: BASE_URL,
      token: 't',
      fetch,
      checkCacheFirst: true,
      onProgress: (e) => progress.push(e),
    });

    expect(result).toEqual(cached);
    expect(fetch.requests.map((request) => new URL(request.url).pathname)).toEqual([
      `/api/certification/check/${encodeURIComponent(MODEL_ID)}`,
    ]);
    expect(progress).toEqual([]);
  });

  it('with checkCacheFirst certifies with progress when nothing is cached', async () => {
    const fetch = fakeFetch((request) =>
      request.url.includes('/check/') ? json({ cached: false }) : streamOf(),
    );
    const progress: ProgressEvent[] = [];

    const result = await certifyModel(MODEL_ID, {
      baseUrl: BASE_URL,
      token: 't',
      fetch,
      checkCacheFirst: true,
      onProgress: (e) => progress.push(e),
    });

    expect(result.status).toBe('certified');
    expect(fetch.requests.map((request) => request.url.split('/').at(-1))).toEqual([
      encodeURIComponent(MODEL_ID),
      'stream',
    ]);
    expect(progress).toHaveLength(13);
  });

  it('rejects a 200 that is not an event stream', async () => {
    const fetch = fakeFetch(
      () =>
        new Response('<html>login</html>', {
          status: 200,
          headers: { 'content-type': 'text/html' },
        }),
    );

    await expect(
      certifyModel(MODEL_ID, { baseUrl: BASE_URL, token: 't', fetch }),
    ).rejects.toBeInstanceOf(ProtocolError);
  });
});

describe('typed errors for non-2xx answers', () => {
  it('401 becomes UnauthorizedApiError with the server code and message', async () => {
    const fetch = fakeFetch(() =>
      errorResponse(401, 'UNAUTHORIZED', 'A valid bearer token is required.', {
        'www-authenticate': 'Bearer',
      }),
    );

    const outcome = certifyModel(MODEL_ID, { baseUrl: BASE_URL, token: 'bad', fetch });

    await expect(outcome).rejects.toBeInstanceOf(UnauthorizedApiError);
    await expect(outcome).rejects.toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'A valid bearer token is required.',
    });
  });

  it('429 exposes retryAfterSeconds from Retry-After', async () => {
    const fetch = fakeFetch(() =>
      errorResponse(429, 'RATE_LIMITED', 'At most 10 certifications per 60 s; retry after 17 s.', {
        'retry-after': '17',
      }),
    );

    const error = await certifyModel(MODEL_ID, { baseUrl: BASE_URL, token: 't', fetch }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(RateLimitedApiError);
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfterSeconds: 17 });
  });

  it('429 with an HTTP-date Retry-After converts it to seconds', async () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    const fetch = fakeFetch(() =>
      errorResponse(429, 'RATE_LIMITED', 'slow down', { 'retry-after': at }),
    );

    const error = (await certifyModelOnce(MODEL_ID, { baseUrl: BASE_URL, token: 't', fetch }).catch(
      (e: unknown) => e,
    )) as RateLimitedApiError;

    expect(error).toBeInstanceOf(RateLimitedApiError);
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(28);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(31);
  });

  it('429 without Retry-After assumes the whole rate-limit window', async () => {
    const fetch = fakeFetch(() => errorResponse(429, 'RATE_LIMITED', 'slow down'));

    await expect(
      certifyModel(MODEL_ID, { baseUrl: BASE_URL, token: 't', fetch }),
    ).rejects.toMatchObject({ retryAfterSeconds: 60 });
  });

  it('400 keeps the server code (INVALID_MODEL_ID)', async () => {
    const fetch = fakeFetch(() =>
      errorResponse(
        400,
        'INVALID_MODEL_ID',
        'modelId must be a Bedrock model id, inference profile id or ARN.',
      ),
    );

    const outcome = certifyModel('not a model', { baseUrl: BASE_URL, token: 't', fetch });

    await expect(outcome).rejects.toBeInstanceOf(ApiError);
    await expect(outcome).rejects.toMatchObject({ status: 400, code: 'INVALID_MODEL_ID' });
  });

  it('500 carries the request id; 503 carries its Retry-After', async () => {
    const internal = fakeFetch(() =>
      json(
        {
          error: {
            code: 'INTERNAL_ERROR',
            message: 'Internal error; reference request id r-1.',
            requestId: 'r-1',
          },
        },
        500,
      ),
    );
    const unavailable = fakeFetch(() =>
      errorResponse(503, 'STORE_UNAVAILABLE', 'The certification store is unavailable.', {
        'retry-after': '5',
      }),
    );

    await expect(
      listCertifications({ baseUrl: BASE_URL, token: 't', fetch: internal }),
    ).rejects.toMatchObject({ status: 500, code: 'INTERNAL_ERROR', requestId: 'r-1' });
    await expect(
      checkCertification(MODEL_ID, { baseUrl: BASE_URL, token: 't', fetch: unavailable }),
    ).rejects.toMatchObject({
      status: 503,
      code: 'STORE_UNAVAILABLE',
      retryAfterSeconds: 5,
    });
  });

  it('a non-JSON error page from a gateway still becomes an ApiError with an HTTP_ code', async () => {
    const fetch = fakeFetch(
      () =>
        new Response('<html>Bad gateway</html>', {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'content-type': 'text/html' },
        }),
    );

    const outcome = certifyModel(MODEL_ID, { baseUrl: BASE_URL, token: 't', fetch });

    await expect(outcome).rejects.toBeInstanceOf(ApiError);
    await expect(outcome).rejects.toMatchObject({
      status: 502,
      code: 'HTTP_502',
      message: 'The service answered 502 Bad Gateway.',
    });
  });

  it('a failed connection becomes NetworkError, keeping the cause', async () => {
    const cause = new TypeError('fetch failed');
    const fetch = fakeFetch(() => Promise.reject(cause));

    const error = await certifyModel(MODEL_ID, { baseUrl: BASE_URL, token: 't', fetch }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', name: 'NetworkError', cause });
    // The client's own failure, under the client's root: not an error the service threw.
    expect(error).toBeInstanceOf(CertificationClientError);
    expect(error).not.toBeInstanceOf(CertificationServiceError);
  });

  it('a connection that breaks mid-stream becomes NetworkError', async () => {
    const body = controlledBody();
    const pending = certifyModel(MODEL_ID, {
      baseUrl: BASE_URL,
      token: 't',
      fetch: fakeFetch(() => eventStreamResponse(body.stream)),
    });

    body.push(formatSseMessage({ data: JSON.stringify(fullRunEvents()[0]) }));
    body.fail(new TypeError('terminated'));

    await expect(pending).rejects.toBeInstanceOf(NetworkError);
  });
});

describe('cancellation', () => {
  it('an abort while the stream runs rejects with the signal reason and cancels the body', async () => {
    const body = controlledBody();
    const controller = new AbortController();
    const progress: ProgressEvent[] = [];
    const pending = certifyModel(MODEL_ID, {
      baseUrl: BASE_URL,
      token: 't',
      signal: controller.signal,
      fetch: fakeFetch(() => eventStreamResponse(body.stream)),
      onProgress: (event) => {
        progress.push(event);
        // Abort from inside the first progress callback: the stream is open and idle after it.
        if (progress.length === 2) controller.abort();
      },
    });

    body.push(
      fullRunEvents()
        .slice(0, 3)
        .map((event) => formatSseMessage({ data: JSON.stringify(event) }))
        .join(''),
    );

    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    await expect(body.cancelled).resolves.toBe(controller.signal.reason);
  });

  it('an abort with a reason rejects with that reason', async () => {
    const body = controlledBody();
    const controller = new AbortController();
    const reason = new Error('user left');
    const pending = certifyModel(MODEL_ID, {
      baseUrl: BASE_URL,
      token: 't',
      signal: controller.signal,
      fetch: fakeFetch(() => eventStreamResponse(body.stream)),
      onProgress: () => queueMicrotask(() => controller.abort(reason)),
    });

    body.push(formatSseMessage({ data: JSON.stringify(fullRunEvents()[0]) }));

    await expect(pending).rejects.toBe(reason);
    await expect(body.cancelled).resolves.toBe(reason);
  });

  it('an abort that the injected fetch ignores still cancels the response body', async () => {
    const body = controlledBody();
    const controller = new AbortController();
    const fetch = fakeFetch(async () => {
      const response = eventStreamResponse(body.stream);
      // Fires after fetch resolved, before the client starts reading: nothing will ever arrive.
      setTimeout(() => controller.abort(), 0);
      await new Promise((resolve) => setTimeout(resolve, 1));
      return response;
    });

    await expect(
      certifyModel(MODEL_ID, { baseUrl: BASE_URL, token: 't', fetch, signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    await expect(body.cancelled).resolves.toBe(controller.signal.reason);
  });

  it('passes the signal to fetch and does not call it when already aborted', async () => {
    const fetch = fakeFetch(() => streamOf());
    const live = new AbortController();

    await certifyModel(MODEL_ID, { baseUrl: BASE_URL, token: 't', fetch, signal: live.signal });
    await expect(
      certifyModel(MODEL_ID, { baseUrl: BASE_URL, token: 't', fetch, signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ name: 'AbortError' });

    expect(fetch.requests).toHaveLength(1);
    expect(fetch.requests[0]?.signal).toBe(live.signal);
  });

  it('a fetch rejected because of the abort rejects with the reason, not a NetworkError', async () => {
    const controller = new AbortController();
    const fetch = fakeFetch(
      (request) =>
        new Promise<Response>((_, reject) =>
          request.signal?.addEventListener('abort', () =>
            reject(new DOMException('aborted', 'AbortError')),
          ),
        ),
    );
    const pending = certifyModel(MODEL_ID, {
      baseUrl: BASE_URL,
      token: 't',
      fetch,
      signal: controller.signal,
    });

    controller.abort(new DOMException('timed out', 'TimeoutError'));

    await expect(pending).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});

describe('JSON routes', () => {
  it('certifyModelOnce POSTs the model id as JSON', async () => {
    const certification = sampleCertification();
    const fetch = fakeFetch(() => json({ certification }));

    const result = await certifyModelOnce(MODEL_ID, {
      baseUrl: 'http://127.0.0.1:3000',
      token: 't',
      fetch,
    });

    expect(result).toEqual(certification);
    const [request] = fetch.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('http://127.0.0.1:3000/api/certification/certify-model');
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({ modelId: MODEL_ID });
  });

  it('checkCertification and listCertifications return the service answers', async () => {
    const certification = sampleCertification({ cached: true });
    const fetch = fakeFetch((request) =>
      request.url.endsWith('/models')
        ? json({ certifications: [certification] })
        : json({ cached: false }),
    );

    await expect(
      checkCertification(MODEL_ID, { baseUrl: BASE_URL, token: 't', fetch }),
    ).resolves.toEqual({ cached: false });
    await expect(listCertifications({ baseUrl: BASE_URL, token: 't', fetch })).resolves.toEqual([
      certification,
    ]);
    expect(
      fetch.requests.every((request) => request.headers.get('authorization') === 'Bearer t'),
    ).toBe(true);
  });

  it('listCertificationsPage asks one page with limit and cursor; listCertifications follows nextCursor to the end', async () => {
    // Prepare: three pages of two, the cursor naming the page after.
    const all = Array.from({ length: 5 }, (_, i) =>
      sampleCertification({ modelId: `amazon.model-${i}-v1:0`, cached: true }),
    );
    const fetch = fakeFetch((request) => {
      const url = new URL(request.url);
      const start = Number(url.searchParams.get('cursor') ?? '0');
      const limit = Number(url.searchParams.get('limit'));
      const next = start + limit < all.length ? String(start + limit) : null;
      return json({ certifications: all.slice(start, start + limit), nextCursor: next });
    });
    const options = { baseUrl: BASE_URL, token: 't', fetch, limit: 2 };

    // Act + Assess
    await expect(listCertificationsPage({ ...options, cursor: '2' })).resolves.toEqual({
      certifications: all.slice(2, 4),
      nextCursor: '4',
    });
    expect(fetch.requests[0]?.url).toBe(`${BASE_URL}api/certification/models?limit=2&cursor=2`);
    await expect(listCertifications(options)).resolves.toEqual(all);
    expect(fetch.requests.slice(1).map((request) => new URL(request.url).search)).toEqual([
      '?limit=2',
      '?limit=2&cursor=2',
      '?limit=2&cursor=4',
    ]);
  });

  it('iterateCertifications reads a page only when the loop wants more', async () => {
    const fetch = fakeFetch((request) => {
      const cursor = new URL(request.url).searchParams.get('cursor');
      return json({
        certifications: [sampleCertification({ modelId: `amazon.page-${cursor ?? 'first'}-v1:0` })],
        nextCursor: cursor === null ? 'second' : null,
      });
    });
    for await (const certification of iterateCertifications({
      baseUrl: BASE_URL,
      token: 't',
      fetch,
    })) {
      expect(certification.modelId).toBe('amazon.page-first-v1:0');
      break;
    }
    expect(fetch.requests).toHaveLength(1);
    const ids: string[] = [];
    for await (const certification of iterateCertifications({
      baseUrl: BASE_URL,
      token: 't',
      fetch,
    }))
      ids.push(certification.modelId);
    expect(ids).toEqual(['amazon.page-first-v1:0', 'amazon.page-second-v1:0']);
  });

  it('a 200 whose body is not JSON is a ProtocolError', async () => {
    const fetch = fakeFetch(() => new Response('ok', { status: 200 }));

    await expect(
      listCertifications({ baseUrl: BASE_URL, token: 't', fetch }),
    ).rejects.toBeInstanceOf(ProtocolError);
  });
});

describe('fresh', () => {
  it('asks the stream with ?fresh=true and skips checkCacheFirst; certifyModelOnce sends "fresh": true', async () => {
    const fetch = fakeFetch((request) =>
      request.method === 'POST' ? json({ certification: sampleCertification() }) : streamOf(),
    );

    await certifyModel(MODEL_ID, {
      baseUrl: BASE_URL,
      token: 't',
      fetch,
      fresh: true,
      checkCacheFirst: true,
    });
    await certifyModelOnce(MODEL_ID, { baseUrl: BASE_URL, token: 't', fetch, fresh: true });

    expect(fetch.requests.map((request) => new URL(request.url).search)).toEqual([
      '?fresh=true',
      '',
    ]);
    expect(JSON.parse(fetch.requests[1]?.body ?? '')).toEqual({ modelId: MODEL_ID, fresh: true });
  });
});

describe('suite', () => {
  it('sends the full suite on every route, and nothing for the default core suite', async () => {
    const fetch = fakeFetch((request) => {
      const { pathname } = new URL(request.url);
      if (request.method === 'POST' && pathname.endsWith('stream-tickets'))
        return json({ ticket: 't', expiresAt: '', streamUrl: '/s' });
      if (request.method === 'POST') return json({ certification: sampleCertification() });
      if (pathname.includes('/check/')) return json({ cached: false });
      return streamOf();
    });
    const options = { baseUrl: BASE_URL, token: 't', fetch };

    await certifyModel(MODEL_ID, { ...options, suite: 'full', checkCacheFirst: true, fresh: true });
    await certifyModel(MODEL_ID, { ...options, suite: 'full', checkCacheFirst: true });
    await certifyModelOnce(MODEL_ID, { ...options, suite: 'full' });
    await createStreamTicket(MODEL_ID, { ...options, suite: 'full' });
    await checkCertification(MODEL_ID, { ...options, suite: 'core' });
    await certifyModelOnce(MODEL_ID, { ...options, suite: 'core' });

    expect(fetch.requests.map((request) => new URL(request.url).search)).toEqual([
      '?fresh=true&suite=full',
      '?suite=full',
      '?suite=full',
      '',
      '',
      '',
      '',
    ]);
    expect(
      fetch.requests.map((request) =>
        request.body ? (JSON.parse(request.body) as unknown) : null,
      ),
    ).toEqual([
      null,
      null,
      null,
      { modelId: MODEL_ID, suite: 'full' },
      { modelId: MODEL_ID, fresh: false, suite: 'full' },
      null,
      { modelId: MODEL_ID },
    ]);
  });
});

/** An EventSource the test drives: records its URL and whether it was closed. */
class FakeEventSource implements EventSourceLike {
  static instances: FakeEventSource[] = [];
  onmessage: ((event: { data: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  close(): void {
    this.closed = true;
  }
  emit(event: unknown): void {
    this.onmessage?.({ data: JSON.stringify(event) });
  }
  fail(): void {
    this.onerror?.(new Event('error'));
  }
}

describe('transport: eventsource', () => {
  const ticket = {
    ticket: 'T1',
    expiresAt: '2026-11-24T12:01:00.000Z',
    streamUrl: `/api/certification/certify-model/${encodeURIComponent(MODEL_ID)}/stream?ticket=T1`,
  };

  async function opened(
    options: {
      fresh?: boolean;
      signal?: AbortSignal;
      onProgress?: (event: ProgressEvent) => void;
    } = {},
  ) {
    FakeEventSource.instances = [];
    const fetch = fakeFetch(() => json(ticket, 201));
    const pending = certifyModel(MODEL_ID, {
      baseUrl: BASE_URL,
      token: 'tok',
      fetch,
      transport: 'eventsource',
      EventSource: FakeEventSource,
      ...options,
    });
    await expect.poll(() => FakeEventSource.instances.length).toBe(1);
    return { pending, fetch, source: FakeEventSource.instances[0] as FakeEventSource };
  }

  it('gets a ticket with the bearer token, then opens the ticket URL (no token in it) and resolves at complete', async () => {
    const progress: ProgressEvent[] = [];
    const { pending, fetch, source } = await opened({
      fresh: true,
      onProgress: (event) => progress.push(event),
    });
    for (const event of fullRunEvents()) source.emit(event);

    await expect(pending).resolves.toEqual(sampleCertification());
    expect(progress).toHaveLength(13);
    expect(source.closed).toBe(true);
    const [request] = fetch.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(
      'https://abc.lambda-url.us-east-1.on.aws/api/certification/stream-tickets',
    );
    expect(request?.headers.get('authorization')).toBe('Bearer tok');
    expect(JSON.parse(request?.body ?? '')).toEqual({ modelId: MODEL_ID, fresh: true });
    expect(source.url).toBe(`https://abc.lambda-url.us-east-1.on.aws${ticket.streamUrl}`);
    expect(source.url).not.toContain('tok');
  });

  it('an error event rejects with StreamErrorEventError', async () => {
    const { pending, source } = await opened();
    source.emit({ type: 'error', code: 'TIMEOUT', message: 'too slow' });
    await expect(pending).rejects.toBeInstanceOf(StreamErrorEventError);
    expect(source.closed).toBe(true);
  });

  it('closes at the first connection error instead of retrying a used ticket', async () => {
    const never = await opened();
    never.source.fail();
    await expect(never.pending).rejects.toBeInstanceOf(NetworkError);
    expect(never.source.closed).toBe(true);

    const broken = await opened();
    broken.source.emit(fullRunEvents()[0]);
    broken.source.fail();
    await expect(broken.pending).rejects.toBeInstanceOf(IncompleteStreamError);
  });

  it('aborting closes the EventSource and rejects with the reason', async () => {
    const controller = new AbortController();
    const { pending, source } = await opened({ signal: controller.signal });
    controller.abort(new DOMException('cancelled', 'AbortError'));
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(source.closed).toBe(true);
  });

  it('a refused ticket request is the usual typed error; no EventSource is opened', async () => {
    FakeEventSource.instances = [];
    const fetch = fakeFetch(() =>
      errorResponse(429, 'RATE_LIMITED', 'slow down', { 'retry-after': '9' }),
    );
    const outcome = certifyModel(MODEL_ID, {
      baseUrl: BASE_URL,
      token: 't',
      fetch,
      transport: 'eventsource',
      EventSource: FakeEventSource,
    });
    await expect(outcome).rejects.toMatchObject({ retryAfterSeconds: 9 });
    expect(FakeEventSource.instances).toEqual([]);
  });

  it('says what to do where there is no EventSource (Node 20), before spending a ticket', async () => {
    vi.stubGlobal('EventSource', undefined);
    try {
      const fetch = fakeFetch(() => json(ticket, 201));
      await expect(
        certifyModel(MODEL_ID, { baseUrl: BASE_URL, token: 't', fetch, transport: 'eventsource' }),
      ).rejects.toThrow(/pass options.EventSource/);
      expect(fetch.requests).toEqual([]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('createStreamTicket returns the service answer', async () => {
    const fetch = fakeFetch(() => json(ticket, 201));
    await expect(
      createStreamTicket(MODEL_ID, { baseUrl: BASE_URL, token: 't', fetch }),
    ).resolves.toEqual(ticket);
    expect(JSON.parse(fetch.requests[0]?.body ?? '')).toEqual({ modelId: MODEL_ID, fresh: false });
  });
});
