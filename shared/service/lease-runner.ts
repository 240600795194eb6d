import { randomUUID } from 'node:crypto';
import { setTimeout as wait } from 'node:timers/promises';
import { sleep } from '../certification/abort.js';
import { isUnknownModel } from '../certification/unknown-model.js';
import { systemClock, type Clock } from '../clock.js';
import { CertificationWaitTimeoutError, StoreUnavailableError } from '../errors.js';
import { LEASE_MARGIN_MS, requestBudgetMs } from '../lambda-limits.js';
import type { AuthenticatedUser } from '../auth/token-verifier.js';
import { silentLogger, type LogSink } from '../logger.js';
import { DEFAULT_SUITE, suiteCovers, suiteOf, type SuiteName } from '../suites.js';
import type { Certification, ProgressEvent, RunTrigger } from '../types.js';
import { withExpiry, type ExpiryPolicy } from './expiry-policy.js';
import type {
  AcquiredLease,
  CertificationCachePort,
  CertificationLeasePort,
  ChangeEventsPort,
  LatestRun,
  LeaseResult,
  QuotaHold,
  RunCertification,
  RunHistoryPort,
  UsageMeterPort,
} from './ports.js';
import { replayProgress } from './replay-progress.js';
import { comparedRun, summarizeRun } from './run-summary.js';

/** Below this, a takeover could not finish a single probe: the request gives up instead. */
const MIN_RUN_MS = 3_000;
/** Metering a run that could not be metered at once is retried with backoff from this ... */
const METER_RETRY_BASE_MS = 200;
/** ... up to this between attempts, within the request's budget. */
const METER_RETRY_MAX_MS = 2_000;
const METER_MAX_ATTEMPTS = 10;

/** Options of {@link LeaseRunner}. */
export interface LeaseRunnerOptions {
  /** Where a run that names no Region certifies. */
  region: string;
  cache: CertificationCachePort;
  leases: CertificationLeasePort;
  /** The runner only meters runs and gives holds back; admission takes them. */
  usage: Pick<UsageMeterPort, 'record' | 'release'>;
  /** Where every run is recorded, by its runner. */
  history: RunHistoryPort;
  /** Where a run that changed a model's verdict is announced. Unset: recorded in the history only. */
  changeEvents?: ChangeEventsPort;
  runCertification: RunCertification;
  /** How long each kind of result stays cached; stamped on the result before it is cached. */
  expiry: ExpiryPolicy;
  /** Upper bound of one certification; the lease and followers' patience derive from it. */
  certificationDeadlineMs: number;
  /** How often a request waiting on another run polls its lease. Default 250 ms. */
  pollIntervalMs?: number;
  clock?: Clock;
  logger?: LogSink;
  /** Identifies this execution environment in lease owners, for the logs. */
  instanceId?: string;
}

/** One request's run: its id (what it is metered under), budget, and whether it ran here. */
interface RunHere {
  id: string;
  /** Epoch ms: the end of the request's time budget. */
  budgetEnd: number;
  /** The certification ran here (and is metered here), so the request's hold is not given back. */
  ran: boolean;
  /** The result the cache holds after this request's run (or the run it joined), left in the lease. */
  cached?: LeaseResult;
}

/**
 * One try at a model's lease for a request. Admission makes the first one beside the request's
 * quota hold (both in one store round trip), so that a run's first byte waits on two round
 * trips, not four; pass it to {@link LeaseRunner.run}, or give it back with
 * {@link LeaseRunner.abandon} when the request is refused.
 */
export interface LeaseAttempt {
  readonly modelId: string;
  /** The Region whose lease it is. */
  readonly region: string;
  /** Epoch ms: when the request began (its admission); its time budget starts then. */
  readonly requestedAt: number;
  /** Whose lease it is (or would be): unique per request. */
  readonly owner: string;
  /** Epoch ms: the end of the request's time budget, waiting included. */
  readonly budgetEnd: number;
  /** The deadline of a run under this lease. */
  readonly deadlineMs: number;
  /** The lease, taken; `undefined` when another request holds it. */
  readonly acquired: AcquiredLease | undefined;
}

