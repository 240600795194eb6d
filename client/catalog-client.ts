import type { CapabilityName, CatalogResponse, CatalogStatusFilter } from '../shared/types.js';
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
  /** Only the entries whose latest certification shows every one of these capabilities. */
  requires?: readonly CapabilityName[];
}

/**
 * The models the account can offer in a Region (`GET /api/certification/catalog`; default the
 * service's default Region): every text-output foundation model and inference profile, each with
 * its latest unexpired certification or `null`. Counts against the read limit. Rejects with
 * `ApiError` (`CATALOG_UNAVAILABLE`, status 503, when Bedrock's control plane cannot list;
 * `INVALID_REQUEST` for a bad `status` or an unknown capability in `requires`;
 * `UNSUPPORTED_REGION` for a Region the service does not list) and the other errors of the client.
 */
export function getCatalog(options: CatalogOptions): Promise<CatalogResponse> {
  const query = queryOf({
    status: options.status,
    requires:
      options.requires !== undefined && options.requires.length > 0
        ? options.requires.join(',')
        : undefined,
    region: options.region,
  });
  return sendJson<CatalogResponse>(`/api/certification/catalog${query}`, options, {
    method: 'GET',
  });
}
