import { randomUUID } from 'node:crypto';
import { newTraceId } from './function-url-emulator.js';
import { RECERTIFY_FUNCTION } from '../shared/lambda-limits.js';
import { runInInvocation } from './lambda-runtime-globals.js';

/**
 * Asynchronous invocation (`InvocationType: Event`, what EventBridge Scheduler uses) of a plain,
 * non-URL Lambda function, locally: `invoke` accepts the event and returns at once, as Lambda's
 * 202 does; the function runs in an execution environment (a fresh instance of its handler
 * module, created when every existing one is busy and reused when idle) with a Lambda context
 * whose `getRemainingTimeInMillis` counts down from the timeout. A failed or timed-out
 * invocation is reported to `onRuntimeError` and not retried: the stack sets the function's
 * `retryAttempts` to 0. Not modelled: the event queue's own delays, reserved concurrency
 * (throttled events would wait in Lambda's queue), destinations, and freezing a timed-out
 * invocation (its leftover work runs on here).
 */

/** A handler as the Node.js runtime calls it: `(event, context)` resolving with its result. */
export type AsyncHandler = (event: unknown, context: unknown) => Promise<unknown>;

/** Options of {@link startAsyncInvoker}. */
export interface AsyncInvokerOptions {
  /** Loads a fresh instance of the handler module (an environment's init phase) and returns its handler. */
  loadHandler: () => Promise<unknown>;
  functionName: string;
  /** The function timeout. Default the re-certify function's (`RECERTIFY_FUNCTION`), 15 minutes. */
  timeoutMs?: number;
  /** Invocation errors, as CloudWatch would show them: an init or handler failure, a timeout. */
  onRuntimeError?: (error: unknown) => void;
  /** Every invocation that returned, with its result. */
  onResult?: (result: unknown, event: unknown) => void;
}

/** Counters of an invoker, for tests. */
export interface AsyncInvokerStats {
  /** Events accepted. */
  invocations: number;
  /** Invocations that returned. */
  succeeded: number;
  /** Invocations that threw, timed out, or whose environment failed to initialise. */
  failed: number;
  environmentsCreated: number;
  /** Invocations running now. */
  running: number;
}

/** A running invoker. */
export interface AsyncInvoker {
  /** Queues one asynchronous invocation with `event`. */
  invoke(event: unknown): void;
  readonly stats: AsyncInvokerStats;
  /** Resolves once no invocation runs (those started meanwhile included). */
  settled(): Promise<void>;
  /** Stops accepting events and waits for the running ones. */
  close(): Promise<void>;
}

/** Starts an invoker for the function whose handler module `loadHandler` loads. */
export function startAsyncInvoker(options: AsyncInvokerOptions): AsyncInvoker {
  const timeoutMs = options.timeoutMs ?? RECERTIFY_FUNCTION.timeoutMs;
  const report = options.onRuntimeError ?? (() => undefined);
  const idle: AsyncHandler[] = [];
  const running = new Set<Promise<void>>();
  const stats = { invocations: 0, succeeded: 0, failed: 0, environmentsCreated: 0 };
  let closed = false;

  const environment = async (): Promise<AsyncHandler> => {
    const warm = idle.pop();
    if (warm) return warm;
    const handler = await options.loadHandler();
    if (typeof handler !== 'function')
      throw new TypeError(`The module of ${options.functionName} exports no handler function.`);
    stats.environmentsCreated += 1;
    return handler as AsyncHandler;
  };

  const run = async (event: unknown): Promise<void> => {
    let handler: AsyncHandler;
    try {
      handler = await environment();
    } catch (error) {
      stats.failed += 1;
      report(error);
      return;
    }
    const requestId = randomUUID();
    const deadline = Date.now() + timeoutMs;
    const context = {
      awsRequestId: requestId,
      functionName: options.functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${options.functionName}`,
      memoryLimitInMB: String(RECERTIFY_FUNCTION.memoryMb),
      logGroupName: `/aws/lambda/${options.functionName}`,
      logStreamName: `local/${requestId}`,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const invocation = Promise.resolve().then(() =>
      runInInvocation({ requestId, traceId: newTraceId() }, () => handler(event, context)),
    );
    try {
      const outcome = await Promise.race([invocation.then((result) => ({ result })), timeout]);
      if (outcome === 'timeout') {
        // Lambda resets the environment: it is not reused.
        invocation.catch(() => undefined);
        stats.failed += 1;
        report(new Error(`Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`));
        return;
      }
      stats.succeeded += 1;
      idle.push(handler);
      options.onResult?.(outcome.result, event);
    } catch (error) {
      // A handler error ends the invocation; the environment lives on.
      stats.failed += 1;
      idle.push(handler);
      report(error);
    } finally {
      clearTimeout(timer);
    }
  };

  const settled = async (): Promise<void> => {
    while (running.size > 0) await Promise.allSettled([...running]);
  };

  return {
    invoke: (event) => {
      if (closed) throw new Error(`The invoker of ${options.functionName} is closed.`);
      stats.invocations += 1;
      const invocation = run(event).finally(() => running.delete(invocation));
      running.add(invocation);
    },
    get stats(): AsyncInvokerStats {
      return { ...stats, running: running.size };
    },
    settled,
    close: async () => {
      closed = true;
      await settled();
    },
  };
}
