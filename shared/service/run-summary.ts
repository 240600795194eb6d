import type { Capabilities, Certification, CertificationRun, RunTrigger } from '../types.js';

/**
 * True when `after` tells an app something different from `before`: another status, or a
 * capability that was shown and now is not (or the reverse). Timing and cost drift on every run
 * and are not a change. A capability only one of the two runs knows (one added to the suite
 * later) is not compared, so extending the suite does not flag every model at once.
 */
export function differs(
  before: Pick<CertificationRun, 'status' | 'capabilities'>,
  after: Pick<CertificationRun, 'status' | 'capabilities'>,
): boolean {
  if (before.status !== after.status) return true;
  return (Object.keys(after.capabilities) as (keyof Capabilities)[]).some(
    (name) =>
      typeof before.capabilities[name] === 'boolean' &&
      before.capabilities[name] !== after.capabilities[name],
  );
}

/**
 * The history's summary of a run that just certified a model. `changed` compares it with the
 * model's previous run; a first run has nothing to compare with and is not a change.
 */
export function summarizeRun(
  certification: Certification,
  trigger: RunTrigger,
  previous: CertificationRun | undefined,
): CertificationRun {
  const run: Omit<CertificationRun, 'changed'> = {
    certifiedAt: certification.certifiedAt,
    status: certification.status,
    testsPassed: certification.testsPassed,
    testsFailed: certification.testsFailed,
    capabilities: { ...certification.capabilities },
    ttftMs: certification.ttftMs,
    estimatedCostUsd: certification.estimatedCostUsd,
    trigger,
  };
  return { ...run, changed: previous !== undefined && differs(previous, run) };
}
