import type { CertificationDraft } from '../certification/engine.js';
import type { SuiteName } from '../suites.js';
import type {
  Certification,
  CertificationChangedDetail,
  CertificationRun,
  ProgressEvent,
} from '../types.js';

/**
 * The store operations the service needs. `shared/store` implements them on DynamoDB; tests may
 * pass in-memory fakes. Every method throws `StoreUnavailableError` when the store cannot answer.
 */
export interface CertificationCachePort {
  /** The newest unexpired result that answers `suite` (its own, or a larger suite's). Default suite: `core`. */
  get(region: string, modelId: string, suite?: SuiteName): Promise<Certification | undefined>;
  put(certification: Certification): Promise<void>;
  /** The unexpired certifications of exactly these ids (absent ones left out): reads as many items. */
  getMany(region: string, modelIds: readonly string[]): Promise<Certification[]>;
  /** Up to `limit` unexpired certifications, newest first, after `after`; `next` when there may be more. */
  page(
    region: string,
    options: { limit: number; after?: PagePosition },
  ): Promise<CertificationPage>;
}

/** Where a page of certifications ended, to read on from: its last item's `certifiedAt` and model id. */
export interface PagePosition {
  certifiedAt: string;
  modelId: string;
}

/** One page of certifications, newest first. */
export interface CertificationPage {
  certifications: Certification[];
  /** Absent at the end. */
  next?: PagePosition;
}

/** Per-user admission; throws `RateLimitedError` when the user's budget is used up. */
export interface RateLimiterPort {
  consume(sub: string): Promise<void>;
}

/** An unexpired lease on a certification run. */
export interface Lease {
  owner: string;
  /** Epoch milliseconds; after this the lease is free for anyone to take. */
  leaseUntil: number;
}

/** What a released lease keeps of its run: the result the run cached, for whoever takes the lease next. */
export interface LeaseResult {
  /** ISO 8601: the cached result's `certifiedAt`. */
  certifiedAt: string;
  /** ISO 8601: the cached result's `expiresAt`. */
  expiresAt: string;
}

/** A lease just taken, and what its previous holder left in it. */
export interface AcquiredLease {
  /** The result the previous holder cached before releasing the lease, when it said so. */
  previousResult?: LeaseResult;
}

/** Cross-instance single flight: at most one runner per region + model, the one holding its lease. */
export interface CertificationLeasePort {
  /** Takes the lease when nobody holds an unexpired one; `undefined` when somebody does. */
  tryAcquire(
    region: string,
    modelId: string,
    owner: string,
    leaseMs: number,
  ): Promise<AcquiredLease | undefined>;
  /** The unexpired lease, if anyone holds one. */
  read(region: string, modelId: string): Promise<Lease | undefined>;
  /**
   * Gives the lease up, keeping `result` (what the run cached) for whoever takes it next.
   * Resolves false when `owner` no longer held the lease.
   */
  release(region: string, modelId: string, owner: string, result?: LeaseResult): Promise<boolean>;
}

/** One unit of a user's monthly quota, held by one run from admission until it is metered or given back. */
export interface QuotaHold {
  /** The run's id: what it is metered under, exactly once. */
  runId: string;
  /** `YYYY-MM` (UTC) the unit was taken from. */
  month: string;
}

/** Options of {@link UsageMeterPort.record}. */
export interface RecordOptions {
  /**
   * The run holds a unit of quota taken in this month: it is billed to that month and the hold
   * becomes the certification. Unset: billed to the month of `certifiedAt`, no hold.
   */
  heldInMonth?: string;
}

/** What one subject spent in one month. */
export interface MonthlyUsage {
  /** Certifications that ran on the subject's behalf (cache hits and joined runs are free). */
  certifications: number;
  inputTokens: number;
  outputTokens: number;
  /** Sum of the runs' estimated Bedrock cost; models without a known price add 0. */
  estimatedCostUsd: number;
  /** What the quota counts: the certifications plus runs admitted and still in progress. */
  used: number;
}

/** One subject's line in a month's report. */
export interface SubjectUsage extends Omit<MonthlyUsage, 'used'> {
  sub: string;
}

/**
 * Pay-per-certification metering, the monthly quota and the reads behind the usage routes.
 * Metering is exact: each run id is metered once, however often `record` is retried (lost
 * responses, repeated calls). Throws `StoreUnavailableError` when the store cannot answer;
 * retrying is then safe.
 */
