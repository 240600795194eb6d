/**
 * Certifies several models a few at a time within the user's rate limit: the CLI's engine for
 * one model id, several, or the whole catalog. Cached results are read through the check route
 * (not rate limited, never metered), runs go through the stream. A `429 RATE_LIMITED` is waited
 * out with its `Retry-After`, and every worker holds back until then (they share one limit); a
 * `429 QUOTA_EXCEEDED` is not (its `Retry-After` runs to the end of the month): no further run
 * is started, cached results are still read.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { Certification, CheckResponse, ProgressEvent } from '../shared/types.js';
import { RateLimitedApiError, UnauthorizedApiError } from './errors.js';

/** One model to certify. */
export interface BatchItem {
  modelId: string;
  /**
   * Whether the service has a cached result, when known beforehand (the catalog says): `false`
   * goes straight to a run, `true` or unknown asks the check route first (unless `fresh`).
   */
  cached?: boolean;
}

/** What the batch got for one model. */
export type BatchOutcome =
  | { modelId: string; certification: Certification; error?: undefined }
  | { modelId: string; error: unknown; certification?: undefined; notRun?: boolean };

/** The service calls the batch makes, bound to a URL and token by the caller. */
export interface BatchClient {
  check(modelId: string, signal: AbortSignal): Promise<CheckResponse>;
  certify(
    modelId: string,
    options: { fresh: boolean; signal: AbortSignal; onProgress: (event: ProgressEvent) => void },
  ): Promise<Certification>;
}

/** Time, injectable so tests wait out a `Retry-After` without waiting. */
export interface BatchClock {
  now(): number;
  /** Resolves after `ms`, rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal: AbortSignal | undefined): Promise<void>;
}

/** Reports what the batch does, for a progress view. */
export interface BatchListener {
  /** A run (not a cache read) starts on the service. */
  onRunStart?(modelId: string): void;
  onProgress?(modelId: string, event: ProgressEvent): void;
  /** The model waits `seconds` because the rate limit answered `429`. */
  onWait?(modelId: string, seconds: number): void;
  onDone?(outcome: BatchOutcome): void;
}

/** Options of {@link certifyBatch}. */
export interface CertifyBatchOptions extends BatchListener {
  client: BatchClient;
  /** At most this many models at a time. */
  concurrency: number;
  /** Certify anew even when a result is cached. */
  fresh: boolean;
  /** Each request (a check, or a run to its result) gives up after this long. */
  timeoutMs: number;
  /** Interrupts the whole batch: {@link certifyBatch} then rejects with its reason. */
  signal?: AbortSignal;
  clock?: BatchClock;
  /** How many `429 RATE_LIMITED` one model waits out before it gives up. Default 5. */
  maxRateLimitWaits?: number;
  /** A `Retry-After` longer than this is not waited out. Default 600 s. */
  maxWaitSeconds?: number;
}

const DEFAULT_CLOCK: BatchClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleepFor(ms, undefined, { signal }),
};

/** The `429` code that means the month's runs are used up rather than the minute's. */
export const QUOTA_EXCEEDED = 'QUOTA_EXCEEDED';

/**
 * Certifies every item, at most `concurrency` at a time, and resolves with one outcome per
 * item in the items' order. Failures of one model are its outcome, not a rejection; the
 * returned promise rejects only when `signal` aborts.
 */
export async function certifyBatch(
  items: readonly BatchItem[],
  options: CertifyBatchOptions,
): Promise<BatchOutcome[]> {
  const clock = options.clock ?? DEFAULT_CLOCK;
  const maxWaits = options.maxRateLimitWaits ?? 5;
  const maxWaitSeconds = options.maxWaitSeconds ?? 600;
  const { signal } = options;
  const outcomes = new Array<BatchOutcome>(items.length);
  // Shared by the workers: they spend one user's rate limit.
  let resumeAt = 0;
  /**
   * Once set, no further run starts (`runs`: the quota is used up) or no request at all (`all`:
   * the token was refused). An object, as the workers set it while others await.
   */
  const stop: { runs?: RateLimitedApiError; all?: UnauthorizedApiError } = {};
  // A call, so the compiler does not carry a check made before an `await` past it.
  const stoppedBy = (): Error | undefined => stop.all ?? stop.runs;

  const attempt = <T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    return call(signal ? AbortSignal.any([signal, timeout]) : timeout);
  };

  const certifyOne = async (item: BatchItem): Promise<BatchOutcome> => {
    const { modelId } = item;
    if (stop.all) return { modelId, error: stop.all, notRun: true };
    if (!options.fresh && item.cached !== false) {
      const check = await attempt((s) => options.client.check(modelId, s));
      if (check.cached) return { modelId, certification: check.certification };
    }
    for (let waits = 0; ; waits++) {
      const stopped = stoppedBy();
      if (stopped) return { modelId, error: stopped, notRun: true };
      const wait = resumeAt - clock.now();
      if (wait > 0) await clock.sleep(wait, signal);
      try {
        options.onRunStart?.(modelId);
        const certification = await attempt((s) =>
          options.client.certify(modelId, {
            fresh: options.fresh,
            signal: s,
            onProgress: (event) => options.onProgress?.(modelId, event),
          }),
        );
        return { modelId, certification };
      } catch (error) {
        if (!(error instanceof RateLimitedApiError)) throw error;
        if (error.code === QUOTA_EXCEEDED) {
          stop.runs ??= error;
          throw error;
        }
        if (waits >= maxWaits || error.retryAfterSeconds > maxWaitSeconds) throw error;
        resumeAt = Math.max(resumeAt, clock.now() + error.retryAfterSeconds * 1000);
        options.onWait?.(modelId, error.retryAfterSeconds);
      }
    }
  };

  const queue = items.entries();
  const worker = async (): Promise<void> => {
    for (const [index, item] of queue) {
      let outcome: BatchOutcome;
      try {
        outcome = await certifyOne(item);
      } catch (error) {
        // An interrupt ends the batch; anything else is this model's outcome.
        signal?.throwIfAborted();
        // A refused token refuses every other request too: stop rather than repeat it per model.
        if (error instanceof UnauthorizedApiError) stop.all ??= error;
        outcome = { modelId: item.modelId, error };
      }
      outcomes[index] = outcome;
      options.onDone?.(outcome);
    }
  };
  const workers = Array.from(
    { length: Math.max(1, Math.min(options.concurrency, items.length)) },
    worker,
  );
  await Promise.all(workers);
  return outcomes;
}
