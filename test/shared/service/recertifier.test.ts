import { describe, expect, it } from 'vitest';
import { RecertificationIncompleteError, StoreUnavailableError } from '../../../shared/errors.js';
import type { Clock } from '../../../shared/clock.js';
import type { CertificationLeasePort, RunCertification } from '../../../shared/service/ports.js';
import {
  assertComplete,
  Recertifier,
  SCHEDULE_SUBJECT,
} from '../../../shared/service/recertifier.js';
import {
  MemoryCache,
  MemoryHistory,
  MemoryLeases,
  MemoryUsage,
  sampleCertification,
  UnlimitedRateLimiter,
} from '../../support/in-memory-ports.js';
import { memoryService } from '../../support/memory-service.js';

const WATCHED = [
  'amazon.nova-pro-v1:0',
  'amazon.nova-lite-v1:0',
  'amazon.nova-micro-v1:0',
  'us.meta.llama4-maverick-17b-instruct-v1:0',
  'qwen.qwen3-32b-v1:0',
];
const DEADLINE_MS = 60_000;
const plenty = () => 900_000;

/** The real service on in-memory ports, with an engine that records how many runs overlap. */
function build(
  options: { leases?: CertificationLeasePort; run?: RunCertification; clock?: Clock } = {},
) {
  const usage = new MemoryUsage();
  const history = new MemoryHistory();
  const cache = new MemoryCache();
  const rateLimiter = new UnlimitedRateLimiter();
  let running = 0;
  const engine = { runs: [] as string[], maxConcurrent: 0 };
  const run: RunCertification =
    options.run ??
    (async (modelId) => {
      engine.runs.push(modelId);
      engine.maxConcurrent = Math.max(engine.maxConcurrent, ++running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      return sampleCertification({ modelId, certifiedAt: new Date().toISOString() });
    });
  const service = memoryService({
    cache,
    leases: options.leases ?? new MemoryLeases(),
    usage,
    history,
    rateLimiter,
    runCertification: run,
    certificationDeadlineMs: DEADLINE_MS,
    pollIntervalMs: 5,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const recertifier = new Recertifier({
    service,
    concurrency: 2,
    certificationDeadlineMs: DEADLINE_MS,
  });
  return { service, recertifier, engine, usage, history, cache, rateLimiter };
}

describe('Recertifier', () => {
  it('certifies every watched model fresh, a few at a time, recorded as scheduled and metered to the schedule', async () => {
    const { recertifier, engine, usage, history, cache, rateLimiter } = build();
    // A cached result does not answer a scheduled run: it certifies anew.
    await cache.put(sampleCertification({ modelId: WATCHED[0] }));

    const summary = await recertifier.run(
      { modelIds: WATCHED, scheduledTime: '2026-11-24T06:00:00Z' },
      { remainingTimeMs: plenty },
    );

    expect(summary.scheduledTime).toBe('2026-11-24T06:00:00Z');
    expect(summary.results.map((result) => [result.modelId, result.outcome])).toEqual(
      WATCHED.map((id) => [id, 'certified']),
    );
    expect([...engine.runs].sort()).toEqual([...WATCHED].sort());
    expect(engine.maxConcurrent).toBe(2);
    expect(history.appended.map((entry) => [entry.modelId, entry.run.trigger])).toEqual(
      expect.arrayContaining(WATCHED.map((id) => [id, 'schedule'])),
    );
    expect(history.appended).toHaveLength(WATCHED.length);
    expect(usage.records.map((record) => record.sub)).toEqual(
      WATCHED.map(() => SCHEDULE_SUBJECT.sub),
    );
    // Scheduled runs are not users' requests: nothing counts against a rate limit.
    expect(rateLimiter.consumed).toEqual([]);
    expect(() => assertComplete(summary)).not.toThrow();
  });

  it('joins a requested run of a watched model already in flight instead of running it twice', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const runs: string[] = [];
    // The service's clock stands still; the requested run ends a second after the scheduled run
    // asked, so its result answers that fresh request, however fast this machine is.
    const now = Date.parse('2026-11-24T06:00:00.000Z');
    // The scheduled run found the lease held: from then on it can only follow the requested run.
    const leases = new MemoryLeases();
    const tryAcquire = leases.tryAcquire.bind(leases);
    let refused!: () => void;
    const leaseRefused = new Promise<void>((resolve) => (refused = resolve));
    leases.tryAcquire = async (region, modelId, owner, leaseMs) => {
      const taken = await tryAcquire(region, modelId, owner, leaseMs);
      if (!taken) refused();
      return taken;
    };
    const { service, recertifier, history } = build({
      clock: { now: () => now },
      leases,
      run: async (modelId) => {
        runs.push(modelId);
        await gate;
        return sampleCertification({ modelId, certifiedAt: new Date(now + 1_000).toISOString() });
      },
    });
    const [modelId] = WATCHED as [string];
    const requested = service.certify(
      modelId,
      { sub: 'alice' },
      { signal: new AbortController().signal },
    );
    await expect.poll(() => runs.length).toBe(1);
    const scheduled = recertifier.run({ modelIds: [modelId] }, { remainingTimeMs: plenty });
    await leaseRefused;
    release();
    await requested;
    expect((await scheduled).results).toEqual([
      {
        modelId,
        region: 'us-east-1',
        outcome: 'certified',
        status: 'certified',
        certifiedAt: expect.any(String) as string,
      },
    ]);
    expect(runs).toEqual([modelId]);
    // Recorded once, by the run that ran: the user's.
    expect(history.appended.map((entry) => entry.run.trigger)).toEqual(['request']);
  });

  it('starts a model only while a whole certification still fits in the invocation; the rest are skipped', async () => {
    const { recertifier, engine } = build();
    // 60 s deadline + 15 s request margin + 5 s to finish: 80 s needed to start one.
    let remaining = 170_000;
    const summary = await recertifier.run(
      { modelIds: WATCHED },
      { remainingTimeMs: () => (remaining -= 30_000) },
    );
    expect(summary.results.map((result) => result.outcome)).toEqual([
      'certified',
      'certified',
      'certified',
      'skipped',
      'skipped',
    ]);
    expect(engine.runs).toHaveLength(3);
    expect(() => assertComplete(summary)).toThrow(RecertificationIncompleteError);
  });

  it('a model the service cannot certify is an error of its own; the others are certified, then the invocation fails naming it', async () => {
    const failing = WATCHED[1] as string;
    const leases = new MemoryLeases();
    const tryAcquire = leases.tryAcquire.bind(leases);
    leases.tryAcquire = (region, modelId, owner, leaseMs) =>
      modelId === failing
        ? Promise.reject(new StoreUnavailableError())
        : tryAcquire(region, modelId, owner, leaseMs);
    const { recertifier } = build({ leases });
    const summary = await recertifier.run({ modelIds: WATCHED }, { remainingTimeMs: plenty });
    expect(summary.results.filter((result) => result.outcome === 'error')).toEqual([
      { modelId: failing, region: 'us-east-1', outcome: 'error', code: 'STORE_UNAVAILABLE' },
    ]);
    expect(summary.results.filter((result) => result.outcome === 'certified')).toHaveLength(
      WATCHED.length - 1,
    );
    expect(() => assertComplete(summary)).toThrow(
      `1 watched model(s) could not be re-certified this time: ${failing}.`,
    );
  });
});