/** Options of one {@link LeaseRunner.run}. */
export interface RunOptions {
  /** The client left: stop waiting (a run this request started is the engine's to stop). */
  signal: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /** Called once when this request starts waiting on another request's run (it will send no progress until that run ends). */
  onWaiting?: () => void;
  requestId?: string;
  /**
   * Epoch ms: only a result certified after this answers the request (a fresh request passes
   * its own start, so a run that was in flight when it arrived still does). Unset: any
   * unexpired cached result.
   */
  certifiedAfter?: number;
  /**
   * The unit of quota admission took for this request. A run here is metered under its run id
   * and turns it into a certification; a request that does not run (it joins another run, or
   * fails first) gives it back. Unset: no quota is held, and a run gets a fresh run id.
   */
  hold?: QuotaHold;
  /**
   * The id a run here is metered under, for a caller that keeps its own (a scheduled run's, so
   * that retrying the whole run meters it once). Default: the hold's, else a fresh one.
   */
  runId?: string;
  /** What the history records as having started the run, if this request runs it. Default `request`. */
  trigger?: RunTrigger;
  /** The request's first try at the lease, made by admission ({@link LeaseRunner.attempt}). */
  attempt?: LeaseAttempt;
  /** The suite the request asks for; a result of a larger suite answers it too. Default `core`. */
  suite?: SuiteName;
  /** The Region to certify in (the lease, cache and history are per Region). Default: the runner's. */
  region?: string;
}

/**
 * Single flight across execution environments with one DynamoDB lease per region and model (not
 * per suite: never two runs of one model at once; a request for the full suite that waited on a
 * core run takes the next turn, as its result does not answer it): one conditional put elects the
 * runner, one conditional update gives the lease back with word of what the run cached. Lambda
 * gives each environment one request at a time, so every concurrent request for a model meets the
 * others here, in the store. The runner certifies, caches, meters and records the result in the
 * history (announcing it when it changed the model's verdict), then releases. The others follow:
 * they poll the lease (the stream sends keep-alives meanwhile), read the result from the cache
 * when it is gone, and replay the progress sequence from it. A lease that ends without a result
 * (the runner's environment died) is taken over, within one time budget.
 */
export class LeaseRunner {
  private readonly clock: Clock;
  private readonly logger: LogSink;
  private readonly pollIntervalMs: number;
  private readonly instanceId: string;

  constructor(private readonly options: LeaseRunnerOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.instanceId = options.instanceId ?? randomUUID().slice(0, 8);
  }

  /**
   * The first try at the lease of `modelId` in `region` (default: the runner's) for a request that
   * began at `requestedAt` (default now).
   */
  attempt(
    modelId: string,
    requestedAt = this.clock.now(),
    region = this.options.region,
  ): Promise<LeaseAttempt> {
    return this.tryLease(
      modelId,
      region,
      this.newOwner(),
      requestedAt,
      this.budgetEnd(requestedAt),
    );
  }

  /** Gives back the lease of an attempt whose request will not run (admission refused it). */
  async abandon(attempt: LeaseAttempt): Promise<void> {
    if (attempt.acquired) await this.release(attempt.modelId, attempt.region, attempt.owner);
  }

  /**
   * Certifies `modelId` here, or waits for the run another request holds the lease for.
   * Rejects with the signal's reason when `signal` aborts.
   */
  async run(
    modelId: string,
    initiator: AuthenticatedUser,
    options: RunOptions,
  ): Promise<Certification> {
    const { signal } = options;
    const region = options.region ?? this.options.region;
    let attempt = options.attempt;
    if (attempt && (attempt.modelId !== modelId || attempt.region !== region))
      throw new TypeError('The lease attempt is for another model or Region');
    const owner = attempt?.owner ?? this.newOwner();
    const requestedAt = attempt?.requestedAt ?? this.clock.now();
    const run: RunHere = {
      id: options.hold?.runId ?? options.runId ?? randomUUID(),
      budgetEnd: attempt?.budgetEnd ?? this.budgetEnd(requestedAt),
      ran: false,
    };

    try {
      for (;;) {
        if (!attempt) {
          signal.throwIfAborted();
          attempt = await this.tryLease(modelId, region, owner, requestedAt, run.budgetEnd);
        }
        if (attempt.acquired) {
          try {
            signal.throwIfAborted();
            return await this.runHere(modelId, region, initiator, options, attempt, run);
          } finally {
            await this.release(modelId, region, owner, run.cached);
          }
        }
        const result = await this.follow(modelId, region, options, run.budgetEnd);
        if (result) return this.joined(result, options);
        // The run ended without a result (its environment died, or it failed to cache): take over.
        attempt = undefined;
      }
    } finally {
      // Joining a run is free, like a cache hit: only the request that ran it is charged.
      if (options.hold && !run.ran) await this.giveBack(initiator, options.hold);
    }
  }

