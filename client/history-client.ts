import type { HistoryResponse } from '../shared/types.js';
import {
  queryOf,
  sendJson,
  type ClientOptions,
  type RegionOption,
} from './certification-client.js';

/** Options of {@link getCertificationHistory}. */
export interface HistoryOptions extends ClientOptions, RegionOption {
  /** At most this many runs, 1 to 100. Default (the service's): 20. */
  limit?: number;
}

/**
 * The model's certification runs of the last 90 days, newest first: requested and scheduled
 * runs alike, each saying whether it changed the model's status or capabilities. Counts
 * against the read limit. Rejects with `ApiError` (`INVALID_MODEL_ID`, `INVALID_REQUEST` for a bad `limit`,
 * `UNAUTHORIZED`, ...) like the other calls.
 */
export function getCertificationHistory(
  modelId: string,
  options: HistoryOptions,
): Promise<HistoryResponse> {
  const query = queryOf({
    ...(options.limit === undefined ? {} : { limit: String(options.limit) }),
    ...(options.region === undefined ? {} : { region: options.region }),
  });
  return sendJson<HistoryResponse>(
    `/api/certification/history/${encodeURIComponent(modelId)}${query}`,
    options,
    { method: 'GET' },
  );
}
