/**
 * The engine driving the real `@aws-sdk/client-bedrock-runtime` against the local Bedrock
 * simulator (real wire protocol, real exception classes and messages), for every catalog model
 * and every fault model. Simulated delays are scaled down by BEDROCK_SIM_TIME_SCALE (vitest config).
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  APPLICATION_PROFILES,
  applicationProfileArn,
  SIMULATOR_CATALOG,
  startBedrockSimulator,
  type BedrockSimulator,
} from '../../../local/bedrock-simulator/index.js';
import type { SimulatedModel } from '../../../local/bedrock-simulator/catalog.js';
import { baseModelId } from '../../../shared/certification/base-model-id.js';
import {
  certifyModel,
  type CertificationDraft,
  type CertifyModelOptions,
} from '../../../shared/certification/engine.js';
import { capabilitiesOf, testNamesOf } from '../../../shared/suites.js';
import { stringMatching } from '../../support/matchers.js';
import {
  TEST_NAMES,
  type CertificationStatus,
  type ProbeErrorCode,
  type TestName,
} from '../../../shared/types.js';

/** The core suite's size, from the registry. */
const N = TEST_NAMES.length;

interface Expected {
  status: CertificationStatus;
  /** Failed tests and their codes; every other test must pass. */
  failures?: Partial<Record<TestName, ProbeErrorCode>>;
  /** Every test fails with this code. */
  allFail?: ProbeErrorCode;
  streamingToolUse?: boolean;
  /** Substring of a diagnosis hint. */
  hint?: string;
  options?: Partial<CertifyModelOptions>;
}

const certified = (streamingToolUse = true): Expected => ({
  status: 'certified',
  streamingToolUse,
});
const unavailable = (code: ProbeErrorCode, hint?: string): Expected => ({
  status: 'unavailable',
  allFail: code,
  ...(hint ? { hint } : {}),
});

const profileOnly = (
  modelId: string,
  prefixes: readonly string[],
  streamingToolUse = true,
): Record<string, Expected> => ({
  ...Object.fromEntries(
    prefixes.map((prefix) => [`${prefix}.${modelId}`, certified(streamingToolUse)]),
  ),
  [modelId]: unavailable('INFERENCE_PROFILE_REQUIRED', `us.${modelId}`),
});
const notText: Expected = {
  status: 'failed',
  allFail: 'FEATURE_UNSUPPORTED',
  streamingToolUse: false,
};

