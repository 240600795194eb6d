import type { ProbeError } from '../errors.js';

/**
 * Why the engine aborted a probe's signal. The engine reads it back to turn an `AbortError`
 * from the SDK into the right result (`TIMEOUT`, the root unavailability code, or a rethrow).
 */
export type CancelReason =
  /** The caller aborted, or the engine gave up on a programming error: nobody awaits results. */
  | { kind: 'abandoned' }
  | { kind: 'deadline'; deadlineMs: number }
  | { kind: 'probe-timeout'; timeoutMs: number }
  | { kind: 'unavailable'; root: ProbeError };

/**
 * An `Error` carrying a `CancelReason`, used as `AbortController.abort(reason)`. Kept here, not in
 * errors.ts: it is no error anyone throws or catches, but the engine's note to itself on a signal,
 * named `AbortError` so the SDK and `fetch` treat it as any abort; {@link cancelReasonOf} reads it.
 */
export class CancelledError extends Error {
  constructor(readonly reason: CancelReason) {
    super(`cancelled: ${reason.kind}`);
    this.name = 'AbortError';
  }
}

/** The engine's cancel reason behind an aborted signal, if the engine aborted it. */
export function cancelReasonOf(signal: AbortSignal): CancelReason | undefined {
  return signal.aborted && signal.reason instanceof CancelledError
    ? signal.reason.reason
    : undefined;
}

/**
 * Why `signal` aborted, as the `Error` it is by convention: the reason the aborter gave, or the
 * `AbortError` `DOMException` `abort()` uses by default.
 */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error
    ? reason
    : new DOMException('This operation was aborted', 'AbortError');
}

/**
 * Settles like `promise`, or rejects with `signal.reason` as soon as `signal` aborts, so a
 * client that ignores its abort signal can never hold a certification past its deadline.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.finally(() => signal.removeEventListener('abort', onAbort)).then(resolve, reject);
  });
}

/** Waits `ms`, or rejects with `signal.reason` when `signal` aborts first (the timer is cleared). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A child controller that aborts (with the same reason) when `parent` aborts, plus a `dispose`
 * that detaches it so finished probes leave no listener behind.
 */
export function childController(parent: AbortSignal): {
  controller: AbortController;
  dispose: () => void;
} {
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { controller, dispose: () => undefined };
  }
  const onAbort = (): void => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return { controller, dispose: () => parent.removeEventListener('abort', onAbort) };
}
