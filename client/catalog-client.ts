import type { CatalogResponse, CatalogStatusFilter } from '../shared/types.js';
import { sendJson, type ClientOptions } from './certification-client.js';

/** Options of {@link getCatalog}. */
export interface CatalogOptions extends ClientOptions {
  /** Only the entries with this certification status, or without one (`uncertified`). */
  status?: CatalogStatusFilter;
}

/**
 * The models the account can offer in the service's region (`GET /api/certification/catalog`):
 * every text-output foundation model and inference profile, each with its latest unexpired
 * certification or `null`. Counts against the read limit. Rejects with `ApiError` (`CATALOG_UNAVAILABLE`,
 * status 503, when Bedrock's control plane cannot list; `INVALID_REQUEST` for a bad `status`)
 * and the other errors of the client.
 */
export function getCatalog(options: CatalogOptions): Promise<CatalogResponse> {
  const query = options.status === undefined ? '' : `?status=${encodeURIComponent(options.status)}`;
  return sendJson<CatalogResponse>(`/api/certification/catalog${query}`, options, {
    method: 'GET',
  });
}