export interface UsageMeterPort {
  /** Meters one run of `sub` (a cached answer is ignored). */
  record(
    sub: string,
    runId: string,
    certification: Certification,
    options?: RecordOptions,
  ): Promise<void>;
  /** Gives back a hold whose request did not run the certification itself. Idempotent. */
  release(sub: string, hold: QuotaHold): Promise<void>;
  /**
   * Takes one unit of `sub`'s quota of the current month for run `runId`, or throws
   * `QuotaExceededError` when `limit` runs are metered or in progress. Exact under concurrency.
   */
  reserve(sub: string, runId: string, limit: number): Promise<QuotaHold>;
  get(sub: string, month: string): Promise<MonthlyUsage>;
  /** Every subject with usage in `month`. */
  listMonth(month: string): Promise<SubjectUsage[]>;
}

/** A model's latest recorded run, and since when its status and capabilities are what that run found. */
export interface LatestRun {
  run: CertificationRun;
  /** ISO 8601: `certifiedAt` of the model's first recorded run or of its latest run that changed. */
  changedAt: string;
  /**
   * The latest run of each suite the model ran, `run` among them, so a run is compared with its
   * own suite; a record written before suites existed has none (its `run` is its only suite's).
   */
  suiteRuns?: Partial<Record<SuiteName, CertificationRun>>;
}

/**
 * Every run, kept for the history retention (90 days). Runs past it are absent on every read,
 * whether or not DynamoDB's TTL has deleted them yet.
 */
export interface RunHistoryPort {
  /** The model's latest run within the retention: the run a new one is compared with. */
  latest(region: string, modelId: string): Promise<LatestRun | undefined>;
  /**
   * Records `run` (identified by `runId`) and makes it the model's latest; `previous` is what
   * {@link latest} answered before the run, from which the model's `changedAt` carries over.
   */
  append(
    region: string,
    modelId: string,
    runId: string,
    run: CertificationRun,
    previous: LatestRun | undefined,
  ): Promise<void>;
  /** At most `limit` runs of the model, newest first. */
  list(region: string, modelId: string, limit: number): Promise<CertificationRun[]>;
  /** Model id → `changedAt` of those of `modelIds` with a run within the retention: reads as many items. */
  lastChanges(region: string, modelIds: readonly string[]): Promise<Map<string, string>>;
}

/** Where a run that changed a model's verdict is announced (EventBridge's default bus in AWS). */
export interface ChangeEventsPort {
  publish(detail: CertificationChangedDetail): Promise<void>;
}

/**
 * What a stream ticket lets its holder do: stream one model's certification of one suite in one
 * Region as `sub`.
 */
export interface StreamTicketGrant {
  sub: string;
  modelId: string;
  /** Default `core`. */
  suite?: SuiteName;
  region: string;
  fresh: boolean;
}

/** The stream request a ticket is presented for. */
export interface StreamTicketRequest {
  modelId: string;
  /** Default `core`. */
  suite?: SuiteName;
  region: string;
  fresh: boolean;
  /** The caller, when the request also carries a bearer token. */
  sub?: string;
}

/** Single-use stream tickets (docs/api.md, "POST /api/certification/stream-tickets"). */
export interface StreamTicketPort {
  /**
   * Stores a new ticket for `grant`, valid for `ttlMs` or until `notAfter` (epoch ms), whichever
   * comes first; resolves with the secret and its expiry (epoch ms).
   */
  issue(
    grant: StreamTicketGrant,
    ttlMs: number,
    options?: { notAfter?: number },
  ): Promise<{ ticket: string; expiresAt: number }>;
  /**
   * Uses a ticket up, atomically: of concurrent redemptions at most one succeeds. Resolves with
   * the grant when `ticket` exists, has not expired and was issued for `modelId`, `suite`, `region` and
   * `fresh`
   * (and to `sub`, when the request names a caller); otherwise undefined, and a ticket asked for
   * another request stays usable for its own.
   */
  redeem(ticket: string, request: StreamTicketRequest): Promise<StreamTicketGrant | undefined>;
}

/** Runs one certification against Bedrock (the engine, bound to its client and settings). */
export type RunCertification = (
  modelId: string,
  options: {
    /** Where to certify: the Region of the Bedrock Runtime client the run uses. */
    region: string;
    signal: AbortSignal;
    onProgress: (event: ProgressEvent) => void;
    requestId?: string;
    /** The most this run may take; at most the configured certification deadline. */
    deadlineMs: number;
    /** The suite to run. */
    suite: SuiteName;
  },
) => Promise<CertificationDraft>;
