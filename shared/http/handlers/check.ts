import type { CheckResponse } from '../../types.js';
import { regionFromQuery } from '../region-param.js';
import { jsonResponse } from '../responses.js';
import { authenticate, type RouteHandler } from '../route-handler.js';
import { suiteFromQuery } from '../suite-param.js';

/**
 * `GET /api/certification/check/{modelId}[?suite=full][&region=...]`: the cached certification
 * that answers the suite (default `core`, which a newer `full` result answers too) in the Region
 * (default: the default one), if any. Not rate limited.
 */
export const check: RouteHandler<'check'> = async (request, context) => {
  const { modelId } = context.params;
  const { service } = context.deps;
  context.log.modelId = modelId;
  const query = new URL(request.url).searchParams;
  const suite = suiteFromQuery(query);
  const region = regionFromQuery(query, service);
  context.log.region = region;
  await authenticate(request, context);
  const certification = await service.lookup(modelId, { suite, region });
  const body: CheckResponse = certification ? { cached: true, certification } : { cached: false };
  return jsonResponse(200, body);
};
