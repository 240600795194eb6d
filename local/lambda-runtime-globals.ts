import { AsyncLocalStorage } from 'node:async_hooks';
import { Writable } from 'node:stream';
import { CERTIFY_FUNCTION } from '../shared/lambda-limits.js';

/**
 * A stand-in for the `awslambda` globals the Node.js Lambda runtime provides to streaming
 * functions. Behaviour follows the runtime interface client (aws-lambda-nodejs-runtime-interface-client,
 * src/ResponseStream.js and src/HttpResponseStream.js): `streamifyResponse` marks the handler,
 * `HttpResponseStream.from` sets the integration content type and writes the JSON prelude plus
 * 8 NUL bytes on the first `write()` only. A stream that ends without a single write sends no
 * prelude at all, so its status and headers are lost (middy #1189), exactly as in AWS.
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
  private writeCalled = false;

  /** `sink` receives every byte; a returned promise applies backpressure until it settles. */
  constructor(private readonly sink: (chunk: Buffer) => void | Promise<void>) {
    super();
  }

  /** True once the handler wrote anything (even zero bytes): the prelude, if any, went out. */
  get started(): boolean {
    return this.writeCalled;
  }

  setContentType(contentType: string): void {
    // The runtime sends the content type as the header of its request to the Runtime API, which
    // the first write opens.
    if (this.writeCalled) throw new Error('Cannot set content-type, too late.');
    this.contentType = contentType;
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    if (!this.writeCalled) {
      this.writeCalled = true;
      this._onBeforeFirstWrite?.((piece) => void this.sink(Buffer.from(piece)));
    }
    const pending = this.sink(chunk);
    if (pending) pending.then(() => callback(), callback);
    else callback();
  }
}

/** A streaming handler as the runtime calls it. */
export type StreamingHandler = (
  event: unknown,
  responseStream: LambdaResponseStream,
  context: unknown,
) => unknown;

/** True when `handler` was wrapped by `awslambda.streamifyResponse`. */
export function isStreamingHandler(handler: unknown): handler is StreamingHandler {
  return (
    typeof handler === 'function' &&
    (handler as unknown as Record<symbol, unknown>)[STREAMING] === true
  );
}

/**
 * Variables the Lambda runtime sets in every execution environment, among them those the AWS
 * SDK and Powertools read (`AWS_LAMBDA_INITIALIZATION_TYPE` makes Powertools report
 * `cold_start`). Locally they are process-wide, shared by every environment of the process.
 */
export function lambdaRuntimeEnvironment(
  functionName: string,
  memoryMb = CERTIFY_FUNCTION.memoryMb,
): Record<string, string> {
  return {
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
  };
}

/** What the runtime knows about one invocation beyond the event: the ids tools read per request. */
export interface InvocationIds {
  requestId: string;
  /** `Root=1-…;Parent=…;Sampled=0`, the value of `Lambda-Runtime-Trace-Id`. */
  traceId: string;
}

// Keys of the AWS invoke store (@aws/lambda-invoke-store), which the AWS SDK (recursion
// detection) and Powertools (xray_trace_id) read before falling back to `_X_AMZN_TRACE_ID`.
const REQUEST_ID_KEY = Symbol.for('_AWS_LAMBDA_REQUEST_ID');
const X_RAY_TRACE_ID_KEY = Symbol.for('_AWS_LAMBDA_X_RAY_TRACE_ID');
const PROTECTED_KEYS: ReadonlySet<PropertyKey> = new Set([REQUEST_ID_KEY, X_RAY_TRACE_ID_KEY]);

/**
 * The invoke store, scoped per invocation with AsyncLocalStorage. The runtime of a standard
 * (one invocation per environment) function sets the trace id in `process.env._X_AMZN_TRACE_ID`;
 * locally one process hosts several environments at once, and that variable is process-wide,
 * so the id travels the way the runtime carries it when invocations share a process.
 */
class LocalInvokeStore {
  private readonly storage = new AsyncLocalStorage<Record<PropertyKey, unknown>>();

  getContext(): Record<PropertyKey, unknown> | undefined {
    return this.storage.getStore();
  }
  hasContext(): boolean {
    return this.storage.getStore() !== undefined;
  }
  get(key: PropertyKey): unknown {
    return this.storage.getStore()?.[key];
  }
  set(key: PropertyKey, value: unknown): void {
    if (PROTECTED_KEYS.has(key))
      throw new Error(`Cannot modify protected Lambda context field: ${String(key)}`);
    const store = this.storage.getStore();
    if (!store) throw new Error('No context available');
    store[key] = value;
  }
  run<T>(context: Record<PropertyKey, unknown>, fn: () => T): T {
    return this.storage.run(context, fn);
  }
  getRequestId(): string {
    const id = this.get(REQUEST_ID_KEY);
    return typeof id === 'string' ? id : '-';
  }
  getXRayTraceId(): string | undefined {
    const id = this.get(X_RAY_TRACE_ID_KEY);
    return typeof id === 'string' ? id : undefined;
  }
  getTenantId(): undefined {
    return undefined;
  }
}

interface InvokeStoreLike {
  run<T>(context: Record<PropertyKey, unknown>, fn: () => T): T;
}

function awslambdaGlobal(): Record<string, unknown> {
  const global = globalThis as { awslambda?: Record<string, unknown> };
  return (global.awslambda ??= {});
}

/** Runs `fn` (a handler call) with `ids` as the current invocation's, as the runtime does. */
export function runInInvocation<T>(ids: InvocationIds, fn: () => T): T {
  const store = awslambdaGlobal().InvokeStore as InvokeStoreLike | undefined;
  if (typeof store?.run !== 'function') return fn();
  return store.run({ [REQUEST_ID_KEY]: ids.requestId, [X_RAY_TRACE_ID_KEY]: ids.traceId }, fn);
}

/**
 * Installs the streaming members of `globalThis.awslambda` unless a runtime already provides
 * them. Must run before the handler module is imported: middy calls
 * `awslambda.streamifyResponse` at module load. The object itself may already exist: the AWS
 * SDK's invoke store creates an empty one to hang its own state on.
 */
export function installLambdaRuntimeGlobals(): void {
  const awslambda = awslambdaGlobal();
  awslambda.InvokeStore ??= new LocalInvokeStore();
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
