/**
 * The second-stage read routes the page uses that the typed client does not offer yet (usage,
 * history), typed as DESIGN.md ("Second stage") gives them. The catalog comes from the client.
 */
import { ApiError, NetworkError, ProtocolError, UnauthorizedApiError, type CertificationStatus, type ClientOptions } from '../client/index.js';
import type { Capabilities } from '../shared/types.js';

/** `GET /api/certification/usage`. */
export interface UsageResponse {
  month: string;
  certifications: number;
  inputTokens: number;
  outputTokens: number;
  estimatedCostUsd: number;
  quota: { limit: number; used: number; remaining: number } | null;
}

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

async function getJson<T>(path: string, options: ClientOptions): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${options.baseUrl.replace(/\/+$/, '')}${path}`, {
      headers: { accept: 'application/json', authorization: `Bearer ${options.token}` },
      cache: 'no-store',
      signal: options.signal,
    });
  } catch (error) {
    options.signal?.throwIfAborted();
    throw new NetworkError(undefined, { cause: error });
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    if (response.ok) throw new ProtocolError('The service answered with a body that is not JSON.', { cause: error });
  }
  if (response.ok) return body as T;
  const details = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const error = {
    status: response.status,
    code: typeof details?.code === 'string' ? details.code : `HTTP_${response.status}`,
    message: typeof details?.message === 'string' ? details.message : `The service answered ${response.status}.`,
  };
  throw response.status === 401 ? new UnauthorizedApiError(error) : new ApiError(error);
}

/** The caller's certifications and estimated spend this month, and the quota. */
export function getUsage(options: ClientOptions): Promise<UsageResponse> {
  return getJson<UsageResponse>('/api/certification/usage', options);
}

/** The model's recorded runs, newest first. */
export function getHistory(modelId: string, options: ClientOptions & { limit?: number }): Promise<HistoryResponse> {
  const query = options.limit === undefined ? '' : `?limit=${options.limit}`;
  return getJson<HistoryResponse>(`/api/certification/history/${encodeURIComponent(modelId)}${query}`, options);
}
