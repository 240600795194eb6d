import type { AuthenticatedUser, TokenVerifier } from '../auth/token-verifier.js';
import type { CatalogService } from '../catalog/catalog-service.js';
import type { RegionsService } from '../catalog/regions-service.js';
import type { BatchRunner } from '../service/batch-runner.js';
import type { CertificationService } from '../service/certification-service.js';
import type { RateLimiterPort } from '../service/ports.js';
import type { PageCursors } from './page-cursor.js';
import type { RequestLog } from './request-log.js';
import type { RouteName, RouteParams } from './routes.js';

/** The web page and the Content-Security-Policy that lets exactly its own script run. */
export interface PageAsset {
  html: string;
  contentSecurityPolicy: string;
}

/** What route handlers work with; built once per app by `createApp`. */
export interface AppDependencies {
  service: CertificationService;
  /** Certifies a batch's items, a few at a time (`POST /batches`). */
  batches: Pick<BatchRunner, 'run'>;
  /** The model catalog (control plane listing merged with certifications). */
  catalog: Pick<CatalogService, 'catalog'>;
  /** Where a model can run: every listed Region's control plane, access and certification. */
  regions: Pick<RegionsService, 'regions'>;
  verifier: TokenVerifier;
  /** The read routes' per-user limit (see {@link authenticateRead}). */
  readLimiter: RateLimiterPort;
  /** Seals and opens the `cursor` of paged answers. */
  cursors: PageCursors;
  page: () => PageAsset;
  /** Interval of `: keep-alive` comments on streams. */
  keepAliveIntervalMs: number;
  /** Largest accepted request body. */
  maxBodyBytes: number;
}

/** What a handler gets besides the request. */
export interface RouteContext<N extends RouteName> {
  /** The route's decoded (and, for `modelId`, validated) path parameters. */
  params: RouteParams<N>;
  /** This request's log line; handlers fill in the caller, model and outcome. */
  log: RequestLog;
  deps: AppDependencies;
  /** Time left in the invocation: a batch starts an item only while a certification still fits. */
  remainingTimeMs: () => number;
}

/**
 * Answers one route. Throw an `HttpError` for a 4xx/5xx answer (the app turns it into the API's
 * JSON error); anything else thrown becomes a 500 that shows the client only the request id.
 */
export type RouteHandler<N extends RouteName> = (
  request: Request,
  context: RouteContext<N>,
) => Response | Promise<Response>;

/** One handler per route, checked for completeness by the compiler. */
export type RouteHandlers = { [N in RouteName]: RouteHandler<N> };

/** Verifies the request's bearer token (401 `UnauthorizedError` otherwise) and notes the caller in the log. */
export async function authenticate(
  request: Request,
  context: RouteContext<RouteName>,
): Promise<AuthenticatedUser> {
  const caller = await context.deps.verifier.verify(
    request.headers.get('authorization') ?? undefined,
  );
  context.log.sub = caller.sub;
  return caller;
}

/**
 * {@link authenticate}, then counts the request against the caller's read limit (429
 * `RATE_LIMITED` with `Retry-After` beyond it): what every read route (catalog, models, history,
 * usage, regions) calls instead, after checking its parameters and before reading anything.
 */
export async function authenticateRead(
  request: Request,
  context: RouteContext<RouteName>,
): Promise<AuthenticatedUser> {
  const caller = await authenticate(request, context);
  await context.deps.readLimiter.consume(caller.sub);
  return caller;
}
