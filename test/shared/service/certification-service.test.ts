import { describe, expect, it } from 'vitest';
import {
  CertificationWaitTimeoutError,
  QuotaExceededError,
  RateLimitedError,
  UnauthorizedError,
} from '../../../shared/errors.js';
import {
  CertificationService,
  type CertificationServiceOptions,
  type CertifyOptions,
} from '../../../shared/service/certification-service.js';
import type { RunCertification } from '../../../shared/service/ports.js';
import { TEST_NAMES, type Certification, type ProgressEvent } from '../../../shared/types.js';
import {
  MemoryCache,
  MemoryChangeEvents,
  MemoryHistory,
  MemoryLeases,
  MemoryTickets,
  MemoryUsage,
  sampleCertification,
  TEST_EXPIRY,
  UnlimitedRateLimiter,
} from '../../support/in-memory-ports.js';
import { abortReason } from '../../../shared/certification/abort.js';
import { unknownModelCertification } from '../../support/certification-fixture.js';

/** The core suite's size, from the registry. */
const N = TEST_NAMES.length;

const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const REGION = 'us-east-1';
const OPENING: ProgressEvent = {
  type: 'progress',
  current: 0,
  total: N,
  message: `Starting ${N} certification tests`,
};

/** A controllable engine: each run announces its start, then waits until released; counts runs and aborts. */
class GatedEngine {
  runs = 0;
  aborts = 0;
  private releases: (() => void)[] = [];
  readonly run: RunCertification = (modelId, { signal, onProgress }) => {
    this.runs += 1;
    onProgress(OPENING);
    return new Promise((resolve, reject) => {
      signal.addEventListener('abort', () => {
        this.aborts += 1;
        reject(abortReason(signal));
      });
      this.releases.push(() => {
        onProgress({
          type: 'progress',
          current: 1,
          total: N,
          testName: 'basic-completion',
          status: 'passed',
        });
        resolve(sampleCertification({ modelId, certifiedAt: new Date().toISOString() }));
      });
    });
  };
  releaseAll(): void {
    for (const release of this.releases.splice(0)) release();
  }
}

function build(overrides: Partial<CertificationServiceOptions> = {}) {
  const engine = new GatedEngine();
  const cache = new MemoryCache();
  const leases = new MemoryLeases();
  const usage = new MemoryUsage();
  const history = new MemoryHistory();
  const changeEvents = new MemoryChangeEvents();
  const rateLimiter = new UnlimitedRateLimiter();
  const tickets = new MemoryTickets();
  const service = new CertificationService({
    region: 'us-east-1',
    cache,
    leases,
    usage,
    history,
    changeEvents,
    rateLimiter,
    tickets,
    runCertification: engine.run,
    expiry: TEST_EXPIRY,
    certificationDeadlineMs: 60_000,
    pollIntervalMs: 5,
    ...overrides,
  });
  return { service, engine, cache, leases, usage, history, changeEvents, rateLimiter, tickets };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));
const live = () => new AbortController().signal;

