import { describe, expect, it, vi } from 'vitest';
import { abortReason } from '../../../shared/certification/abort.js';
import { createEventStream } from '../../../shared/http/event-stream.js';
import type { ErrorEvent } from '../../../shared/types.js';

const decoder = new TextDecoder();
const onError = (error: unknown): ErrorEvent => ({
  type: 'error',
  code: 'BOOM',
  message: String((error as Error).message),
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  let text = '';
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>)
    text += decoder.decode(chunk);
  return text;
}

function dataFrames(text: string): unknown[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.includes('data: '))
    .map((frame): unknown => JSON.parse(frame.split('data: ')[1] as string));
}

describe('createEventStream', () => {
  it('sends each event as one data line (no id, event or retry field) and exactly one terminal event, then closes', async () => {
    const stream = createEventStream(
      ({ emit }) => {
        emit({ type: 'progress', current: 0, total: 6, message: 'Starting 6 certification tests' });
        emit({
          type: 'progress',
          current: 0,
          total: 6,
          testName: 'basic-completion',
          status: 'running',
        });
        return Promise.resolve({ type: 'error', code: 'X', message: 'y' });
      },
      { keepAliveIntervalMs: 60_000, onError },
    );
    const text = await readAll(stream);
    expect(
      text
        .split('\n\n')
        .filter(Boolean)
        .every((frame) => /^data: \{[^\n]*\}$/.test(frame)),
    ).toBe(true);
    expect(dataFrames(text)).toEqual([
      { type: 'progress', current: 0, total: 6, message: 'Starting 6 certification tests' },
      { type: 'progress', current: 0, total: 6, testName: 'basic-completion', status: 'running' },
      { type: 'error', code: 'X', message: 'y' },
    ]);
  });

  it('turns a producer failure into one error event', async () => {
    const stream = createEventStream(() => Promise.reject(new Error('store exploded')), {
      keepAliveIntervalMs: 60_000,
      onError,
    });
    expect(dataFrames(await readAll(stream))).toEqual([
      { type: 'error', code: 'BOOM', message: 'store exploded' },
    ]);
  });

  it('writes a keep-alive comment every interval while the producer works, and stops with the stream', async () => {
    // The interval on a fake clock: three intervals pass when the test says so, not when the
    // machine gets round to it.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      let release: () => void = () => undefined;
      const stream = createEventStream(
        async () => {
          await new Promise<void>((resolve) => (release = resolve));
          return { type: 'error', code: 'DONE', message: 'done' };
        },
        { keepAliveIntervalMs: 15_000, onError },
      );
      const reader = stream.getReader();
      expect(vi.getTimerCount()).toBe(1);
      vi.advanceTimersByTime(3 * 15_000);
      for (let i = 0; i < 3; i++)
        expect(decoder.decode((await reader.read()).value)).toBe(': keep-alive\n\n');

      release();
      expect(decoder.decode((await reader.read()).value)).toBe(
        'data: {"type":"error","code":"DONE","message":"done"}\n\n',
      );
      expect((await reader.read()).done).toBe(true);
      // The terminal event stopped the interval: nothing is left to fire.
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('lets the producer write a keep-alive comment at once, before it has anything to send', async () => {
    let release: () => void = () => undefined;
    const stream = createEventStream(
      async ({ keepAlive }) => {
        keepAlive();
        await new Promise<void>((resolve) => (release = resolve));
        return { type: 'error', code: 'DONE', message: 'done' };
      },
      { keepAliveIntervalMs: 60_000, onError },
    );
    const reader = stream.getReader();
    expect(decoder.decode((await reader.read()).value)).toBe(': keep-alive\n\n');
    release();
    expect(decoder.decode((await reader.read()).value)).toBe(
      'data: {"type":"error","code":"DONE","message":"done"}\n\n',
    );
  });

  it('aborts the producer when the reader cancels', async () => {
    let observed: AbortSignal | undefined;
    const stream = createEventStream(
      ({ signal }) => {
        observed = signal;
        return new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(abortReason(signal))),
        );
      },
      { keepAliveIntervalMs: 60_000, onError },
    );
    const reader = stream.getReader();
    await reader.cancel(new Error('client left'));
    expect(observed?.aborted).toBe(true);
  });
});
