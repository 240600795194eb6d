import { SERVICE_DEFAULTS } from '../../config.js';
import { InvalidRequestError } from '../../errors.js';
import type { HistoryResponse } from '../../types.js';
import { regionFromQuery } from '../region-param.js';
import { jsonResponse } from '../responses.js';
import { authenticate, type RouteHandler } from '../route-handler.js';

const { limit: DEFAULT_LIMIT, maxLimit: MAX_LIMIT } = SERVICE_DEFAULTS.history;

/**
 * `GET /api/certification/history/{modelId}[?limit=N][&region=...]`: the model's runs of the
 * last 90 days in one Region, newest first (one store Query). Not rate limited: reading the
 * history spends nothing.
 */
export const history: RouteHandler<'history'> = async (request, context) => {
  const { modelId } = context.params;
  const { service } = context.deps;
  context.log.modelId = modelId;
  const query = new URL(request.url).searchParams;
  const limit = limitFromQuery(query);
  const region = regionFromQuery(query, service);
  context.log.region = region;
  await authenticate(request, context);
  const body: HistoryResponse = {
    modelId,
    runs: await service.history(modelId, limit, region),
  };
  return jsonResponse(200, body);
};

/** `limit`: a whole number from 1 to 100, written plainly (no sign, exponent or leading zero); default 20. */
function limitFromQuery(query: URLSearchParams): number {
  const values = query.getAll('limit');
  if (values.length === 0) return DEFAULT_LIMIT;
  const [raw] = values;
  const limit =
    values.length === 1 && raw !== undefined && /^[1-9]\d{0,2}$/.test(raw)
      ? Number(raw)
      : Number.NaN;
  if (!(limit <= MAX_LIMIT))
    throw new InvalidRequestError(`limit must be a whole number from 1 to ${MAX_LIMIT}.`);
  return limit;
}
