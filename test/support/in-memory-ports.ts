import { QuotaExceededError } from '../../shared/errors.js';
import { monthOf, secondsUntilMonthEnds } from '../../shared/month.js';
import type { ExpiryPolicy } from '../../shared/service/expiry-policy.js';
import { CatalogService } from '../../shared/catalog/catalog-service.js';
import { RegionsService } from '../../shared/catalog/regions-service.js';
import type {
  CertificationCachePort,
  AcquiredLease,
  CertificationLeasePort,
  LeaseResult,
  CertificationPage,
  ChangeEventsPort,
  LatestRun,
  Lease,
  MonthlyUsage,
  PagePosition,
  QuotaHold,
  RunHistoryPort,
  RateLimiterPort,
  RecordOptions,
  StreamTicketGrant,
  StreamTicketPort,
  StreamTicketRequest,
  SubjectUsage,
  UsageMeterPort,
} from '../../shared/service/ports.js';
import type {
  Certification,
  CertificationChangedDetail,
  CertificationRun,
} from '../../shared/types.js';

import { nextLatest } from '../../shared/service/run-summary.js';
import { SUITE_NAMES, suiteCovers, suiteOf, type SuiteName } from '../../shared/suites.js';

export { sampleCertification } from './certification-fixture.js';

/**
 * In-memory stand-ins for the store ports, for unit tests of the service. The DynamoDB
 * implementations are tested against dynalite in test/shared/store.
 */
export class MemoryCache implements CertificationCachePort {
  /**
   * By `region/modelId`, with `#full` for the full suite's key; as in the DynamoDB cache, a full
   * result is also stored under the core key, which holds the newest answer to a core request.
   */
  readonly items = new Map<string, Certification>();
  get(
    region: string,
    modelId: string,
    suite: SuiteName = 'core',
  ): Promise<Certification | undefined> {
    const item = this.items.get(MemoryCache.key(region, modelId, suite));
    return Promise.resolve(item ? { ...item, cached: true } : undefined);
  }
  put(certification: Certification): Promise<void> {
    const suite = suiteOf(certification);
    for (const candidate of SUITE_NAMES.filter((name) => suiteCovers(suite, name)))
      this.items.set(MemoryCache.key(certification.region, certification.modelId, candidate), {
        ...certification,
        suite,
      });
    return Promise.resolve();
  }
  static key(region: string, modelId: string, suite: SuiteName = 'core'): string {
    return `${region}/${modelId}${suite === 'core' ? '' : `#${suite}`}`;
  }
  getMany(region: string, modelIds: readonly string[]): Promise<Certification[]> {
    return Promise.resolve(
      [...new Set(modelIds)].flatMap((modelId) => {
        const item = this.items.get(MemoryCache.key(region, modelId));
        return item ? [{ ...item, cached: true }] : [];
      }),
    );
  }
  /**
   * Newest first by `certifiedAt`, then sort key (model id, `#full` for a full result), as the
   * DynamoDB implementation's index orders them; each result once, under its own suite's key.
   */
  page(
    region: string,
    options: { limit: number; after?: PagePosition },
  ): Promise<CertificationPage> {
    const sortKey = (c: Certification) =>
      `${c.modelId}${suiteOf(c) === 'core' ? '' : `#${suiteOf(c)}`}`;
    const key = (p: PagePosition) => `${p.certifiedAt}\n${p.modelId}`;
    const position = (c: Certification): PagePosition => ({
      certifiedAt: c.certifiedAt,
      modelId: sortKey(c),
    });
    const sorted = [...this.items]
      .filter(
        ([itemKey, c]) =>
          c.region === region && itemKey === MemoryCache.key(c.region, c.modelId, suiteOf(c)),
      )
      .map(([, c]) => c)
      .sort((a, b) => key(position(b)).localeCompare(key(position(a))))
      .filter((c) => options.after === undefined || key(position(c)) < key(options.after));
    const certifications = sorted.slice(0, options.limit).map((c) => ({ ...c, cached: true }));
    const last = certifications.at(-1);
    return Promise.resolve(
      sorted.length > options.limit && last
        ? { certifications, next: position(last) }
        : { certifications },
    );
  }
}

