import type { CatalogResponse, CatalogStatusFilter } from '../shared/types.js';
import {
  queryOf,
  sendJson,
  type ClientOptions,
  type RegionOption,
} from './certification-client.js';

/** Options of {@link getCatalog}. */
export interface CatalogOptions extends ClientOptions, RegionOption {
  /** Only the entries with this certification status, or without one (`uncertified`). */
  status?: CatalogStatusFilter;
}

/**
 * The models the account can offer in a Region (`GET /api/certification/catalog`; default the
 * service's default Region):
 * every text-output foundation model and inference profile, each with its latest unexpired
 * certification or `null`. Not rate limited. Rejects with `ApiError` (`CATALOG_UNAVAILABLE`,
 * status 503, when Bedrock's control plane cannot list; `INVALID_REQUEST` for a bad `status`)
 * and the other errors of the client.
 */
export function getCatalog(options: CatalogOptions): Promise<CatalogResponse> {
  const query = queryOf({
    ...(options.status === undefined ? {} : { status: options.status }),
    ...(options.region === undefined ? {} : { region: options.region }),
  });
  return sendJson<CatalogResponse>(`/api/certification/catalog${query}`, options, {
    method: 'GET',
  });
}
