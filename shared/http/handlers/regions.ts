import type { RegionListResponse } from '../../types.js';
import { jsonResponse } from '../responses.js';
import { authenticateRead, type RouteHandler } from '../route-handler.js';

/**
 * `GET /api/certification/regions/{modelId}`: the model in every listed Region, the default
 * first: offered there or not (and how), whether this account may invoke it, its latest
 * certification there. Counts against the caller's read limit. Spends no tokens (the control plane's answers are cached per container);
 * one Region whose control plane fails answers `offered: null`, `access: "UNKNOWN"`.
 */
export const regions: RouteHandler<'regions'> = async (request, context) => {
  const { modelId } = context.params;
  context.log.modelId = modelId;
  await authenticateRead(request, context);
  return jsonResponse(200, await context.deps.regions.regions(modelId));
};

/**
 * `GET /api/certification/regions` (addition): the Regions the service certifies in, the default
 * first. Counts against the caller's read limit.
 */
export const regionList: RouteHandler<'region-list'> = async (request, context) => {
  await authenticateRead(request, context);
  const { service } = context.deps;
  const body: RegionListResponse = { defaultRegion: service.region, regions: [...service.regions] };
  return jsonResponse(200, body);
};
