import { randomUUID } from 'node:crypto';
import { setTimeout as wait } from 'node:timers/promises';
import { sleep } from '../certification/abort.js';
import { systemClock, type Clock } from '../clock.js';
import { CertificationServiceError, StoreUnavailableError } from '../errors.js';
import type { AuthenticatedUser } from '../auth/token-verifier.js';
import { silentLogger, type LogSink } from '../logger.js';
import type { Certification, ProgressEvent, RunTrigger } from '../types.js';
import { withExpiry, type ExpiryPolicy } from './expiry-policy.js';
import type {
  CertificationCachePort,
  CertificationLockPort,
  ChangeEventsPort,
  LatestRun,
  QuotaHold,
  RunCertification,
  RunHistoryPort,
  UsageMeterPort,
} from './ports.js';
import { replayProgress } from './replay-progress.js';
import { summarizeRun } from './run-summary.js';

/**
 * A request may outlive one certification deadline by this much (waiting on another instance's
 * run that then vanishes). 60 s + 15 s stays well inside the 90 s function timeout.
 */
export const REQUEST_BUDGET_MARGIN_MS = 15_000;
/** A runner's lease outlasts its deadline by this, for its final store writes. */
const LEASE_MARGIN_MS = 5_000;
/** Below this, a takeover could not finish a single probe: the request gives up instead. */
const MIN_RUN_MS = 3_000;
/** Metering a run that could not be metered at once is retried with backoff from this ... */
const METER_RETRY_BASE_MS = 200;
/** ... up to this between attempts, within the request's budget. */
const METER_RETRY_MAX_MS = 2_000;
const METER_MAX_ATTEMPTS = 10;

/** A follower waited longer than a whole certification may take. */
export class CertificationWaitTimeoutError extends CertificationServiceError {
  readonly code = 'TIMEOUT';
  constructor() {
    super('The certification in progress did not finish in time; try again.');
  }
}

/** Options of {@link LeaseRunner}. */
export interface LeaseRunnerOptions {
  /** Where a run that names no Region certifies. */
  region: string;
  cache: CertificationCachePort;
  lock: CertificationLockPort;
  usage: UsageMeterPort;
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
  /** The Region to certify in (the lease, cache and history are per Region). Default: the runner's. */
  region?: string;
}

