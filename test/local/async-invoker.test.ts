import { describe, expect, it } from 'vitest';
import { startAsyncInvoker } from '../../local/async-invoker.js';

interface Context {
  awsRequestId: string;
  functionName: string;
  getRemainingTimeInMillis(): number;
}

/** A handler module loader whose handlers do what each event says, counting module instances. */
function modules() {
  let instances = 0;
  const calls: { instance: number; event: unknown; remainingMs: number; requestId: string }[] = [];
  return {
    calls,
    get instances() {
      return instances;
    },
    loadHandler: () => {
      const instance = ++instances;
      return Promise.resolve(async (event: unknown, context: unknown) => {
        const { waitMs = 0, fail } = event as { waitMs?: number; fail?: string };
        const ctx = context as Context;
        calls.push({
          instance,
          event,
          remainingMs: ctx.getRemainingTimeInMillis(),
          requestId: ctx.awsRequestId,
        });
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        if (fail) throw new Error(fail);
        return { instance };
      });
    },
  };
}

describe('local asynchronous invocation', () => {
  it('returns at once; an idle environment is reused, a busy one makes another (a fresh module instance)', async () => {
    const loaded = modules();
    const results: unknown[] = [];
    const invoker = startAsyncInvoker({
      functionName: 'recertify',
      loadHandler: loaded.loadHandler,
      timeoutMs: 10_000,
      onResult: (result) => results.push(result),
    });
    invoker.invoke({ waitMs: 50 });
    invoker.invoke({ waitMs: 50 });
    expect(invoker.stats).toMatchObject({ invocations: 2, running: 2 });
    await invoker.settled();
    expect(loaded.instances).toBe(2);
    invoker.invoke({});
    await invoker.settled();
    expect(loaded.instances).toBe(2);
    expect(invoker.stats).toEqual({
      invocations: 3,
      succeeded: 3,
      failed: 0,
      environmentsCreated: 2,
      running: 0,
    });
    expect(results).toHaveLength(3);
    expect(new Set(loaded.calls.map((call) => call.requestId)).size).toBe(3);
    expect(loaded.calls.every((call) => call.remainingMs > 0 && call.remainingMs <= 10_000)).toBe(
      true,
    );
  });

  it('reports a handler error and a timeout as the runtime would; a timed-out environment is not reused', async () => {
    const loaded = modules();
    const errors: string[] = [];
    const invoker = startAsyncInvoker({
      functionName: 'recertify',
      loadHandler: loaded.loadHandler,
      timeoutMs: 100,
      onRuntimeError: (error) => errors.push((error as Error).message),
    });
    invoker.invoke({ fail: 'boom' });
    await invoker.settled();
    invoker.invoke({ waitMs: 1_000 });
    await invoker.settled();
    invoker.invoke({});
    await invoker.close();
    expect(errors).toEqual(['boom', 'Task timed out after 0.10 seconds']);
    expect(invoker.stats).toMatchObject({ invocations: 3, succeeded: 1, failed: 2 });
    // The failed invocation's environment served again; the timed-out one was replaced.
    expect(loaded.calls.map((call) => call.instance)).toEqual([1, 1, 2]);
    expect(() => invoker.invoke({})).toThrow('The invoker of recertify is closed.');
  });
});
