import { describe, expect, it } from 'vitest';
import { RateLimitedApiError, UnauthorizedApiError } from '../../client/index.js';
import { runCertifyQueue, type QueueItemState } from '../../web/certify-queue.js';

/** A clock that only moves when the queue sleeps, and records how long it slept. */
function fakeClock() {
  const clock = { now: 0, sleeps: [] as number[] };
  return {
    clock,
    now: () => clock.now,
    sleep: (ms: number) => {
      clock.sleeps.push(ms);
      clock.now += ms;
      return Promise.resolve();
    },
  };
}

const rateLimited = (seconds: number) =>
  new RateLimitedApiError({
    status: 429,
    code: 'RATE_LIMITED',
    message: 'slow down',
    retryAfterSeconds: seconds,
  });

describe('runCertifyQueue', () => {
  it('never runs more than `concurrency` at once and certifies every item', async () => {
    let running = 0;
    let peak = 0;
    const certified: string[] = [];
    const outcome = await runCertifyQueue(['a', 'b', 'c', 'd', 'e'], {
      concurrency: 2,
      certify: async (item) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        certified.push(item);
        running -= 1;
      },
      onState: () => undefined,
    });

    expect(peak).toBe(2);
    expect(certified.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(outcome).toEqual({ done: 5, failed: 0, skipped: 0 });
  });

  it('waits out a 429 for its Retry-After and tries the same model again', async () => {
    const { clock, now, sleep } = fakeClock();
    const attempts: string[] = [];
    const states: [string, QueueItemState['state']][] = [];
    const outcome = await runCertifyQueue(['a', 'b'], {
      concurrency: 1,
      now,
      sleep,
      certify: (item) => {
        attempts.push(item);
        // The window is full on the second model's first try.
        return attempts.length === 2 ? Promise.reject(rateLimited(15)) : Promise.resolve();
      },
      onState: (item, state) => states.push([item, state.state]),
    });

    expect(attempts).toEqual(['a', 'b', 'b']);
    expect(clock.sleeps).toEqual([15_000]);
    expect(outcome).toEqual({ done: 2, failed: 0, skipped: 0 });
    expect(states.filter(([item]) => item === 'b').map(([, state]) => state)).toEqual([
      'queued',
      'running',
      'waiting',
      'running',
      'done',
    ]);
  });

  it('stops at a monthly quota and at an error `stopOn` names, skipping the rest', async () => {
    const quota = new RateLimitedApiError({
      status: 429,
      code: 'QUOTA_EXCEEDED',
      message: 'quota',
      retryAfterSeconds: 86_400,
    });
    const byQuota = await runCertifyQueue(['a', 'b', 'c'], {
      concurrency: 1,
      certify: () => Promise.reject(quota),
      onState: () => undefined,
    });
    expect(byQuota).toEqual({ done: 0, failed: 1, skipped: 2, stoppedBy: quota });

    const unauthorized = new UnauthorizedApiError({
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'no',
    });
    const byToken = await runCertifyQueue(['a', 'b', 'c'], {
      concurrency: 1,
      certify: () => Promise.reject(unauthorized),
      stopOn: (error) => error instanceof UnauthorizedApiError,
      onState: () => undefined,
    });
    expect(byToken).toMatchObject({ failed: 1, skipped: 2, stoppedBy: unauthorized });
  });

  it('records other failures and goes on', async () => {
    const failures: unknown[] = [];
    const outcome = await runCertifyQueue(['a', 'b'], {
      certify: (item) => (item === 'a' ? Promise.reject(new Error('boom')) : Promise.resolve()),
      onState: (_item, state) => {
        if (state.state === 'failed') failures.push(state.error);
      },
    });
    expect(outcome).toEqual({ done: 1, failed: 1, skipped: 0 });
    expect(failures).toEqual([new Error('boom')]);
  });

  it('on abort, aborts the running certification and skips the queued ones', async () => {
    const controller = new AbortController();
    const seen: AbortSignal[] = [];
    const outcome = await runCertifyQueue(['a', 'b', 'c'], {
      concurrency: 1,
      signal: controller.signal,
      certify: (_item, signal) => {
        seen.push(signal);
        controller.abort();
        return Promise.reject(signal.reason as Error);
      },
      onState: () => undefined,
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.aborted).toBe(true);
    expect(outcome).toEqual({ done: 0, failed: 0, skipped: 3 });
  });
});