/** The expiry policy the service is configured with by default (config.ts). */
export const TEST_EXPIRY: ExpiryPolicy = {
  certified: 86_400,
  failed: 3_600,
  unavailable: 900,
  transient: 60,
};

/** Leases in memory, with the DynamoDB implementation's rules (a released lease keeps its run's result). */
export class MemoryLeases implements CertificationLeasePort {
  readonly items = new Map<string, Lease>();
  /** What the last released lease of each model left for the next holder. */
  readonly results = new Map<string, LeaseResult>();
  constructor(private readonly now: () => number = Date.now) {}
  tryAcquire(
    region: string,
    modelId: string,
    owner: string,
    leaseMs: number,
  ): Promise<AcquiredLease | undefined> {
    const key = `${region}/${modelId}`;
    const held = this.items.get(key);
    if (held && held.leaseUntil > this.now()) return Promise.resolve(undefined);
    this.items.set(key, { owner, leaseUntil: this.now() + leaseMs });
    const previousResult = this.results.get(key);
    this.results.delete(key);
    return Promise.resolve(previousResult ? { previousResult } : {});
  }
  read(region: string, modelId: string): Promise<Lease | undefined> {
    const held = this.items.get(`${region}/${modelId}`);
    return Promise.resolve(held && held.leaseUntil > this.now() ? held : undefined);
  }
  release(region: string, modelId: string, owner: string, result?: LeaseResult): Promise<boolean> {
    const key = `${region}/${modelId}`;
    if (this.items.get(key)?.owner !== owner) return Promise.resolve(false);
    this.items.delete(key);
    if (result) this.results.set(key, result);
    return Promise.resolve(true);
  }
}

/**
 * Metering and quota in memory, with the DynamoDB implementation's rules: a run id is metered
 * once, a hold counts towards `used` until it is metered (kept) or released (given back).
 */
