import type {
  Capabilities,
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
import type { ProbeCapability, ProbeFindings } from './probes/index.js';

/** One finished probe as the engine hands it over. */
export interface ProbeOutcome {
  result: TestResult;
  /** The probe's `capability`: what its pass proves. */
  capability?: ProbeCapability;
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
  outcomes: readonly ProbeOutcome[];
  certifiedAt: number;
}): CertificationDraft {
  const { modelId, region, outcomes, certifiedAt } = input;
  const results = outcomes.map((outcome) => outcome.result);
  const testsPassed = results.filter((result) => result.status === 'passed').length;
  const testsFailed = results.length - testsPassed;
  const unavailable = results.some(
    (result) => result.error !== undefined && isUnavailableCode(result.error.code),
  );
  const status = unavailable ? 'unavailable' : testsFailed === 0 ? 'certified' : 'failed';
  const timed = outcomes.filter((outcome) => !outcome.cancelled);
  const usage = sumUsage(results);
  const streaming = outcomes.find((outcome) => outcome.capability === 'streaming')?.result;
  const draft: CertificationDraft = {
    modelId,
    region,
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
    capabilities: capabilities(outcomes),
  };
  const diagnosis = diagnose(draft);
  if (diagnosis.length > 0) draft.diagnosis = diagnosis;
  return draft;
}

function sumUsage(results: readonly TestResult[]): TokenUsage {
  const total: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  for (const { usage } of results) {
    if (usage === undefined) continue;
    total.inputTokens += usage.inputTokens;
    total.outputTokens += usage.outputTokens;
    total.totalTokens += usage.totalTokens;
  }
  return total;
}

/** What the passing probes proved; a capability no probe of the suite tests is false. */
function capabilities(outcomes: readonly ProbeOutcome[]): Capabilities {
  const proved = (capability: ProbeCapability): boolean =>
    outcomes.some((o) => o.capability === capability && o.result.status === 'passed');
  return {
    streaming: proved('streaming'),
    systemPrompt: proved('systemPrompt'),
    toolUse: proved('toolUse'),
    streamingToolUse: outcomes.some(
      (o) => o.result.status === 'passed' && o.findings?.streamingToolUse === true,
    ),
    jsonOutput: proved('jsonOutput'),
    multiTurn: proved('multiTurn'),
  };
}

/** One entry per failure code, in order of first appearance, naming the tests it applies to. */
function diagnose(draft: CertificationDraft): Diagnosis[] {
  const byCode = new Map<ProbeErrorCode, { tests: TestName[]; message: string }>();
  for (const result of draft.results) {
    if (result.error === undefined) continue;
    const entry = byCode.get(result.error.code) ?? { tests: [], message: result.error.message };
    entry.tests.push(result.testName);
    byCode.set(result.error.code, entry);
  }
  return [...byCode].map(([code, { tests, message }]) => {
    const context = { modelId: draft.modelId, region: draft.region, tests, message };
    const diagnosis: Diagnosis = { code, tests, hint: diagnosisHint(code, context) };
    const suggested =
      code === 'INFERENCE_PROFILE_REQUIRED' ? suggestedInferenceProfiles(context) : [];
    if (suggested.length > 0) diagnosis.suggestedModelIds = suggested;
    return diagnosis;
  });
}
