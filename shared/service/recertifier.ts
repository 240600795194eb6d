import type { AuthenticatedUser } from '../auth/token-verifier.js';
import { CertificationServiceError, RecertificationIncompleteError } from '../errors.js';
import { RECERTIFY_FINISH_MARGIN_MS, requestBudgetMs } from '../lambda-limits.js';
import { silentLogger, type LogSink } from '../logger.js';
import type { RecertifyEvent } from '../recertify-event.js';
import type { CertificationStatus } from '../types.js';
import type { CertificationService } from './certification-service.js';

/**
 * The subject scheduled runs are certified and metered as: the service's own, so a user's usage
 * shows only the runs they asked for, and the schedule's cost shows on its own line.
 */
export const SCHEDULE_SUBJECT: AuthenticatedUser = { sub: 'schedule' };

/** Options of {@link Recertifier}. */
export interface RecertifierOptions {
  service: Pick<CertificationService, 'certify'>;
  /** Models certified at once. */
  concurrency: number;
  /** Upper bound of one certification; with the request margin, what a model needs left to start. */
  certificationDeadlineMs: number;
  logger?: LogSink;
}

/** What became of one watched model. */
export type RecertifyResult =
  | { modelId: string; outcome: 'certified'; status: CertificationStatus; certifiedAt: string }
  /** Not started: too little of the invocation was left to finish it. The next schedule will. */
  | { modelId: string; outcome: 'skipped' }
  /** The service could not certify it (store unavailable, waited out another run): `code` says why. */
  | { modelId: string; outcome: 'error'; code: string };

/** The outcome of one invocation, in watch-list order. */
export interface RecertifySummary {
  scheduledTime?: string;
  results: RecertifyResult[];
}

/**
 * Re-certifies a watch list fresh, a few models at a time, with the certification service the
 * HTTP API uses: the same engine, cache, single-flight lease, metering and history, so a
 * scheduled run that meets a requested run of the same model joins it rather than running twice.
 * Runs are recorded with `trigger: "schedule"` and metered to {@link SCHEDULE_SUBJECT}; a run
 * that changes a model's verdict is announced by the service, as any run is.
 *
 * A model starts only while a whole certification still fits in the invocation; the rest are
 * skipped (the next schedule certifies them), so the function always ends before its timeout.
 */
export class Recertifier {
  private readonly logger: LogSink;

  constructor(private readonly options: RecertifierOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  /** Certifies every model of `event`; never throws for one model's failure (see {@link assertComplete}). */
  async run(
    event: RecertifyEvent,
    invocation: { remainingTimeMs: () => number; requestId?: string },
  ): Promise<RecertifySummary> {
    const { modelIds, scheduledTime } = event;
    const { concurrency, certificationDeadlineMs } = this.options;
    const neededMs = requestBudgetMs(certificationDeadlineMs) + RECERTIFY_FINISH_MARGIN_MS;
    this.logger.info('Re-certifying watched models', {
      models: modelIds.length,
      scheduledTime,
      concurrency,
    });

    const results: RecertifyResult[] = new Array<RecertifyResult>(modelIds.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < modelIds.length) {
        const index = next++;
        const modelId = modelIds[index] as string;
        const remainingMs = invocation.remainingTimeMs();
        results[index] =
          remainingMs < neededMs
            ? { modelId, outcome: 'skipped' }
            : await this.certify(
                modelId,
                remainingMs - RECERTIFY_FINISH_MARGIN_MS,
                invocation.requestId,
              );
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, modelIds.length) }, worker));

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

  private async certify(
    modelId: string,
    budgetMs: number,
    requestId: string | undefined,
  ): Promise<RecertifyResult> {
    try {
      const certification = await this.options.service.certify(modelId, SCHEDULE_SUBJECT, {
        // The lease runner bounds the run; this only guards the invocation's end.
        signal: AbortSignal.timeout(budgetMs),
        fresh: true,
        trigger: 'schedule',
        requestId,
      });
      this.logger.info('Watched model re-certified', { modelId, status: certification.status });
      return {
        modelId,
        outcome: 'certified',
        status: certification.status,
        certifiedAt: certification.certifiedAt,
      };
    } catch (error) {
      const code = error instanceof CertificationServiceError ? error.code : 'INTERNAL_ERROR';
      this.logger.error('Re-certifying a watched model failed', { modelId, code, error });
      return { modelId, outcome: 'error', code };
    }
  }
}

/**
 * Throws {@link RecertificationIncompleteError} when a model was skipped or failed, so the
 * invocation counts as an error (the function's `Errors` metric) after the others were certified.
 */
export function assertComplete(summary: RecertifySummary): void {
  const missed = summary.results
    .filter((result) => result.outcome !== 'certified')
    .map((result) => result.modelId);
  if (missed.length > 0) throw new RecertificationIncompleteError(missed);
}