/** What issues 3, 11 and 19 expect of each simulated model, certified from us-east-1. */
const EXPECTED: Readonly<Record<string, Expected>> = {
  ...profileOnly('anthropic.claude-sonnet-4-5-20250929-v1:0', ['us', 'global']),
  ...profileOnly('anthropic.claude-haiku-4-5-20251001-v1:0', ['us', 'global']),
  ...profileOnly('anthropic.claude-opus-4-5-20251101-v1:0', ['us', 'global']),
  ...profileOnly('anthropic.claude-sonnet-4-6', ['us', 'global']),
  // An SCP of this account denies Opus 4.6.
  'anthropic.claude-opus-4-6-v1': unavailable(
    'INFERENCE_PROFILE_REQUIRED',
    'us.anthropic.claude-opus-4-6-v1',
  ),
  'us.anthropic.claude-opus-4-6-v1': unavailable('ACCESS_DENIED', 'bedrock:InvokeModel'),
  'global.anthropic.claude-opus-4-6-v1': unavailable('ACCESS_DENIED'),
  // Legacy, and not used by this account in the last 15 days.
  'anthropic.claude-opus-4-1-20250805-v1:0': unavailable('INFERENCE_PROFILE_REQUIRED'),
  'us.anthropic.claude-opus-4-1-20250805-v1:0': unavailable('MODEL_LEGACY', 'is Legacy'),
  ...profileOnly('amazon.nova-2-lite-v1:0', ['us', 'global']),
  'amazon.nova-pro-v1:0': certified(),
  'us.amazon.nova-pro-v1:0': certified(),
  'amazon.nova-lite-v1:0': certified(),
  'us.amazon.nova-lite-v1:0': certified(),
  'amazon.nova-micro-v1:0': certified(),
  'us.amazon.nova-micro-v1:0': certified(),
  ...profileOnly('meta.llama4-maverick-17b-instruct-v1:0', ['us'], false),
  ...profileOnly('meta.llama4-scout-17b-instruct-v1:0', ['us'], false),
  ...profileOnly('meta.llama3-3-70b-instruct-v1:0', ['us'], false),
  ...profileOnly('mistral.pixtral-large-2502-v1:0', ['us']),
  'mistral.mistral-large-3-675b-instruct': certified(),
  'deepseek.v3-v1:0': unavailable('INVALID_MODEL_ID', 'us-east-1'),
  'deepseek.r1-v1:0': unavailable('INFERENCE_PROFILE_REQUIRED', 'us.deepseek.r1-v1:0'),
  // A reasoning model: passes everything it supports despite thinking first.
  'us.deepseek.r1-v1:0': {
    status: 'failed',
    failures: { 'tool-use': 'FEATURE_UNSUPPORTED' },
    streamingToolUse: false,
  },
  'openai.gpt-oss-120b-1:0': certified(),
  'openai.gpt-oss-20b-1:0': certified(),
  'qwen.qwen3-32b-v1:0': certified(),
  'qwen.qwen3-235b-a22b-2507-v1:0': certified(),
  'qwen.qwen3-coder-30b-a3b-v1:0': certified(),
  ...profileOnly('writer.palmyra-x5-v1:0', ['us']),
  // End of life: no longer listed, refused with Bedrock's end-of-life message.
  'anthropic.claude-3-5-sonnet-20241022-v2:0': unavailable('MODEL_END_OF_LIFE', 'end of life'),
  'anthropic.claude-3-7-sonnet-20250219-v1:0': unavailable('MODEL_END_OF_LIFE'),
  'anthropic.claude-sonnet-4-20250514-v1:0': unavailable('MODEL_END_OF_LIFE'),
  'anthropic.claude-3-5-haiku-20241022-v1:0': unavailable('MODEL_END_OF_LIFE'),
  'anthropic.claude-3-haiku-20240307-v1:0': unavailable('MODEL_END_OF_LIFE'),
  'anthropic.claude-v2': unavailable('MODEL_END_OF_LIFE'),
  'anthropic.claude-v2:1': unavailable('MODEL_END_OF_LIFE'),
  'meta.llama3-2-11b-instruct-v1:0': unavailable('MODEL_END_OF_LIFE'),
  'amazon.nova-premier-v1:0': unavailable('MODEL_END_OF_LIFE'),
  'amazon.nova-canvas-v1:0': unavailable('MODEL_END_OF_LIFE'),
  'amazon.titan-embed-text-v2:0': notText,
  'cohere.embed-english-v3': notText,
  'stability.sd3-5-large-v1:0': unavailable('INVALID_MODEL_ID'),
  'sim.marketplace-denied': unavailable(
    'ACCESS_DENIED',
    'aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions',
  ),
  [applicationProfileArn(APPLICATION_PROFILES[0] as (typeof APPLICATION_PROFILES)[number])]:
    certified(),
  'acme.nonexistent-v1:0': unavailable('INVALID_MODEL_ID'),
  'sim.throttled': { status: 'failed', allFail: 'THROTTLED' },
  'sim.unavailable': { status: 'failed', allFail: 'SERVICE_UNAVAILABLE' },
  // Tool use falls back to Converse when the stream breaks, so only the streaming test fails.
  'sim.stream-drop': {
    status: 'failed',
    failures: { 'streaming-test': 'MODEL_ERROR' },
    streamingToolUse: false,
  },
  'sim.hang': { status: 'failed', allFail: 'TIMEOUT', options: { deadlineMs: 300 } },
  'sim.wrong-answers': { status: 'failed', allFail: 'WRONG_ANSWER' },
  // First token after ~20 s (scaled): every probe hits its own timeout.
  'sim.slow-first-token': {
    status: 'failed',
    allFail: 'TIMEOUT',
    options: { probeTimeoutMs: 150 },
  },
};

let sim: BedrockSimulator;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  sim = await startBedrockSimulator();
  // One attempt per SDK call: the engine's own throttle retry is what is under test.
  client = new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: sim.url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  await sim.close();
});

function certify(
  modelId: string,
  options: Partial<CertifyModelOptions> = {},
): Promise<CertificationDraft> {
  return certifyModel(modelId, {
    bedrock: client,
    region: 'us-east-1',
    retry: { baseDelayMs: 20 },
    ...options,
  });
}

