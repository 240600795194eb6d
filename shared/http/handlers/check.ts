import type { CheckResponse } from '../../types.js';
import { regionFromQuery } from '../region-param.js';
import { jsonResponse } from '../responses.js';
import { authenticate, type RouteHandler } from '../route-handler.js';

/** `GET /api/certification/check/{modelId}[?region=...]`: the cached certification, if any. Not rate limited. */
export const check: RouteHandler<'check'> = async (request, context) => {
  const { modelId } = context.params;
  const { service } = context.deps;
  context.log.modelId = modelId;
  const region = regionFromQuery(new URL(request.url).searchParams, service);
  context.log.region = region;
  await authenticate(request, context);
  const certification = await service.lookup(modelId, region);
  const body: CheckResponse = certification ? { cached: true, certification } : { cached: false };
  return jsonResponse(200, body);
};
