/**
 * The data file the simulator reads: the committed one is valid and complete, and a broken one
 * is refused with a message that names the field.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildSimulatedCatalog,
  FEATURE_NAMES,
  InvalidSimulatedAccountError,
  parseSimulatedAccount,
  readSimulatedAccount,
  staleReferences,
  type SimulatedAccountFile,
} from '../../../local/bedrock-simulator/index.js';

const file = readSimulatedAccount();
const NOVA = 'amazon.nova-lite-v1:0';

/** A deep copy of the committed file, to break one thing in. */
const copy = (): SimulatedAccountFile => structuredClone(file);

/** `value` with its members open to anything, to write what the types would refuse. */
const loose = (value: object | undefined): Record<string, unknown> =>
  (value ?? {}) as Record<string, unknown>;

/** A part of the copy that must be there. */
function present<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('the committed file lacks a part this test breaks');
  return value;
}

function refused(change: (json: SimulatedAccountFile) => void): string {
  const json = copy();
  change(json);
  try {
    parseSimulatedAccount(json);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSimulatedAccountError);
    return (error as Error).message;
  }
  throw new Error('the broken file was accepted');
}

describe('the committed data file', () => {
  it('gives every listed or retired text model its own hand-kept knobs, features with sources', () => {
    const { controlPlane, handKept } = file;
    const text = [
      ...Object.entries(controlPlane.foundationModels),
      ...Object.entries(handKept.retiredModels),
    ].filter(([, model]) => model.outputModalities.includes('TEXT'));
    expect(text.length).toBeGreaterThan(25);
    for (const [modelId] of text) {
      const knobs = handKept.models[modelId];
      expect(knobs, modelId).toBeDefined();
      expect(knobs?.featureSources.length, modelId).toBeGreaterThan(0);
      expect(Object.keys(knobs?.features ?? {}).sort(), modelId).toEqual([...FEATURE_NAMES].sort());
    }
    expect(staleReferences(file)).toEqual([]);
  });

  it('brings the catalog to late 2026: Claude 3.5 Sonnet v2 and 3.7 Sonnet retired with their dates, Opus 4.1 Legacy', () => {
    const { controlPlane, handKept } = file;
    expect(handKept.retiredModels['anthropic.claude-3-5-sonnet-20241022-v2:0']?.endOfLifeTime).toBe(
      '2026-07-30T00:00:00Z',
    );
    expect(handKept.retiredModels['anthropic.claude-3-7-sonnet-20250219-v1:0']?.endOfLifeTime).toBe(
      '2026-04-28T00:00:00Z',
    );
    expect(
      controlPlane.foundationModels['anthropic.claude-opus-4-1-20250805-v1:0']?.modelLifecycle,
    ).toEqual({
      status: 'LEGACY',
      legacyTime: '2026-07-08T00:00:00Z',
      publicExtendedAccessTime: '2026-10-08T00:00:00Z',
      endOfLifeTime: '2027-01-08T00:00:00Z',
    });
    const providers = new Set(
      Object.values(controlPlane.foundationModels).map((model) => model.providerName),
    );
    for (const provider of [
      'Anthropic',
      'Amazon',
      'Meta',
      'Mistral AI',
      'DeepSeek',
      'OpenAI',
      'Qwen',
    ])
      expect(providers, provider).toContain(provider);
  });

  it('builds the same catalog every time (the simulator reads it once)', () => {
    const models = buildSimulatedCatalog(file).models;
    expect(buildSimulatedCatalog(parseSimulatedAccount(copy())).models).toEqual(models);
  });
});

