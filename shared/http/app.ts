import { systemClock, type Clock } from '../clock.js';
import {
  CertificationServiceError,
  HttpError,
  InternalError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  InvalidJsonError,
  InvalidRequestError,
  toHttpError,
} from '../errors.js';
import { silentLogger, type LogSink } from '../logger.js';
import type { AuthenticatedUser, TokenVerifier } from '../auth/token-verifier.js';
import type { CertificationService } from '../service/certification-service.js';
import type { Certification, CheckResponse, ErrorEvent, ModelsResponse, ProgressEvent } from '../types.js';
import { createEventStream } from './event-stream.js';
import { errorResponse, EVENT_STREAM_HEADERS, jsonResponse } from './responses.js';
import { matchRoute, validateModelId, type Route } from './routes.js';

/** The web page and the Content-Security-Policy that lets exactly its own script run. */
export interface PageAsset {
  html: string;
  contentSecurityPolicy: string;
}

/** Dependencies of {@link createApp}. */
export interface AppOptions {
  service: CertificationService;
  verifier: TokenVerifier;
  page: () => PageAsset;
  keepAliveIntervalMs: number;
  /**
   * Sent first on every fresh (uncached) stream, as soon as it opens; the run's own events
   * follow. Omit it when the run announces its start itself.
   */
  startingEvent?: ProgressEvent;
  logger?: LogSink;
  clock?: Clock;
  /** Largest accepted request body; DESIGN.md bodies are tiny. */
  maxBodyBytes?: number;
}

/** Per-request context from the adapter (Lambda or a test). */
export interface RequestContext {
  requestId: string;
}

/** The whole HTTP API as a function of web-standard `Request` to `Response`. */
export type App = (request: Request, context: RequestContext) => Promise<Response>;

const DEFAULT_MAX_BODY_BYTES = 4_096;

/**
 * Builds the HTTP API of DESIGN.md on web-standard `Request`/`Response`; only the adapter in
 * `functions/` knows Lambda event shapes. Errors before a stream starts become JSON with the
 * right status; a 500 shows the client only the request id, the cause goes to the log.
 */
export function createApp(options: AppOptions): App {
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const { service, verifier } = options;

  const authenticate = (request: Request): Promise<AuthenticatedUser> => verifier.verify(request.headers.get('authorization') ?? undefined);
  // Independent store calls, run together: the limit decides, the cached answer is only used if
  // admitted. Both must settle before the request is answered (not Promise.all, which answers
  // at the first failure): an admission still in flight after its 503 would sit in the
  // limiter's per-user queue and fail that user's next request too.
  const admitAndLookUp = async (caller: AuthenticatedUser, modelId: string): Promise<Certification | undefined> => {
    const [admitted, cached] = await Promise.allSettled([service.admit(caller), service.lookup(modelId)]);
    if (admitted.status === 'rejected') throw admitted.reason;
    if (cached.status === 'rejected') throw cached.reason;
    return cached.value;
  };

  const handlers: { [K in Route['name']]: (request: Request, route: Extract<Route, { name: K }>, log: RequestLog) => Response | Promise<Response> } = {
    page: (request) => {
      const page = options.page();
      return new Response(request.method === 'HEAD' ? null : page.html, {
        status: 200,
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-cache',
          'content-security-policy': page.contentSecurityPolicy,
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
          'x-frame-options': 'DENY',
        },
      });
    },

    health: () => jsonResponse(200, { status: 'ok' }),

    models: async (request, _route, log) => {
      log.sub = (await authenticate(request)).sub;
      const body: ModelsResponse = { certifications: await service.list() };
      return jsonResponse(200, body);
    },

    check: async (request, route, log) => {
      log.modelId = route.modelId;
      log.sub = (await authenticate(request)).sub;
      const certification = await service.lookup(route.modelId);
      const body: CheckResponse = certification ? { cached: true, certification } : { cached: false };
      return jsonResponse(200, body);
    },

    certify: async (request, _route, log) => {
      const caller = await authenticate(request);
      log.sub = caller.sub;
      const modelId = validateModelId((await readJsonObject(request, maxBodyBytes)).modelId);
      log.modelId = modelId;
      const cached = await admitAndLookUp(caller, modelId);
      const certification = cached ?? (await service.certify(modelId, caller, { signal: request.signal, requestId: log.requestId }));
      log.outcome = certification.status;
      return jsonResponse(200, { certification });
    },

    'certify-stream': async (request, route, log) => {
      log.modelId = route.modelId;
      const caller = await authenticate(request);
      log.sub = caller.sub;
      // Both before the stream starts, so a refusal is a 429 and a dead store a 503, not a broken stream.
      const cached = await admitAndLookUp(caller, route.modelId);
      log.outcome = cached ? 'cached' : 'streaming';

      const body = createEventStream(
        async ({ emit, signal }) => {
          if (cached) return { type: 'complete', certification: cached };
          if (options.startingEvent) emit(options.startingEvent);
          try {
            const certification = await service.certify(route.modelId, caller, { signal, onProgress: emit, requestId: log.requestId });
            log.finish(`stream ${certification.status}`);
            return { type: 'complete', certification };
          } catch (error) {
            if (signal.aborted) log.finish('client disconnected');
            throw error;
          }
        },
        {
          keepAliveIntervalMs: options.keepAliveIntervalMs,
          onError: (error) => {
            const event = toErrorEvent(error, log.requestId);
            if (!log.finished) log.finish(`stream error ${event.code}`, error);
            return event;
          },
        },
      );
      return new Response(body, { status: 200, headers: { ...EVENT_STREAM_HEADERS } });
    },
  };

  return async (request, context) => {
    const log = new RequestLog(logger, clock, context.requestId, request);
    let response: Response;
    try {
      const route = matchRoute(request.method, new URL(request.url).pathname);
      log.route = route.name;
      const handler = handlers[route.name] as (request: Request, route: Route, log: RequestLog) => Response | Promise<Response>;
      response = await handler(request, route, log);
    } catch (error) {
      const httpError = toHttpError(error, context.requestId);
      log.outcome = httpError.code;
      response = errorResponse(httpError);
      if (httpError instanceof InternalError) log.error = error;
    }
    response.headers.set('x-request-id', context.requestId);
    log.respond(response.status);
    return response;
  };
}

