import type { CheckResponse } from '../../types.js';
import { jsonResponse } from '../responses.js';
import { authenticate, type RouteHandler } from '../route-handler.js';
import { suiteFromQuery } from '../suite-param.js';

/**
 * `GET /api/certification/check/{modelId}[?suite=full]`: the cached certification that answers
 * the suite (default `core`, which a newer `full` result answers too), if any. Not rate limited.
 */
export const check: RouteHandler<'check'> = async (request, context) => {
  const { modelId } = context.params;
  context.log.modelId = modelId;
  const suite = suiteFromQuery(new URL(request.url).searchParams);
  await authenticate(request, context);
  const certification = await context.deps.service.lookup(modelId, suite);
  const body: CheckResponse = certification ? { cached: true, certification } : { cached: false };
  return jsonResponse(200, body);
};
