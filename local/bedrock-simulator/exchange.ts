/**
 * The life of one Converse call on the server: its timers, and how it ended. Every delay is
 * a timer owned by the exchange, so a client that goes away (or a simulator that closes)
 * clears them all at once and nothing keeps running for an answer nobody will read.
 */
import { performance } from 'node:perf_hooks';
import type { AnyRequest, AnyResponse } from './dual-protocol.js';

/** How an exchange ended: answered in full, or the client left before the end. */
export type ExchangeOutcome = 'completed' | 'aborted';

/** What the simulator needs of an HTTP/1.1 or HTTP/2 response. */
export interface ResponseWriter {
  writeHead(statusCode: number, headers: Record<string, string | number>): unknown;
  write(chunk: Uint8Array): boolean;
  end(): unknown;
  end(chunk: string): unknown;
  flushHeaders?(): void;
}

/** One request/response pair with its scheduled work. */
export class Exchange {
  /** `performance.now()` when the request arrived; answers are timed from here. */
  readonly startedAt = performance.now();
  readonly response: ResponseWriter;
  private readonly timers = new Set<NodeJS.Timeout>();
  private ended = false;

  constructor(
    readonly request: AnyRequest,
    response: AnyResponse,
    onEnd: (outcome: ExchangeOutcome) => void,
  ) {
    this.response = response;
    const end = (outcome: ExchangeOutcome): void => {
      if (this.ended) return;
      this.ended = true;
      this.cancel();
      onEnd(outcome);
    };
    // 'finish' means the whole answer was handed to the connection; 'close' without it means
    // the client (or the simulator shutting down) dropped the request first.
    response.on('finish', () => end('completed'));
    response.on('close', () => end(response.writableFinished ? 'completed' : 'aborted'));
  }

  /** True once the response finished or closed. */
  get isEnded(): boolean {
    return this.ended;
  }

  /** Milliseconds since the request arrived. */
  elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  /** Runs `task` at `atMs` after the request arrived (or at once if that moment has passed). */
  at(atMs: number, task: () => void): void {
    if (this.ended) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.ended) task();
    }, Math.max(0, atMs - this.elapsedMs()));
    this.timers.add(timer);
  }

  /** Clears every pending timer. */
  cancel(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
