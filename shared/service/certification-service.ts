import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../clock.js';
import {
  InvalidRequestError,
  QuotaExceededError,
  UnauthorizedError,
  UnsupportedRegionError,
} from '../errors.js';
import type { AuthenticatedUser } from '../auth/token-verifier.js';
import { monthOf, secondsUntilMonthEnds } from '../month.js';
import { isRegionName } from '../regions.js';
import { DEFAULT_SUITE, type SuiteName } from '../suites.js';
import type {
  AdminUsageResponse,
  Certification,
  CertificationRun,
  ProgressEvent,
  RunTrigger,
  UsageResponse,
} from '../types.js';
import { LeaseRunner, type LeaseAttempt, type LeaseRunnerOptions } from './lease-runner.js';
import type {
  CertificationPage,
  PagePosition,
  QuotaHold,
  RateLimiterPort,
  StreamTicketPort,
  StreamTicketRequest,
  UsageMeterPort,
} from './ports.js';
import { message } from '../i18n/translate.js';

/** A stream ticket expires after 60 s, or when the token that issued it does, if that is sooner. */
export const STREAM_TICKET_TTL_MS = 60_000;

/** Options of {@link CertificationService}. */
export interface CertificationServiceOptions extends LeaseRunnerOptions {
  /**
   * The Regions the service certifies in (`region`, the default, among them). Default: `region`
   * alone. A request for any other Region is refused with `UnsupportedRegionError`.
   */
  regions?: readonly string[];
  rateLimiter: RateLimiterPort;
  tickets: StreamTicketPort;
  /** Metering, quota holds and the usage reads. */
  usage: UsageMeterPort;
  /**
   * Certification runs per user per UTC month (`MONTHLY_CERTIFICATION_QUOTA`); unset: no quota.
   * Cached answers are free and never refused by it.
   */
  monthlyQuota?: number;
}

/**
 * What admission decided for a certify request: the cached answer (free), or leave to run the
 * certification (or join the run in flight), holding a unit of quota when there is one and
 * having tried the model's lease.
 */
export interface Admission {
  cached?: Certification;
  /** Pass it to {@link CertificationService.certify}, which meters or gives it back. */
  hold?: QuotaHold;
  /** The request's first try at the model's lease; pass it to {@link CertificationService.certify}. */
  lease?: LeaseAttempt;
}

/** Options of {@link CertificationService.certify}. */
export interface CertifyOptions {
  /** Aborted when the client leaves. */
  signal: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /** Called once when the request starts waiting on another request's run (see `RunOptions.onWaiting`). */
  onWaiting?: () => void;
  requestId?: string;
  /** Skip the cache: certify anew, or join a run already in flight. */
  fresh?: boolean;
  /** The unit of quota the request's admission took (see {@link Admission}). */
  hold?: QuotaHold;
  /** The id a run started here is metered under (see `RunOptions.runId`); default a fresh one. */
  runId?: string;
  /** What the history records as having started the run, if this call runs it. Default `request`. */
  trigger?: RunTrigger;
  /** The first try at the lease that admission made (see {@link Admission}); unset: certify tries it. */
  lease?: LeaseAttempt;
  /** The suite to certify; a newer result of a larger suite answers it too. Default `core`. */
  suite?: SuiteName;
  /** Where to certify, one of {@link CertificationService.regions}. Default: the default Region. */
  region?: string;
}

/** What a cached answer is looked up for: a suite (default `core`) in a Region (default: the default one). */
export interface LookupScope {
  suite?: SuiteName;
  region?: string;
}

/** Options of the admission calls: skip the cache or not, for which suite and Region. */
export interface AdmissionOptions extends LookupScope {
  fresh: boolean;
}

/** {@link Admission} of a stream opened with a ticket, and whom the ticket was issued to. */
export interface TicketAdmission extends Admission {
  caller: AuthenticatedUser;
}

/** A stream ticket as the caller receives it. */
export interface IssuedStreamTicket {
  ticket: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/**
 * Certifies models on behalf of users: admission (the rate limit), the cache, single flight
 * (the {@link LeaseRunner}), metering, and the stream tickets that stand in for a bearer token
 * where a browser's `EventSource` cannot send one. Knows nothing of HTTP or Lambda.
 */
export class CertificationService {
  private readonly runner: LeaseRunner;
  private readonly clock: Clock;
  /** The listed Regions, the default first. */
  readonly regions: readonly string[];

  constructor(private readonly options: CertificationServiceOptions) {
    this.runner = new LeaseRunner(options);
    this.clock = options.clock ?? systemClock;
    const listed = options.regions ?? [options.region];
    this.regions = [options.region, ...listed.filter((region) => region !== options.region)];
  }

  /** The default Region: where a request that names none certifies. */
  get region(): string {
    return this.options.region;
  }

