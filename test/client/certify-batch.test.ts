import { describe, expect, it } from 'vitest';
import { certifyBatch, type BatchClient, type BatchClock } from '../../client/certify-batch.js';
import { RateLimitedApiError } from '../../client/errors.js';
import { abortReason } from '../../shared/certification/abort.js';
import type { Certification } from '../../shared/types.js';
import { sampleCertification } from './fake-service.js';

const IDS = [
  'amazon.nova-pro-v1:0',
  'amazon.nova-lite-v1:0',
  'amazon.nova-micro-v1:0',
  'qwen.qwen3-32b-v1:0',
];

function clock(): BatchClock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => 0,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  };
}

/** A client whose runs finish when the test says, recording what was asked. */
function heldClient() {
  const started: string[] = [];
  const pending = new Map<
    string,
    { resolve: (certification: Certification) => void; reject: (error: unknown) => void }
  >();
  const client: BatchClient = {
    check: () => Promise.resolve({ cached: false }),
    certify: (modelId, { signal }) =>
      new Promise<Certification>((resolve, reject) => {
        started.push(modelId);
        pending.set(modelId, { resolve, reject });
        signal.addEventListener('abort', () => reject(abortReason(signal)));
      }),
  };
  const release = (modelId: string): void =>
    pending.get(modelId)?.resolve(sampleCertification({ modelId }));
  return { client, started, release };
}

const settle = async (): Promise<void> => {
  for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
};

describe('certifyBatch', () => {
  it('answers in the order asked, whatever order the runs finish in, starting the next when one finishes', async () => {
    const { client, started, release } = heldClient();

    const outcome = certifyBatch(
      IDS.map((modelId) => ({ modelId })),
      { client, concurrency: 2, fresh: false, timeoutMs: 10_000, clock: clock() },
    );
    await settle();
    const firstTwo = [...started];
    release(IDS[1] ?? '');
    await settle();
    const afterOne = [...started];
    for (const modelId of IDS) release(modelId);
    await settle();
    for (const modelId of IDS) release(modelId);

    expect(firstTwo).toEqual(IDS.slice(0, 2));
    expect(afterOne).toEqual(IDS.slice(0, 3));
    expect((await outcome).map((result) => result.certification?.modelId)).toEqual(IDS);
  });

  it('rejects with the interrupt and starts nothing after it', async () => {
    const { client, started } = heldClient();
    const interrupt = new AbortController();

    const outcome = certifyBatch(
      IDS.map((modelId) => ({ modelId })),
      {
        client,
        concurrency: 2,
        fresh: true,
        timeoutMs: 10_000,
        signal: interrupt.signal,
        clock: clock(),
      },
    );
    await settle();
    interrupt.abort(new Error('Ctrl+C'));

    await expect(outcome).rejects.toThrow('Ctrl+C');
    await settle();
    expect(started).toEqual(IDS.slice(0, 2));
  });

  it('does not wait out a Retry-After longer than maxWaitSeconds', async () => {
    const time = clock();
    const refusal = new RateLimitedApiError({
      status: 429,
      code: 'HTTP_429',
      message: 'Rate Exceeded.',
      retryAfterSeconds: 3600,
    });
    const client: BatchClient = {
      check: () => Promise.resolve({ cached: false }),
      certify: () => Promise.reject(refusal),
    };

    const [outcome] = await certifyBatch([{ modelId: IDS[0] ?? '' }], {
      client,
      concurrency: 1,
      fresh: false,
      timeoutMs: 10_000,
      clock: time,
      maxWaitSeconds: 600,
    });

    expect(outcome?.error).toBe(refusal);
    expect(time.sleeps).toEqual([]);
  });

  it("a timeout is the model's outcome, not the batch's end", async () => {
    const client: BatchClient = {
      check: () => Promise.resolve({ cached: false }),
      certify: (modelId, { signal }) =>
        modelId === IDS[0]
          ? new Promise((_, reject) =>
              signal.addEventListener('abort', () => reject(abortReason(signal))),
            )
          : Promise.resolve(sampleCertification({ modelId })),
    };

    const outcomes = await certifyBatch(
      IDS.slice(0, 2).map((modelId) => ({ modelId })),
      { client, concurrency: 2, fresh: false, timeoutMs: 20, clock: clock() },
    );

    expect(outcomes[0]?.error).toMatchObject({ name: 'TimeoutError' });
    expect(outcomes[1]?.certification?.modelId).toBe(IDS[1]);
  });
});
