import { CatalogUnavailableError, InvalidRequestError } from '../../errors.js';
import { CATALOG_STATUS_FILTERS, type CatalogStatusFilter } from '../../types.js';
import { regionFromQuery } from '../region-param.js';
import { jsonResponse } from '../responses.js';
import { authenticate, type RouteHandler } from '../route-handler.js';

/**
 * `GET /api/certification/catalog[?status=...][&region=...]`: a listed Region's models (default:
 * the default Region's) with their latest certification there. Not rate limited. A control plane outage is a 503 `CATALOG_UNAVAILABLE`,
 * logged with its cause.
 */
export const catalog: RouteHandler<'catalog'> = async (request, context) => {
  // Checked before the token, as a malformed model id is: nothing is looked up for a bad request.
  const query = new URL(request.url).searchParams;
  const status = statusFilter(query);
  const region = regionFromQuery(query, context.deps.service);
  context.log.region = region;
  await authenticate(request, context);
  try {
    return jsonResponse(200, await context.deps.catalog.catalog(status, region));
  } catch (error) {
    // The client sees only the code; the operator needs the SDK error (throttled, denied, down).
    if (error instanceof CatalogUnavailableError) context.log.error = error;
    throw error;
  }
};

/** The `status` query parameter: absent, or exactly one of the filters. Other parameters are ignored. */
function statusFilter(query: URLSearchParams): CatalogStatusFilter | undefined {
  const values = query.getAll('status');
  if (values.length === 0) return undefined;
  const [value] = values;
  if (
    values.length === 1 &&
    (CATALOG_STATUS_FILTERS as readonly string[]).includes(value as string)
  )
    return value as CatalogStatusFilter;
  throw new InvalidRequestError(
    `status must be one of ${CATALOG_STATUS_FILTERS.join(', ')}, given once.`,
  );
}