  /**
   * The Region a request names (`undefined`: the default one). Throws `UnsupportedRegionError`
   * for a Region the service does not certify in, `InvalidRequestError` for a value that is no
   * Region name at all (a number, an empty string).
   */
  resolveRegion(requested: unknown): string {
    if (requested === undefined) return this.options.region;
    // Only a Region-shaped name is named back in the answer's message.
    if (typeof requested !== 'string' || !isRegionName(requested))
      throw new InvalidRequestError(message('api.regionName'));
    if (!this.regions.includes(requested))
      throw new UnsupportedRegionError(requested, this.regions);
    return requested;
  }

  /** Counts one certify request against the caller's limit (cached answers count too). */
  admit(caller: AuthenticatedUser): Promise<void> {
    return this.options.rateLimiter.consume(caller.sub);
  }

  /**
   * The newest unexpired cached certification of a model that answers `scope.suite` in
   * `scope.region` (defaults: `core`, the default Region), if any.
   */
  lookup(modelId: string, scope: LookupScope = {}): Promise<Certification | undefined> {
    return this.options.cache.get(
      scope.region ?? this.options.region,
      modelId,
      scope.suite ?? DEFAULT_SUITE,
    );
  }

  /**
   * What every certify request does first, before anything is spent, in two store round trips:
   * count it against the caller's rate limit and, unless `fresh`, read the cache; then, when no
   * cached answer answers it, take a unit of the caller's monthly quota (`QuotaExceededError`
   * when none is left) and, at the same time, try the model's lease, given back if the quota
   * refuses. The calls of each step run together and all settle before the next step or the
   * answer (not `Promise.all`, which rejects at the first failure and leaves the other call in
   * flight behind a 503 the client may retry at once).
   */
  async admitAndLookUp(
    caller: AuthenticatedUser,
    modelId: string,
    options: AdmissionOptions,
  ): Promise<Admission> {
    const requestedAt = this.clock.now();
    const [admitted, cached] = await Promise.allSettled([
      this.admit(caller),
      options.fresh ? undefined : this.lookup(modelId, options),
    ]);
    if (admitted.status === 'rejected') throw admitted.reason;
    if (cached.status === 'rejected') throw cached.reason;
    if (cached.value) return { cached: cached.value };
    return this.holdAndTryLease(caller, modelId, requestedAt, options.region);
  }

  /**
   * Admission of a stream opened with a ticket: issuing the ticket was the rate-limited step, so
   * using it up (the authentication) and reading the cache (unless `fresh`) come first, together;
   * then, on a miss, a unit of quota and the lease, as for a bearer request. A ticket that is not
   * valid for the request is a 401 whatever the cache holds.
   */
  async redeemAndLookUp(ticket: string, request: StreamTicketRequest): Promise<TicketAdmission> {
    const requestedAt = this.clock.now();
    const [redeemed, cached] = await Promise.allSettled([
      this.redeemStreamTicket(ticket, request),
      request.fresh ? undefined : this.lookup(request.modelId, request),
    ]);
    if (redeemed.status === 'rejected') throw redeemed.reason;
    const caller = redeemed.value;
    if (cached.status === 'rejected') throw cached.reason;
    if (cached.value) return { caller, cached: cached.value };
    return {
      caller,
      ...(await this.holdAndTryLease(caller, request.modelId, requestedAt, request.region)),
    };
  }

  /**
   * Up to `limit` unexpired cached certifications of `region` (default: the default Region; each
   * result once, under its own suite), newest first, after `after`.
   */
  listPage(
    limit: number,
    after?: PagePosition,
    region: string = this.options.region,
  ): Promise<CertificationPage> {
    return this.options.cache.page(region, { limit, ...(after ? { after } : {}) });
  }

  /**
   * Admission of an item of a batch, whose rate-limited step was the batch's: the cache is read
   * (unless `fresh`) and, on a miss, a unit of quota taken and the lease tried, together.
   */
  async lookUpAndHold(
    caller: AuthenticatedUser,
    modelId: string,
    options: AdmissionOptions,
  ): Promise<Admission> {
    const requestedAt = this.clock.now();
    const cached = options.fresh ? undefined : await this.lookup(modelId, options);
    if (cached) return { cached };
    return this.holdAndTryLease(caller, modelId, requestedAt, options.region);
  }

  /** The model's runs in `region` of the history's retention, newest first, at most `limit`. */
  history(
    modelId: string,
    limit: number,
    region: string = this.options.region,
  ): Promise<CertificationRun[]> {
    return this.options.history.list(region, modelId, limit);
  }

  /**
   * Model id → when its status and capabilities became what they are now (its first recorded
   * run, or its latest run that changed them), for those of `modelIds` with a recorded run in
   * `region` (default: the default Region).
   */
  lastChanges(
    modelIds: readonly string[],
    region: string = this.options.region,
  ): Promise<Map<string, string>> {
    return this.options.history.lastChanges(region, modelIds);
  }