describe('CertificationService single flight', () => {
  it('runs once for 20 concurrent requests: one runs, the others follow the lease and replay the progress from the result', async () => {
    const { service, engine, cache, usage, leases } = build();
    const progress: ProgressEvent[][] = [];
    const results = Array.from({ length: 20 }, (_, i) => {
      const seen: ProgressEvent[] = [];
      progress.push(seen);
      return service.certify(
        MODEL,
        { sub: `user-${i}` },
        { signal: live(), onProgress: (e) => seen.push(e) },
      );
    });
    await tick();
    engine.releaseAll();
    const certifications = await Promise.all(results);

    expect(engine.runs).toBe(1);
    expect(new Set(certifications.map((c) => c.certifiedAt)).size).toBe(1);
    // The runner streams the engine's events; every follower the whole sequence, opening event first.
    expect(progress[0]).toEqual([
      OPENING,
      { type: 'progress', current: 1, total: N, testName: 'basic-completion', status: 'passed' },
    ]);
    for (const seen of progress.slice(1)) {
      expect(seen[0]).toEqual(OPENING);
      expect(seen.slice(1, 7).map((e) => [e.testName, e.status])).toEqual(
        TEST_NAMES.map((name) => [name, 'running']),
      );
      expect(seen.slice(1 + N).map((e) => e.current)).toEqual(TEST_NAMES.map((_name, i) => i + 1));
    }
    expect(certifications.slice(1).every((c) => c.cached === false)).toBe(true);
    expect(await cache.get('us-east-1', MODEL)).toMatchObject({ modelId: MODEL, cached: true });
    // Only the caller that ran it pays for it; the lease is given back.
    expect(usage.records).toEqual([expect.objectContaining({ sub: 'user-0', modelId: MODEL })]);
    expect(leases.items.size).toBe(0);
  });

  it('stamps expiresAt from the expiry policy before caching (the engine does not know cache lifetimes)', async () => {
    const certifiedAt = '2026-11-24T12:00:00.000Z';
    const { service, cache } = build({
      runCertification: (modelId) =>
        Promise.resolve(
          sampleCertification({
            modelId,
            certifiedAt,
            expiresAt: 'engine should not decide this',
            status: 'failed',
            results: [
              {
                testName: 'tool-use',
                status: 'failed',
                latencyMs: 5,
                error: { code: 'THROTTLED', message: 'slow down' },
              },
            ],
          }),
        ),
    });
    const result = await service.certify(MODEL, { sub: 'a' }, { signal: live() });
    expect(result.expiresAt).toBe('2026-11-24T12:01:00.000Z');
    expect((await cache.get('us-east-1', MODEL))?.expiresAt).toBe('2026-11-24T12:01:00.000Z');
  });

  it('a follower that leaves stops waiting; the run goes on for the others', async () => {
    const { service, engine } = build();
    const running = service.certify(MODEL, { sub: 'a' }, { signal: live() });
    await tick();
    const leaving = new AbortController();
    const following = service.certify(MODEL, { sub: 'b' }, { signal: leaving.signal });
    await tick();
    leaving.abort(new Error('b left'));
    await expect(following).rejects.toThrow('b left');
    expect(engine.aborts).toBe(0);
    engine.releaseAll();
    await expect(running).resolves.toMatchObject({ modelId: MODEL });
  });

  it('follows a run held by another instance and returns its result without running', async () => {
    const shared = { cache: new MemoryCache(), leases: new MemoryLeases() };
    const other = build(shared);
    const here = build(shared);

    const running = other.service.certify(MODEL, { sub: 'a' }, { signal: live() });
    await tick();
    const seen: ProgressEvent[] = [];
    let waiting = 0;
    const following = here.service.certify(
      MODEL,
      { sub: 'b' },
      { signal: live(), onProgress: (e) => seen.push(e), onWaiting: () => (waiting += 1) },
    );
    await tick();
    expect(seen).toEqual([]);
    expect(waiting).toBe(1);
    other.engine.releaseAll();

    await running;
    const result = await following;
    expect(here.engine.runs).toBe(0);
    expect(other.engine.runs).toBe(1);
    expect(result).toMatchObject({ modelId: MODEL, cached: false });
    expect(seen).toHaveLength(1 + 2 * N);
    expect(seen[0]).toEqual(OPENING);
  });

  it('takes over when the other instance ends without a result', async () => {
    const shared = { cache: new MemoryCache(), leases: new MemoryLeases() };
    const other = build(shared);
    const here = build(shared);

    const leaving = new AbortController();
    const abandoned = other.service.certify(MODEL, { sub: 'a' }, { signal: leaving.signal });
    await tick();
    const following = here.service.certify(MODEL, { sub: 'b' }, { signal: live() });
    await tick();
    leaving.abort(new Error('left'));
    await expect(abandoned).rejects.toThrow('left');

    await expect.poll(() => here.engine.runs).toBe(1);
    here.engine.releaseAll();
    await expect(following).resolves.toMatchObject({ modelId: MODEL });
  });

  it('joins a run that finished between the cache miss and the lease: its result and progress, without running', async () => {
    const shared = { cache: new MemoryCache(), leases: new MemoryLeases() };
    const other = build(shared);
    const here = build(shared);
    // The request's cache read missed; then another instance's run finished, cached its result
    // and gave the lease back with word of it.
    const finished = other.service.certify(MODEL, { sub: 'a' }, { signal: live() });
    await tick();
    other.engine.releaseAll();
    const result = await finished;

    const seen: ProgressEvent[] = [];
    await expect(
      here.service.certify(
        MODEL,
        { sub: 'b' },
        { signal: live(), onProgress: (e) => seen.push(e) },
      ),
    ).resolves.toMatchObject({ cached: false, certifiedAt: result.certifiedAt });
    expect(seen).toHaveLength(1 + 2 * N);
    expect(here.engine.runs).toBe(0);
  });

  it('reads the cache after taking the lease only when its last holder left a result that answers the request', async () => {
    const { service, engine, cache } = build();
    // Cached behind the lease's back: no run under the lease said so, so nothing finished
    // between the request's own cache read (the caller's) and its lease.
    await cache.put(sampleCertification());
    let reads = 0;
    const get = cache.get.bind(cache);
    cache.get = (region, modelId, suite) => ((reads += 1), get(region, modelId, suite));
    const result = service.certify(MODEL, { sub: 'a' }, { signal: live() });
    await tick();
    engine.releaseAll();
    await expect(result).resolves.toMatchObject({ cached: false });
    expect(engine.runs).toBe(1);
    expect(reads).toBe(0);

    // A fresh request is not answered by a run certified before it arrived: no read either.
    const fresh = service.certify(MODEL, { sub: 'b' }, { signal: live(), fresh: true });
    await tick();
    engine.releaseAll();
    await fresh;
    expect(engine.runs).toBe(2);
    expect(reads).toBe(0);
  });

  it('fresh: a run certified after the request began (between its admission and its lease) answers it', async () => {
    const began = Date.parse('2026-11-24T12:00:00.000Z');
    const shared = { cache: new MemoryCache(), leases: new MemoryLeases() };
    const certifiedAt = new Date(began + 1_000).toISOString();
    const other = build({
      ...shared,
      runCertification: (modelId) => Promise.resolve(sampleCertification({ modelId, certifiedAt })),
    });
    const here = build({ ...shared, clock: { now: () => began } });
    await other.service.certify(MODEL, { sub: 'a' }, { signal: live(), fresh: true });

    const admission = await here.service.admitAndLookUp({ sub: 'b' }, MODEL, { fresh: true });
    expect(admission.lease?.acquired?.previousResult?.certifiedAt).toBe(certifiedAt);
    await expect(
      here.service.certify(MODEL, { sub: 'b' }, { signal: live(), fresh: true, ...admission }),
    ).resolves.toMatchObject({ certifiedAt, cached: false });
    expect(here.engine.runs).toBe(0);
  });

  it('fresh: certifies anew although a result is cached', async () => {
    const { service, engine, cache } = build();
    await cache.put(sampleCertification());
    const result = service.certify(MODEL, { sub: 'a' }, { signal: live(), fresh: true });
    await tick();
    engine.releaseAll();
    await expect(result).resolves.toMatchObject({ cached: false });
    expect(engine.runs).toBe(1);
    expect(Date.parse((await cache.get('us-east-1', MODEL))?.certifiedAt ?? '')).toBeGreaterThan(
      Date.parse('2026-11-24T12:00:00.000Z'),
    );
  });

  it('fresh: joins a run already in flight instead of starting another', async () => {
    const { service, engine, cache } = build();
    await cache.put(sampleCertification());
    const first = service.certify(MODEL, { sub: 'a' }, { signal: live(), fresh: true });
    await tick();
    const second = service.certify(MODEL, { sub: 'b' }, { signal: live(), fresh: true });
    await tick();
    engine.releaseAll();
    const [a, b] = await Promise.all([first, second]);
    expect(engine.runs).toBe(1);
    expect(b.certifiedAt).toBe(a.certifiedAt);
  });

  it('still answers when caching and metering fail after a run', async () => {
    const failing = {
      get: () => Promise.resolve(undefined),
      getMany: () => Promise.resolve([]),
      page: () => Promise.resolve({ certifications: [] }),
      put: () => Promise.reject(new Error('store down')),
    };
    const errors: string[] = [];
    const usage = new MemoryUsage();
    usage.record = () => Promise.reject(new Error('store down'));
    const { service, engine } = build({
      cache: failing,
      usage,
      logger: {
        debug() {},
        info() {},
        warn() {},
        error: (message: string) => void errors.push(message),
      },
    });
    const result = service.certify(MODEL, { sub: 'a' }, { signal: live() });
    await tick();
    engine.releaseAll();
    await expect(result).resolves.toMatchObject({ modelId: MODEL });
    expect(errors.sort()).toEqual([
      'Caching the certification failed',
      'Metering the certification failed',
    ]);
  });

  describe('time budget of one request', () => {
    /** A lease left by an instance that died mid-run, and a clock the test moves. */
    function withLeftoverLease(leaseUntilMs: number) {
      let now = 0;
      const clock = { now: () => now };
      const leases = new MemoryLeases(() => now);
      leases.items.set(`us-east-1/${MODEL}`, { owner: 'dead-instance', leaseUntil: leaseUntilMs });
      const deadlines: number[] = [];
      const built = build({
        clock,
        leases,
        runCertification: (modelId, { deadlineMs }) => {
          deadlines.push(deadlineMs);
          return Promise.resolve(sampleCertification({ modelId }));
        },
      });
      return { ...built, deadlines, advanceTo: (ms: number) => (now = ms) };
    }

    it('takes over a vanished run with only the time left in its budget', async () => {
      const { service, deadlines, advanceTo } = withLeftoverLease(70_000);
      const result = service.certify(MODEL, { sub: 'a' }, { signal: live() });
      await tick();
      advanceTo(70_000);
      await expect(result).resolves.toMatchObject({ modelId: MODEL });
      // 60 s deadline + 15 s margin = 75 s budget; 5 s remain when the lease expires.
      expect(deadlines).toEqual([5_000]);
    });

    it('gives up with TIMEOUT rather than start a run that cannot finish in the budget', async () => {
      const { service, deadlines, advanceTo } = withLeftoverLease(74_000);
      const result = service.certify(MODEL, { sub: 'a' }, { signal: live() });
      await tick();
      advanceTo(74_000);
      await expect(result).rejects.toBeInstanceOf(CertificationWaitTimeoutError);
      expect(deadlines).toEqual([]);
    });

    it('runs a normal certification with the full configured deadline', async () => {
      const { service, deadlines } = withLeftoverLease(0);
      await service.certify(MODEL, { sub: 'a' }, { signal: live() });
      expect(deadlines).toEqual([60_000]);
    });
  });
});