/** Waits (bounded) until the simulator has no request in flight. */
async function settled(): Promise<void> {
  for (let i = 0; i < 200 && sim.stats.active > 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
}

beforeEach(async () => {
  await settled();
  sim.resetStats();
});

describe('every simulator catalog model', () => {
  it('has an expected outcome here', () => {
    expect(
      SIMULATOR_CATALOG.map((entry) => entry.modelId).filter((id) => EXPECTED[id] === undefined),
    ).toEqual([]);
  });

  it.each(Object.entries(EXPECTED))('%s', async (modelId, expected) => {
    const certification = await certify(modelId, expected.options);

    expect(certification.modelId).toBe(modelId);
    expect(certification.status).toBe(expected.status);
    expect(certification.isAvailable).toBe(expected.status !== 'unavailable');
    expect(certification.isCertified).toBe(expected.status === 'certified');
    expect(certification.results.map((r) => r.testName)).toEqual([...TEST_NAMES]);
    const codes = Object.fromEntries(
      certification.results.map((r) => [r.testName, r.error?.code ?? 'passed']),
    );
    const wanted = Object.fromEntries(
      TEST_NAMES.map((name) => [name, expected.allFail ?? expected.failures?.[name] ?? 'passed']),
    );
    expect(codes).toEqual(wanted);
    for (const r of certification.results) {
      if (r.error) expect(r.error.message, r.testName).not.toMatch(/\n|\bat \S+ \(|RequestId/i);
    }
    if (expected.streamingToolUse !== undefined)
      expect(certification.capabilities.streamingToolUse).toBe(expected.streamingToolUse);
    if (expected.hint !== undefined)
      expect(certification.diagnosis?.map((d) => d.hint).join(' ')).toContain(expected.hint);
    if (expected.status === 'certified') {
      expect(certification.successRate).toBe(100);
      expect(certification.ttftMs).toEqual(expect.any(Number));
      expect(certification.usage.totalTokens).toBeGreaterThan(0);
      expect(certification.diagnosis).toBeUndefined();
    } else {
      expect(certification.diagnosis?.length).toBeGreaterThan(0);
    }
  });
});

describe('Claude Sonnet 4.5 on the simulator', () => {
  it('certifies every core probe within the token budget, with a price, speed and every capability', async () => {
    const certification = await certify('us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(certification).toMatchObject({
      status: 'certified',
      testsPassed: N,
      testsFailed: 0,
      successRate: 100,
    });
    expect(certification.usage.totalTokens).toBeLessThanOrEqual(1_500);
    expect(certification.usage.totalTokens).toBe(
      certification.usage.inputTokens + certification.usage.outputTokens,
    );
    expect(certification.estimatedCostUsd).toBeGreaterThan(0);
    expect(Object.values(certification.capabilities).every(Boolean)).toBe(true);
    // One Bedrock call per probe: tool use and streaming tool use share the streamed call.
    expect(sim.stats.requests).toBe(N);
  });

  it('runs the six probes concurrently', async () => {
    // The simulator holds every call of the model until released: all of the suite's calls are
    // in flight together only if none waits for another to finish.
    const model = 'amazon.nova-micro-v1:0';
    const release = sim.hold(model);
    try {
      const pending = certify(model);
      await expect.poll(() => sim.stats.active, { timeout: 10_000 }).toBe(N);
      release();
      expect((await pending).status).toBe('certified');
    } finally {
      release();
    }
  });
});

describe('the full suite on the simulator', () => {
  /** Models the core suite certifies (plus two that fail one core probe): their features are worth finding. */
  const answering = Object.entries(EXPECTED)
    .filter(
      ([modelId, expected]) =>
        (expected.status === 'certified' || expected.failures !== undefined) &&
        !modelId.startsWith('sim.'),
    )
    .map(([modelId]) => modelId);

  /** The simulated model behind an id (profile prefixes and the application profile resolved). */
  function simulated(modelId: string): SimulatedModel {
    const application = APPLICATION_PROFILES.find(
      (profile) => applicationProfileArn(profile) === modelId,
    );
    const base = baseModelId(application?.copiedFrom ?? modelId) ?? modelId;
    const model = sim.models.find(base);
    if (model === undefined) throw new Error(`no simulated model ${base}`);
    return model;
  }

  it('has models to run', () => {
    expect(answering.length).toBeGreaterThan(15);
  });

  it.each(answering)('%s: finds exactly the features the simulator gives it', async (modelId) => {
    const certification = await certify(modelId, { suite: 'full' });
    const { features } = simulated(modelId);
    const found = Object.fromEntries(
      capabilitiesOf('full')
        .filter((capability) => capability.suite === 'full')
        .map(({ key }) => [key, certification.capabilities[key]]),
    );
    const expected = {
      imageInput: features.imageInput,
      documentInput: features.documentInput,
      citations: features.citations && features.documentInput,
      // An application profile's ARN hides its model, so its family's reasoning setting is unknown.
      reasoning: features.reasoning && !modelId.startsWith('arn:'),
      // "ignored" is a failure: the cache point is accepted and nothing is read.
      promptCaching: features.promptCaching === true,
      structuredOutput: features.structuredOutput,
      toolChoice: features.toolChoice && features.toolUse,
    };
    expect(found).toEqual(expected);
    expect(certification.results.map((r) => r.testName)).toEqual([...testNamesOf('full')]);
    for (const r of certification.results) {
      if (r.status === 'failed')
        expect(r.error?.code, r.testName).toMatch(/^(FEATURE_UNSUPPORTED|FEATURE_IGNORED)$/);
    }
  });

  it('Claude Sonnet 4.5: every feature within 5,000 tokens, the core suite within 700', async () => {
    const full = await certify('us.anthropic.claude-sonnet-4-5-20250929-v1:0', { suite: 'full' });
    expect(full.status).toBe('certified');
    expect(full.testsPassed).toBe(testNamesOf('full').length);
    expect(full.usage.totalTokens).toBeLessThanOrEqual(5_000);
    // Cached tokens are part of the total, counted apart as Bedrock reports them.
    expect(full.usage.totalTokens).toBe(
      full.usage.inputTokens +
        full.usage.outputTokens +
        (full.usage.cacheReadInputTokens ?? 0) +
        (full.usage.cacheWriteInputTokens ?? 0),
    );
    expect(full.usage.cacheReadInputTokens).toBeGreaterThan(0);
    const core = await certify('us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(core.status).toBe('certified');
    expect(core.usage.totalTokens).toBeLessThanOrEqual(700);
  });

  it('a model whose prompt caching is "ignored" fails that probe alone, as accepted but ignored', async () => {
    const claude = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
    sim.models.patch(claude, { features: { promptCaching: 'ignored' } });
    try {
      const certification = await certify(`us.${claude}`, { suite: 'full' });
      expect(certification.status).toBe('failed');
      expect(certification.results.filter((r) => r.status === 'failed')).toEqual([
        expect.objectContaining({
          testName: 'prompt-caching',
          error: {
            code: 'FEATURE_IGNORED',
            message: stringMatching(/^Accepted but ignored/),
          },
        }),
      ]);
      expect(certification.capabilities.promptCaching).toBe(false);
      expect(certification.diagnosis?.[0]?.hint).toContain('accepted but ignored');
    } finally {
      sim.models.reset(claude);
    }
  });

  it('a throttled model determines nothing: every capability null, none false', async () => {
    const certification = await certify('sim.throttled', {
      suite: 'full',
      retry: { maxAttempts: 2, baseDelayMs: 5 },
    });
    expect(Object.values(certification.capabilities).every((value) => value === null)).toBe(true);
  });
});

describe('faults on the real wire', () => {
  it('retries a throttled model a bounded number of times', async () => {
    const certification = await certify('sim.throttled', {
      retry: { maxAttempts: 3, baseDelayMs: 10 },
    });
    expect(
      certification.results.every((r) => r.error?.message.endsWith('Gave up after 3 attempts.')),
    ).toBe(true);
    expect(sim.stats.requests).toBe(3 * N);
  });

  it('cancels hanging calls at the deadline: the simulator sees every request go away', async () => {
    const certification = await certify('sim.hang', { deadlineMs: 200 });
    expect(certification.results.every((r) => r.error?.code === 'TIMEOUT')).toBe(true);
    expect(sim.stats.requests).toBe(N);
    await settled();
    expect(sim.stats.active).toBe(0);
    expect(sim.stats.aborted).toBe(N);
  });

  it('stops every in-flight call when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = certify('sim.hang', { signal: controller.signal });
    await expect.poll(() => sim.stats.active, { timeout: 10_000 }).toBe(N);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await settled();
    expect(sim.stats.active).toBe(0);
    expect(sim.stats.aborted).toBe(N);
  });

  it('a reasoning model passes by retrying only the calls that ran out of room thinking', async () => {
    const certification = await certify('openai.gpt-oss-120b-1:0');
    expect(certification.status).toBe('certified');
    expect(sim.stats.requests).toBeGreaterThan(N);
    expect(sim.stats.requests).toBeLessThanOrEqual(2 * N);
  });
});
