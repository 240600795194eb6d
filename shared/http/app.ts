import { systemClock, type Clock } from '../clock.js';
import { CERTIFY_FUNCTION } from '../lambda-limits.js';
import { InternalError, toHttpError } from '../errors.js';
import { silentLogger, type LogSink } from '../logger.js';
import type { RateLimiterPort } from '../service/ports.js';
import { batches } from './handlers/batches.js';
import { catalog } from './handlers/catalog.js';
import { adminUsage } from './handlers/admin-usage.js';
import { certifyStream } from './handlers/certify-stream.js';
import { certify } from './handlers/certify.js';
import { check } from './handlers/check.js';
import { health } from './handlers/health.js';
import { history } from './handlers/history.js';
import { models } from './handlers/models.js';
import { compressJson } from './compression.js';
import { PageCursors, processCursorKey } from './page-cursor.js';
import { page } from './handlers/page.js';
import { regionList, regions } from './handlers/regions.js';
import { streamTickets } from './handlers/stream-tickets.js';
import { usage } from './handlers/usage.js';
import { RequestLog } from './request-log.js';
import { errorResponse, requestLocale } from './responses.js';
import type { AppDependencies, RouteHandler, RouteHandlers } from './route-handler.js';
import { matchRoute, type RouteName } from './routes.js';

export type { PageAsset } from './route-handler.js';

/** Every route's handler: one line each (see `ROUTES` in routes.ts). */
const HANDLERS: RouteHandlers = {
  page,
  health,
  models,
  check,
  certify,
  'certify-stream': certifyStream,
  'stream-tickets': streamTickets,
  batches,
  history,
  catalog,
  'region-list': regionList,
  regions,
  usage,
  'admin-usage': adminUsage,
};

/** Dependencies of {@link createApp}. */
export interface AppOptions extends Omit<
  AppDependencies,
  'maxBodyBytes' | 'readLimiter' | 'cursors'
> {
  logger?: LogSink;
  clock?: Clock;
  /** Largest accepted request body; the API's bodies are tiny. Default 4 KiB. */
  maxBodyBytes?: number;
  /** The read routes' limit. Default: none (the deployed app always passes one). */
  readLimiter?: RateLimiterPort;
  /** Seals page cursors. Default: with a key of this process (the deployed app shares one). */
  cursors?: PageCursors;
}

/** Per-request context from the adapter (Lambda or a test). */
export interface RequestContext {
  requestId: string;
  /**
   * Time left in the invocation (Lambda's `getRemainingTimeInMillis`). Default: the function
   * timeout of `SERVICE_DEFAULTS` from when the request arrived.
   */
  remainingTimeMs?: () => number;
}

/** The whole HTTP API as a function of web-standard `Request` to `Response`. */
export type App = (request: Request, context: RequestContext) => Promise<Response>;

const DEFAULT_MAX_BODY_BYTES = 4_096;
const UNLIMITED: RateLimiterPort = { consume: () => Promise.resolve() };

/**
 * Builds the HTTP API of docs/api.md on web-standard `Request`/`Response`; only the adapter in
 * `functions/` knows Lambda event shapes. Routing is in routes.ts, each route's handler in
 * `handlers/`. Errors before a stream starts become JSON with the right status; a 500 shows
 * the client only the request id, the cause goes to the log.
 */
export function createApp(options: AppOptions): App {
  const {
    logger = silentLogger,
    clock = systemClock,
    maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
    readLimiter = UNLIMITED,
    cursors = new PageCursors(processCursorKey()),
    ...rest
  } = options;
  const deps: AppDependencies = { ...rest, maxBodyBytes, readLimiter, cursors };

  return async (request, context) => {
    const log = new RequestLog(logger, clock, context.requestId, request);
    let response: Response;
    try {
      const route = matchRoute(request.method, new URL(request.url).pathname);
      log.route = route.name;
      // Each handler is typed for its own route's parameters; the match pairs them up.
      const handler = HANDLERS[route.name] as RouteHandler<RouteName>;
      const remainingTimeMs = context.remainingTimeMs ?? remainingFrom(clock.now(), clock);
      response = await compressJson(
        request,
        await handler(request, { params: route.params, log, deps, remainingTimeMs }),
      );
    } catch (error) {
      const httpError = toHttpError(error, context.requestId);
      log.outcome = httpError.code;
      response = errorResponse(httpError, {}, requestLocale(request));
      if (httpError instanceof InternalError) log.error = error;
    }
    response.headers.set('x-request-id', context.requestId);
    log.respond(response.status);
    return response;
  };
}

/** The time left of a function timeout that started at `start`, for an adapter that cannot tell. */
function remainingFrom(start: number, clock: Clock): () => number {
  const end = start + CERTIFY_FUNCTION.timeoutMs;
  return () => end - clock.now();
}