describe('CertificationService history', () => {
  /** An engine whose every run finds what `next` says, certified a second after the one before. */
  function scripted(overrides: Partial<CertificationServiceOptions> = {}) {
    let at = Date.parse('2026-11-24T12:00:00.000Z');
    let next: Partial<Certification> = {};
    const built = build({
      runCertification: (modelId) => {
        at += 1_000;
        return Promise.resolve(
          sampleCertification({ ...next, modelId, certifiedAt: new Date(at).toISOString() }),
        );
      },
      ...overrides,
    });
    return { ...built, find: (outcome: Partial<Certification>) => (next = outcome) };
  }
  const certify = (service: CertificationService, options: Partial<CertifyOptions> = {}) =>
    service.certify(MODEL, { sub: 'a' }, { signal: live(), fresh: true, ...options });
  const noToolUse = {
    status: 'failed',
    testsPassed: 5,
    testsFailed: 1,
    capabilities: { ...sampleCertification().capabilities, toolUse: false },
  } as const;

  it('records every run once, by its runner, with its trigger; followers and cache answers record nothing', async () => {
    const { service, engine, history } = build();
    const requests = Array.from({ length: 5 }, (_, i) =>
      service.certify(MODEL, { sub: `u${i}` }, { signal: live() }),
    );
    await tick();
    engine.releaseAll();
    await Promise.all(requests);
    expect(history.appended.map((entry) => entry.run.trigger)).toEqual(['request']);

    const scheduled = service.certify(
      MODEL,
      { sub: 'schedule' },
      { signal: live(), fresh: true, trigger: 'schedule' },
    );
    await tick();
    engine.releaseAll();
    await scheduled;
    // A run that finished before this request took the lease answers it: joined, not recorded.
    await service.certify(MODEL, { sub: 'b' }, { signal: live() });
    expect(history.appended.map((entry) => entry.run.trigger)).toEqual(['request', 'schedule']);
    expect(engine.runs).toBe(2);
    // Each run is filed under its own id (the lease owner of the request that ran it).
    expect(new Set(history.appended.map((entry) => entry.runId)).size).toBe(2);
  });

  it('a run summary: the fields of the certification, the trigger, and whether status or capabilities changed', async () => {
    const { service, history, find } = scripted();
    const first = await certify(service);
    find(noToolUse);
    await certify(service, { trigger: 'schedule' });
    expect(await service.history(MODEL, 10)).toEqual([
      {
        certifiedAt: '2026-11-24T12:00:02.000Z',
        suite: 'core',
        status: 'failed',
        testsPassed: 5,
        testsFailed: 1,
        capabilities: noToolUse.capabilities,
        ttftMs: first.ttftMs,
        estimatedCostUsd: first.estimatedCostUsd,
        trigger: 'schedule',
        changed: true,
      },
      expect.objectContaining({
        certifiedAt: first.certifiedAt,
        status: 'certified',
        trigger: 'request',
        changed: false,
      }),
    ]);
    expect(await service.lastChanges([MODEL, 'amazon.other-v1:0'])).toEqual(
      new Map([[MODEL, '2026-11-24T12:00:02.000Z']]),
    );
    expect(history.appended).toHaveLength(2);
  });

  it('announces a change exactly once, with the run before and the run after; a first run and unchanged reruns announce nothing', async () => {
    const { service, changeEvents, find } = scripted();
    await certify(service);
    await certify(service);
    expect(changeEvents.published).toEqual([]);

    find(noToolUse);
    await certify(service, { trigger: 'schedule' });
    await certify(service, { trigger: 'schedule' });
    expect(changeEvents.published).toHaveLength(1);
    const [change] = changeEvents.published;
    expect(change?.modelId).toBe(MODEL);
    expect(change?.region).toBe('us-east-1');
    expect(change?.before).toMatchObject({
      status: 'certified',
      certifiedAt: '2026-11-24T12:00:02.000Z',
      capabilities: { toolUse: true },
      changed: false,
    });
    expect(change?.after).toMatchObject({
      status: 'failed',
      certifiedAt: '2026-11-24T12:00:03.000Z',
      capabilities: { toolUse: false },
      trigger: 'schedule',
      changed: true,
    });

    // Tool use comes back: another change, announced once.
    find({});
    await certify(service);
    expect(
      changeEvents.published.map((c) => [
        c.before.capabilities.toolUse,
        c.after.capabilities.toolUse,
      ]),
    ).toEqual([
      [true, false],
      [false, true],
    ]);
  });

  it('an id Bedrock does not know is answered and cached, but starts no history and announces nothing', async () => {
    const { service, history, changeEvents, cache } = scripted({
      runCertification: (modelId) =>
        Promise.resolve(
          unknownModelCertification({ modelId, certifiedAt: new Date().toISOString() }),
        ),
    });
    const junk = 'zz.junk123-v1:0';
    const answer = await service.certify(junk, { sub: 'a' }, { signal: live(), fresh: true });
    expect(answer).toMatchObject({ modelId: junk, status: 'unavailable', cached: false });
    expect(await service.lookup(junk)).toMatchObject({ modelId: junk, cached: true });
    expect(cache.items.size).toBe(1);
    expect(history.appended).toEqual([]);
    expect(await service.history(junk, 10)).toEqual([]);
    expect(await service.lastChanges([junk])).toEqual(new Map());
    expect(changeEvents.published).toEqual([]);
  });

  it('a model with a history that Bedrock stops knowing is recorded, and the change announced', async () => {
    const { service, changeEvents, find } = scripted();
    await certify(service);
    const gone = unknownModelCertification();
    find({
      status: gone.status,
      results: gone.results,
      testsPassed: 0,
      testsFailed: gone.results.length,
    });
    await certify(service);
    expect((await service.history(MODEL, 10)).map((run) => [run.status, run.changed])).toEqual([
      ['unavailable', true],
      ['certified', false],
    ]);
    expect(changeEvents.published.map((c) => [c.before.status, c.after.status])).toEqual([
      ['certified', 'unavailable'],
    ]);
  });

  it('a change in timing or cost alone is not a change', async () => {
    const { service, changeEvents, find } = scripted();
    await certify(service);
    find({ ttftMs: 9_999, estimatedCostUsd: 1, avgLatencyMs: 5_000 });
    await certify(service);
    expect((await service.history(MODEL, 1))[0]?.changed).toBe(false);
    expect(changeEvents.published).toEqual([]);
  });

  it('a run that could not be recorded still answers, and announces nothing (the next run finds the change again)', async () => {
    const errors: string[] = [];
    const history = new MemoryHistory();
    const append = history.append.bind(history);
    let failAppend = false;
    history.append = (...args) =>
      failAppend ? Promise.reject(new Error('store down')) : append(...args);
    const { service, changeEvents, find } = scripted({
      history,
      logger: {
        debug() {},
        info() {},
        warn() {},
        error: (message: string) => void errors.push(message),
      },
    });
    await certify(service);
    find(noToolUse);
    failAppend = true;
    await expect(certify(service)).resolves.toMatchObject({ status: 'failed' });
    expect(errors).toEqual(['Recording the run in the history failed']);
    expect(changeEvents.published).toEqual([]);

    failAppend = false;
    await certify(service);
    expect(changeEvents.published).toHaveLength(1);
  });

  it('a change event that cannot be published is logged with its detail; the certification still answers', async () => {
    const logged: { message: string; fields: Record<string, unknown> }[] = [];
    const { service, history, find } = scripted({
      changeEvents: { publish: () => Promise.reject(new Error('EventBridge down')) },
      logger: {
        debug() {},
        info() {},
        warn() {},
        error: (message: string, fields: object = {}) =>
          void logged.push({ message, fields: fields as Record<string, unknown> }),
      },
    });
    await certify(service);
    find(noToolUse);
    await expect(certify(service)).resolves.toMatchObject({ status: 'failed' });
    expect(logged.map((l) => l.message)).toEqual(['Publishing the certification change failed']);
    expect(logged[0]?.fields.detail).toMatchObject({ modelId: MODEL, after: { changed: true } });
    expect(history.appended.at(-1)?.run.changed).toBe(true);
  });
});

