import type { CapabilityName, CatalogResponse, CatalogStatusFilter } from '../shared/types.js';
import { sendJson, type ClientOptions } from './certification-client.js';

/** Options of {@link getCatalog}. */
export interface CatalogOptions extends ClientOptions {
  /** Only the entries with this certification status, or without one (`uncertified`). */
  status?: CatalogStatusFilter;
  /** Only the entries whose latest certification shows every one of these capabilities. */
  requires?: readonly CapabilityName[];
}

/**
 * The models the account can offer in the service's region (`GET /api/certification/catalog`):
 * every text-output foundation model and inference profile, each with its latest unexpired
 * certification or `null`. Counts against the read limit. Rejects with `ApiError` (`CATALOG_UNAVAILABLE`,
 * status 503, when Bedrock's control plane cannot list; `INVALID_REQUEST` for a bad `status` or
 * an unknown capability in `requires`)
 * and the other errors of the client.
 */
export function getCatalog(options: CatalogOptions): Promise<CatalogResponse> {
  const parameters = new URLSearchParams();
  if (options.status !== undefined) parameters.set('status', options.status);
  if (options.requires !== undefined && options.requires.length > 0)
    parameters.set('requires', options.requires.join(','));
  const encoded = parameters.toString();
  const query = encoded === '' ? '' : `?${encoded}`;
  return sendJson<CatalogResponse>(`/api/certification/catalog${query}`, options, {
    method: 'GET',
  });
}
