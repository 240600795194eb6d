import type { CheckResponse } from '../../types.js';
import { jsonResponse } from '../responses.js';
import { authenticate, type RouteHandler } from '../route-handler.js';

/** `GET /api/certification/check/{modelId}`: the cached certification, if any. Not rate limited. */
export const check: RouteHandler<'check'> = async (request, context) => {
  const { modelId } = context.params;
  context.log.modelId = modelId;
  await authenticate(request, context);
  const certification = await context.deps.service.lookup(modelId);
  const body: CheckResponse = certification ? { cached: true, certification } : { cached: false };
  return jsonResponse(200, body);
};
