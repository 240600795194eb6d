import type { AuthenticatedUser } from '../auth/token-verifier.js';
import { BatchTimeBudgetError, RecertificationIncompleteError } from '../errors.js';
import { silentLogger, type LogSink } from '../logger.js';
import type { RecertifyEvent } from '../recertify-event.js';
import type { CertificationStatus } from '../types.js';
import { BatchRunner, type BatchRunnerOptions } from './batch-runner.js';
import type { CertificationService } from './certification-service.js';

/**
 * The subject scheduled runs are certified and metered as: the service's own, so a user's usage
 * shows only the runs they asked for, and the schedule's cost shows on its own line.
 */
export const SCHEDULE_SUBJECT: AuthenticatedUser = { sub: 'schedule' };

/** Options of {@link Recertifier}. */
export interface RecertifierOptions {
  /** The certification service; its listed Regions are where the watch list is re-certified. */
  service: BatchRunnerOptions['service'] & Pick<CertificationService, 'regions'>;
  /** Models certified at once. */
  concurrency: number;
  /** Upper bound of one certification; with the request margin, what a model needs left to start. */
  certificationDeadlineMs: number;
  logger?: LogSink;
}

/** What became of one watched model in one Region. */
export type RecertifyResult = { modelId: string; region: string } & (
  | { outcome: 'certified'; status: CertificationStatus; certifiedAt: string }
  /** Not started: too little of the invocation was left to finish it. The next schedule will. */
  | { outcome: 'skipped' }
  /** The service could not certify it (store unavailable, waited out another run): `code` says why. */
  | { outcome: 'error'; code: string }
);

/** The outcome of one invocation, in watch-list order (each model in every listed Region). */
export interface RecertifySummary {
  scheduledTime?: string;
  results: RecertifyResult[];
}

/**
 * Re-certifies a watch list fresh, in every Region the service certifies in, with the batch
 * runner of the batch route: the same engine, cache, single-flight lease, metering and history,
 * so a scheduled run that meets a requested run of the same model and Region joins it rather
 * than running twice. Runs are recorded with `trigger: "schedule"` and metered to
 * {@link SCHEDULE_SUBJECT} (no user's quota); a run that changes a model's verdict is announced
 * by the service, as any run is.
 *
 * A model starts only while a whole certification still fits in the invocation; the rest are
 * skipped (the next schedule certifies them), so the function always ends before its timeout.
 */
export class Recertifier {
  private readonly logger: LogSink;
  private readonly runner: BatchRunner;

  constructor(private readonly options: RecertifierOptions) {
    this.logger = options.logger ?? silentLogger;
    this.runner = new BatchRunner(options);
  }

  /** Certifies every model of `event`; never throws for one model's failure (see {@link assertComplete}). */
  async run(
    event: RecertifyEvent,
    invocation: { remainingTimeMs: () => number; requestId?: string },
  ): Promise<RecertifySummary> {
    const { modelIds, scheduledTime } = event;
    const { regions } = this.options.service;
    const items = modelIds.flatMap((modelId) => regions.map((region) => ({ modelId, region })));
    this.logger.info('Re-certifying watched models', {
      models: modelIds.length,
      regions: regions.length,
      scheduledTime,
      concurrency: this.options.concurrency,
    });

    const { outcomes } = await this.runner.run(items, {
      caller: SCHEDULE_SUBJECT,
      fresh: true,
      quota: false,
      trigger: 'schedule',
      requestId: invocation.requestId,
      remainingTimeMs: invocation.remainingTimeMs,
    });
    const results = outcomes.map((outcome): RecertifyResult => {
      const { modelId, region } = outcome;
      if (outcome.certification) {
        const { status, certifiedAt } = outcome.certification;
        this.logger.info('Watched model re-certified', { modelId, region, status });
        return { modelId, region, outcome: 'certified', status, certifiedAt };
      }
      if (outcome.error.code === BatchTimeBudgetError.CODE)
        return { modelId, region, outcome: 'skipped' };
      this.logger.error('Re-certifying a watched model failed', {
        modelId,
        region,
        code: outcome.error.code,
      });
      return { modelId, region, outcome: 'error', code: outcome.error.code };
    });

    const count = (outcome: RecertifyResult['outcome']) =>
      results.filter((result) => result.outcome === outcome).length;
    this.logger.info('Re-certification finished', {
      scheduledTime,
      certified: count('certified'),
      skipped: count('skipped'),
      errors: count('error'),
    });
    return { scheduledTime, results };
  }
}

/**
 * Throws {@link RecertificationIncompleteError} when a model was skipped or failed, so the
 * invocation counts as an error (the function's `Errors` metric) after the others were certified.
 */
export function assertComplete(summary: RecertifySummary): void {
  const regions = new Set(summary.results.map((result) => result.region));
  const missed = summary.results
    .filter((result) => result.outcome !== 'certified')
    // With one Region, as before: the model ids alone.
    .map((result) => (regions.size > 1 ? `${result.modelId} in ${result.region}` : result.modelId));
  if (missed.length > 0) throw new RecertificationIncompleteError(missed);
}
