import { formatSseMessage, SSE_KEEP_ALIVE } from '../sse.js';
import type { CompleteEvent, ErrorEvent, ProgressEvent } from '../types.js';

/** What a stream producer gets: a way to send events and a signal for "nobody is listening". */
export interface EventStreamContext<E = ProgressEvent> {
  emit: (event: E) => void;
  /**
   * Writes a `: keep-alive` comment now, besides the periodic ones. A Lambda response stream
   * sends its head (status, headers) with the first body byte, so a producer that will wait
   * before its first event (on another request's run) calls it to open the response at once.
   */
  keepAlive: () => void;
  /** Aborted when the client disconnects; producers must stop spending as soon as it fires. */
  signal: AbortSignal;
}

/**
 * Produces the events of one stream and resolves with its single terminal event: a
 * certification's `complete` or `error` (the default), or a batch's `batch-complete`.
 */
export type EventStreamProducer<E = ProgressEvent, T = CompleteEvent | ErrorEvent> = (
  context: EventStreamContext<E>,
) => Promise<T>;

/** Options of {@link createEventStream}. */
export interface EventStreamOptions<T = CompleteEvent | ErrorEvent> {
  /** Interval of `: keep-alive` comments; the API promises at least one every 15 s. */
  keepAliveIntervalMs: number;
  /** Turns an error thrown by the producer into the terminal event the client sees. */
  onError: (error: unknown) => T;
}

const encoder = new TextEncoder();

/**
 * A `text/event-stream` body framed as docs/api.md says (one `data:` line per event, see
 * `shared/sse.ts`) that always ends with exactly one terminal event (`complete` or
 * `error`; a batch's `batch-complete`) and then closes, whatever the producer does. Cancelling
 * the stream (the client went away) aborts the producer's signal and stops the keep-alive timer.
 */
export function createEventStream<
  E extends object = ProgressEvent,
  T extends object = CompleteEvent | ErrorEvent,
>(producer: EventStreamProducer<E, T>, options: EventStreamOptions<T>): ReadableStream<Uint8Array> {
  const abort = new AbortController();
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  const stop = (): void => {
    closed = true;
    if (keepAlive !== undefined) clearInterval(keepAlive);
  };

  return new ReadableStream<Uint8Array>({
    start(controller) {
      // Each frame is enqueued as one chunk, so no event is ever split across writes.
      const write = (text: string): void => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const send = (event: E | T): void => write(formatSseMessage({ data: JSON.stringify(event) }));
      keepAlive = setInterval(() => write(SSE_KEEP_ALIVE), options.keepAliveIntervalMs);
      // A pending keep-alive must not hold a Lambda invocation or a test process open by itself.
      keepAlive.unref();

      // Not awaited: start() must return so the first bytes can flow while probes run.
      void producer({ emit: send, keepAlive: () => write(SSE_KEEP_ALIVE), signal: abort.signal })
        .catch((error: unknown) => options.onError(error))
        .then((terminal) => {
          // The client already left: nothing to write to, and close() would throw.
          if (closed) return;
          send(terminal);
          stop();
          controller.close();
        });
    },
    cancel(reason) {
      stop();
      abort.abort(reason ?? new Error('client disconnected'));
    },
  });
}
