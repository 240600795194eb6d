import { suiteOf, type CapabilityName, type SuiteName } from '../suites.js';
import type { Certification, CertificationRun, RunTrigger } from '../types.js';
import type { LatestRun } from './ports.js';

/** The latest recorded run of each suite a model ran (an older record holds only its own). */
export function suiteRunsOf(latest: LatestRun): Partial<Record<SuiteName, CertificationRun>> {
  return latest.suiteRuns ?? { [suiteOf(latest.run)]: latest.run };
}

/**
 * The run a new run of `suite` is compared with and announced against: the latest run of the
 * same suite, else the latest run of any suite.
 */
export function comparedRun(previous: LatestRun, suite: SuiteName): CertificationRun {
  return suiteRunsOf(previous)[suite] ?? previous.run;
}

/**
 * True when `after` tells an app something different from what the model's recorded runs said:
 * another status than its previous run of the same suite (a `full` run fails where a `core` run
 * passes without anything having changed), or a capability `after` determined (`true`/`false`)
 * whose latest determined value was the other one. Timing and cost drift on every run and are
 * not a change; `null` (throttled, timed out) says nothing, and a capability no earlier run
 * determined (a new probe) has nothing to differ from.
 */
export function differs(
  previous: LatestRun,
  after: Pick<CertificationRun, 'suite' | 'status' | 'capabilities'>,
): boolean {
  const runs = suiteRunsOf(previous);
  const sameSuite = runs[after.suite];
  if (sameSuite !== undefined && sameSuite.status !== after.status) return true;
  const newestFirst = Object.values(runs).sort((a, b) =>
    b.certifiedAt.localeCompare(a.certifiedAt),
  );
  return (Object.keys(after.capabilities) as CapabilityName[]).some((name) => {
    const now = after.capabilities[name];
    if (typeof now !== 'boolean') return false;
    const known = newestFirst
      .map((run) => run.capabilities[name])
      .find((value): value is boolean => typeof value === 'boolean');
    return known !== undefined && known !== now;
  });
}

/**
 * The history's summary of a run that just certified a model. `changed` compares it with the
 * model's recorded runs (see {@link differs}); a first run has nothing to compare with and is not
 * a change.
 */
export function summarizeRun(
  certification: Certification,
  trigger: RunTrigger,
  previous: LatestRun | undefined,
): CertificationRun {
  const run: Omit<CertificationRun, 'changed'> = {
    certifiedAt: certification.certifiedAt,
    suite: suiteOf(certification),
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

/**
 * What the model's latest-run record becomes once `run` is recorded: `run`, since when the
 * verdict stands (a change or a first run starts it anew), and the latest run of each suite.
 */
export function nextLatest(previous: LatestRun | undefined, run: CertificationRun): LatestRun {
  return {
    run,
    changedAt: previous === undefined || run.changed ? run.certifiedAt : previous.changedAt,
    suiteRuns: { ...(previous === undefined ? {} : suiteRunsOf(previous)), [run.suite]: run },
  };
}
