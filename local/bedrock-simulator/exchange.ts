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
    private readonly onEnd: (outcome: ExchangeOutcome) => void,
  ) {
    // Only the simulator knows whether it wrote the whole answer: an HTTP/2 response emits
    // 'finish' even when the client reset the stream, so completion is tracked here.
    let answered = false;
    const writer: ResponseWriter = response;
    this.response = {
      writeHead: (statusCode, headers) => writer.writeHead(statusCode, headers),
      write: (chunk) => writer.write(chunk),
      end: (chunk?: string) => {
        answered = true;
        return chunk === undefined ? writer.end() : writer.end(chunk);
      },
      // HTTP/1.1 holds headers back until the first write; a stream should show them at once.
      flushHeaders: () => writer.flushHeaders?.(),
    };
    response.on('close', () => this.finish(answered ? 'completed' : 'aborted'));
  }

  /** Ends the exchange once, clearing its timers. */
  private finish(outcome: ExchangeOutcome): void {
    if (this.ended) return;
    this.ended = true;
    this.cancel();
    this.onEnd(outcome);
  }

  /** Gives up on the exchange because the simulator is shutting down (its socket is gone). */
  abandon(): void {
    this.finish('aborted');
  }

  /** True once the response closed or the exchange was abandoned. */
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
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (!this.ended) task();
      },
      Math.max(0, atMs - this.elapsedMs()),
    );
    this.timers.add(timer);
  }

  /** Clears every pending timer. */
  cancel(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
