import type { ExpiryPolicy } from '../../shared/service/expiry-policy.js';
import type {
  CertificationCachePort,
  CertificationLockPort,
  ChangeEventsPort,
  LatestRun,
  Lease,
  RunHistoryPort,
  RateLimiterPort,
  StreamTicketGrant,
  StreamTicketPort,
  StreamTicketRequest,
  UsageMeterPort,
} from '../../shared/service/ports.js';
import type { Certification, CertificationChangedDetail, CertificationRun } from '../../shared/types.js';

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

/** The expiry policy the service is configured with by default (config.ts). */
export const TEST_EXPIRY: ExpiryPolicy = { certified: 86_400, failed: 3_600, unavailable: 900, transient: 60 };

export class MemoryLock implements CertificationLockPort {
  readonly items = new Map<string, Lease>();
  constructor(private readonly now: () => number = Date.now) {}
  tryAcquire(region: string, modelId: string, owner: string, leaseMs: number): Promise<boolean> {
    const key = `${region}/${modelId}`;
    const held = this.items.get(key);
    if (held && held.leaseUntil > this.now()) return Promise.resolve(false);
    this.items.set(key, { owner, leaseUntil: this.now() + leaseMs });
    return Promise.resolve(true);
  }
  read(region: string, modelId: string): Promise<Lease | undefined> {
    const held = this.items.get(`${region}/${modelId}`);
    return Promise.resolve(held && held.leaseUntil > this.now() ? held : undefined);
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

/** Tickets in a map, single use, with the binding checks of the DynamoDB implementation. */
export class MemoryTickets implements StreamTicketPort {
  readonly items = new Map<string, StreamTicketGrant & { expiresAt: number }>();
  private issued = 0;
  constructor(private readonly now: () => number = Date.now) {}
  issue(grant: StreamTicketGrant, ttlMs: number): Promise<{ ticket: string; expiresAt: number }> {
    const ticket = `ticket-${String(++this.issued)}`;
    const expiresAt = this.now() + ttlMs;
    this.items.set(ticket, { ...grant, expiresAt });
    return Promise.resolve({ ticket, expiresAt });
  }
  redeem(ticket: string, request: StreamTicketRequest): Promise<StreamTicketGrant | undefined> {
    const item = this.items.get(ticket);
    const valid =
      item !== undefined &&
      item.expiresAt > this.now() &&
      item.modelId === request.modelId &&
      item.fresh === request.fresh &&
      (request.sub === undefined || request.sub === item.sub);
    if (!valid) return Promise.resolve(undefined);
    this.items.delete(ticket);
    return Promise.resolve({ sub: item.sub, modelId: item.modelId, fresh: item.fresh });
  }
}

/** The history in memory, without retention (the DynamoDB implementation is tested against dynalite). */
export class MemoryHistory implements RunHistoryPort {
  /** Every appended run, oldest first, with its key. */
  readonly appended: { region: string; modelId: string; runId: string; run: CertificationRun }[] = [];
  private readonly latestRuns = new Map<string, LatestRun>();
  latest(region: string, modelId: string): Promise<LatestRun | undefined> {
    return Promise.resolve(this.latestRuns.get(`${region}/${modelId}`));
  }
  append(region: string, modelId: string, runId: string, run: CertificationRun, previous: LatestRun | undefined): Promise<void> {
    this.appended.push({ region, modelId, runId, run });
    this.latestRuns.set(`${region}/${modelId}`, { run, changedAt: previous === undefined || run.changed ? run.certifiedAt : previous.changedAt });
    return Promise.resolve();
  }
  list(region: string, modelId: string, limit: number): Promise<CertificationRun[]> {
    const runs = this.appended.filter((entry) => entry.region === region && entry.modelId === modelId).map((entry) => entry.run);
    return Promise.resolve(runs.reverse().slice(0, limit));
  }
  lastChanges(region: string): Promise<Map<string, string>> {
    const changes = new Map<string, string>();
    for (const [key, latest] of this.latestRuns) if (key.startsWith(`${region}/`)) changes.set(key.slice(region.length + 1), latest.changedAt);
    return Promise.resolve(changes);
  }
}

/** Change events kept in order. */
export class MemoryChangeEvents implements ChangeEventsPort {
  readonly published: CertificationChangedDetail[] = [];
  publish(detail: CertificationChangedDetail): Promise<void> {
    this.published.push(detail);
    return Promise.resolve();
  }
}
