/**
 * The CLI's gates: what a certification must show for a model to pass in a pipeline. Without
 * a gate a model passes when it is certified (every probe passed). `--require` replaces that
 * with a list of capabilities, so a model passes when those work even if other probes fail;
 * the thresholds add to whichever of the two applies.
 */
import type { Capabilities, Certification } from '../shared/types.js';
import type { CapabilityName } from '../shared/suites.js';
import { formatCost, formatDuration } from './format.js';

// `--require` accepts every capability of the registry, the full suite's included.
export { CAPABILITY_NAMES, isCapabilityName, type CapabilityName } from '../shared/suites.js';

/** What the command line asked of each model. */
export interface Gates {
  /** Capabilities that must be true; replaces "certified" as the base requirement. */
  require?: readonly CapabilityName[];
  maxTtftMs?: number;
  maxLatencyMs?: number;
  maxCostUsd?: number;
}

/** One requirement applied to one certification. */
export interface GateCheck {
  /** The requirement, e.g. `certified`, `toolUse`, `TTFT ≤ 2000 ms`. */
  gate: string;
  passed: boolean;
  /** What the certification showed, e.g. `failed (5/6 passed)`, `false`, `2.31 s`. */
  actual: string;
}

/** The verdict on one certification. */
export interface GateVerdict {
  passed: boolean;
  checks: GateCheck[];
}

/** True when any gate beyond the default ("certified") was asked for. */
export function hasExplicitGates(gates: Gates): boolean {
  return (
    gates.require !== undefined ||
    gates.maxTtftMs !== undefined ||
    gates.maxLatencyMs !== undefined ||
    gates.maxCostUsd !== undefined
  );
}

/** Applies the gates to a certification. */
export function evaluateGates(certification: Certification, gates: Gates): GateVerdict {
  const checks: GateCheck[] = [];
  if (gates.require === undefined) {
    const finished = certification.testsPassed + certification.testsFailed;
    checks.push({
      gate: 'certified',
      passed: certification.status === 'certified',
      actual: `${certification.status} (${certification.testsPassed}/${finished} passed)`,
    });
  } else {
    for (const name of gates.require) {
      // Checked as JSON from a server that may be older than this CLI: a missing capability is not proved.
      const value = (certification.capabilities as Partial<Capabilities> | undefined)?.[name];
      checks.push({ gate: name, passed: value === true, actual: describeCapability(value) });
    }
  }
  if (gates.maxTtftMs !== undefined) {
    const ttft = certification.ttftMs;
    checks.push({
      gate: `TTFT ≤ ${gates.maxTtftMs} ms`,
      passed: ttft !== null && ttft <= gates.maxTtftMs,
      actual:
        ttft === null ? 'not measured (the streaming probe did not pass)' : formatDuration(ttft),
    });
  }
  if (gates.maxLatencyMs !== undefined) {
    checks.push({
      gate: `avg latency ≤ ${gates.maxLatencyMs} ms`,
      passed: certification.avgLatencyMs <= gates.maxLatencyMs,
      actual: formatDuration(certification.avgLatencyMs),
    });
  }
  if (gates.maxCostUsd !== undefined) {
    const cost = certification.estimatedCostUsd;
    checks.push({
      gate: `est. cost ≤ $${gates.maxCostUsd}`,
      passed: cost !== null && cost <= gates.maxCostUsd,
      actual: cost === null ? 'unknown (no price for this model)' : formatCost(cost),
    });
  }
  return { passed: checks.every((check) => check.passed), checks };
}

/** What a gate saw of one capability: `true`, `false`, `null (not determined)` or `not tested`. */
function describeCapability(value: boolean | null | undefined): string {
  if (value === null) return 'null (not determined: throttled, timed out or a service error)';
  if (value === undefined) return 'not tested (certify with --suite full)';
  return String(value);
}

/** `requires streaming, toolUse; TTFT ≤ 2000 ms`: the gates in one phrase, for report headers. */
export function describeGates(gates: Gates): string {
  const parts = [
    gates.require === undefined ? 'certified' : `requires ${gates.require.join(', ')}`,
  ];
  if (gates.maxTtftMs !== undefined) parts.push(`TTFT ≤ ${gates.maxTtftMs} ms`);
  if (gates.maxLatencyMs !== undefined) parts.push(`avg latency ≤ ${gates.maxLatencyMs} ms`);
  if (gates.maxCostUsd !== undefined) parts.push(`est. cost ≤ $${gates.maxCostUsd}`);
  return parts.join('; ');
}

/** `toolUse is false; TTFT 2.31 s`: the failed checks of a verdict, for one line. */
export function describeFailedChecks(verdict: GateVerdict): string {
  return verdict.checks
    .filter((check) => !check.passed)
    .map((check) => (check.gate === 'certified' ? check.actual : `${check.gate}: ${check.actual}`))
    .join('; ');
}
