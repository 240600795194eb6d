import type { UsageResponse } from '../../types.js';
import { monthFromQuery } from '../month-query.js';
import { jsonResponse } from '../responses.js';
import { authenticateRead, type RouteHandler } from '../route-handler.js';

/**
 * `GET /api/certification/usage[?month=YYYY-MM]`: what the caller spent in a UTC month (default
 * the current one) and, when the service has a monthly quota, how much of it is left. Only the
 * caller's own usage; counts against the read limit.
 */
export const usage: RouteHandler<'usage'> = async (request, context) => {
  const month = monthFromQuery(request.url);
  const caller = await authenticateRead(request, context);
  const body: UsageResponse = await context.deps.service.usage(caller, month);
  return jsonResponse(200, body);
};
