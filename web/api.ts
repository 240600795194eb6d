/**
 * The history route (`GET /api/certification/history/{modelId}`), typed as DESIGN.md ("Second
 * stage") gives it, until the typed client offers it; it shares the client's request and error
 * handling. The catalog and usage come from the client itself.
 */
import { sendJson, type ClientOptions } from '../client/certification-client.js';
import type { Capabilities, CertificationStatus } from '../shared/types.js';

/** One recorded run of `GET /api/certification/history/{modelId}`. */
export interface HistoryRun {
  certifiedAt: string;
  status: CertificationStatus;
  testsPassed: number;
  testsFailed: number;
  capabilities: Capabilities;
  ttftMs: number | null;
  estimatedCostUsd: number | null;
  trigger: 'request' | 'schedule';
  changed: boolean;
}

/** `GET /api/certification/history/{modelId}`. */
export interface HistoryResponse {
  modelId: string;
  runs: HistoryRun[];
}

/** The model's recorded runs, newest first. */
export function getHistory(modelId: string, options: ClientOptions & { limit?: number }): Promise<HistoryResponse> {
  const query = options.limit === undefined ? '' : `?limit=${options.limit}`;
  return sendJson<HistoryResponse>(`/api/certification/history/${encodeURIComponent(modelId)}${query}`, options, { method: 'GET' });
}
