import { abortReason } from '../certification/abort.js';
import type { Certification, ProgressEvent } from '../types.js';

/** Executes a certification, reporting progress; must stop spending when `signal` aborts. */
export type RunExecutor = (signal: AbortSignal, emit: (event: ProgressEvent) => void) => Promise<Certification>;

/**
 * One certification shared by every request that asks for the same model while it runs.
 * Late joiners get the progress so far replayed, then live events. The run is aborted only
 * when its last subscriber leaves, so one impatient client cannot cancel it for the others.
 */
export class SharedRun {
  private readonly history: ProgressEvent[] = [];
  private readonly listeners = new Set<(event: ProgressEvent) => void>();
  private readonly controller = new AbortController();
  private subscribers = 0;
  private readonly result: Promise<Certification>;
  private settled = false;

  constructor(execute: RunExecutor) {
    this.result = execute(this.controller.signal, (event) => {
      this.history.push(event);
      for (const listener of this.listeners) listener(event);
    });
    // Subscribers observe the outcome; this only marks the run as finished.
    this.result.then(
      () => (this.settled = true),
      () => (this.settled = true),
    );
  }

  /** False once it finished or was abandoned: a new request must start a new run. */
  get joinable(): boolean {
    return !this.settled && !this.controller.signal.aborted;
  }

  /** Subscribes until the run ends or `signal` aborts (then rejects with the signal's reason). */
  join(onProgress: (event: ProgressEvent) => void, signal: AbortSignal): Promise<Certification> {
    this.subscribers += 1;
    for (const event of this.history) onProgress(event);
    this.listeners.add(onProgress);

    return new Promise<Certification>((resolve, reject) => {
      let left = false;
      const leave = (): void => {
        if (left) return;
        left = true;
        this.listeners.delete(onProgress);
        this.subscribers -= 1;
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        leave();
        if (this.subscribers === 0) this.controller.abort(signal.reason);
        reject(abortReason(signal));
      };
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      this.result.finally(leave).then(resolve, reject);
    });
  }
}
