import { ProbeError } from '../errors.js';
import { sleep as abortableSleep } from './abort.js';
import { classifyBedrockError } from './classify-bedrock-error.js';

/** Bounded exponential backoff with full jitter for throttled Bedrock calls. */
export interface RetryPolicy {
  /** Attempts in total, first one included. */
  maxAttempts: number;
  /** Upper bound of the first delay; doubles per attempt. */
  baseDelayMs: number;
  /** Cap of any single delay. */
  maxDelayMs: number;
  /** Injected for tests; must reject when `signal` aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Injected for tests; `[0, 1)`. */
  random: () => number;
}

/** 3 attempts, delays drawn from [0, 250 ms) then [0, 500 ms): a throttled probe gives up within ~1 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 2_000,
  sleep: abortableSleep,
  random: Math.random,
};

/** Where a retry loop runs: its cancellation and how long it may still take. */
export interface RetryScope {
  signal: AbortSignal;
  /** Milliseconds left before the probe's own timeout or the certification deadline. */
  remainingMs: () => number;
}

/**
 * Runs `call`, retrying only `THROTTLED` failures. A retry is skipped when its delay would not
 * fit in the remaining time, so a throttled model reports `THROTTLED` rather than `TIMEOUT`.
 * Errors other than throttling propagate unchanged; the final throttling error says how many
 * attempts were made.
 */
export async function retryThrottled<T>(
  call: () => Promise<T>,
  policy: RetryPolicy,
  scope: RetryScope,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (scope.signal.aborted) throw error;
      const classified = classifyBedrockError(error);
      if (classified.code !== 'THROTTLED') throw error;
      const delayMs = Math.floor(
        policy.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)),
      );
      if (attempt >= policy.maxAttempts || delayMs >= scope.remainingMs()) {
        throw new ProbeError(
          'THROTTLED',
          `${classified.message} Gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}.`,
          {
            cause: error,
          },
        );
      }
      await policy.sleep(delayMs, scope.signal);
    }
  }
}