describe('CertificationService admission', () => {
  it('counts a request and reads the cache together; fresh skips the cache read', async () => {
    const { service, cache, rateLimiter } = build();
    await cache.put(sampleCertification());
    const reads: string[] = [];
    const get = cache.get.bind(cache);
    cache.get = (region, modelId) => (reads.push(modelId), get(region, modelId));
    await expect(
      service.admitAndLookUp({ sub: 'a' }, MODEL, { fresh: false }),
    ).resolves.toMatchObject({ cached: { cached: true } });
    // No quota configured: a run is admitted without a hold, and with the model's lease taken.
    await expect(service.admitAndLookUp({ sub: 'a' }, MODEL, { fresh: true })).resolves.toEqual({
      hold: undefined,
      lease: expect.objectContaining({ modelId: MODEL, acquired: {} }) as unknown,
    });
    expect(reads).toEqual([MODEL]);
    expect(rateLimiter.consumed).toEqual(['a', 'a']);
  });
});

describe('CertificationService monthly quota', () => {
  const NOW = Date.parse('2026-11-24T12:00:00.000Z');
  const withQuota = (monthlyQuota: number) => {
    const usage = new MemoryUsage(() => NOW);
    return { ...build({ usage, monthlyQuota, clock: { now: () => NOW } }), usage };
  };

  it('a run holds a unit from admission and keeps it as the certification; a cached answer is free even when the quota is used up', async () => {
    const { service, engine, usage } = withQuota(1);
    const admission = await service.admitAndLookUp({ sub: 'alice' }, MODEL, { fresh: false });
    expect(admission.hold).toEqual({ runId: expect.any(String) as string, month: '2026-11' });
    const running = service.certify(
      MODEL,
      { sub: 'alice' },
      { signal: live(), hold: admission.hold, lease: admission.lease },
    );
    await tick();
    engine.releaseAll();
    await running;
    expect(usage.records).toEqual([
      expect.objectContaining({ sub: 'alice', runId: admission.hold?.runId, month: '2026-11' }),
    ]);
    expect(await service.usage({ sub: 'alice' })).toEqual({
      month: '2026-11',
      certifications: 1,
      inputTokens: 0,
      outputTokens: 0,
      estimatedCostUsd: 0,
      quota: { limit: 1, used: 1, remaining: 0 },
    });

    // At quota: the cached result is still served, a run is refused before anything is spent.
    await expect(
      service.admitAndLookUp({ sub: 'alice' }, MODEL, { fresh: false }),
    ).resolves.toMatchObject({ cached: { modelId: MODEL } });
    const refusal = await service
      .admitAndLookUp({ sub: 'alice' }, MODEL, { fresh: true })
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(QuotaExceededError);
    expect((refusal as QuotaExceededError).retryAfterSeconds).toBe(6.5 * 86_400);
    expect(engine.runs).toBe(1);
    // Another user's quota is their own.
    await expect(
      service.admitAndLookUp({ sub: 'bob' }, MODEL, { fresh: true }),
    ).resolves.toMatchObject({ hold: { month: '2026-11' } });
  });

  it('a request that joins a run in flight gives its unit back: only the request that ran it is charged', async () => {
    const { service, engine, usage } = withQuota(5);
    const [first, second] = [
      await service.admitAndLookUp({ sub: 'alice' }, MODEL, { fresh: true }),
      await service.admitAndLookUp({ sub: 'bob' }, MODEL, { fresh: true }),
    ];
    // Alice's admission took the lease, so Bob's found it held.
    expect(first.lease?.acquired).toEqual({});
    expect(second.lease?.acquired).toBeUndefined();
    const running = service.certify(
      MODEL,
      { sub: 'alice' },
      { signal: live(), fresh: true, ...first },
    );
    await tick();
    const joining = service.certify(
      MODEL,
      { sub: 'bob' },
      { signal: live(), fresh: true, ...second },
    );
    await tick();
    expect((await service.usage({ sub: 'bob' })).quota).toEqual({
      limit: 5,
      used: 1,
      remaining: 4,
    });
    engine.releaseAll();
    await Promise.all([running, joining]);

    expect(engine.runs).toBe(1);
    expect(usage.records.map((r) => r.sub)).toEqual(['alice']);
    expect(usage.released).toEqual([second.hold?.runId]);
    expect((await service.usage({ sub: 'bob' })).quota).toEqual({
      limit: 5,
      used: 0,
      remaining: 5,
    });
    expect((await service.usage({ sub: 'alice' })).quota).toEqual({
      limit: 5,
      used: 1,
      remaining: 4,
    });
  });

  it("a run without a hold (no quota, or started by the service itself) is metered under the caller's run id when given one", async () => {
    const { service, usage } = build({
      runCertification: (modelId) => Promise.resolve(sampleCertification({ modelId })),
    });
    await service.certify(
      MODEL,
      { sub: 'schedule' },
      { signal: live(), fresh: true, runId: 'scheduled-run-1' },
    );
    await service.certify(
      MODEL,
      { sub: 'schedule' },
      { signal: live(), fresh: true, runId: 'scheduled-run-1' },
    );
    expect(usage.records).toEqual([
      { sub: 'schedule', modelId: MODEL, runId: 'scheduled-run-1', month: '2026-11' },
    ]);
  });

  it('a request that fails before its run gives its unit back', async () => {
    const { service, usage } = withQuota(5);
    const running = service.certify(MODEL, { sub: 'alice' }, { signal: live() });
    await tick();
    const { hold, lease } = await service.admitAndLookUp({ sub: 'bob' }, MODEL, { fresh: true });
    const leaving = new AbortController();
    const following = service.certify(
      MODEL,
      { sub: 'bob' },
      { signal: leaving.signal, fresh: true, hold, lease },
    );
    await tick();
    leaving.abort(new Error('bob left'));
    await expect(following).rejects.toThrow('bob left');
    expect(usage.released).toEqual([hold?.runId]);
    expect(usage.holds.size).toBe(0);
    void running.catch(() => undefined);
  });

  it('stream tickets: issuing refuses a caller with no quota left unless a cached answer would serve the stream; using one takes the unit', async () => {
    const { service, cache } = withQuota(1);
    const first = await service.issueStreamTicket(
      { sub: 'alice' },
      { modelId: MODEL, region: REGION, fresh: false },
    );
    const { caller, hold } = await service.redeemAndLookUp(first.ticket, {
      modelId: MODEL,
      region: REGION,
      fresh: false,
    });
    expect(caller).toEqual({ sub: 'alice' });
    expect(hold).toMatchObject({ month: '2026-11' });
    // The unit is in use: a ticket for a run is refused with the quota's own 429 ...
    await expect(
      service.issueStreamTicket({ sub: 'alice' }, { modelId: MODEL, region: REGION, fresh: false }),
    ).rejects.toBeInstanceOf(QuotaExceededError);
    // ... but one the cache will answer is issued, and its use takes no unit.
    await cache.put(sampleCertification());
    const { ticket } = await service.issueStreamTicket(
      { sub: 'alice' },
      { modelId: MODEL, region: REGION, fresh: false },
    );
    await expect(
      service.issueStreamTicket({ sub: 'alice' }, { modelId: MODEL, region: REGION, fresh: true }),
    ).rejects.toBeInstanceOf(QuotaExceededError);
    await expect(
      service.redeemAndLookUp(ticket, { modelId: MODEL, region: REGION, fresh: false }),
    ).resolves.toMatchObject({ caller: { sub: 'alice' }, cached: { modelId: MODEL } });
  });

  it('reports no quota when none is configured, and another month when asked', async () => {
    const { service } = build({ clock: { now: () => NOW } });
    await expect(service.usage({ sub: 'alice' }, '2026-10')).resolves.toEqual({
      month: '2026-10',
      certifications: 0,
      inputTokens: 0,
      outputTokens: 0,
      estimatedCostUsd: 0,
      quota: null,
    });
    await expect(service.usageReport()).resolves.toEqual({ month: '2026-11', users: [] });
  });
});