/**
 * Single flight across execution environments with one DynamoDB lease per region and model:
 * one conditional put elects the runner, one delete ends its lease. Lambda gives each
 * environment one request at a time, so every concurrent request for a model meets the others
 * here, in the store. The runner certifies, caches, meters and records the result in the history
 * (announcing it when it changed the model's verdict), then releases. The others follow: they
 * poll the lease (the stream sends keep-alives meanwhile), read the result
 * from the cache when it is gone, and replay the progress sequence from it. A lease that ends
 * without a result (the runner's environment died) is taken over, within one time budget.
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
   * Certifies `modelId` here, or waits for the run another request holds the lease for.
   * Rejects with the signal's reason when `signal` aborts.
   */
  async run(
    modelId: string,
    initiator: AuthenticatedUser,
    options: RunOptions,
  ): Promise<Certification> {
    const { lock, certificationDeadlineMs } = this.options;
    const { signal } = options;
    const region = options.region ?? this.options.region;
    const owner = `${this.instanceId}:${randomUUID()}`;
    // One time budget for the whole request, waiting included, so that a stream always ends
    // (with its terminal event) well inside the function timeout, even after following a
    // runner that vanished and taking over from it.
    const budgetEnd = this.clock.now() + certificationDeadlineMs + REQUEST_BUDGET_MARGIN_MS;
    const run: RunHere = {
      id: options.hold?.runId ?? options.runId ?? randomUUID(),
      budgetEnd,
      ran: false,
    };

    try {
      for (;;) {
        signal.throwIfAborted();
        const remainingMs = budgetEnd - this.clock.now();
        if (remainingMs < MIN_RUN_MS) throw new CertificationWaitTimeoutError();
        // A takeover late in the budget runs with what is left: its slow probes end as TIMEOUT
        // (cached briefly) instead of the stream being cut by the function timeout.
        const deadlineMs = Math.min(certificationDeadlineMs, remainingMs);
        // A runner whose environment dies keeps the lease at most this long.
        if (await lock.tryAcquire(region, modelId, owner, deadlineMs + LEASE_MARGIN_MS)) {
          try {
            return await this.runHere(modelId, region, initiator, options, deadlineMs, run);
          } finally {
            await lock.release(region, modelId, owner).catch((error: unknown) => {
              this.logger.warn('Releasing the certification lease failed; it will expire', {
                modelId,
                error,
              });
            });
          }
        }
        const result = await this.follow(modelId, region, options, budgetEnd);
        if (result) return this.joined(result, options);
        // The run ended without a result (its environment died, or it failed to cache): take over.
      }
    } finally {
      // Joining a run is free, like a cache hit: only the request that ran it is charged.
      if (options.hold && !run.ran) await this.giveBack(initiator, options.hold);
    }
  }

  private async runHere(
    modelId: string,
    region: string,
    initiator: AuthenticatedUser,
    options: RunOptions,
    deadlineMs: number,
    run: RunHere,
  ): Promise<Certification> {
    const { cache, history, runCertification, expiry } = this.options;
    // A run may have finished between this request's cache miss and the lease: it joined that run.
    const done = await cache.get(region, modelId);
    if (done && this.answers(done, options)) return this.joined(done, options);
    // Read while the model runs: under the lease no other run records one in the meantime.
    const previous = history.latest(region, modelId);
    // Handled where it is awaited; this keeps a run that throws first from leaving it unhandled.
    previous.catch(() => undefined);

    const draft = await runCertification(modelId, {
      region,
      signal: options.signal,
      requestId: options.requestId,
      deadlineMs,
      onProgress: (event) => options.onProgress?.(event),
    });
    const certification = withExpiry(draft, expiry);
    run.ran = true;
    // Cached before the lease is released: followers read the result once the lease is gone.
    await Promise.all([
      cache.put(certification).catch((error: unknown) => {
        this.logger.error('Caching the certification failed', { modelId, runId: run.id, error });
      }),
      this.meter(modelId, initiator, certification, options.hold, run),
      this.record(certification, run.id, options.trigger ?? 'request', previous).catch(
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
   * Appends the run to the history and, when it changed the model's status or capabilities,
   * announces the change once. Only after the run is recorded: a run that could not be recorded
   * leaves the change for the next run to find (and announce) again.
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
    const run = summarizeRun(certification, trigger, previous?.run);
    await history.append(region, modelId, runId, run, previous);
    if (!run.changed || !previous || !changeEvents) return;
    const detail = { modelId, region, before: previous.run, after: run };
    this.logger.info('Certification changed', {
      modelId,
      before: previous.run.status,
      after: run.status,
      trigger,
    });
    await changeEvents.publish(detail).catch((error: unknown) => {
      // The run is recorded as a change; only the announcement is lost, so it goes to the log whole.
      this.logger.error('Publishing the certification change failed', { modelId, detail, error });
    });
  }

  /** Gives back a request's unit of quota; if that fails the hold expires by itself. */
  private async giveBack(initiator: AuthenticatedUser, hold: QuotaHold): Promise<void> {
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
    const { cache, lock } = this.options;
    options.onWaiting?.();
    while (this.clock.now() < giveUpAt) {
      await sleep(this.pollIntervalMs, options.signal);
      if (await lock.read(region, modelId)) continue;
      // The runner caches before it releases, so a lease gone with no (new enough) result means none.
      const done = await cache.get(region, modelId);
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

  private answers(certification: Certification, options: RunOptions): boolean {
    return (
      options.certifiedAfter === undefined ||
      Date.parse(certification.certifiedAt) > options.certifiedAfter
    );
  }
}
