/**
 * The Lambda limits of the service, in one place: the stack deploys them (infra/), the local
 * emulators enforce them (local/), and the service plans its time budgets within them. Every
 * time budget derives from the certification deadline, so one cannot outgrow another unnoticed.
 * Plain numbers: no Lambda or CDK types.
 */

/**
 * The contract's ceiling: a whole certification never runs past 60 s. `CERTIFICATION_DEADLINE_MS`
 * may lower it, never raise it; the function timeouts below are planned for this one.
 */
export const MAX_CERTIFICATION_DEADLINE_MS = 60_000;

/**
 * A certify request may outlive one certification deadline by this much: waiting on another
 * instance's run that then vanishes, and taking over from it.
 */
export const REQUEST_BUDGET_MARGIN_MS = 15_000;

/** A runner's lease outlasts its run's deadline by this, for its final store writes. */
export const LEASE_MARGIN_MS = 5_000;

/** The time budget of one certify request, waiting included: 75 s for the 60 s deadline. */
export function requestBudgetMs(certificationDeadlineMs: number): number {
  return certificationDeadlineMs + REQUEST_BUDGET_MARGIN_MS;
}

/** Memory and timeout of one function. */
export interface FunctionLimits {
  /** Lambda's `MemorySize`, in MB. */
  readonly memoryMb: number;
  /** Lambda's `Timeout`, in milliseconds (whole seconds). */
  readonly timeoutMs: number;
}

/**
 * The certify function (the Function URL).
 *
 * 512 MB: the work is mostly waiting on Bedrock and DynamoDB, but Lambda scales CPU with memory,
 * and cold start (evaluating the 0.5 MB bundle, TLS to Cognito's JWKS) and RSA signature checks
 * are CPU-bound. The process holds about 60 MB after init (measured by loading the bundle in
 * Node.js 20), so memory is bought for CPU: 512 MB (about 0.3 vCPU) keeps those steps short for
 * about 7 × 10⁻⁶ USD per second on ARM64, 0.04 ¢ for a full 60 s run.
 *
 * 15 minutes, Lambda's longest: one certification ends within its request budget (75 s), then the
 * result cached, the lease given back and the usage recorded, well inside
 * {@link SINGLE_RUN_TIMEOUT_MS}; a batch (`POST /api/certification/batches`) certifies as many items
 * as the rest leaves time for and ends the others with an error event, so a stream always ends
 * with its `complete`/`error` or `batch-complete` event instead of being cut off by the runtime.
 * A function is billed by the time it runs, not its timeout: idle headroom costs nothing.
 */
export const CERTIFY_FUNCTION: FunctionLimits = {
  memoryMb: 512,
  timeoutMs: 15 * 60_000,
};

/**
 * What one certify request needs of its function, cold start included: the longest request budget
 * (75 s), the result cached, the lease given back and the usage recorded (each DynamoDB call
 * bounded at ~2 s × 2 attempts), plus a cold start with a JWKS download: 90 s.
 */
export const SINGLE_RUN_TIMEOUT_MS = requestBudgetMs(MAX_CERTIFICATION_DEADLINE_MS) + 15_000;

/**
 * The scheduled re-certify function: the certify function's memory and timeout (it certifies
 * through the same service and batch runner). It starts a model only while a whole
 * request budget and {@link BATCH_FINISH_MARGIN_MS} still fit, so a long watch list ends
 * with some models skipped, never cut off.
 */
export const RECERTIFY_FUNCTION: FunctionLimits = {
  memoryMb: CERTIFY_FUNCTION.memoryMb,
  timeoutMs: CERTIFY_FUNCTION.timeoutMs,
};

/**
 * Left at the end of a batch's invocation (a user's batch or the schedule's) for the last store
 * writes and the last event or summary.
 */
export const BATCH_FINISH_MARGIN_MS = 5_000;

/**
 * The most models one re-certify invocation is sure to certify, `concurrency` at a time, each
 * taking at most a whole request budget.
 */
export function recertifyCapacity(
  concurrency: number,
  certificationDeadlineMs = MAX_CERTIFICATION_DEADLINE_MS,
): number {
  const round = requestBudgetMs(certificationDeadlineMs) + BATCH_FINISH_MARGIN_MS;
  return Math.floor((RECERTIFY_FUNCTION.timeoutMs - BATCH_FINISH_MARGIN_MS) / round) * concurrency;
}

/**
 * A quota hold older than this belongs to a request that ended without metering or giving it
 * back (its execution environment died): twice what one run needs of its function (3 minutes), so
 * no live run loses its hold. A batch holds quota per item as each starts, never for the batch.
 */
export const QUOTA_HOLD_TIMEOUT_MS = 2 * SINGLE_RUN_TIMEOUT_MS;