  /**
   * Runs the certification of `modelId`, or joins the one already running for it. Does not read
   * the cache first (the caller did, unless `fresh`); with `fresh`, only a result certified
   * after the request began (its admission, or this call) answers it.
   */
  certify(
    modelId: string,
    caller: AuthenticatedUser,
    options: CertifyOptions,
  ): Promise<Certification> {
    const { fresh, lease, ...run } = options;
    return this.runner.run(modelId, caller, {
      ...run,
      ...(lease ? { attempt: lease } : {}),
      ...(fresh ? { certifiedAfter: lease?.requestedAt ?? this.clock.now() } : {}),
    });
  }

  /**
   * Issues a single-use ticket to stream one certification of `modelId` as `caller`. Issuing is
   * what counts against the rate limit, not using it: a refusal is then an ordinary `429` with
   * `Retry-After` the caller can read, where `EventSource` would see only a failed connection.
   * For the same reason a caller whose quota is used up is refused here (unless a cached answer
   * would serve the stream for free); the unit itself is taken when the ticket is used. The
   * ticket expires when the caller's token does, if that comes before its 60 s: it grants nothing
   * the token no longer would.
   */
  async issueStreamTicket(
    caller: AuthenticatedUser,
    request: { modelId: string; fresh: boolean; suite?: SuiteName; region: string },
  ): Promise<IssuedStreamTicket> {
    const [admitted, quota] = await Promise.allSettled([
      this.admit(caller),
      this.checkQuota(caller, request),
    ]);
    if (admitted.status === 'rejected') throw admitted.reason;
    if (quota.status === 'rejected') throw quota.reason;
    // The token expired while its request was admitted: nothing left to grant.
    if (caller.expiresAt !== undefined && caller.expiresAt <= this.clock.now())
      throw new UnauthorizedError();
    return this.options.tickets.issue(
      { sub: caller.sub, ...request },
      STREAM_TICKET_TTL_MS,
      caller.expiresAt === undefined ? {} : { notAfter: caller.expiresAt },
    );
  }

  /** The caller's usage in `month` (default: the current UTC month), with the quota's state. */
  async usage(
    caller: AuthenticatedUser,
    month: string = monthOf(this.clock.now()),
  ): Promise<UsageResponse> {
    const { used, ...usage } = await this.options.usage.get(caller.sub, month);
    const limit = this.options.monthlyQuota;
    return {
      month,
      ...usage,
      quota: limit === undefined ? null : { limit, used, remaining: Math.max(0, limit - used) },
    };
  }

  /** Every user's usage in `month` (default: the current UTC month), for operators. */
  async usageReport(month: string = monthOf(this.clock.now())): Promise<AdminUsageResponse> {
    return { month, users: await this.options.usage.listMonth(month) };
  }

  /**
   * A unit of the caller's quota and the model's lease, tried together: a refused quota gives the
   * lease back (before anything ran), a failed lease put the unit of quota.
   */
  private async holdAndTryLease(
    caller: AuthenticatedUser,
    modelId: string,
    requestedAt: number,
    region: string = this.options.region,
  ): Promise<Admission> {
    const [hold, lease] = await Promise.allSettled([
      this.holdQuota(caller),
      this.runner.attempt(modelId, requestedAt, region),
    ]);
    if (hold.status === 'fulfilled' && lease.status === 'fulfilled')
      return { hold: hold.value, lease: lease.value };
    await Promise.all([
      lease.status === 'fulfilled' ? this.runner.abandon(lease.value) : undefined,
      hold.status === 'fulfilled' && hold.value
        ? this.runner.giveBack(caller, hold.value)
        : undefined,
    ]);
    throw hold.status === 'rejected' ? hold.reason : (lease as PromiseRejectedResult).reason;
  }

  /** A unit of the caller's quota for one run, when there is a quota. */
  private async holdQuota(caller: AuthenticatedUser): Promise<QuotaHold | undefined> {
    const limit = this.options.monthlyQuota;
    if (limit === undefined) return undefined;
    return this.options.usage.reserve(caller.sub, randomUUID(), limit);
  }

  /** Refuses a ticket whose stream could only be refused: no quota left and no cached answer. */
  private async checkQuota(
    caller: AuthenticatedUser,
    request: { modelId: string; fresh: boolean; suite?: SuiteName; region: string },
  ): Promise<void> {
    const limit = this.options.monthlyQuota;
    if (limit === undefined) return;
    const { used } = await this.options.usage.get(caller.sub, monthOf(this.clock.now()));
    if (used < limit) return;
    if (!request.fresh && (await this.lookup(request.modelId, request))) return;
    throw new QuotaExceededError(secondsUntilMonthEnds(this.clock.now()), limit);
  }

  /**
   * Uses a stream ticket up and returns whom it was issued to. Throws `UnauthorizedError` for a
   * used, expired or forged ticket, one issued for another model, suite, Region or mode, or, when
   * the request also names its caller (`sub`), one issued to someone else.
   */
  async redeemStreamTicket(
    ticket: string,
    request: StreamTicketRequest,
  ): Promise<AuthenticatedUser> {
    const grant = await this.options.tickets.redeem(ticket, request);
    if (!grant) throw new UnauthorizedError(message('api.badStreamTicket'));
    return { sub: grant.sub };
  }
}
