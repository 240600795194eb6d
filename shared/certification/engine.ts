import { setMaxListeners } from 'node:events';
import { systemClock, type Clock } from '../clock.js';
import { SERVICE_DEFAULTS } from '../config.js';
import { ProbeError } from '../errors.js';
import { silentLogger, type LogSink } from '../logger.js';
import type { ProgressEvent, TestResult } from '../types.js';
import { CancelledError, cancelReasonOf, childController, type CancelReason } from './abort.js';
import { isUnavailableCode } from './classify-bedrock-error.js';
import type { ConverseClient } from './converse-client.js';
import { ProbeSession } from './probe-session.js';
import { DEFAULT_SUITE, type SuiteName } from '../suites.js';
import { suiteProbes, type Probe } from './probes/index.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import { summarize, type CertificationDraft, type ProbeOutcome } from './summarize.js';

export type { ConverseClient, SendOptions } from './converse-client.js';
export type { RetryPolicy } from './retry.js';
export type { CertificationDraft } from './summarize.js';

/** Budget of the single retry a reasoning model gets when it spent its tokens thinking. */
export const DEFAULT_REASONING_MAX_TOKENS = 1_024;

/** Options of `certifyModel`; everything but the client and region has a default. */
export interface CertifyModelOptions {
  /** A `BedrockRuntimeClient` (or a fake): `send(command, { abortSignal })`. */
  bedrock: ConverseClient;
  region: string;
  /** Aborting it stops every in-flight Bedrock call at once; `certifyModel` then rejects. */
  signal?: AbortSignal;
  /** Called synchronously for each progress event; a throwing listener is logged and ignored. */
  onProgress?: (event: ProgressEvent) => void;
  clock?: Clock;
  /** The suite to run. Default `core` (the API contract's six probes). */
  suite?: SuiteName;
  /** The probes to run instead of the suite's, in report order (tests). */
  probes?: readonly Probe[];
  /** Whole certification; probes still running then fail with `TIMEOUT`. Default 60 s. */
  deadlineMs?: number;
  /** Per probe, including its retries. Default 30 s. */
  probeTimeoutMs?: number;
  logger?: LogSink;
  /** Throttling backoff (addition); `sleep` and `random` are injectable for tests. */
  retry?: Partial<RetryPolicy>;
  /** `maxTokens` of a reasoning model's one retry (addition). Default 1,024. */
  reasoningMaxTokens?: number;
}

/** The opening progress event of a certification of `total` probes. */
export function startingEvent(total: number): ProgressEvent {
  return { type: 'progress', current: 0, total, message: `Starting ${total} certification tests` };
}

/**
 * Certifies one model: runs the suite's probes (the core six by default) concurrently against Bedrock
 * and summarises them. Announces its start first ("Starting N certification tests"), then
 * reports each probe. How long the result may be cached is not the engine's business: it
 * returns a draft without `expiresAt`, which the service stamps before it caches the result.
 *
 * Never throws for model failures (they are results). Rejects only when `options.signal` is
 * aborted (with the signal's reason, an `AbortError` by default) or on programming errors.
 * As soon as one probe shows the model cannot be invoked at all (access denied, unknown id,
 * inference profile required, end of life), the other probes are aborted and reported with
 * the same code.
 */
export async function certifyModel(
  modelId: string,
  options: CertifyModelOptions,
): Promise<CertificationDraft> {
  options.signal?.throwIfAborted();
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const deadlineMs = options.deadlineMs ?? SERVICE_DEFAULTS.certificationDeadlineMs;
  const suite = options.suite ?? DEFAULT_SUITE;
  const probes = options.probes ?? suiteProbes(suite);
  const total = probes.length;
  const startedAt = clock.now();

  let finished = 0;
  const run = new AbortController();
  // One listener per probe (its child controller): the full suite has more than Node's default ten.
  setMaxListeners(Math.max(10, total + 2), run.signal);
  const onCallerAbort = (): void => run.abort(new CancelledError({ kind: 'abandoned' }));
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const deadline = setTimeout(
    () => run.abort(new CancelledError({ kind: 'deadline', deadlineMs })),
    deadlineMs,
  );

  const emit = (event: ProgressEvent): void => {
    if (cancelReasonOf(run.signal)?.kind === 'abandoned' || options.onProgress === undefined)
      return;
    try {
      options.onProgress(event);
    } catch (error) {
      logger.warn('Progress listener threw; ignored', { error: String(error) });
    }
  };

  const context: RunContext = {
    modelId,
    options,
    clock,
    logger,
    run: run.signal,
    deadlineAt: startedAt + deadlineMs,
    probeTimeoutMs: options.probeTimeoutMs ?? SERVICE_DEFAULTS.probeTimeoutMs,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    onStart: (probe) =>
      emit({
        type: 'progress',
        current: finished,
        total,
        testName: probe.testName,
        status: 'running',
      }),
  };

  emit(startingEvent(total));
  try {
    const outcomes = await Promise.all(
      probes.map(async (probe) => {
        const outcome = await runProbe(probe, context);
        finished++;
        const { result } = outcome;
        emit({
          type: 'progress',
          current: finished,
          total,
          testName: result.testName,
          status: result.status,
          latencyMs: result.latencyMs,
        });
        if (
          result.error !== undefined &&
          isUnavailableCode(result.error.code) &&
          !run.signal.aborted
        ) {
          // The model cannot be invoked: stop paying for (and waiting on) the other probes.
          run.abort(
            new CancelledError({
              kind: 'unavailable',
              root: new ProbeError(result.error.code, result.error.message),
            }),
          );
        }
        return outcome;
      }),
    );
    options.signal?.throwIfAborted();
    const certification = summarize({
      modelId,
      region: options.region,
      suite,
      outcomes,
      certifiedAt: clock.now(),
    });
    logger.info('Certification finished', {
      modelId,
      region: options.region,
      suite,
      status: certification.status,
      testsPassed: certification.testsPassed,
      wallMs: clock.now() - startedAt,
      totalTokens: certification.usage.totalTokens,
    });
    return certification;
  } finally {
    clearTimeout(deadline);
    options.signal?.removeEventListener('abort', onCallerAbort);
    // A no-op once every probe has ended; after a programming error it stops those still running.
    if (!run.signal.aborted) run.abort(new CancelledError({ kind: 'abandoned' }));
  }
}

