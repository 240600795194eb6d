import { describe, expect, it } from 'vitest';
import { BatchRunner, summarizeBatch } from '../../../shared/service/batch-runner.js';
import type { RunCertification } from '../../../shared/service/ports.js';
import type { BatchItemEvent } from '../../../shared/types.js';
import { sampleCertification } from '../../support/in-memory-ports.js';
import { memoryService } from '../../support/memory-service.js';

const REGIONS = ['us-east-1', 'eu-west-1'];
const plenty = () => 900_000;

/** The real service on in-memory ports; each run waits for the test to let it finish. */
function build(run?: RunCertification) {
  const gates = new Map<string, () => void>();
  const engine = { runs: [] as string[], running: 0, maxRunning: 0 };
  const service = memoryService({
    regions: REGIONS,
    pollIntervalMs: 5,
    runCertification:
      run ??
      (async (modelId, { region, onProgress }) => {
        const key = `${modelId}@${region}`;
        engine.runs.push(key);
        engine.maxRunning = Math.max(engine.maxRunning, ++engine.running);
        onProgress({
          type: 'progress',
          current: 0,
          total: 6,
          message: 'Starting 6 certification tests',
        });
        await new Promise<void>((resolve) => gates.set(key, resolve));
        engine.running -= 1;
        return sampleCertification({ modelId, region, certifiedAt: new Date().toISOString() });
      }),
  });
  const finish = async (key: string) => {
    await expect.poll(() => gates.has(key)).toBe(true);
    gates.get(key)?.();
    gates.delete(key);
  };
  return { service, engine, finish, gates };
}

const items = [
  { modelId: 'amazon.nova-lite-v1:0', region: 'us-east-1' },
  { modelId: 'amazon.nova-lite-v1:0', region: 'eu-west-1' },
  { modelId: 'qwen.qwen3-32b-v1:0', region: 'us-east-1' },
];

describe('BatchRunner', () => {
  it('certifies a few items at a time, each in its Region, every event tagged, outcomes in order', async () => {
    const { service, engine, finish } = build();
    const runner = new BatchRunner({ service, concurrency: 2, certificationDeadlineMs: 60_000 });
    const events: BatchItemEvent[] = [];
    const done = runner.run(items, {
      caller: { sub: 'ada' },
      fresh: false,
      remainingTimeMs: plenty,
      onEvent: (event) => events.push(event),
    });
    await expect.poll(() => engine.running).toBe(2);
    await finish('amazon.nova-lite-v1:0@us-east-1');
    await finish('amazon.nova-lite-v1:0@eu-west-1');
    await finish('qwen.qwen3-32b-v1:0@us-east-1');
    const { outcomes, summary } = await done;
    expect(engine.maxRunning).toBe(2);
    expect(
      outcomes.map((outcome) => [outcome.modelId, outcome.region, outcome.certification?.region]),
    ).toEqual(items.map((item) => [item.modelId, item.region, item.region]));
    expect(summary).toEqual({ certified: 3, failed: 0, unavailable: 0, cached: 0, errors: 0 });
    for (const item of items) {
      const own = events.filter((e) => e.modelId === item.modelId && e.region === item.region);
      expect(own.map((event) => event.type)).toEqual(['progress', 'complete']);
    }
  });

  it('joins a run of the same model and Region already in flight instead of running it twice', async () => {
    const { service, engine, finish } = build();
    const runner = new BatchRunner({ service, concurrency: 4, certificationDeadlineMs: 60_000 });
    const single = service.certify(
      'qwen.qwen3-32b-v1:0',
      { sub: 'bob' },
      {
        signal: new AbortController().signal,
      },
    );
    await expect.poll(() => engine.runs).toEqual(['qwen.qwen3-32b-v1:0@us-east-1']);
    const batch = runner.run([items[2]!], {
      caller: { sub: 'ada' },
      fresh: true,
      remainingTimeMs: plenty,
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await finish('qwen.qwen3-32b-v1:0@us-east-1');
    await single;
    const { outcomes } = await batch;
    expect(outcomes[0]?.certification?.status).toBe('certified');
    expect(engine.runs).toHaveLength(1);
  });

  it('starts nothing more once its client leaves; the items running finish', async () => {
    const { service, engine, finish } = build();
    const runner = new BatchRunner({ service, concurrency: 2, certificationDeadlineMs: 60_000 });
    const leave = new AbortController();
    const done = runner.run(items, {
      caller: { sub: 'ada' },
      fresh: false,
      remainingTimeMs: plenty,
      signal: leave.signal,
    });
    await expect.poll(() => engine.running).toBe(2);
    leave.abort();
    await finish('amazon.nova-lite-v1:0@us-east-1');
    await finish('amazon.nova-lite-v1:0@eu-west-1');
    const { outcomes } = await done;
    expect(outcomes.map((outcome) => outcome.certification?.status ?? outcome.error?.code)).toEqual(
      ['certified', 'certified', 'CANCELLED'],
    );
    expect(engine.runs).toHaveLength(2);
  });

  it('turns an unexpected failure into an INTERNAL_ERROR item that shows nothing internal; the others certify', async () => {
    const { service } = build((modelId, { region }) =>
      modelId.startsWith('qwen')
        ? Promise.reject(new Error('socket hang up at 10.0.0.7'))
        : Promise.resolve(sampleCertification({ modelId, region })),
    );
    const runner = new BatchRunner({ service, concurrency: 3, certificationDeadlineMs: 60_000 });
    const { outcomes, summary } = await runner.run(items, {
      caller: { sub: 'ada' },
      fresh: false,
      remainingTimeMs: plenty,
      requestId: 'req-9',
    });
    expect(outcomes[2]).toMatchObject({
      error: { code: 'INTERNAL_ERROR', message: 'Internal error; reference request id req-9.' },
      started: true,
    });
    expect(summary).toMatchObject({ certified: 2, errors: 1 });
    expect(summarizeBatch(outcomes)).toEqual(summary);
  });
});
