/**
 * The second-stage calls the CLI needs (DESIGN.md "Second stage": catalog, usage), with the
 * shapes the contract gives them. They belong in `certification-client.ts` next to the others;
 * they live here only until the typed client has them, and use its request path and errors.
 */
import type { Capabilities, CertificationStatus } from '../shared/types.js';
import { sendJson, type ClientOptions } from './certification-client.js';

/** The catalog's `status` filter: a certification's status, or none at all. */
export type CatalogStatusFilter = CertificationStatus | 'uncertified';

/** The summary of a model's latest unexpired certification, as the catalog carries it. */
export interface CatalogCertification {
  status: CertificationStatus;
  certifiedAt: string;
  expiresAt: string;
  capabilities: Capabilities;
  ttftMs: number | null;
  estimatedCostUsd: number | null;
  successRate: number;
}

/** One model the account sees in the service's region. */
export interface CatalogEntry {
  modelId: string;
  modelName: string;
  provider: string;
  kind: 'foundation-model' | 'inference-profile';
  lifecycle: 'ACTIVE' | 'LEGACY';
  /** False for a foundation model Bedrock serves only through its inference profiles. */
  onDemand: boolean;
  /** Profiles containing this foundation model. */
  inferenceProfiles: string[];
  /** The foundation model of a profile. */
  baseModelId?: string | null;
  certification: CatalogCertification | null;
}

/** `GET /api/certification/catalog`. */
export interface CatalogResponse {
  region: string;
  models: CatalogEntry[];
}

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

/** Every text model and inference profile the account sees, with its certification. Not rate limited. */
export function getCatalog(options: ClientOptions & { status?: CatalogStatusFilter }): Promise<CatalogResponse> {
  const query = options.status === undefined ? '' : `?status=${encodeURIComponent(options.status)}`;
  return sendJson<CatalogResponse>(`/api/certification/catalog${query}`, options, { method: 'GET' });
}

/** The caller's certifications, tokens, estimated cost and quota in a UTC month (default: this one). */
export function getUsage(options: ClientOptions & { month?: string }): Promise<UsageResponse> {
  const query = options.month === undefined ? '' : `?month=${encodeURIComponent(options.month)}`;
  return sendJson<UsageResponse>(`/api/certification/usage${query}`, options, { method: 'GET' });
}
