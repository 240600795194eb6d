import { CatalogUnavailableError, InvalidRequestError } from '../../errors.js';
import { CAPABILITY_NAMES, isCapabilityName, type CapabilityName } from '../../suites.js';
import { CATALOG_STATUS_FILTERS, type CatalogStatusFilter } from '../../types.js';
import { regionFromQuery } from '../region-param.js';
import { jsonResponse } from '../responses.js';
import { authenticateRead, type RouteHandler } from '../route-handler.js';
import { message } from '../../i18n/translate.js';

/**
 * `GET /api/certification/catalog[?status=...][&requires=a,b][&region=...]`: a listed Region's
 * models (default: the default Region's) with their latest certification there, optionally only
 * those whose certification shows every named capability. Counts against the caller's read
 * limit. A control plane outage is a 503 `CATALOG_UNAVAILABLE`,
 * logged with its cause.
 */
export const catalog: RouteHandler<'catalog'> = async (request, context) => {
  // Checked before the token, as a malformed model id is: nothing is looked up for a bad request.
  const query = new URL(request.url).searchParams;
  const status = statusFilter(query);
  const requires = requiresFilter(query);
  const region = regionFromQuery(query, context.deps.service);
  context.log.region = region;
  await authenticateRead(request, context);
  try {
    return jsonResponse(200, await context.deps.catalog.catalog(status, requires, region));
  } catch (error) {
    // The client sees only the code; the operator needs the SDK error (throttled, denied, down).
    if (error instanceof CatalogUnavailableError) context.log.error = error;
    throw error;
  }
};

/**
 * `requires=imageInput,toolUse`: capability names, comma-separated, given once; every name must be
 * a capability of the certification object.
 */
function requiresFilter(query: URLSearchParams): CapabilityName[] | undefined {
  const values = query.getAll('requires');
  if (values.length === 0) return undefined;
  const names = (values.length === 1 ? (values[0] ?? '') : '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !isCapabilityName(name));
  if (values.length !== 1 || names.length === 0 || unknown.length > 0) {
    const allowed = CAPABILITY_NAMES.join(', ');
    throw new InvalidRequestError(
      unknown.length > 0
        ? message('api.requiresUnknown', { unknown: unknown.join(', '), allowed })
        : message('api.requires', { allowed }),
    );
  }
  return [...new Set(names as CapabilityName[])];
}

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
