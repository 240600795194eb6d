import type { FetchLike } from '../../client/index.js';
import type {
  BatchEvent,
  BatchRequest,
  BatchSummary,
  Certification,
  CertificationEvent,
  ProgressEvent,
} from '../../shared/types.js';
import { TEST_NAMES } from '../../shared/types.js';
import { sampleCertification } from '../support/certification-fixture.js';

export { sampleCertification };

/** A request the fake fetch received. */
export interface RecordedRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined;
  signal: AbortSignal | undefined;
}

/** A body the test controls chunk by chunk, recording whether the client cancelled it. */
export interface ControlledBody {
  stream: ReadableStream<Uint8Array>;
  /** Resolves with the cancel reason once the client cancels the body. */
  cancelled: Promise<unknown>;
  push(chunk: Uint8Array | string): void;
  close(): void;
  fail(error: unknown): void;
}

const encoder = new TextEncoder();

/** A readable stream whose chunks the test pushes by hand. */
export function controlledBody(): ControlledBody {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let onCancel!: (reason: unknown) => void;
  const cancelled = new Promise<unknown>((resolve) => (onCancel = resolve));
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel(reason) {
      onCancel(reason);
    },
  });
  return {
    stream,
    cancelled,
    push: (chunk) => controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk),
    close: () => controller.close(),
    fail: (error) => controller.error(error),
  };
}

/** A stream that yields exactly `chunks`, in order, one per read, then closes. */
export function chunkedBody(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
  });
}

/** An SSE response as the service sends it. */
export function eventStreamResponse(body: ReadableStream<Uint8Array>): Response {
  return new Response(body, {
    status: 200,
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
  });
}

/** The JSON error answer (docs/api.md). */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** A fake `fetch` answering every request with `respond`, recording what it received. */
export function fakeFetch(
  respond: (request: RecordedRequest) => Response | Promise<Response>,
): FetchLike & { requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetchImpl = async (input: string, init: RequestInit): Promise<Response> => {
    const request: RecordedRequest = {
      url: input,
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : undefined,
      signal: init.signal ?? undefined,
    };
    requests.push(request);
    return respond(request);
  };
  return Object.assign(fetchImpl, { requests });
}

/** The progress events of a full run followed by the terminal `complete` event. */
export function fullRunEvents(
  certification: Certification = sampleCertification(),
): CertificationEvent[] {
  const total = TEST_NAMES.length;
  const events: CertificationEvent[] = [
    { type: 'progress', current: 0, total, message: `Starting ${total} certification tests` },
  ];
  TEST_NAMES.forEach((testName, index) => {
    events.push({ type: 'progress', current: index, total, testName, status: 'running' });
    const latencyMs = certification.results[index]?.latencyMs ?? 0;
    events.push({
      type: 'progress',
      current: index + 1,
      total,
      testName,
      status: 'passed',
      latencyMs,
    });
  });
  events.push({ type: 'complete', certification });
  return events;
}

/** The progress events in `events`. */
export function progressOf(events: readonly CertificationEvent[]): ProgressEvent[] {
  return events.filter((event): event is ProgressEvent => event.type === 'progress');
}

/** A model the fake service knows: its result, and whether the cache holds it. */
export interface FakeModel {
  certification: Certification;
  cached?: boolean;
}

/** Handlers of {@link fakeCertificationService}; each defaults to serving `models`. */
export interface FakeServiceRoutes {
  models?: Record<string, FakeModel>;
  /** `GET .../certify-model/{id}/stream`; default: a full run of the model, or 404 when unknown. */
  stream?: (modelId: string, request: RecordedRequest) => Response | Promise<Response>;
  /** `GET .../check/{id}`; default: the model's cached result when `cached`. */
  check?: (modelId: string, request: RecordedRequest) => Response | Promise<Response>;
  /** `GET .../catalog`. */
  catalog?: (request: RecordedRequest) => Response | Promise<Response>;
  /** `GET .../usage`. */
  usage?: (request: RecordedRequest) => Response | Promise<Response>;
  /** `POST .../batches`; default: {@link batchResponse} of `models`. */
  batches?: (request: RecordedRequest) => Response | Promise<Response>;
  /** `GET .../regions`. */
  regions?: (request: RecordedRequest) => Response | Promise<Response>;
}

