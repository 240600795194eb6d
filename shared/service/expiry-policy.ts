import type { CertificationDraft } from '../certification/engine.js';
import type { Certification, ProbeErrorCode } from '../types.js';

/** How long results of each kind stay in the cache, in seconds. */
export interface ExpiryPolicy {
  certified: number;
  failed: number;
  unavailable: number;
  /** Failures that a retry is likely to fix. */
  transient: number;
}

/** Failures caused by load or flakiness rather than by the model: cached only briefly. */
const TRANSIENT_CODES: ReadonlySet<ProbeErrorCode> = new Set([
  'THROTTLED',
  'TIMEOUT',
  'SERVICE_UNAVAILABLE',
  'MODEL_ERROR',
]);

/**
 * Seconds a certification stays cached: a day when certified, shorter when failed or
 * unavailable, and shortest when any failure was transient, so a throttled run is not
 * served as the model's verdict for an hour.
 */
export function cacheTtlSeconds(
  policy: ExpiryPolicy,
  certification: Pick<Certification, 'status' | 'results'>,
): number {
  if (certification.status === 'certified') return policy.certified;
  const transient = certification.results.some(
    (result) => result.error && TRANSIENT_CODES.has(result.error.code),
  );
  if (transient) return policy.transient;
  return certification.status === 'unavailable' ? policy.unavailable : policy.failed;
}

/**
 * The certification the service caches and answers with: the engine's draft stamped with its
 * `expiresAt` (counted from `certifiedAt`) and marked as not coming from the cache.
 */
export function withExpiry(draft: CertificationDraft, policy: ExpiryPolicy): Certification {
  const expiresAtMs =
    Date.parse(draft.certifiedAt) + Math.max(0, cacheTtlSeconds(policy, draft)) * 1000;
  return { ...draft, expiresAt: new Date(expiresAtMs).toISOString(), cached: false };
}
