import {
  CAPABILITIES,
  type CapabilityName,
  type CapabilityValue,
  type Capabilities,
  type SuiteName,
} from '../suites.js';
import type {
  Certification,
  Diagnosis,
  ProbeErrorCode,
  TestName,
  TestResult,
  TokenUsage,
} from '../types.js';
import {
  diagnosisHint,
  isUnavailableCode,
  suggestedInferenceProfiles,
} from './classify-bedrock-error.js';
import { estimateCostUsd } from './pricing.js';
import type { ProbeFindings } from './probes/index.js';
import { addUsage } from './read-answer.js';

/**
 * Failures that say something about the feature: the model refused it, ignored it, or answered
 * wrongly. Every other failure (throttled, timed out, a service error, a model that cannot be
 * invoked) leaves its capabilities undetermined (`null`), never "unsupported".
 */
const DETERMINING_CODES: ReadonlySet<ProbeErrorCode> = new Set<ProbeErrorCode>([
  'FEATURE_UNSUPPORTED',
  'FEATURE_IGNORED',
  'WRONG_ANSWER',
]);

/** One finished probe as the engine hands it over. */
export interface ProbeOutcome {
  result: TestResult;
  findings?: ProbeFindings;
  /** The engine stopped it (deadline, unavailability); its latency says nothing about the model. */
  cancelled: boolean;
}

/**
 * A certification as the engine reports it: everything but how long it may be cached
 * (`expiresAt`, stamped by the service's expiry policy) and where it came from (`cached`).
 */
export type CertificationDraft = Omit<Certification, 'expiresAt' | 'cached'>;

/** Builds the certification object of docs/api.md (with its additions) from the probes' outcomes. */
export function summarize(input: {
  modelId: string;
  region: string;
  suite: SuiteName;
  outcomes: readonly ProbeOutcome[];
  certifiedAt: number;
}): CertificationDraft {
  const { modelId, region, suite, outcomes, certifiedAt } = input;
  const results = outcomes.map((outcome) => outcome.result);
  const testsPassed = results.filter((result) => result.status === 'passed').length;
  const testsFailed = results.length - testsPassed;
  const unavailable = results.some(
    (result) => result.error !== undefined && isUnavailableCode(result.error.code),
  );
  const status = unavailable ? 'unavailable' : testsFailed === 0 ? 'certified' : 'failed';
  const timed = outcomes.filter((outcome) => !outcome.cancelled);
  const usage = sumUsage(results);
  const streaming = outcomes.find(
    (outcome) => outcome.result.testName === 'streaming-test',
  )?.result;
  const draft: CertificationDraft = {
    modelId,
    region,
    suite,
    status,
    isCertified: status === 'certified',
    isAvailable: status !== 'unavailable',
    testsPassed,
    testsFailed,
    successRate: results.length === 0 ? 0 : Math.round((testsPassed / results.length) * 100),
    avgLatencyMs:
      timed.length === 0
        ? 0
        : Math.round(
            timed.reduce((sum, outcome) => sum + outcome.result.latencyMs, 0) / timed.length,
          ),
    results,
    certifiedAt: new Date(certifiedAt).toISOString(),
    ttftMs: streaming?.status === 'passed' ? (streaming.ttftMs ?? null) : null,
    outputTokensPerSecond:
      streaming?.status === 'passed' ? (streaming.outputTokensPerSecond ?? null) : null,
    usage,
    estimatedCostUsd: estimateCostUsd(modelId, usage),
    capabilities: capabilities(outcomes, suite),
  };
  const diagnosis = diagnose(draft);
  if (diagnosis.length > 0) draft.diagnosis = diagnosis;
  return draft;
}

function sumUsage(results: readonly TestResult[]): TokenUsage {
  let total: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  for (const { usage } of results) if (usage !== undefined) total = addUsage(total, usage);
  return total;
}

/**
 * What the probes showed, three-valued: every capability of the core suite (`null` when its
 * probe did not run), and those of the larger suites when their probes ran.
 */
function capabilities(outcomes: readonly ProbeOutcome[], suite: SuiteName): Capabilities {
  const byTest = new Map(outcomes.map((outcome) => [outcome.result.testName, outcome]));
  const found: Partial<Record<CapabilityName, CapabilityValue>> = {};
  for (const capability of CAPABILITIES) {
    const outcome = byTest.get(capability.testName);
    if (outcome === undefined) {
      if (capability.suite === 'core' || capability.suite === suite) found[capability.key] = null;
      continue;
    }
    found[capability.key] = capabilityValue(outcome, capability.key, capability.fromFindings);
  }
  return found as Capabilities;
}

function capabilityValue(
  outcome: ProbeOutcome,
  key: CapabilityName,
  fromFindings: boolean | undefined,
): CapabilityValue {
  const { result, findings } = outcome;
  if (result.status === 'passed')
    return fromFindings === true ? (findings?.capabilities?.[key] ?? false) : true;
  return result.error !== undefined && DETERMINING_CODES.has(result.error.code) ? false : null;
}

/** One entry per failure code, in order of first appearance, naming the tests it applies to. */
function diagnose(draft: CertificationDraft): Diagnosis[] {
  const byCode = new Map<ProbeErrorCode, { tests: TestName[]; messages: string[] }>();
  for (const result of draft.results) {
    if (result.error === undefined) continue;
    const entry = byCode.get(result.error.code) ?? { tests: [], messages: [] };
    entry.tests.push(result.testName);
    if (!entry.messages.includes(result.error.message)) entry.messages.push(result.error.message);
    byCode.set(result.error.code, entry);
  }
  return [...byCode].map(([code, { tests, messages }]) => {
    const context = { modelId: draft.modelId, region: draft.region, tests, messages };
    const diagnosis: Diagnosis = { code, tests, hint: diagnosisHint(code, context) };
    const suggested =
      code === 'INFERENCE_PROFILE_REQUIRED' ? suggestedInferenceProfiles(context) : [];
    if (suggested.length > 0) diagnosis.suggestedModelIds = suggested;
    return diagnosis;
  });
}
