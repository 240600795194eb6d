import { SERVICE_DEFAULTS } from '../../config.js';
import type { HistoryResponse } from '../../types.js';
import { limitFromQuery } from '../limit-query.js';
import { regionFromQuery } from '../region-param.js';
import { jsonResponse } from '../responses.js';
import { authenticateRead, type RouteHandler } from '../route-handler.js';

const { limit: DEFAULT_LIMIT, maxLimit: MAX_LIMIT } = SERVICE_DEFAULTS.history;

/**
 * `GET /api/certification/history/{modelId}[?limit=N][&region=...]`: the model's runs of the
 * last 90 days in one Region, newest first (one store Query of at most `limit` runs). Counts
 * against the caller's read limit.
 */
export const history: RouteHandler<'history'> = async (request, context) => {
  const { modelId } = context.params;
  const { service } = context.deps;
  context.log.modelId = modelId;
  const query = new URL(request.url).searchParams;
  const limit = limitFromQuery(query, { fallback: DEFAULT_LIMIT, max: MAX_LIMIT });
  const region = regionFromQuery(query, service);
  context.log.region = region;
  await authenticateRead(request, context);
  const body: HistoryResponse = {
    modelId,
    runs: await service.history(modelId, limit, region),
  };
  return jsonResponse(200, body);
};
