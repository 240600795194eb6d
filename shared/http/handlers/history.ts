import { SERVICE_DEFAULTS } from '../../config.js';
import { InvalidRequestError } from '../../errors.js';
import type { HistoryResponse } from '../../types.js';
import { jsonResponse } from '../responses.js';
import { authenticate, type RouteHandler } from '../route-handler.js';
import { message } from '../../i18n/translate.js';

const { limit: DEFAULT_LIMIT, maxLimit: MAX_LIMIT } = SERVICE_DEFAULTS.history;

/**
 * `GET /api/certification/history/{modelId}[?limit=N]`: the model's runs of the last 90 days,
 * newest first (one store Query). Not rate limited: reading the history spends nothing.
 */
export const history: RouteHandler<'history'> = async (request, context) => {
  const { modelId } = context.params;
  context.log.modelId = modelId;
  const limit = limitFromQuery(new URL(request.url).searchParams);
  await authenticate(request, context);
  const body: HistoryResponse = {
    modelId,
    runs: await context.deps.service.history(modelId, limit),
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
    throw new InvalidRequestError(message('api.historyLimit', { max: MAX_LIMIT }));
  return limit;
}