/** The default Region of the fake service. */
export const FAKE_DEFAULT_REGION = 'us-east-1';

/**
 * The batch stream the service sends for `request`'s items: each known model's full run tagged
 * with the item (its cached result alone when `cached` and not fresh), an unknown one's
 * `NOT_FOUND` error, then `batch-complete` with the summary.
 */
export function batchResponse(
  request: RecordedRequest,
  models: Record<string, FakeModel>,
): Response {
  const body = JSON.parse(request.body ?? '{}') as BatchRequest;
  const events: BatchEvent[] = [];
  const summary: BatchSummary = { certified: 0, failed: 0, unavailable: 0, cached: 0, errors: 0 };
  for (const { modelId, region = FAKE_DEFAULT_REGION } of body.items) {
    const model = models[modelId];
    if (model === undefined) {
      events.push({
        type: 'error',
        code: 'NOT_FOUND',
        message: `No fake model ${modelId}.`,
        modelId,
        region,
      });
      summary.errors += 1;
      continue;
    }
    const cached = model.cached === true && body.fresh !== true;
    const certification = { ...model.certification, region, cached };
    const run = cached
      ? [{ type: 'complete' as const, certification }]
      : fullRunEvents(certification);
    for (const event of run) events.push({ ...event, modelId, region });
    summary[certification.status] += 1;
    if (cached) summary.cached += 1;
  }
  events.push({ type: 'batch-complete', summary });
  return eventStreamResponse(
    chunkedBody(events.map((event) => encoder.encode(`data: ${JSON.stringify(event)}\n\n`))),
  );
}

/** A JSON answer. */
export function jsonResponse(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** The SSE answer of a list of events. */
export function eventsResponse(events: readonly CertificationEvent[]): Response {
  return eventStreamResponse(
    chunkedBody(events.map((event) => encoder.encode(`data: ${JSON.stringify(event)}\n\n`))),
  );
}

/**
 * A fake `fetch` routing the service's paths as docs/api.md gives them, for clients that make
 * several calls (the CLI checks the cache, then streams a run).
 */
export function fakeCertificationService(
  routes: FakeServiceRoutes,
): FetchLike & { requests: RecordedRequest[] } {
  const models = routes.models ?? {};
  return fakeFetch((request) => {
    const { pathname } = new URL(request.url);
    const stream = /^\/api\/certification\/certify-model\/([^/]+)\/stream$/.exec(pathname);
    const check = /^\/api\/certification\/check\/([^/]+)$/.exec(pathname);
    if (stream?.[1] !== undefined) {
      const modelId = decodeURIComponent(stream[1]);
      if (routes.stream) return routes.stream(modelId, request);
      const model = models[modelId];
      return model
        ? eventsResponse(fullRunEvents(model.certification))
        : errorResponse(404, 'NOT_FOUND', `No fake model ${modelId}.`);
    }
    if (check?.[1] !== undefined) {
      const modelId = decodeURIComponent(check[1]);
      if (routes.check) return routes.check(modelId, request);
      const model = models[modelId];
      return jsonResponse(
        model?.cached
          ? { cached: true, certification: { ...model.certification, cached: true } }
          : { cached: false },
      );
    }
    if (pathname === '/api/certification/catalog' && routes.catalog) return routes.catalog(request);
    if (pathname === '/api/certification/usage' && routes.usage) return routes.usage(request);
    if (pathname === '/api/certification/batches' && request.method === 'POST')
      return routes.batches ? routes.batches(request) : batchResponse(request, models);
    if (pathname === '/api/certification/regions' && routes.regions) return routes.regions(request);
    return errorResponse(404, 'NOT_FOUND', `No route for ${pathname}.`);
  });
}
