import { Writable } from 'node:stream';

/**
 * A stand-in for the `awslambda` globals the Node.js Lambda runtime provides to streaming
 * functions. Behaviour follows the runtime interface client: `streamifyResponse` marks the
 * handler, and `HttpResponseStream.from` sets the integration content type and writes the JSON
 * prelude plus 8 NUL bytes just before the first body byte.
 */

/** Content type of a response stream carrying an HTTP prelude. */
export const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
const DELIMITER = new Uint8Array(8);
const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');

/** The response stream the runtime hands to a streaming handler. */
export class LambdaResponseStream extends Writable {
  contentType = 'application/octet-stream';
  /** Set by `HttpResponseStream.from`; called with a raw write just before the first write. */
  _onBeforeFirstWrite?: (write: (chunk: string | Uint8Array) => void) => void;
  private started = false;

  /** `sink` receives every byte; a returned promise applies backpressure until it settles. */
  constructor(private readonly sink: (chunk: Buffer) => void | Promise<void>) {
    super();
  }

  setContentType(contentType: string): void {
    this.contentType = contentType;
  }

  private begin(): void {
    if (this.started) return;
    this.started = true;
    this._onBeforeFirstWrite?.((chunk) => void this.sink(Buffer.from(chunk)));
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.begin();
    const pending = this.sink(chunk);
    if (pending) pending.then(() => callback(), callback);
    else callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    // An empty body still needs its prelude, or the status and headers would be lost.
    this.begin();
    callback();
  }
}

/** A streaming handler as the runtime calls it. */
export type StreamingHandler = (event: unknown, responseStream: LambdaResponseStream, context: unknown) => Promise<unknown>;

/** True when `handler` was wrapped by `awslambda.streamifyResponse`. */
export function isStreamingHandler(handler: unknown): handler is StreamingHandler {
  return typeof handler === 'function' && (handler as unknown as Record<symbol, unknown>)[STREAMING] === true;
}

/**
 * Installs the streaming members of `globalThis.awslambda` unless a runtime already provides
 * them. Must run before the handler module is imported: middy calls
 * `awslambda.streamifyResponse` at module load. The object itself may already exist: the AWS
 * SDK's invoke store creates an empty one to hang its own state on.
 */
export function installLambdaRuntimeGlobals(): void {
  const global = globalThis as { awslambda?: Record<string, unknown> };
  const awslambda = (global.awslambda ??= {});
  if (typeof awslambda.streamifyResponse === 'function') return;
  awslambda.streamifyResponse = <T extends (...args: never[]) => unknown>(handler: T): T => {
    Object.defineProperty(handler, STREAMING, { value: true });
    return handler;
  };
  awslambda.HttpResponseStream = {
    from(stream: LambdaResponseStream, prelude: Record<string, unknown>): LambdaResponseStream {
      stream.setContentType(HTTP_INTEGRATION_CONTENT_TYPE);
      const metadata = JSON.stringify(prelude);
      stream._onBeforeFirstWrite = (write) => {
        write(metadata);
        write(DELIMITER);
      };
      return stream;
    },
  };
}