describe('CertificationService stream tickets', () => {
  it('issuing counts against the rate limit; a refused caller gets no ticket', async () => {
    const { service, rateLimiter, tickets } = build();
    const issued = await service.issueStreamTicket(
      { sub: 'alice' },
      { modelId: MODEL, region: REGION, fresh: false },
    );
    expect(issued.expiresAt - Date.now()).toBeGreaterThan(59_000);
    expect(issued.expiresAt - Date.now()).toBeLessThanOrEqual(60_000);
    expect(rateLimiter.consumed).toEqual(['alice']);

    const limited = build({
      rateLimiter: {
        consume: () => Promise.reject(new RateLimitedError(30, 10, 60)),
      },
    });
    await expect(
      limited.service.issueStreamTicket(
        { sub: 'alice' },
        { modelId: MODEL, region: REGION, fresh: false },
      ),
    ).rejects.toBeInstanceOf(RateLimitedError);
    expect(limited.tickets.items.size).toBe(0);
    expect(tickets.items.size).toBe(1);
  });

  it("a ticket ends with its token: expiresAt is the earlier of 60 s and the token's exp, and it is refused after", async () => {
    // Prepare
    let now = Date.parse('2026-11-24T12:00:00.000Z');
    const clock = { now: () => now };
    const { service } = build({ clock, tickets: new MemoryTickets(clock.now) });

    // Act: a token with 20 s left, one with an hour left
    const short = await service.issueStreamTicket(
      { sub: 'alice', expiresAt: now + 20_000 },
      { modelId: MODEL, region: REGION, fresh: false },
    );
    const long = await service.issueStreamTicket(
      { sub: 'alice', expiresAt: now + 3_600_000 },
      { modelId: MODEL, region: REGION, fresh: false },
    );

    // Assess
    expect(short.expiresAt).toBe(now + 20_000);
    expect(long.expiresAt).toBe(now + 60_000);
    now += 20_000;
    await expect(
      service.redeemStreamTicket(short.ticket, { modelId: MODEL, region: REGION, fresh: false }),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(
      service.redeemStreamTicket(long.ticket, { modelId: MODEL, region: REGION, fresh: false }),
    ).resolves.toEqual({ sub: 'alice' });
    // A token that expired while its request was admitted gets no ticket at all.
    await expect(
      service.issueStreamTicket(
        { sub: 'alice', expiresAt: now },
        { modelId: MODEL, region: REGION, fresh: false },
      ),
    ).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('a ticket names its user once; a reused, foreign-model, other-Region or other-mode ticket is a 401', async () => {
    const { service } = build();
    const { ticket } = await service.issueStreamTicket(
      { sub: 'alice' },
      { modelId: MODEL, region: REGION, fresh: false },
    );

    await expect(
      service.redeemStreamTicket(ticket, {
        modelId: 'amazon.nova-lite-v1:0',
        region: REGION,
        fresh: false,
      }),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(
      service.redeemStreamTicket(ticket, { modelId: MODEL, region: REGION, fresh: true }),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(
      service.redeemStreamTicket(ticket, { modelId: MODEL, region: 'eu-west-1', fresh: false }),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(
      service.redeemStreamTicket(ticket, { modelId: MODEL, region: REGION, fresh: false }),
    ).resolves.toEqual({ sub: 'alice' });
    await expect(
      service.redeemStreamTicket(ticket, { modelId: MODEL, region: REGION, fresh: false }),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(
      service.redeemStreamTicket('forged', { modelId: MODEL, region: REGION, fresh: false }),
    ).rejects.toBeInstanceOf(UnauthorizedError);
  });
});
