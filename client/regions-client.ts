import type { RegionListResponse, RegionsResponse } from '../shared/types.js';
import { sendJson, type ClientOptions } from './certification-client.js';

/** The Regions the service certifies in, the default first (`GET /api/certification/regions`). */
export function getRegions(options: ClientOptions): Promise<RegionListResponse> {
  return sendJson<RegionListResponse>('/api/certification/regions', options, { method: 'GET' });
}

/**
 * Where a model can run (`GET /api/certification/regions/{modelId}`): in every listed Region,
 * whether the control plane offers it and how, whether this account may invoke it, and its
 * latest certification there. Spends no tokens and no rate-limit slot of the certify routes.
 */
export function getModelRegions(modelId: string, options: ClientOptions): Promise<RegionsResponse> {
  return sendJson<RegionsResponse>(
    `/api/certification/regions/${encodeURIComponent(modelId)}`,
    options,
    { method: 'GET' },
  );
}