/** Reads a small JSON object body, with the 4xx of DESIGN.md for each way it can be wrong. */
async function readJsonObject(request: Request, maxBytes: number): Promise<Record<string, unknown>> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(?:;|$)/i.test(contentType)) throw new UnsupportedMediaTypeError();
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new PayloadTooLargeError(maxBytes);
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw new PayloadTooLargeError(maxBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new InvalidJsonError();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidRequestError('The request body must be a JSON object like {"modelId": "..."}.');
  }
  return parsed as Record<string, unknown>;
}

/** The terminal `error` event for a failure after the stream started. */
function toErrorEvent(error: unknown, requestId: string): ErrorEvent {
  if (error instanceof HttpError && !(error instanceof InternalError)) return { type: 'error', code: error.code, message: error.message };
  if (error instanceof CertificationServiceError) return { type: 'error', code: error.code, message: error.message };
  const internal = new InternalError(requestId);
  return { type: 'error', code: internal.code, message: internal.message };
}

/**
 * Collects what one request log line needs (request id, sub, modelId, outcome, duration) and
 * writes it once. Passed along explicitly rather than appended to the shared logger, because
 * locally one process serves many requests at once.
 */
class RequestLog {
  route?: string;
  sub?: string;
  modelId?: string;
  outcome?: string;
  error?: unknown;
  private readonly startedAt: number;
  private readonly method: string;
  private readonly path: string;

  constructor(
    private readonly logger: LogSink,
    private readonly clock: Clock,
    readonly requestId: string,
    request: Request,
  ) {
    this.startedAt = clock.now();
    this.method = request.method;
    this.path = new URL(request.url).pathname.slice(0, 300);
  }

  private fields(): Record<string, unknown> {
    return {
      requestId: this.requestId,
      method: this.method,
      path: this.path,
      route: this.route,
      sub: this.sub,
      modelId: this.modelId,
      outcome: this.outcome,
      durationMs: this.clock.now() - this.startedAt,
    };
  }

  respond(status: number): void {
    const fields = { ...this.fields(), status };
    if (this.error !== undefined) this.logger.error('Request failed', { ...fields, error: this.error });
    else this.logger.info('Request', fields);
  }

  finished = false;

  /** The end of a stream, which outlives the response headers. */
  finish(outcome: string, error?: unknown): void {
    this.finished = true;
    this.outcome = outcome;
    const fields = this.fields();
    if (error !== undefined && !(error instanceof CertificationServiceError)) this.logger.error('Stream failed', { ...fields, error });
    else this.logger.info('Stream finished', fields);
  }
}
