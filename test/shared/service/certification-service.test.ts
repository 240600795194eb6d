import { describe, expect, it } from 'vitest';
import { CertificationService, CertificationWaitTimeoutError, type CertificationServiceOptions } from '../../../shared/service/certification-service.js';
import type { RunCertification } from '../../../shared/service/ports.js';
import type { ProgressEvent } from '../../../shared/types.js';
import { MemoryCache, MemoryLock, MemoryUsage, sampleCertification, UnlimitedRateLimiter } from '../../support/in-memory-ports.js';
import { abortReason } from '../../../shared/certification/abort.js';

const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';

/** A controllable engine: each run waits until released, counting runs and aborts. */
class GatedEngine {
  runs = 0;
  aborts = 0;
  private releases: (() => void)[] = [];
  readonly run: RunCertification = (modelId, { signal, onProgress }) => {
    this.runs += 1;
    onProgress({ type: 'progress', current: 0, total: 6, message: 'Starting 6 certification tests' });
    return new Promise((resolve, reject) => {
      signal.addEventListener('abort', () => {
        this.aborts += 1;
        reject(abortReason(signal));
      });
      this.releases.push(() => {
        onProgress({ type: 'progress', current: 1, total: 6, testName: 'basic-completion', status: 'passed' });
        resolve(sampleCertification({ modelId }));
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
  const lock = new MemoryLock();
  const usage = new MemoryUsage();
  const service = new CertificationService({
    region: 'us-east-1',
    cache,
    lock,
    usage,
    rateLimiter: new UnlimitedRateLimiter(),
    runCertification: engine.run,
    certificationDeadlineMs: 60_000,
    pollIntervalMs: 5,
    ...overrides,
  });
  return { service, engine, cache, lock, usage };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('CertificationService', () => {
  it('runs once for concurrent requests of one model and gives every caller the progress and result', async () => {
    const { service, engine, cache, usage } = build();
    const progress: ProgressEvent[][] = [];
    const results = Array.from({ length: 20 }, (_, i) => {
      const seen: ProgressEvent[] = [];
      progress.push(seen);
      return service.certify(MODEL, { sub: `user-${i}` }, { signal: new AbortController().signal, onProgress: (e) => seen.push(e) });
    });
    await tick();
    engine.releaseAll();
    const certifications = await Promise.all(results);

    expect(engine.runs).toBe(1);
    expect(certifications.every((c) => c.modelId === MODEL)).toBe(true);
    for (const seen of progress) expect(seen.map((e) => e.current)).toEqual([0, 1]);
    expect(await cache.get('us-east-1', MODEL)).toMatchObject({ modelId: MODEL, cached: true });
    // Only the caller that started the run pays for it.
    expect(usage.records).toEqual([{ sub: 'user-0', modelId: MODEL }]);
  });

  it('keeps running while one of two callers leaves, and aborts when the last one leaves', async () => {
    const { service, engine } = build();
    const first = new AbortController();
    const second = new AbortController();
    const a = service.certify(MODEL, { sub: 'a' }, { signal: first.signal });
    const b = service.certify(MODEL, { sub: 'b' }, { signal: second.signal });
    await tick();

    first.abort(new Error('a left'));
    await expect(a).rejects.toThrow('a left');
    expect(engine.aborts).toBe(0);

    second.abort(new Error('b left'));
    await expect(b).rejects.toThrow('b left');
    expect(engine.aborts).toBe(1);
  });

  it('starts a new run after an abandoned one', async () => {
    const { service, engine } = build();
    const gone = new AbortController();
    const abandoned = service.certify(MODEL, { sub: 'a' }, { signal: gone.signal });
    await tick();
    gone.abort(new Error('left'));
    await expect(abandoned).rejects.toThrow('left');

    const again = service.certify(MODEL, { sub: 'a' }, { signal: new AbortController().signal });
    await tick();
    engine.releaseAll();
    await expect(again).resolves.toMatchObject({ modelId: MODEL });
    expect(engine.runs).toBe(2);
  });

  it('follows a run held by another instance and returns its cached result without running', async () => {
    const shared = { cache: new MemoryCache(), lock: new MemoryLock() };
    const other = build(shared);
    const here = build(shared);

    const running = other.service.certify(MODEL, { sub: 'a' }, { signal: new AbortController().signal });
    await tick();
    const seen: ProgressEvent[] = [];
    const following = here.service.certify(MODEL, { sub: 'b' }, { signal: new AbortController().signal, onProgress: (e) => seen.push(e) });
    await tick();
    other.engine.releaseAll();

    await running;
    const result = await following;
    expect(here.engine.runs).toBe(0);
    expect(other.engine.runs).toBe(1);
    expect(result).toMatchObject({ modelId: MODEL, cached: false });
    expect(seen[0]).toMatchObject({ current: 0, message: 'Starting 6 certification tests' });
  });

  it('takes over when the other instance gives up without a result', async () => {
    const shared = { cache: new MemoryCache(), lock: new MemoryLock() };
    const other = build(shared);
    const here = build(shared);

    const leaving = new AbortController();
    const abandoned = other.service.certify(MODEL, { sub: 'a' }, { signal: leaving.signal });
    await tick();
    const following = here.service.certify(MODEL, { sub: 'b' }, { signal: new AbortController().signal });
    await tick();
    leaving.abort(new Error('left'));
    await expect(abandoned).rejects.toThrow('left');

    await tick();
    await tick();
    here.engine.releaseAll();
    await expect(following).resolves.toMatchObject({ modelId: MODEL });
    expect(here.engine.runs).toBe(1);
  });

  it('still answers when caching and metering fail after a run', async () => {
    const failing = {
      get: () => Promise.resolve(undefined),
      list: () => Promise.resolve([]),
      put: () => Promise.reject(new Error('store down')),
    };
    const errors: string[] = [];
    const { service, engine } = build({
      cache: failing,
      usage: {
        record: () => Promise.reject(new Error('store down')),
      },
      logger: { debug() {}, info() {}, warn() {}, error: (message: string) => void errors.push(message) },
    });
    const result = service.certify(MODEL, { sub: 'a' }, { signal: new AbortController().signal });
    await tick();
    engine.releaseAll();
    await expect(result).resolves.toMatchObject({ modelId: MODEL });
    expect(errors).toEqual(['Caching the certification failed', 'Metering the certification failed']);
  });

  describe('time budget of one request', () => {
    /** A lock left by an instance that died mid-run, and a clock the test moves. */
    function withLeftoverLock(leaseUntilMs: number) {
      let now = 0;
      const clock = { now: () => now };
      const lock = new MemoryLock(() => now);
      lock.items.set(`us-east-1/${MODEL}`, { owner: 'dead-instance', events: [], leaseUntil: leaseUntilMs });
      const deadlines: number[] = [];
      const built = build({
        clock,
        lock,
        runCertification: (modelId, { deadlineMs }) => {
          deadlines.push(deadlineMs);
          return Promise.resolve(sampleCertification({ modelId }));
        },
      });
      return { ...built, deadlines, advanceTo: (ms: number) => (now = ms) };
    }

    it('takes over a vanished run with only the time left in its budget', async () => {
      const { service, deadlines, advanceTo } = withLeftoverLock(70_000);
      const result = service.certify(MODEL, { sub: 'a' }, { signal: new AbortController().signal });
      await tick();
      advanceTo(70_000);
      await expect(result).resolves.toMatchObject({ modelId: MODEL });
      // 60 s deadline + 15 s margin = 75 s budget; 5 s remain when the lease expires.
      expect(deadlines).toEqual([5_000]);
    });

    it('gives up with TIMEOUT rather than start a run that cannot finish in the budget', async () => {
      const { service, deadlines, advanceTo } = withLeftoverLock(74_000);
      const result = service.certify(MODEL, { sub: 'a' }, { signal: new AbortController().signal });
      await tick();
      advanceTo(74_000);
      await expect(result).rejects.toBeInstanceOf(CertificationWaitTimeoutError);
      expect(deadlines).toEqual([]);
    });

    it('runs a normal certification with the full configured deadline', async () => {
      const { service, deadlines } = withLeftoverLock(0);
      await service.certify(MODEL, { sub: 'a' }, { signal: new AbortController().signal });
      expect(deadlines).toEqual([60_000]);
    });
  });
});

