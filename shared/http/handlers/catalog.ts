import { CatalogUnavailableError, InvalidRequestError } from '../../errors.js';
import { CATALOG_STATUS_FILTERS, type CatalogStatusFilter } from '../../types.js';
import { jsonResponse } from '../responses.js';
import { authenticateRead, type RouteHandler } from '../route-handler.js';
import { message } from '../../i18n/translate.js';

/**
 * `GET /api/certification/catalog[?status=...]`: the region's models with their latest
 * certification. Counts against the caller's read limit. A control plane outage is a 503
 * `CATALOG_UNAVAILABLE`, logged with its cause.
 */
export const catalog: RouteHandler<'catalog'> = async (request, context) => {
  // Checked before the token, as a malformed model id is: nothing is looked up for a bad request.
  const status = statusFilter(new URL(request.url).searchParams);
  await authenticateRead(request, context);
  try {
    return jsonResponse(200, await context.deps.catalog.catalog(status));
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
    message('api.statusFilter', { values: CATALOG_STATUS_FILTERS.join(', ') }),
  );
}
