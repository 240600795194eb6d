import type { CertificationCachePort, CertificationLockPort, UsageMeterPort, RateLimiterPort } from '../../shared/service/ports.js';
import type { Certification, ProgressEvent } from '../../shared/types.js';

export { sampleCertification } from './certification-fixture.js';

/**
 * In-memory stand-ins for the store ports, for unit tests of the service. The DynamoDB
 * implementations are tested against dynalite in test/shared/store.
 */
export class MemoryCache implements CertificationCachePort {
  readonly items = new Map<string, Certification>();
  get(region: string, modelId: string): Promise<Certification | undefined> {
    const item = this.items.get(`${region}/${modelId}`);
    return Promise.resolve(item ? { ...item, cached: true } : undefined);
  }
  put(certification: Certification): Promise<void> {
    this.items.set(`${certification.region}/${certification.modelId}`, certification);
    return Promise.resolve();
  }
  list(region: string): Promise<Certification[]> {
    return Promise.resolve([...this.items.values()].filter((c) => c.region === region).map((c) => ({ ...c, cached: true })));
  }
}

export class MemoryLock implements CertificationLockPort {
  readonly items = new Map<string, { owner: string; events: ProgressEvent[]; leaseUntil: number }>();
  constructor(private readonly now: () => number = Date.now) {}
  tryAcquire(region: string, modelId: string, owner: string, leaseMs: number): Promise<boolean> {
    const key = `${region}/${modelId}`;
    const held = this.items.get(key);
    if (held && held.leaseUntil > this.now()) return Promise.resolve(false);
    this.items.set(key, { owner, events: [], leaseUntil: this.now() + leaseMs });
    return Promise.resolve(true);
  }
  publish(region: string, modelId: string, owner: string, events: ProgressEvent[]): Promise<boolean> {
    const held = this.items.get(`${region}/${modelId}`);
    if (held?.owner !== owner) return Promise.resolve(false);
    held.events = events;
    return Promise.resolve(true);
  }
  read(region: string, modelId: string) {
    return Promise.resolve(this.items.get(`${region}/${modelId}`));
  }
  release(region: string, modelId: string, owner: string): Promise<boolean> {
    if (this.items.get(`${region}/${modelId}`)?.owner !== owner) return Promise.resolve(false);
    this.items.delete(`${region}/${modelId}`);
    return Promise.resolve(true);
  }
}

export class MemoryUsage implements UsageMeterPort {
  readonly records: { sub: string; modelId: string }[] = [];
  record(sub: string, certification: Certification): Promise<void> {
    this.records.push({ sub, modelId: certification.modelId });
    return Promise.resolve();
  }
}

export class UnlimitedRateLimiter implements RateLimiterPort {
  readonly consumed: string[] = [];
  consume(sub: string): Promise<void> {
    this.consumed.push(sub);
    return Promise.resolve();
  }
}
