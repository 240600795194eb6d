import { ADMIN_GROUP } from '../../auth/groups.js';
import { ForbiddenError } from '../../errors.js';
import type { AdminUsageResponse } from '../../types.js';
import { monthFromQuery } from '../month-query.js';
import { jsonResponse } from '../responses.js';
import { authenticate, type RouteHandler } from '../route-handler.js';
import { message } from '../../i18n/translate.js';

/**
 * `GET /api/certification/admin/usage[?month=YYYY-MM]`: every user's usage in a UTC month, for
 * operators billing from it. Members of the Cognito group `admins` only (the access token's
 * `cognito:groups`); anyone else gets `403 FORBIDDEN`, before the month is even read.
 */
export const adminUsage: RouteHandler<'admin-usage'> = async (request, context) => {
  const caller = await authenticate(request, context);
  if (!caller.groups?.includes(ADMIN_GROUP)) {
    throw new ForbiddenError(message('api.adminsOnly', { group: ADMIN_GROUP }));
  }
  const month = monthFromQuery(request.url);
  const body: AdminUsageResponse = await context.deps.service.usageReport(month);
  return jsonResponse(200, body);
};
