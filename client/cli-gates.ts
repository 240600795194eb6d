/**
 * The CLI's gates: what a certification must show for a model to pass in a pipeline. Without
 * a gate a model passes when it is certified (every probe passed). `--require` replaces that
 * with a list of capabilities, so a model passes when those work even if other probes fail;
 * the thresholds add to whichever of the two applies.
 */
import type { Capabilities, Certification } from '../shared/types.js';
import type { CapabilityName } from '../shared/suites.js';
import type { Translator } from '../shared/i18n/translate.js';
import { ENGLISH } from './cli-harness.js';
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
  /**
   * `certified` for the default requirement (its actual says it all), else `capability` or
   * `threshold`. Not in the JSON report, whose checks are `gate`, `passed` and `actual`.
   */
  kind: 'certified' | 'capability' | 'threshold';
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

/**
 * Applies the gates to a certification, its checks worded in `t`'s language (English, as the
 * JSON and JUnit reports keep them, by default). The verdict is the same in every language.
 */
export function evaluateGates(
  certification: Certification,
  gates: Gates,
  t: Translator = ENGLISH,
): GateVerdict {
  const { locale } = t;
  const checks: GateCheck[] = [];
  if (gates.require === undefined) {
    const finished = certification.testsPassed + certification.testsFailed;
    checks.push({
      // The status a model must have, in the certification's own words.
      gate: 'certified',
      kind: 'certified',
      passed: certification.status === 'certified',
      actual: t.t('cli.gate.finished', {
        status: certification.status,
        passed: certification.testsPassed,
        finished,
      }),
    });
  } else {
    for (const name of gates.require) {
      // Checked as JSON from a server that may be older than this CLI: a missing capability is not proved.
      const value = (certification.capabilities as Partial<Capabilities> | undefined)?.[name];
      checks.push({
        gate: name,
        kind: 'capability',
        passed: value === true,
        actual: describeCapability(value, t),
      });
    }
  }
  if (gates.maxTtftMs !== undefined) {
    const ttft = certification.ttftMs;
    checks.push({
      gate: t.t('cli.gate.ttft', { ms: gates.maxTtftMs }),
      kind: 'threshold',
      passed: ttft !== null && ttft <= gates.maxTtftMs,
      actual: ttft === null ? t.t('cli.gate.notMeasured') : formatDuration(ttft, locale),
    });
  }
  if (gates.maxLatencyMs !== undefined) {
    checks.push({
      gate: t.t('cli.gate.latency', { ms: gates.maxLatencyMs }),
      kind: 'threshold',
      passed: certification.avgLatencyMs <= gates.maxLatencyMs,
      actual: formatDuration(certification.avgLatencyMs, locale),
    });
  }
  if (gates.maxCostUsd !== undefined) {
    const cost = certification.estimatedCostUsd;
    checks.push({
      gate: t.t('cli.gate.cost', { usd: plainNumber(gates.maxCostUsd, locale) }),
      kind: 'threshold',
      passed: cost !== null && cost <= gates.maxCostUsd,
      actual: cost === null ? t.t('cli.gate.noPrice') : formatCost(cost, locale),
    });
  }
  return { passed: checks.every((check) => check.passed), checks };
}

/** What a gate saw of one capability: `true`, `false`, `null (not determined)` or `not tested`. */
function describeCapability(value: boolean | null | undefined, t: Translator): string {
  if (value === null) return t.t('cli.gate.notDetermined');
  if (value === undefined) return t.t('cli.gate.notTested');
  return String(value);
}

/** `requires streaming, toolUse; TTFT ≤ 2000 ms`: the gates in one phrase, for report headers. */
export function describeGates(gates: Gates, t: Translator = ENGLISH): string {
  const parts = [
    gates.require === undefined
      ? 'certified'
      : t.t('cli.gate.requires', { capabilities: gates.require.join(', ') }),
  ];
  if (gates.maxTtftMs !== undefined) parts.push(t.t('cli.gate.ttft', { ms: gates.maxTtftMs }));
  if (gates.maxLatencyMs !== undefined)
    parts.push(t.t('cli.gate.latency', { ms: gates.maxLatencyMs }));
  if (gates.maxCostUsd !== undefined)
    parts.push(t.t('cli.gate.cost', { usd: plainNumber(gates.maxCostUsd, t.locale) }));
  return parts.join('; ');
}

/** `toolUse: false; TTFT ≤ 2000 ms: 2.31 s`: the failed checks of a verdict, for one line. */
export function describeFailedChecks(verdict: GateVerdict): string {
  return verdict.checks
    .filter((check) => !check.passed)
    .map((check) => (check.kind === 'certified' ? check.actual : `${check.gate}: ${check.actual}`))
    .join('; ');
}

/** A limit as the command line gave it, in the language's digits: `0.05`, `0,05`; never grouped. */
function plainNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 20 }).format(
    value,
  );
}