export class MemoryUsage implements UsageMeterPort {
  readonly records: { sub: string; modelId: string; runId: string; month: string }[] = [];
  /** Holds in force, by run id. */
  readonly holds = new Map<string, { sub: string; month: string }>();
  readonly released: string[] = [];
  constructor(private readonly now: () => number = Date.now) {}
  record(
    sub: string,
    runId: string,
    certification: Certification,
    options: RecordOptions = {},
  ): Promise<void> {
    if (certification.cached || this.records.some((r) => r.runId === runId))
      return Promise.resolve();
    this.holds.delete(runId);
    this.records.push({
      sub,
      modelId: certification.modelId,
      runId,
      month: options.heldInMonth ?? monthOf(Date.parse(certification.certifiedAt)),
    });
    return Promise.resolve();
  }
  reserve(sub: string, runId: string, limit: number): Promise<QuotaHold> {
    const month = monthOf(this.now());
    if (this.usedIn(sub, month) >= limit)
      return Promise.reject(new QuotaExceededError(secondsUntilMonthEnds(this.now()), limit));
    this.holds.set(runId, { sub, month });
    return Promise.resolve({ runId, month });
  }
  release(_sub: string, hold: QuotaHold): Promise<void> {
    if (this.holds.delete(hold.runId)) this.released.push(hold.runId);
    return Promise.resolve();
  }
  get(sub: string, month: string): Promise<MonthlyUsage> {
    const certifications = this.records.filter((r) => r.sub === sub && r.month === month).length;
    return Promise.resolve({
      certifications,
      inputTokens: 0,
      outputTokens: 0,
      estimatedCostUsd: 0,
      used: this.usedIn(sub, month),
    });
  }
  listMonth(month: string): Promise<SubjectUsage[]> {
    const subs = [
      ...new Set(this.records.filter((r) => r.month === month).map((r) => r.sub)),
    ].sort();
    return Promise.resolve(
      subs.map((sub) => ({
        sub,
        certifications: this.records.filter((r) => r.sub === sub && r.month === month).length,
        inputTokens: 0,
        outputTokens: 0,
        estimatedCostUsd: 0,
      })),
    );
  }
  private usedIn(sub: string, month: string): number {
    const held = [...this.holds.values()].filter((h) => h.sub === sub && h.month === month).length;
    return held + this.records.filter((r) => r.sub === sub && r.month === month).length;
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
  issue(
    grant: StreamTicketGrant,
    ttlMs: number,
    options: { notAfter?: number } = {},
  ): Promise<{ ticket: string; expiresAt: number }> {
    const ticket = `ticket-${String(++this.issued)}`;
    const expiresAt = Math.min(this.now() + ttlMs, options.notAfter ?? Infinity);
    this.items.set(ticket, { ...grant, expiresAt });
    return Promise.resolve({ ticket, expiresAt });
  }
  redeem(ticket: string, request: StreamTicketRequest): Promise<StreamTicketGrant | undefined> {
    const item = this.items.get(ticket);
    const valid =
      item !== undefined &&
      item.expiresAt > this.now() &&
      item.modelId === request.modelId &&
      (item.suite ?? 'core') === (request.suite ?? 'core') &&
      item.region === request.region &&
      item.fresh === request.fresh &&
      (request.sub === undefined || request.sub === item.sub);
    if (!valid) return Promise.resolve(undefined);
    this.items.delete(ticket);
    const { sub, modelId, region, fresh } = item;
    return Promise.resolve({ sub, modelId, suite: item.suite ?? 'core', region, fresh });
  }
}

/** A catalog whose control plane lists nothing: for app tests that do not exercise the catalog. */
export function emptyCatalog(
  certifications: Pick<CertificationCachePort, 'getMany'>,
): CatalogService {
  return new CatalogService({
    region: 'us-east-1',
    listing: () => ({
      list: () => Promise.resolve({ foundationModels: [], inferenceProfiles: [] }),
    }),
    availability: { access: () => Promise.resolve('UNKNOWN') },
    certifications,
  });
}

/** The history in memory, without retention (the DynamoDB implementation is tested against dynalite). */
export class MemoryHistory implements RunHistoryPort {
  /** Every appended run, oldest first, with its key. */
  readonly appended: { region: string; modelId: string; runId: string; run: CertificationRun }[] =
    [];
  private readonly latestRuns = new Map<string, LatestRun>();
  latest(region: string, modelId: string): Promise<LatestRun | undefined> {
    return Promise.resolve(this.latestRuns.get(`${region}/${modelId}`));
  }
  append(
    region: string,
    modelId: string,
    runId: string,
    run: CertificationRun,
    previous: LatestRun | undefined,
  ): Promise<void> {
    this.appended.push({ region, modelId, runId, run });
    this.latestRuns.set(`${region}/${modelId}`, nextLatest(previous, run));
    return Promise.resolve();
  }
  list(region: string, modelId: string, limit: number): Promise<CertificationRun[]> {
    const runs = this.appended
      .filter((entry) => entry.region === region && entry.modelId === modelId)
      .map((entry) => entry.run);
    return Promise.resolve(runs.reverse().slice(0, limit));
  }
  lastChanges(region: string, modelIds: readonly string[]): Promise<Map<string, string>> {
    const changes = new Map<string, string>();
    for (const modelId of modelIds) {
      const latest = this.latestRuns.get(`${region}/${modelId}`);
      if (latest) changes.set(modelId, latest.changedAt);
    }
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

/** A Regions view whose control planes list nothing and know of no access: for app tests that do not exercise it. */
export function emptyRegions(
  certifications: Pick<CertificationCachePort, 'get'>,
  regions: readonly string[] = ['us-east-1'],
): RegionsService {
  return new RegionsService({
    regions,
    listing: () => ({
      list: () => Promise.resolve({ foundationModels: [], inferenceProfiles: [] }),
    }),
    availability: { access: () => Promise.resolve('UNKNOWN') },
    certifications,
  });
}