  /** A lease owner: unique per request, naming this environment for the logs. */
  private newOwner(): string {
    return `${this.instanceId}:${randomUUID()}`;
  }

  /**
   * One time budget for a whole request, waiting included, so that a stream always ends (with
   * its terminal event) well inside the function timeout, even after following a runner that
   * vanished and taking over from it.
   */
  private budgetEnd(requestedAt: number): number {
    return requestedAt + requestBudgetMs(this.options.certificationDeadlineMs);
  }

  /** Tries the lease with what is left of the request's budget. */
  private async tryLease(
    modelId: string,
    region: string,
    owner: string,
    requestedAt: number,
    budgetEnd: number,
  ): Promise<LeaseAttempt> {
    const { leases, certificationDeadlineMs } = this.options;
    const remainingMs = budgetEnd - this.clock.now();
    if (remainingMs < MIN_RUN_MS) throw new CertificationWaitTimeoutError();
    // A takeover late in the budget runs with what is left: its slow probes end as TIMEOUT
    // (cached briefly) instead of the stream being cut by the function timeout.
    const deadlineMs = Math.min(certificationDeadlineMs, remainingMs);
    // A runner whose environment dies keeps the lease at most this long.
    const acquired = await leases.tryAcquire(region, modelId, owner, deadlineMs + LEASE_MARGIN_MS);
    return { modelId, region, requestedAt, owner, budgetEnd, deadlineMs, acquired };
  }

  /** Gives the lease back, leaving `cached` for its next holder; if that fails it runs out by itself. */
  private async release(
    modelId: string,
    region: string,
    owner: string,
    cached?: LeaseResult,
  ): Promise<void> {
    const { leases } = this.options;
    await leases.release(region, modelId, owner, cached).catch((error: unknown) => {
      this.logger.warn('Releasing the certification lease failed; it will expire', {
        modelId,
        region,
        error,
      });
    });
  }

  private async runHere(
    modelId: string,
    region: string,
    initiator: AuthenticatedUser,
    options: RunOptions,
    { deadlineMs, acquired }: LeaseAttempt,
    run: RunHere,
  ): Promise<Certification> {
    const { cache, history, runCertification, expiry } = this.options;
    // A run may have finished between this request's cache read and its lease: the lease's last
    // holder says what it cached. Only then is the cache read again (under the request's suite,
    // so a result of a smaller suite is never taken for it), and the request joins that run;
    // otherwise the cache holds nothing newer than the request's own read found.
    const previous = acquired?.previousResult;
    if (previous && this.resultAnswers(previous, options)) {
      const done = await cache.get(region, modelId, options.suite);
      if (done && this.answers(done, options)) {
        run.cached = previous;
        return this.joined(done, options);
      }
    }
    // Read while the model runs: under the lease no other run records one in the meantime.
    const latest = history.latest(region, modelId);
    // Handled where it is awaited; this keeps a run that throws first from leaving it unhandled.
    latest.catch(() => undefined);

    const draft = await runCertification(modelId, {
      region,
      signal: options.signal,
      requestId: options.requestId,
      deadlineMs,
      suite: options.suite ?? DEFAULT_SUITE,
      onProgress: (event) => options.onProgress?.(event),
    });
    const certification = withExpiry(draft, expiry);
    run.ran = true;
    // Cached before the lease is released: followers read the result once the lease is gone.
    await Promise.all([
      cache.put(certification).then(
        () => {
          run.cached = {
            certifiedAt: certification.certifiedAt,
            expiresAt: certification.expiresAt,
          };
        },
        (error: unknown) => {
          this.logger.error('Caching the certification failed', { modelId, runId: run.id, error });
        },
      ),
      this.meter(modelId, initiator, certification, options.hold, run),
      this.record(certification, run.id, options.trigger ?? 'request', latest).catch(
        (error: unknown) => {
          this.logger.error('Recording the run in the history failed', {
            modelId,
            runId: run.id,
            error,
          });
        },
      ),
    ]);
    return certification;
  }

