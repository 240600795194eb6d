import { randomUUID } from 'node:crypto';
import { sleep } from '../certification/abort.js';
import { systemClock, type Clock } from '../clock.js';
import { CertificationServiceError } from '../errors.js';
import type { AuthenticatedUser } from '../auth/token-verifier.js';
import { silentLogger, type LogSink } from '../logger.js';
import type { Certification, ProgressEvent, RunTrigger } from '../types.js';
import { withExpiry, type ExpiryPolicy } from './expiry-policy.js';
import type { CertificationCachePort, CertificationLockPort, ChangeEventsPort, LatestRun, RunCertification, RunHistoryPort, UsageMeterPort } from './ports.js';
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

/** A follower waited longer than a whole certification may take. */
export class CertificationWaitTimeoutError extends CertificationServiceError {
  readonly code = 'TIMEOUT';
  constructor() {
    super('The certification in progress did not finish in time; try again.');
  }
}

/** Options of {@link LeaseRunner}. */
export interface LeaseRunnerOptions {
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

/** Options of one {@link LeaseRunner.run}. */
export interface RunOptions {
  /** The client left: stop waiting (a run this request started is the engine's to stop). */
  signal: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  requestId?: string;
  /**
   * Epoch ms: only a result certified after this answers the request (a fresh request passes
   * its own start, so a run that was in flight when it arrived still does). Unset: any
   * unexpired cached result.
   */
  certifiedAfter?: number;
  /** What the history records as having started the run, if this request runs it. Default `request`. */
  trigger?: RunTrigger;
}

/**
 * Single flight across execution environments with one DynamoDB lease per region and model:
 * one conditional put elects the runner, one delete ends its lease. Lambda gives each
 * environment one request at a time, so every concurrent request for a model meets the others
 * here, in the store. The runner certifies, caches, meters and records the result in the history
 * (announcing it when it changed the model's verdict), then releases. The others follow: they poll the lease (the stream sends keep-alives meanwhile), read the result
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
  async run(modelId: string, initiator: AuthenticatedUser, options: RunOptions): Promise<Certification> {
    const { region, lock, certificationDeadlineMs } = this.options;
    const { signal } = options;
    const owner = `${this.instanceId}:${randomUUID()}`;
    // One time budget for the whole request, waiting included, so that a stream always ends
    // (with its terminal event) well inside the function timeout, even after following a
    // runner that vanished and taking over from it.
    const budgetEnd = this.clock.now() + certificationDeadlineMs + REQUEST_BUDGET_MARGIN_MS;

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
          return await this.runHere(modelId, initiator, options, deadlineMs, owner);
        } finally {
          await lock.release(region, modelId, owner).catch((error: unknown) => {
            this.logger.warn('Releasing the certification lease failed; it will expire', { modelId, error });
          });
        }
      }
      const result = await this.follow(modelId, options, budgetEnd);
      if (result) return this.joined(result, options);
      // The run ended without a result (its environment died, or it failed to cache): take over.
    }
  }

  /** Certifies under the lease; `runId` (the lease owner) names the run in the history. */
  private async runHere(modelId: string, initiator: AuthenticatedUser, options: RunOptions, deadlineMs: number, runId: string): Promise<Certification> {
    const { region, cache, usage, history, runCertification, expiry } = this.options;
    // A run may have finished between this request's cache miss and the lease: it joined that run.
    const done = await cache.get(region, modelId);
    if (done && this.answers(done, options)) return this.joined(done, options);

    // Read while the model runs: under the lease no other run records one in the meantime.
    const previous = history.latest(region, modelId);
    // Handled where it is awaited; this keeps a run that throws first from leaving it unhandled.
    previous.catch(() => undefined);
    const draft = await runCertification(modelId, {
      signal: options.signal,
      requestId: options.requestId,
      deadlineMs,
      onProgress: (event) => options.onProgress?.(event),
    });
    const certification = withExpiry(draft, expiry);
    // Cached before the lease is released: followers read the result once the lease is gone.
    const [stored, metered, recorded] = await Promise.allSettled([
      cache.put(certification),
      usage.record(initiator.sub, certification),
      this.record(certification, runId, options.trigger ?? 'request', previous),
    ]);
    if (stored.status === 'rejected') this.logger.error('Caching the certification failed', { modelId, error: stored.reason });
    if (metered.status === 'rejected') {
      this.logger.error('Metering the certification failed', { modelId, sub: initiator.sub, error: metered.reason });
    }
    if (recorded.status === 'rejected') this.logger.error('Recording the run in the history failed', { modelId, error: recorded.reason });
    return certification;
  }

  /**
   * Appends the run to the history and, when it changed the model's status or capabilities,
   * announces the change once. Only after the run is recorded: a run that could not be recorded
   * leaves the change for the next run to find (and announce) again.
   */
  private async record(certification: Certification, runId: string, trigger: RunTrigger, previousRead: Promise<LatestRun | undefined>): Promise<void> {
    const { region, history, changeEvents } = this.options;
    const { modelId } = certification;
    const previous = await previousRead;
    const run = summarizeRun(certification, trigger, previous?.run);
    await history.append(region, modelId, runId, run, previous);
    if (!run.changed || !previous || !changeEvents) return;
    const detail = { modelId, region, before: previous.run, after: run };
    this.logger.info('Certification changed', { modelId, before: previous.run.status, after: run.status, trigger });
    await changeEvents.publish(detail).catch((error: unknown) => {
      // The run is recorded as a change; only the announcement is lost, so it goes to the log whole.
      this.logger.error('Publishing the certification change failed', { modelId, detail, error });
    });
  }

  /** Waits for the lease another request holds; its result, or undefined when it left none. */
  private async follow(modelId: string, options: RunOptions, giveUpAt: number): Promise<Certification | undefined> {
    const { region, cache, lock } = this.options;
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
    return options.certifiedAfter === undefined || Date.parse(certification.certifiedAt) > options.certifiedAfter;
  }
}
