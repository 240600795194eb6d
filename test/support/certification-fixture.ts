import type { Certification } from '../../shared/types.js';
import { TEST_NAMES } from '../../shared/types.js';

/**
 * A complete certification object, as the engine would produce for a well-behaved model, with
 * every field set. Tests override the fields they are about.
 */
export function sampleCertification(overrides: Partial<Certification> = {}): Certification {
  return {
    modelId: 'anthropic.claude-3-5-sonnet-20241022-v2:0',
    region: 'us-east-1',
    suite: 'core',
    status: 'certified',
    isCertified: true,
    isAvailable: true,
    testsPassed: TEST_NAMES.length,
    testsFailed: 0,
    successRate: 100,
    avgLatencyMs: 640,
    results: TEST_NAMES.map((testName, index) => ({
      testName,
      status: 'passed' as const,
      latencyMs: 600 + index * 10,
    })),
    certifiedAt: '2026-11-24T12:00:00.000Z',
    expiresAt: '2026-11-25T12:00:00.000Z',
    cached: false,
    ttftMs: 210,
    outputTokensPerSecond: 48.5,
    usage: { inputTokens: 300, outputTokens: 60, totalTokens: 360 },
    estimatedCostUsd: 0.0018,
    capabilities: {
      streaming: true,
      systemPrompt: true,
      toolUse: true,
      streamingToolUse: false,
      jsonOutput: true,
      multiTurn: true,
    },
    ...overrides,
  };
}

/** A certification whose tool-use probe failed with `message`: `failed`, 5 of 6 passed. */
export function toolUseFailedCertification(
  message = "This model doesn't support tool use.",
  overrides: Partial<Certification> = {},
): Certification {
  const base = sampleCertification(overrides);
  return {
    ...base,
    status: 'failed',
    isCertified: false,
    testsPassed: 5,
    testsFailed: 1,
    successRate: 83,
    results: base.results.map((result) =>
      result.testName === 'tool-use'
        ? { ...result, status: 'failed', error: { code: 'FEATURE_UNSUPPORTED', message } }
        : result,
    ),
    capabilities: { ...base.capabilities, toolUse: false },
  };
}

/**
 * What a certification of an id Bedrock does not know looks like: `unavailable`, every probe
 * `INVALID_MODEL_ID` ("The provided model identifier is invalid."), nothing spent.
 */
export function unknownModelCertification(overrides: Partial<Certification> = {}): Certification {
  const base = sampleCertification(overrides);
  const error = {
    code: 'INVALID_MODEL_ID' as const,
    message: 'The provided model identifier is invalid.',
  };
  return {
    ...base,
    status: 'unavailable',
    isCertified: false,
    isAvailable: false,
    testsPassed: 0,
    testsFailed: base.results.length,
    successRate: 0,
    results: base.results.map((result) => ({ ...result, status: 'failed', latencyMs: 40, error })),
    ttftMs: null,
    outputTokensPerSecond: null,
    usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    estimatedCostUsd: 0,
    ...overrides,
  };
}