  /**
   * Meters the run exactly once. The meter is idempotent by run id, so a store failure is
   * retried with backoff within the request's budget (a lost answer then finds the run already
   * metered); if it still fails, the run id goes to the log for reconciliation. Not tied to the
   * request's signal: a client that left does not stop its run being metered.
   */
  private async meter(
    modelId: string,
    initiator: AuthenticatedUser,
    certification: Certification,
    hold: QuotaHold | undefined,
    run: RunHere,
  ): Promise<void> {
    const context = { modelId, sub: initiator.sub, runId: run.id };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.usage.record(
          initiator.sub,
          run.id,
          certification,
          hold ? { heldInMonth: hold.month } : {},
        );
        return;
      } catch (error) {
        const delayMs = Math.min(METER_RETRY_MAX_MS, METER_RETRY_BASE_MS * 2 ** (attempt - 1));
        const retry =
          error instanceof StoreUnavailableError &&
          attempt < METER_MAX_ATTEMPTS &&
          this.clock.now() + delayMs < run.budgetEnd;
        if (!retry) {
          this.logger.error('Metering the certification failed', {
            ...context,
            attempts: attempt,
            error,
          });
          return;
        }
        this.logger.warn('Metering the certification failed; retrying', {
          ...context,
          attempt,
          error,
        });
        await wait(delayMs);
      }
    }
  }

  /**
   * Appends the run to the history (unless the id is unknown to Bedrock and has no history) and,
   * when it changed the model's status or capabilities, announces the change once. Only after
   * the run is recorded: a run that could not be recorded leaves the change for the next run to
   * find (and announce) again.
   */
  private async record(
    certification: Certification,
    runId: string,
    trigger: RunTrigger,
    previousRead: Promise<LatestRun | undefined>,
  ): Promise<void> {
    const { history, changeEvents } = this.options;
    const { modelId, region } = certification;
    const previous = await previousRead;
    // An id Bedrock does not know starts no history: made-up ids would otherwise be carried (and
    // read) for the retention. One with a history is recorded: it existed, and its going is news.
    if (previous === undefined && isUnknownModel(certification)) return;
    const run = summarizeRun(certification, trigger, previous);
    await history.append(region, modelId, runId, run, previous);
    if (!run.changed || !previous || !changeEvents) return;
    const before = comparedRun(previous, run.suite);
    const detail = { modelId, region, before, after: run };
    this.logger.info('Certification changed', {
      modelId,
      before: before.status,
      after: run.status,
      trigger,
    });
    await changeEvents.publish(detail).catch((error: unknown) => {
      // The run is recorded as a change; only the announcement is lost, so it goes to the log whole.
      this.logger.error('Publishing the certification change failed', { modelId, detail, error });
    });
  }

  /** Gives back a request's unit of quota; if that fails the hold expires by itself. */
  async giveBack(initiator: AuthenticatedUser, hold: QuotaHold): Promise<void> {
    await this.options.usage.release(initiator.sub, hold).catch((error: unknown) => {
      this.logger.warn('Giving back a quota hold failed; it will expire', {
        sub: initiator.sub,
        runId: hold.runId,
        error,
      });
    });
  }

  /** Waits for the lease another request holds; its result, or undefined when it left none. */
  private async follow(
    modelId: string,
    region: string,
    options: RunOptions,
    giveUpAt: number,
  ): Promise<Certification | undefined> {
    const { cache, leases } = this.options;
    options.onWaiting?.();
    while (this.clock.now() < giveUpAt) {
      await sleep(this.pollIntervalMs, options.signal);
      if (await leases.read(region, modelId)) continue;
      // The runner caches before it releases, so a lease gone with no (new enough) result means none.
      const done = await cache.get(region, modelId, options.suite);
      return done && this.answers(done, options) ? done : undefined;
    }
    throw new CertificationWaitTimeoutError();
  }

  /**
   * The answer of a request that waited on another request's run: that run's result (not a
   * cached answer: it was certified while this request waited), after the progress sequence
   * rebuilt from it, so every stream of one run reads alike.
   */
  private joined(certification: Certification, options: RunOptions): Certification {
    for (const event of replayProgress(certification)) options.onProgress?.(event);
    return { ...certification, cached: false };
  }

  /** Whether the result a lease's last holder cached would answer this request. */
  private resultAnswers(result: LeaseResult, options: RunOptions): boolean {
    return (
      Date.parse(result.expiresAt) > this.clock.now() &&
      (options.certifiedAfter === undefined ||
        Date.parse(result.certifiedAt) > options.certifiedAfter)
    );
  }

  private answers(certification: Certification, options: RunOptions): boolean {
    return (
      suiteCovers(suiteOf(certification), options.suite ?? DEFAULT_SUITE) &&
      (options.certifiedAfter === undefined ||
        Date.parse(certification.certifiedAt) > options.certifiedAfter)
    );
  }
}
