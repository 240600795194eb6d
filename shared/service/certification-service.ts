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
import type {
  AdminUsageResponse,
  Certification,
  CertificationRun,
  ProgressEvent,
  RunTrigger,
  UsageResponse,
} from '../types.js';
import { LeaseRunner, type LeaseRunnerOptions } from './lease-runner.js';
import type {
  QuotaHold,
  RateLimiterPort,
  StreamTicketPort,
  StreamTicketRequest,
  UsageLedgerPort,
} from './ports.js';

export { CertificationWaitTimeoutError } from './lease-runner.js';

/** DESIGN.md "Native EventSource": a stream ticket expires after 60 s. */
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
  usage: UsageLedgerPort;
  /**
   * Certification runs per user per UTC month (`MONTHLY_CERTIFICATION_QUOTA`); unset: no quota.
   * Cached answers are free and never refused by it.
   */
  monthlyQuota?: number;
}

/**
 * What admission decided for a certify request: the cached answer (free), or leave to run the
 * certification (or join the run in flight), holding a unit of quota when there is one.
 */
export interface Admission {
  cached?: Certification;
  /** Pass it to {@link CertificationService.certify}, which meters or gives it back. */
  hold?: QuotaHold;
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
  /** Where to certify, one of {@link CertificationService.regions}. Default: the default Region. */
  region?: string;
}

/** Options of the admission calls: skip the cache or not, and in which Region (default: the default one). */
export interface AdmissionOptions {
  fresh: boolean;
  region?: string;
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
    if (typeof requested !== 'string' || requested === '')
      throw new InvalidRequestError('region must be an AWS Region name like us-east-1.');
    if (!this.regions.includes(requested))
      throw new UnsupportedRegionError(requested, this.regions);
    return requested;
  }

  /** Counts one certify request against the caller's limit (cached answers count too). */
  admit(caller: AuthenticatedUser): Promise<void> {
    return this.options.rateLimiter.consume(caller.sub);
  }

  /** The unexpired cached certification of a model in `region` (default: the default Region), if any. */
  lookup(
    modelId: string,
    region: string = this.options.region,
  ): Promise<Certification | undefined> {
    return this.options.cache.get(region, modelId);
  }

  /**
   * What every certify request does first, before anything is spent: count it against the
   * caller's rate limit and, unless `fresh`, read the cache; then, when no cached answer
   * answers it, take a unit of the caller's monthly quota (`QuotaExceededError` when none is
   * left). The first two store calls run together, and both settle before this answers (not
   * `Promise.all`, which rejects at the first failure and leaves the other call in flight behind
   * a 503 the client may retry at once).
   */
  async admitAndLookUp(
    caller: AuthenticatedUser,
    modelId: string,
    options: AdmissionOptions,
  ): Promise<Admission> {
    const [admitted, cached] = await Promise.allSettled([
      this.admit(caller),
      options.fresh ? undefined : this.lookup(modelId, options.region),
    ]);
    if (admitted.status === 'rejected') throw admitted.reason;
    if (cached.status === 'rejected') throw cached.reason;
    if (cached.value) return { cached: cached.value };
    return { hold: await this.holdQuota(caller) };
  }

  /**
   * Admission of a request whose rate-limited step came before (a stream opened with a ticket,
   * an item of a batch): only the cache is read (unless `fresh`) and, on a miss, a unit of quota
   * taken.
   */
  async lookUpAndHold(
    caller: AuthenticatedUser,
    modelId: string,
    options: AdmissionOptions,
  ): Promise<Admission> {
    const cached = options.fresh ? undefined : await this.lookup(modelId, options.region);
    if (cached) return { cached };
    return { hold: await this.holdQuota(caller) };
  }

  /** Every unexpired cached certification of `region` (default: the default Region). */
  list(region: string = this.options.region): Promise<Certification[]> {
    return this.options.cache.list(region);
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
   * run, or its latest run that changed them), for every model of `region` with a recorded run.
   */
  lastChanges(region: string = this.options.region): Promise<Map<string, string>> {
    return this.options.history.lastChanges(region);
  }

  /**
   * Runs the certification of `modelId`, or joins the one already running for it. Does not read
   * the cache first (the caller did, unless `fresh`); with `fresh`, only a result certified
   * after this call answers it.
   */
  certify(
    modelId: string,
    caller: AuthenticatedUser,
    options: CertifyOptions,
  ): Promise<Certification> {
    const { fresh, ...run } = options;
    return this.runner.run(
      modelId,
      caller,
      fresh ? { ...run, certifiedAfter: this.clock.now() } : run,
    );
  }

  /**
   * Issues a single-use ticket to stream one certification of `modelId` as `caller`. Issuing is
   * what counts against the rate limit, not using it: a refusal is then an ordinary `429` with
   * `Retry-After` the caller can read, where `EventSource` would see only a failed connection.
   * For the same reason a caller whose quota is used up is refused here (unless a cached answer
   * would serve the stream for free); the unit itself is taken when the ticket is used.
   */
  async issueStreamTicket(
    caller: AuthenticatedUser,
    request: { modelId: string; region: string; fresh: boolean },
  ): Promise<IssuedStreamTicket> {
    const [admitted, quota] = await Promise.allSettled([
      this.admit(caller),
      this.checkQuota(caller, request),
    ]);
    if (admitted.status === 'rejected') throw admitted.reason;
    if (quota.status === 'rejected') throw quota.reason;
    return this.options.tickets.issue({ sub: caller.sub, ...request }, STREAM_TICKET_TTL_MS);
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

  /** A unit of the caller's quota for one run, when there is a quota. */
  private async holdQuota(caller: AuthenticatedUser): Promise<QuotaHold | undefined> {
    const limit = this.options.monthlyQuota;
    if (limit === undefined) return undefined;
    return this.options.usage.reserve(caller.sub, randomUUID(), limit);
  }

  /** Refuses a ticket whose stream could only be refused: no quota left and no cached answer. */
  private async checkQuota(
    caller: AuthenticatedUser,
    request: { modelId: string; region: string; fresh: boolean },
  ): Promise<void> {
    const limit = this.options.monthlyQuota;
    if (limit === undefined) return;
    const { used } = await this.options.usage.get(caller.sub, monthOf(this.clock.now()));
    if (used < limit) return;
    if (!request.fresh && (await this.lookup(request.modelId, request.region))) return;
    throw new QuotaExceededError(secondsUntilMonthEnds(this.clock.now()), limit);
  }

  /**
   * Uses a stream ticket up and returns whom it was issued to. Throws `UnauthorizedError` for a
   * used, expired or forged ticket, one issued for another model, Region or mode, or, when the request
   * also names its caller (`sub`), one issued to someone else.
   */
  async redeemStreamTicket(
    ticket: string,
    request: StreamTicketRequest,
  ): Promise<AuthenticatedUser> {
    const grant = await this.options.tickets.redeem(ticket, request);
    if (!grant)
      throw new UnauthorizedError(
        'The stream ticket is invalid, expired, already used or for another request.',
      );
    return { sub: grant.sub };
  }
}
