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
 * 90 s: the longest request budget (75 s), then the result cached, the lease given back and the
 * usage recorded (each DynamoDB call bounded at ~2 s × 2 attempts), plus a cold start with a
 * JWKS download: 15 s of headroom, so a stream always ends with its `complete`/`error` event
 * instead of being cut off by the runtime.
 */
export const CERTIFY_FUNCTION: FunctionLimits = {
  memoryMb: 512,
  timeoutMs: requestBudgetMs(MAX_CERTIFICATION_DEADLINE_MS) + 15_000,
};

/**
 * The scheduled re-certify function: the certify function's memory (it certifies through the
 * same service), and Lambda's longest timeout, 15 minutes. It starts a model only while a whole
 * request budget and {@link RECERTIFY_FINISH_MARGIN_MS} still fit, so a long watch list ends
 * with some models skipped, never cut off.
 */
export const RECERTIFY_FUNCTION: FunctionLimits = {
  memoryMb: CERTIFY_FUNCTION.memoryMb,
  timeoutMs: 15 * 60_000,
};

/** Left at the end of a re-certify invocation for the last store writes and the summary. */
export const RECERTIFY_FINISH_MARGIN_MS = 5_000;

/**
 * The most models one re-certify invocation is sure to certify, `concurrency` at a time, each
 * taking at most a whole request budget.
 */
export function recertifyCapacity(
  concurrency: number,
  certificationDeadlineMs = MAX_CERTIFICATION_DEADLINE_MS,
): number {
  const round = requestBudgetMs(certificationDeadlineMs) + RECERTIFY_FINISH_MARGIN_MS;
  return (
    Math.floor((RECERTIFY_FUNCTION.timeoutMs - RECERTIFY_FINISH_MARGIN_MS) / round) * concurrency
  );
}

/**
 * A quota hold older than this belongs to a request that ended without metering or giving it
 * back (its execution environment died): twice the certify function's timeout (3 minutes), so
 * no live request loses its hold.
 */
export const QUOTA_HOLD_TIMEOUT_MS = 2 * CERTIFY_FUNCTION.timeoutMs;
