/**
 * Runs many certifications a few at a time within the per-user rate limit (the API: 10 per
 * minute): a 429 `RATE_LIMITED` puts the whole queue to sleep for its `Retry-After` and the
 * model is tried again; a `QUOTA_EXCEEDED` (the month's quota) stops the queue, since waiting
 * for the next month is not what a person pressing a button means, and so does any error
 * `stopOn` names. DOM-free and clock-injected,
 * so it is tested in Node.
 */
import { RateLimitedApiError } from '../client/index.js';
import { sleep as abortableSleep } from '../shared/certification/abort.js';

/** What happened to one item, for its row. */
export type QueueItemState =
  | { state: 'queued' }
  | { state: 'running' }
  | { state: 'waiting'; retryAt: number }
  | { state: 'done' }
  | { state: 'failed'; error: unknown }
  | { state: 'skipped' };

/** Options of {@link runCertifyQueue}. */
export interface CertifyQueueOptions<T> {
  /** At most this many at once (default 2: each already runs its probes in parallel). */
  concurrency?: number;
  /** Certifies one item; rejects with the client's typed errors. */
  certify: (item: T, signal: AbortSignal) => Promise<void>;
  /** Told about every state change of an item. */
  onState: (item: T, state: QueueItemState) => void;
  /**
   * Errors that stop the whole queue, because every later item would meet them too (a rejected
   * token). A `QUOTA_EXCEEDED` always does.
   */
  stopOn?: (error: unknown) => boolean;
  /** Aborting stops starting new items and aborts the running ones. */
  signal?: AbortSignal;
  /** Resolves after `ms` (or rejects when `signal` aborts); injected by tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

/** How the queue ended. */
export interface CertifyQueueOutcome {
  done: number;
  failed: number;
  /** Items never started: the queue was cancelled or the month's quota ran out. */
  skipped: number;
  /** The error that stopped the queue early (a quota, or one `stopOn` accepts). */
  stoppedBy?: unknown;
}

/** Certifies `items`, `concurrency` at a time, waiting out rate limits. Never rejects. */
export async function runCertifyQueue<T>(
  items: readonly T[],
  options: CertifyQueueOptions<T>,
): Promise<CertifyQueueOutcome> {
  const { certify, onState, signal } = options;
  const sleep =
    options.sleep ??
    ((ms: number, signal?: AbortSignal) =>
      abortableSleep(ms, signal ?? new AbortController().signal));
  const now = options.now ?? Date.now;
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const pending = [...items];
  const outcome: CertifyQueueOutcome = { done: 0, failed: 0, skipped: 0 };
  // One gate for every worker: a 429 means the user's window is full, whoever hit it.
  const gate = { until: 0 };
  for (const item of items) onState(item, { state: 'queued' });

  const worker = async (): Promise<void> => {
    for (let item = pending.shift(); item !== undefined; item = pending.shift()) {
      for (;;) {
        if (signal?.aborted || outcome.stoppedBy !== undefined) {
          outcome.skipped += 1;
          onState(item, { state: 'skipped' });
          break;
        }
        const wait = gate.until - now();
        if (wait > 0) {
          onState(item, { state: 'waiting', retryAt: gate.until });
          try {
            await sleep(wait, signal);
          } catch {
            continue;
          }
        }
        onState(item, { state: 'running' });
        try {
          await certify(item, signal ?? new AbortController().signal);
          outcome.done += 1;
          onState(item, { state: 'done' });
          break;
        } catch (error) {
          if (
            error instanceof RateLimitedApiError &&
            error.code !== 'QUOTA_EXCEEDED' &&
            !signal?.aborted
          ) {
            gate.until = Math.max(gate.until, now() + error.retryAfterSeconds * 1000);
            continue;
          }
          if (
            (error instanceof RateLimitedApiError && error.code === 'QUOTA_EXCEEDED') ||
            options.stopOn?.(error)
          )
            outcome.stoppedBy ??= error;
          if (signal?.aborted) {
            outcome.skipped += 1;
            onState(item, { state: 'skipped' });
          } else {
            outcome.failed += 1;
            onState(item, { state: 'failed', error });
          }
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return outcome;
}
