import type { Certification, ProgressEvent } from '../types.js';

/**
 * The store operations the service needs. `shared/store` implements them on DynamoDB; tests may
 * pass in-memory fakes. Every method throws `StoreUnavailableError` when the store cannot answer.
 */
export interface CertificationCachePort {
  get(region: string, modelId: string): Promise<Certification | undefined>;
  put(certification: Certification): Promise<void>;
  list(region: string): Promise<Certification[]>;
}

/** Per-user admission; throws `RateLimitedError` when the user's budget is used up. */
export interface RateLimiterPort {
  consume(sub: string): Promise<void>;
}

/** Cross-instance single flight: one runner per region + model, progress mirrored for waiters. */
export interface CertificationLockPort {
  tryAcquire(region: string, modelId: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Resolves false when `owner` no longer holds the lock. */
  publish(region: string, modelId: string, owner: string, events: ProgressEvent[]): Promise<boolean>;
  read(region: string, modelId: string): Promise<{ owner: string; events: ProgressEvent[]; leaseUntil: number } | undefined>;
  /** Resolves false when `owner` no longer held the lock. */
  release(region: string, modelId: string, owner: string): Promise<boolean>;
}

/** Pay-per-certification metering. */
export interface UsageMeterPort {
  record(sub: string, certification: Certification): Promise<void>;
}

/** Runs one certification against Bedrock (the engine, bound to its client and settings). */
export type RunCertification = (
  modelId: string,
  options: {
    signal: AbortSignal;
    onProgress: (event: ProgressEvent) => void;
    requestId?: string;
    /** The most this run may take; at most the configured certification deadline. */
    deadlineMs: number;
  },
) => Promise<Certification>;
