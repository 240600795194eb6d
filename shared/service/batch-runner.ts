import type { AuthenticatedUser } from '../auth/token-verifier.js';
import {
  BatchCancelledError,
  BatchTimeBudgetError,
  CertificationServiceError,
  InternalError,
} from '../errors.js';
import { DEFAULT_LOCALE, type Locale } from '../i18n/locale.js';
import { silentLogger, type LogSink } from '../logger.js';
import type {
  BatchItemEvent,
  BatchItemRef,
  BatchSummary,
  Certification,
  RunTrigger,
} from '../types.js';
import { BATCH_FINISH_MARGIN_MS, requestBudgetMs } from '../lambda-limits.js';
import { DEFAULT_SUITE, type SuiteName } from '../suites.js';
import type { CertificationService } from './certification-service.js';

/** Options of {@link BatchRunner}. */
export interface BatchRunnerOptions {
  service: Pick<CertificationService, 'lookUpAndHold' | 'lookup' | 'certify'>;
  /** Items certified at once (`BATCH_CONCURRENCY`; the re-certifier's own setting for schedules). */
  concurrency: number;
  /** Upper bound of one certification: with the request's margin, what an item needs left to start. */
  certificationDeadlineMs: number;
  logger?: LogSink;
}

/** Options of one {@link BatchRunner.run}. */
export interface BatchRunOptions {
  /** Whom the items are certified and metered for. */
  caller: AuthenticatedUser;
  /** Skip the cache: certify every item anew (or join a run already in flight). */
  fresh: boolean;
  /**
   * Take a unit of the caller's monthly quota for each item that runs (a user's batch). The
   * schedule's runs are the service's own and take none. Default true.
   */
  quota?: boolean;
  /** The suite every item is certified with (a newer result of a larger suite answers it too). Default `core`. */
  suite?: SuiteName;
  /** What the history records as having started the runs. Default `request`. */
  trigger?: RunTrigger;
  requestId?: string;
  /** Time left in the invocation: an item starts only while a whole certification still fits. */
  remainingTimeMs: () => number;
  /** Aborted when the client leaves: no further item starts; running ones finish (cached, metered). */
  signal?: AbortSignal;
  /** The language of the items' error messages (the request's). Default English. */
  locale?: Locale;
  /** Every item's events, in order per item: progress, then exactly one `complete` or `error`. */
  onEvent?: (event: BatchItemEvent) => void;
}

/** What became of one item. */
export type BatchItemOutcome = BatchItemRef &
  (
    | { certification: Certification; error?: undefined }
    | {
        certification?: undefined;
        error: { code: string; message: string };
        /** False when the item never started (time budget, client gone): nothing was spent on it. */
        started: boolean;
      }
  );

/** The outcome of a batch, in the items' order, with its summary. */
export interface BatchResult {
  outcomes: BatchItemOutcome[];
  summary: BatchSummary;
}

/**
 * Certifies many models in many Regions with the certification service: a few items at a time,
 * each through the service's own admission (the cache, unless fresh; a unit of quota for a run),
 * single flight (an item whose model and Region another request is certifying joins that run)
 * and metering, exactly as a single stream. The one batch runner of the batch route, the page's
 * "Certify all", the CLI's batch modes and the scheduled re-certifier.
 *
 * An item starts only while a whole certification still fits in the invocation; the others end
 * with `TIME_BUDGET_EXCEEDED`, so a batch always ends before its function's timeout. Items never
 * fail the batch: each ends with its own certification or error.
 */
export class BatchRunner {
  private readonly logger: LogSink;

  constructor(private readonly options: BatchRunnerOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  /** Certifies `items` (already validated and without repeats); never rejects for an item's failure. */
  async run(items: readonly BatchItemRef[], options: BatchRunOptions): Promise<BatchResult> {
    const outcomes = new Array<BatchItemOutcome>(items.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < items.length) {
        const index = next++;
        const outcome = await this.runItem(items[index] as BatchItemRef, options);
        outcomes[index] = outcome;
        options.onEvent?.(
          outcome.certification
            ? { type: 'complete', certification: outcome.certification, ...ref(outcome) }
            : { type: 'error', ...outcome.error, ...ref(outcome) },
        );
      }
    };
    const workers = Math.max(1, Math.min(this.options.concurrency, items.length));
    await Promise.all(Array.from({ length: workers }, worker));
    const summary = summarizeBatch(outcomes);
    this.logger.info('Batch finished', { items: items.length, ...summary });
    return { outcomes, summary };
  }

  private async runItem(item: BatchItemRef, options: BatchRunOptions): Promise<BatchItemOutcome> {
    const { service, certificationDeadlineMs } = this.options;
    const { modelId, region } = item;
    const remainingMs = options.remainingTimeMs();
    const { locale = DEFAULT_LOCALE } = options;
    if (options.signal?.aborted) return notStarted(item, new BatchCancelledError(), locale);
    if (remainingMs < requestBudgetMs(certificationDeadlineMs) + BATCH_FINISH_MARGIN_MS)
      return notStarted(item, new BatchTimeBudgetError(), locale);

    let started = false;
    try {
      const { fresh } = options;
      const suite = options.suite ?? DEFAULT_SUITE;
      const admission =
        options.quota === false
          ? { cached: fresh ? undefined : await service.lookup(modelId, { suite, region }) }
          : await service.lookUpAndHold(options.caller, modelId, { fresh, suite, region });
      if (admission.cached) return { ...item, certification: admission.cached };
      started = true;
      const certification = await service.certify(modelId, options.caller, {
        // Not the client's signal: an item that started finishes, and is cached and metered, when
        // the client leaves. The lease runner bounds the run; this only guards the invocation's end.
        signal: AbortSignal.timeout(remainingMs - BATCH_FINISH_MARGIN_MS),
        onProgress: (event) => options.onEvent?.({ ...event, modelId, region }),
        requestId: options.requestId,
        fresh,
        hold: admission.hold,
        ...(admission.lease ? { lease: admission.lease } : {}),
        suite,
        region,
        trigger: options.trigger,
      });
      return { ...item, certification };
    } catch (error) {
      if (error instanceof CertificationServiceError && !(error instanceof InternalError))
        return { ...item, error: { code: error.code, message: error.messageIn(locale) }, started };
      this.logger.error('A batch item failed unexpectedly', { modelId, region, error });
      const internal = new InternalError(options.requestId ?? 'unknown');
      return {
        ...item,
        error: { code: internal.code, message: internal.messageIn(locale) },
        started,
      };
    }
  }
}

/** The counts of `batch-complete`: each item once, by status or among the errors. */
export function summarizeBatch(outcomes: readonly BatchItemOutcome[]): BatchSummary {
  const summary: BatchSummary = { certified: 0, failed: 0, unavailable: 0, cached: 0, errors: 0 };
  for (const outcome of outcomes) {
    if (outcome.certification === undefined) {
      summary.errors += 1;
      continue;
    }
    summary[outcome.certification.status] += 1;
    if (outcome.certification.cached) summary.cached += 1;
  }
  return summary;
}

function notStarted(
  item: BatchItemRef,
  error: CertificationServiceError,
  locale: Locale,
): BatchItemOutcome {
  return { ...item, error: { code: error.code, message: error.messageIn(locale) }, started: false };
}

function ref(item: BatchItemRef): BatchItemRef {
  return { modelId: item.modelId, region: item.region };
}
