import type { AdminUsageResponse, UsageResponse } from '../shared/types.js';
import { sendJson, type ClientOptions } from './certification-client.js';

/** Options of {@link getUsage} and {@link getAdminUsage}. */
export interface UsageOptions extends ClientOptions {
  /** A UTC month, `YYYY-MM`; default the current one. Anything else is a `400 INVALID_MONTH` `ApiError`. */
  month?: string;
}

/**
 * What the caller spent in a month: certifications run (cached answers are free), tokens,
 * estimated cost, and the monthly quota (`null` when the service has none). Counts against the
 * read limit.
 */
export function getUsage(options: UsageOptions): Promise<UsageResponse> {
  return sendJson<UsageResponse>(`/api/certification/usage${monthQuery(options.month)}`, options, {
    method: 'GET',
  });
}

/**
 * Every user's usage in a month, for operators: the token must belong to a member of the
 * Cognito group `admins`; anyone else gets an `ApiError` with status 403 and code `FORBIDDEN`.
 */
export function getAdminUsage(options: UsageOptions): Promise<AdminUsageResponse> {
  return sendJson<AdminUsageResponse>(
    `/api/certification/admin/usage${monthQuery(options.month)}`,
    options,
    { method: 'GET' },
  );
}

function monthQuery(month: string | undefined): string {
  return month === undefined ? '' : `?${new URLSearchParams({ month }).toString()}`;
}
