import { systemClock, type Clock } from '../clock.js';
import { SERVICE_DEFAULTS } from '../config.js';
import { InternalError, toHttpError } from '../errors.js';
import { silentLogger, type LogSink } from '../logger.js';
import { batches } from './handlers/batches.js';
import { catalog } from './handlers/catalog.js';
import { adminUsage } from './handlers/admin-usage.js';
import { certifyStream } from './handlers/certify-stream.js';
import { certify } from './handlers/certify.js';
import { check } from './handlers/check.js';
import { health } from './handlers/health.js';
import { history } from './handlers/history.js';
import { models } from './handlers/models.js';
import { page } from './handlers/page.js';
import { regionList, regions } from './handlers/regions.js';
import { streamTickets } from './handlers/stream-tickets.js';
import { usage } from './handlers/usage.js';
import { RequestLog } from './request-log.js';
import { errorResponse } from './responses.js';
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
export interface AppOptions extends Omit<AppDependencies, 'maxBodyBytes'> {
  logger?: LogSink;
  clock?: Clock;
  /** Largest accepted request body; DESIGN.md bodies are tiny. Default 4 KiB. */
  maxBodyBytes?: number;
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

/**
 * Builds the HTTP API of DESIGN.md on web-standard `Request`/`Response`; only the adapter in
 * `functions/` knows Lambda event shapes. Routing is in routes.ts, each route's handler in
 * `handlers/`. Errors before a stream starts become JSON with the right status; a 500 shows
 * the client only the request id, the cause goes to the log.
 */
export function createApp(options: AppOptions): App {
  const {
    logger = silentLogger,
    clock = systemClock,
    maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
    ...rest
  } = options;
  const deps: AppDependencies = { ...rest, maxBodyBytes };

  return async (request, context) => {
    const log = new RequestLog(logger, clock, context.requestId, request);
    let response: Response;
    try {
      const route = matchRoute(request.method, new URL(request.url).pathname);
      log.route = route.name;
      // Each handler is typed for its own route's parameters; the match pairs them up.
      const handler = HANDLERS[route.name] as RouteHandler<RouteName>;
      const remainingTimeMs = context.remainingTimeMs ?? remainingFrom(clock.now(), clock);
      response = await handler(request, { params: route.params, log, deps, remainingTimeMs });
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

/** The time left of a function timeout that started at `start`, for an adapter that cannot tell. */
function remainingFrom(start: number, clock: Clock): () => number {
  const end = start + SERVICE_DEFAULTS.functionTimeoutSeconds * 1000;
  return () => end - clock.now();
}