interface RunContext {
  modelId: string;
  options: CertifyModelOptions;
  clock: Clock;
  logger: LogSink;
  run: AbortSignal;
  deadlineAt: number;
  probeTimeoutMs: number;
  retry: RetryPolicy;
  onStart: (probe: Probe) => void;
}

/** Runs one probe under its own timeout and the run's signal; resolves to its outcome. */
async function runProbe(probe: Probe, context: RunContext): Promise<ProbeOutcome> {
  const { clock, probeTimeoutMs } = context;
  const { controller, dispose } = childController(context.run);
  const startedAt = clock.now();
  const endsAt = Math.min(startedAt + probeTimeoutMs, context.deadlineAt);
  const timer = setTimeout(
    () =>
      controller.abort(new CancelledError({ kind: 'probe-timeout', timeoutMs: probeTimeoutMs })),
    probeTimeoutMs,
  );
  const session = new ProbeSession({
    client: context.options.bedrock,
    modelId: context.modelId,
    signal: controller.signal,
    clock,
    retry: context.retry,
    remainingMs: () => endsAt - clock.now(),
    reasoningMaxTokens: context.options.reasoningMaxTokens ?? DEFAULT_REASONING_MAX_TOKENS,
    logger: context.logger,
  });
  context.onStart(probe);
  const base = (): Pick<TestResult, 'testName' | 'latencyMs' | 'usage'> => ({
    testName: probe.testName,
    latencyMs: Math.max(0, Math.round(clock.now() - startedAt)),
    ...(session.answeredCalls > 0 ? { usage: session.usage } : {}),
  });
  try {
    const findings = await probe.run(session);
    const result: TestResult = { ...base(), status: 'passed' };
    if (findings.ttftMs !== undefined) result.ttftMs = Math.round(findings.ttftMs);
    if (findings.outputTokensPerSecond !== undefined)
      result.outputTokensPerSecond = findings.outputTokensPerSecond;
    return { result, findings, cancelled: false };
  } catch (error) {
    const reason =
      controller.signal.aborted && error === controller.signal.reason
        ? cancelReasonOf(controller.signal)
        : undefined;
    if (reason === undefined && !(error instanceof ProbeError)) throw error;
    const failure = reason === undefined ? (error as ProbeError) : cancelledError(reason);
    context.logger.warn('Certification probe failed', {
      modelId: context.modelId,
      testName: probe.testName,
      code: failure.code,
      // Not `message`: that key is the log line's own in Powertools.
      reason: failure.message,
      ...describeCause(failure.cause),
    });
    return {
      result: {
        ...base(),
        status: 'failed',
        error: { code: failure.code, message: failure.message },
      },
      cancelled: reason !== undefined && reason.kind !== 'probe-timeout',
    };
  } finally {
    clearTimeout(timer);
    dispose();
  }
}

function cancelledError(reason: CancelReason): ProbeError {
  switch (reason.kind) {
    case 'probe-timeout':
      return new ProbeError(
        'TIMEOUT',
        `No complete answer within the ${seconds(reason.timeoutMs)} s test timeout.`,
      );
    case 'deadline':
      return new ProbeError(
        'TIMEOUT',
        `Not completed within the ${seconds(reason.deadlineMs)} s certification deadline.`,
      );
    case 'unavailable':
      return new ProbeError(
        reason.root.code,
        `Not completed because the model cannot be invoked: ${reason.root.message}`,
      );
    case 'abandoned':
      return new ProbeError('TIMEOUT', 'The certification was abandoned.');
  }
}

function seconds(ms: number): string {
  return String(Math.round(ms / 10) / 100);
}

/** Log-only detail of an upstream error (never sent to clients). */
function describeCause(cause: unknown): Record<string, unknown> {
  if (typeof cause !== 'object' || cause === null) return {};
  const { name, message, $metadata } = cause as {
    name?: unknown;
    message?: unknown;
    $metadata?: { requestId?: unknown; httpStatusCode?: unknown };
  };
  return {
    errorName: name,
    errorMessage: message,
    bedrockRequestId: $metadata?.requestId,
    httpStatusCode: $metadata?.httpStatusCode,
  };
}
