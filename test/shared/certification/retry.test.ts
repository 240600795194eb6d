import { ThrottlingException, ValidationException } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { ProbeError } from '../../../shared/errors.js';
import {
  DEFAULT_RETRY_POLICY,
  retryThrottled,
  type RetryPolicy,
} from '../../../shared/certification/retry.js';

const throttled = (): ThrottlingException =>
  new ThrottlingException({
    message: 'Too many requests, please wait before trying again.',
    $metadata: {},
  });

function policy(overrides: Partial<RetryPolicy> = {}): RetryPolicy & { delays: number[] } {
  const delays: number[] = [];
  return {
    ...DEFAULT_RETRY_POLICY,
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    delays,
    ...overrides,
  };
}

const scope = (remainingMs = 60_000) => ({
  signal: new AbortController().signal,
  remainingMs: () => remainingMs,
});

describe('retryThrottled', () => {
  it('returns the first success without sleeping', async () => {
    const p = policy();
    await expect(retryThrottled(() => Promise.resolve('ok'), p, scope())).resolves.toBe('ok');
    expect(p.delays).toEqual([]);
  });

  it('retries throttling with exponential, jittered delays and then succeeds', async () => {
    const p = policy({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 10_000 });
    let calls = 0;
    const result = await retryThrottled(
      () => {
        calls++;
        return calls < 4 ? Promise.reject(throttled()) : Promise.resolve('done');
      },
      p,
      scope(),
    );
    expect(result).toBe('done');
    expect(calls).toBe(4);
    // random() = 0.5 of 100, 200, 400 ms.
    expect(p.delays).toEqual([50, 100, 200]);
  });

  it('caps each delay at maxDelayMs', async () => {
    const p = policy({
      maxAttempts: 5,
      baseDelayMs: 1_000,
      maxDelayMs: 1_500,
      random: () => 0.999,
    });
    await expect(retryThrottled(() => Promise.reject(throttled()), p, scope())).rejects.toThrow();
    expect(p.delays).toEqual([999, 1498, 1498, 1498]);
  });

  it('gives up after maxAttempts with a THROTTLED ProbeError naming the attempts', async () => {
    const p = policy({ maxAttempts: 3 });
    let calls = 0;
    const error = await retryThrottled(
      () => {
        calls++;
        return Promise.reject(throttled());
      },
      p,
      scope(),
    ).catch((e: unknown) => e);
    expect(calls).toBe(3);
    expect(error).toBeInstanceOf(ProbeError);
    expect((error as ProbeError).code).toBe('THROTTLED');
    expect((error as ProbeError).message).toBe(
      'Too many requests, please wait before trying again. Gave up after 3 attempts.',
    );
  });

  it('does not retry other errors', async () => {
    const p = policy();
    let calls = 0;
    const original = new ValidationException({
      message: "This model doesn't support tool use.",
      $metadata: {},
    });
    await expect(
      retryThrottled(
        () => {
          calls++;
          return Promise.reject(original);
        },
        p,
        scope(),
      ),
    ).rejects.toBe(original);
    expect(calls).toBe(1);
  });

  it('does not start a delay that would not fit in the remaining time', async () => {
    const p = policy({ random: () => 0.9 });
    let calls = 0;
    const error = await retryThrottled(
      () => {
        calls++;
        return Promise.reject(throttled());
      },
      p,
      scope(100),
    ).catch((e: unknown) => e as ProbeError);
    expect(calls).toBe(1);
    expect(p.delays).toEqual([]);
    expect(error.code).toBe('THROTTLED');
  });

  it('stops at once when the signal aborts during the backoff', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const p = {
      ...DEFAULT_RETRY_POLICY,
      baseDelayMs: 60_000,
      maxDelayMs: 60_000,
      random: () => 0.99,
    };
    let calls = 0;
    const pending = retryThrottled(
      () => {
        calls++;
        return Promise.reject(throttled());
      },
      p,
      { signal: controller.signal, remainingMs: () => 120_000 },
    );
    await Promise.resolve();
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(calls).toBe(1);
  });
});
