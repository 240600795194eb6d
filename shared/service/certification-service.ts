import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../clock.js';
import { CertificationServiceError } from '../errors.js';
import type { AuthenticatedUser } from '../auth/token-verifier.js';
import { silentLogger, type LogSink } from '../logger.js';
import type { Certification, ProgressEvent } from '../types.js';
import { sleep } from '../certification/abort.js';
import { missingProgress } from './missing-progress.js';
import type { CertificationCachePort, CertificationLockPort, RateLimiterPort, RunCertification, UsageMeterPort } from './ports.js';
import { SharedRun } from './shared-run.js';

/**
 * A request may outlive one certification deadline by this much (waiting on another instance's
 * run that then vanishes). 60 s + 15 s stays well inside the 90 s function timeout.
 */
const REQUEST_BUDGET_MARGIN_MS = 15_000;
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

/** Options of {@link CertificationService}. */
export interface CertificationServiceOptions {
  region: string;
  cache: CertificationCachePort;
  rateLimiter: RateLimiterPort;
  lock: CertificationLockPort;
  usage: UsageMeterPort;
  runCertification: RunCertification;
  /** Upper bound of one certification; the lock lease and followers' patience derive from it. */
  certificationDeadlineMs: number;
  /** How often a request waiting on another instance's run polls the store. */
  pollIntervalMs?: number;
  clock?: Clock;
  logger?: LogSink;
  /** Identifies this container in lock owners, for the logs. */
  instanceId?: string;
}

/**
 * Certifies models on behalf of users: admission (rate limit), cache, single flight and
 * metering. Knows nothing of HTTP or Lambda.
 *
 * Single flight works at two levels. Within one process, concurrent requests for a model join
 * one {@link SharedRun}. Across Lambda instances (each serves one request at a time), a
 * DynamoDB lease elects one runner; the others follow its progress mirrored in the lock item
 * and pick the result up from the cache.
 */
export class CertificationService {
  private readonly runs = new Map<string, SharedRun>();
  private readonly clock: Clock;
  private readonly logger: LogSink;
  private readonly pollIntervalMs: number;
  private readonly instanceId: string;

  constructor(private readonly options: CertificationServiceOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.instanceId = options.instanceId ?? randomUUID().slice(0, 8);
  }

  /** The region whose models this service certifies. */
  get region(): string {
    return this.options.region;
  }

  /** Counts one certify request against the caller's limit (cached answers count too). */
  admit(caller: AuthenticatedUser): Promise<void> {
    return this.options.rateLimiter.consume(caller.sub);
  }

  /** The unexpired cached certification of a model, if any. */
  lookup(modelId: string): Promise<Certification | undefined> {
    return this.options.cache.get(this.options.region, modelId);
  }

  /** Every unexpired cached certification of this region. */
  list(): Promise<Certification[]> {
    return this.options.cache.list(this.options.region);
  }

  /**
   * Runs the certification of `modelId`, or joins the one already running. Rejects with the
   * signal's reason when `signal` aborts; the run itself stops once nobody is waiting for it.
   */
  certify(
    modelId: string,
    caller: AuthenticatedUser,
    options: { signal: AbortSignal; onProgress?: (event: ProgressEvent) => void; requestId?: string },
  ): Promise<Certification> {
    const key = `${this.options.region}\u0000${modelId}`;
    let run = this.runs.get(key);
    if (!run?.joinable) {
      const created = new SharedRun((signal, emit) => this.execute(modelId, caller, signal, emit, options.requestId));
      this.runs.set(key, created);
      run = created;
    }
    const joined = run.join(options.onProgress ?? (() => undefined), options.signal);
    const current = run;
    const forget = (): void => {
      if (this.runs.get(key) === current && !current.joinable) this.runs.delete(key);
    };
    joined.then(forget, forget);
    return joined;
  }

  private async execute(
    modelId: string,
    initiator: AuthenticatedUser,
    signal: AbortSignal,
    emit: (event: ProgressEvent) => void,
    requestId?: string,
  ): Promise<Certification> {
    const { region, lock, certificationDeadlineMs } = this.options;
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
      // A runner that dies keeps the lock at most this long.
      if (await lock.tryAcquire(region, modelId, owner, deadlineMs + LEASE_MARGIN_MS)) {
        try {
          return await this.runHere(modelId, initiator, owner, signal, emit, requestId, deadlineMs);
        } finally {
          await lock.release(region, modelId, owner).catch((error: unknown) => {
            this.logger.warn('Releasing the certification lock failed; its lease will expire', { modelId, error });
          });
        }
      }
      const result = await this.follow(modelId, signal, emit, budgetEnd);
      if (result) return result;
      // The other runner vanished without a result (its client left, or it crashed): take over.
    }
  }

  private async runHere(
    modelId: string,
    initiator: AuthenticatedUser,
    owner: string,
    signal: AbortSignal,
    emit: (event: ProgressEvent) => void,
    requestId: string | undefined,
    deadlineMs: number,
  ): Promise<Certification> {
    const { region, cache, lock, usage, runCertification } = this.options;
    // Another instance may have finished between our cache miss and taking the lock.
    const fresh = await cache.get(region, modelId);
    if (fresh) return fresh;

    const events: ProgressEvent[] = [];
    // Progress is mirrored into the lock item for followers on other instances. Each write
    // replaces the whole list, so only the newest snapshot matters: one write at a time (the
    // mirror never goes backwards), and events arriving meanwhile coalesce into the next one.
    // A slow store then costs the end of the run at most two writes, not one per event (13
    // sequential writes near the 2 s store timeout would outlast the function timeout).
    // A failed write only costs followers their live progress, never the certification.
    let latest: ProgressEvent[] | undefined;
    let flushing: Promise<void> | undefined;
    const flush = async (): Promise<void> => {
      while (latest) {
        const snapshot = latest;
        latest = undefined;
        await lock
          .publish(region, modelId, owner, snapshot)
          .catch((error: unknown) => this.logger.warn('Mirroring progress failed', { modelId, error }));
      }
      flushing = undefined;
    };
    const certification = await runCertification(modelId, {
      signal,
      requestId,
      deadlineMs,
      onProgress: (event) => {
        events.push(event);
        emit(event);
        latest = [...events];
        flushing ??= flush();
      },
    });
    await flushing;

    const [stored, metered] = await Promise.allSettled([cache.put(certification), usage.record(initiator.sub, certification)]);
    if (stored.status === 'rejected') this.logger.error('Caching the certification failed', { modelId, error: stored.reason });
    if (metered.status === 'rejected') {
      this.logger.error('Metering the certification failed', { modelId, sub: initiator.sub, error: metered.reason });
    }
    return certification;
  }

  /** Follows another instance's run; undefined when it ended without leaving a result. */
  private async follow(
    modelId: string,
    signal: AbortSignal,
    emit: (event: ProgressEvent) => void,
    giveUpAt: number,
  ): Promise<Certification | undefined> {
    const { region, cache, lock } = this.options;
    const seen: ProgressEvent[] = [];
    while (this.clock.now() < giveUpAt) {
      const state = await lock.read(region, modelId);
      if (!state || state.leaseUntil <= this.clock.now()) {
        // The runner caches before it releases, so a vanished lock with no cache entry means no result.
        const done = await cache.get(region, modelId);
        if (!done) return undefined;
        for (const event of missingProgress(seen, done)) emit(event);
        return { ...done, cached: false };
      }
      for (const event of state.events.slice(seen.length)) {
        seen.push(event);
        emit(event);
      }
      await sleep(this.pollIntervalMs, signal);
    }
    throw new CertificationWaitTimeoutError();
  }
}
