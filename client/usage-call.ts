/**
 * `GET /api/certification/usage` (DESIGN.md "Second stage"), with the shape the contract gives
 * it: the one call the CLI needs that the typed client does not have yet. It belongs with the
 * typed client's calls; it lives here only until then, and uses their request path and errors.
 */
import { sendJson, type ClientOptions } from './certification-client.js';

/** `GET /api/certification/usage`: the caller's month. */
export interface UsageResponse {
  /** `YYYY-MM`, UTC. */
  month: string;
  /** Runs; cache hits are free and not counted. */
  certifications: number;
  inputTokens: number;
  outputTokens: number;
  estimatedCostUsd: number | null;
  /** `null` when no monthly quota is set. */
  quota: { limit: number; used: number; remaining: number } | null;
}

/** The caller's certifications, tokens, estimated cost and quota in a UTC month (default: this one). */
export function getUsage(options: ClientOptions & { month?: string }): Promise<UsageResponse> {
  const query = options.month === undefined ? '' : `?month=${encodeURIComponent(options.month)}`;
  return sendJson<UsageResponse>(`/api/certification/usage${query}`, options, { method: 'GET' });
}
