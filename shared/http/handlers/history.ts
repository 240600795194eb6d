import { SERVICE_DEFAULTS } from '../../config.js';
import type { HistoryResponse } from '../../types.js';
import { limitFromQuery } from '../limit-query.js';
import { jsonResponse } from '../responses.js';
import { authenticateRead, type RouteHandler } from '../route-handler.js';

const { limit: DEFAULT_LIMIT, maxLimit: MAX_LIMIT } = SERVICE_DEFAULTS.history;

/**
 * `GET /api/certification/history/{modelId}[?limit=N]`: the model's runs of the last 90 days,
 * newest first (one store Query of at most `limit` runs). Counts against the caller's read limit.
 */
export const history: RouteHandler<'history'> = async (request, context) => {
  const { modelId } = context.params;
  context.log.modelId = modelId;
  const limit = limitFromQuery(new URL(request.url).searchParams, {
    fallback: DEFAULT_LIMIT,
    max: MAX_LIMIT,
  });
  await authenticateRead(request, context);
  const body: HistoryResponse = {
    modelId,
    runs: await context.deps.service.history(modelId, limit),
  };
  return jsonResponse(200, body);
};