describe('a broken data file', () => {
  it.each<[string, (json: SimulatedAccountFile) => void, string]>([
    [
      'another format',
      (json) => (loose(json).format = 'bedrock-simulated-account/2'),
      'simulated-account.json.format must be "bedrock-simulated-account/1".',
    ],
    [
      'a misspelt field',
      (json) => (loose(json.handKept.models[NOVA]).timming = {}),
      'simulated-account.json.handKept.models["amazon.nova-lite-v1:0"] has unknown field timming',
    ],
    [
      'a feature that is not a boolean',
      (json) => (loose(json.handKept.models[NOVA]?.features).toolUse = 'yes'),
      'simulated-account.json.handKept.models["amazon.nova-lite-v1:0"].features.toolUse must be true or false.',
    ],
    [
      'a feature missing',
      (json) => delete loose(json.handKept.defaults.features).citations,
      'simulated-account.json.handKept.defaults.features.citations must be present.',
    ],
    [
      'prompt caching without its minimum',
      (json) => delete present(json.handKept.models[NOVA]).promptCacheMinTokens,
      'simulated-account.json.handKept.models["amazon.nova-lite-v1:0"].promptCacheMinTokens must be given where promptCaching is supported.',
    ],
    [
      'a default output limit above the largest',
      (json) => (present(json.handKept.models[NOVA]).defaultMaxTokens = 20_000),
      'defaultMaxTokens must be at most maxOutputTokens (10000).',
    ],
    [
      'an unknown source',
      (json) => (present(json.handKept.models[NOVA]).featureSources = ['a-blog']),
      'simulated-account.json.handKept.models["amazon.nova-lite-v1:0"].featureSources[0] must be a key of handKept.sources.',
    ],
    [
      'a lifecycle date in another format',
      (json) =>
        (present(
          json.controlPlane.foundationModels['anthropic.claude-opus-4-1-20250805-v1:0'],
        ).modelLifecycle.endOfLifeTime = 'January 8, 2027'),
      'modelLifecycle.endOfLifeTime must be a timestamp like 2026-07-30T00:00:00Z.',
    ],
    [
      'a Region listing a model the file does not describe',
      (json) =>
        (present(json.controlPlane.regions['us-east-1']).foundationModels['acme.model-v1:0'] = [
          'ON_DEMAND',
        ]),
      'simulated-account.json.controlPlane.regions["us-east-1"].foundationModels["acme.model-v1:0"] must be a model of controlPlane.foundationModels.',
    ],
    [
      'a profile of a model the Region does not list',
      (json) =>
        (present(json.controlPlane.regions['us-east-1']).inferenceProfiles['us.deepseek.v3-v1:0'] =
          ['us-east-1']),
      'must be a profile of controlPlane.inferenceProfiles.',
    ],
    [
      'an unknown inference type',
      (json) =>
        (loose(present(json.controlPlane.regions['us-east-1']).foundationModels)[NOVA] = ['BATCH']),
      'must be one of ON_DEMAND, INFERENCE_PROFILE, PROVISIONED.',
    ],
    [
      'an unknown access',
      (json) => (loose(json.handKept.account.access)[NOVA] = 'maybe'),
      'simulated-account.json.handKept.account.access["amazon.nova-lite-v1:0"] must be one of granted, denied, marketplace-denied, not-used-recently.',
    ],
  ])('refuses %s, naming the field', (_what, change, message) => {
    expect(refused(change)).toContain(message);
  });

  it('keeps hand-kept facts about models the control plane no longer lists, and says so', () => {
    const json = copy();
    delete json.controlPlane.foundationModels['writer.palmyra-x5-v1:0'];
    for (const region of Object.values(json.controlPlane.regions)) {
      delete region.foundationModels['writer.palmyra-x5-v1:0'];
      delete region.inferenceProfiles['us.writer.palmyra-x5-v1:0'];
    }
    delete json.controlPlane.inferenceProfiles['us.writer.palmyra-x5-v1:0'];
    const parsed: SimulatedAccountFile = parseSimulatedAccount(json);
    expect(parsed.handKept.models['writer.palmyra-x5-v1:0']).toBeDefined();
    expect(staleReferences(parsed)).toEqual([
      'handKept.models has writer.palmyra-x5-v1:0, which no Region lists and retiredModels lacks',
    ]);
  });

  describe('on disk', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'simulated-account-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('says what is wrong with a file that is not JSON, or not there', async () => {
      const path = join(dir, 'broken.json');
      await writeFile(path, '{"format": ');
      expect(() => readSimulatedAccount(path)).toThrow(/^broken\.json is not JSON: /);
      expect(() => readSimulatedAccount(join(dir, 'missing.json'))).toThrow(
        `Cannot read ${join(dir, 'missing.json')}: ENOENT.`,
      );
    });
  });
});
