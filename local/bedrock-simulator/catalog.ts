/**
 * The simulated models: one catalog behind both the runtime API (Converse, ConverseStream) and
 * the control plane, built once from the data file `simulated-account.json` (see
 * `simulated-account.ts`) plus the `sim.*` fault injectors, which are not Bedrock models: they
 * answer by id in every Region but the control plane does not list them.
 */
import { inferenceProfilePrefixes } from '../../shared/model-id.js';
import {
  simulatedAccount,
  type AccountAccess,
  type AccountPart,
  type ApplicationInferenceProfile,
  type ControlPlanePart,
  type CustomizationType,
  type Features,
  type InferenceType,
  type LifecycleDates,
  type Modality,
  type ModelKnobs,
  type ReasoningMode,
  type SimulatedAccountFile,
} from './simulated-account.js';

export type {
  ApplicationInferenceProfile,
  CustomizationType,
  Features,
  InferenceType,
  LifecycleDates,
  Modality,
};

/** `modelLifecycle.status`, plus retired models that Bedrock no longer lists but still names in its errors. */
export type Lifecycle = 'ACTIVE' | 'LEGACY' | 'END_OF_LIFE';

/**
 * What this (simulated) account may do with a model. Model access is on by default, so
 * refusals come from elsewhere: an IAM or SCP deny, a failed Marketplace subscription, or a
 * Legacy model the account has not used recently (a fresh account adds its own: see `account.ts`).
 * `denied`: AccessDeniedException "You don't have access to the model with the specified model
 * ID."; `marketplace-denied`: the role may not subscribe through AWS Marketplace;
 * `not-used-recently`: ResourceNotFoundException, Legacy and not invoked in the last 15 days.
 */
export type Access = AccountAccess;

/** Deliberate misbehaviour of a model (the `sim.*` models have one; tests may give any model one). */
export type Fault =
  /** Every call fails with ThrottlingException. */
  | 'throttled'
  /** Every call fails with ServiceUnavailableException. */
  | 'unavailable'
  /** Streams fail with an exception event after some deltas; Converse succeeds. */
  | 'stream-drop'
  /** Accepts the request and never answers. */
  | 'hang'
  /** Fluent, but ignores the instruction (no nonce, no tool call, prose instead of JSON). */
  | 'wrong-answers';

/** Every fault, for validating patches. */
export const FAULTS: readonly Fault[] = [
  'throttled',
  'unavailable',
  'stream-drop',
  'hang',
  'wrong-answers',
];

/**
 * When a model emits `reasoningContent` blocks before its answer: `always` (DeepSeek-R1,
 * gpt-oss) or `on-request`, with `additionalModelRequestFields.thinking.type = "enabled"`
 * (Claude 3.7 and later).
 */
export type Reasoning = ReasoningMode;

/** Everything the simulator knows about one model: the typed view of the data file. */
export interface SimulatedModel {
  /** Foundation model id (no geography prefix). */
  modelId: string;
  modelName: string;
  providerName: string;
  description: string;
  lifecycle: Lifecycle;
  /** The dates `modelLifecycle` reports (legacy, public extended access, end of life). */
  lifecycleDates: LifecycleDates;
  access: Access;
  /** Sold through AWS Marketplace: a fresh account's first calls wait for the subscription. */
  marketplace: boolean;
  /** Per Region where the control plane lists it: its `inferenceTypesSupported`. */
  inferenceTypes: Readonly<Record<string, readonly InferenceType[]>>;
  /** Per Region: the geography prefixes of the system-defined profiles callable from there. */
  profilesByRegion: Readonly<Record<string, readonly string[]>>;
  /**
   * Regions where the model is offered at all (listed, or for a retired model, where it was).
   * Elsewhere the bare id and its profiles are unknown identifiers.
   */
  regions: readonly string[];
  /** Regions where the bare id answers on demand; in the other `regions` it needs a profile. */
  onDemandRegions: readonly string[];
  /** Geography prefixes with a system-defined inference profile somewhere, `global` included. */
  profiles: readonly string[];
  /** A context-window variant (`...:300k`) sold only as Provisioned Throughput: listed, never invocable on demand. */
  provisionedOnly?: boolean;
  inputModalities: readonly Modality[];
  outputModalities: readonly Modality[];
  responseStreamingSupported: boolean;
  customizationsSupported: readonly CustomizationType[];
  features: Features;
  /** Keys of the data file's `handKept.sources` the features follow. */
  featureSources: readonly string[];
  /** The documented minimum tokens per cache checkpoint, where caching is supported. */
  promptCacheMinTokens?: number;
  reasoning?: Reasoning;
  /** Whether reasoning blocks carry a signature (Anthropic does, open-weight models do not). */
  reasoningSignature?: boolean;
  /** Roughly how many words the model thinks before answering a short instruction. */
  reasoningVerbosity?: number;
  timing: { timeToFirstTokenMs: number; tokensPerSecond: number };
  /** Largest `inferenceConfig.maxTokens` accepted. */
  maxOutputTokens: number;
  /** Output limit used when the request sets no `maxTokens`. */
  defaultMaxTokens: number;
  /** Hidden prompt the provider adds when tools are offered (Anthropic documents ~346 tokens). */
  toolPromptTokens: number;
  /** Says a few words before calling a tool, as Claude does. */
  prefacesToolUse: boolean;
  /** Wraps JSON answers in a Markdown code fence, as Llama tends to. */
  fencesJson: boolean;
  fault?: Fault;
}

/** The catalog one simulator serves: its models and the data file's control plane and account. */
export interface SimulatedCatalog {
  /** Listed and retired Bedrock models (file order), then the `sim.*` fault models. */
  models: readonly SimulatedModel[];
  /** What the control plane answers per Region (profile names, routes, timestamps). */
  controlPlane: ControlPlanePart;
  account: AccountPart;
}

/** The behaviour knobs of a model as the data file sets them (its own entry over the defaults). */
function knobsOf(file: SimulatedAccountFile, modelId: string): ModelKnobs {
  return file.handKept.models[modelId] ?? file.handKept.defaults;
}

/** The knobs a `SimulatedModel` takes straight from the hand-kept part. */
function behaviour(
  knobs: ModelKnobs,
): Omit<
  SimulatedModel,
  | 'modelId'
  | 'modelName'
  | 'providerName'
  | 'lifecycle'
  | 'lifecycleDates'
  | 'access'
  | 'marketplace'
  | 'inferenceTypes'
  | 'profilesByRegion'
  | 'regions'
  | 'onDemandRegions'
  | 'profiles'
  | 'inputModalities'
  | 'outputModalities'
  | 'responseStreamingSupported'
  | 'customizationsSupported'
> {
  return {
    description: knobs.description,
    features: { ...knobs.features },
    featureSources: [...knobs.featureSources],
    ...(knobs.promptCacheMinTokens === undefined
      ? {}
      : { promptCacheMinTokens: knobs.promptCacheMinTokens }),
    ...(knobs.reasoning === undefined ? {} : { reasoning: knobs.reasoning }),
    ...(knobs.reasoningSignature === undefined
      ? {}
      : { reasoningSignature: knobs.reasoningSignature }),
    ...(knobs.reasoningVerbosity === undefined
      ? {}
      : { reasoningVerbosity: knobs.reasoningVerbosity }),
    timing: { ...knobs.timing },
    maxOutputTokens: knobs.maxOutputTokens,
    defaultMaxTokens: knobs.defaultMaxTokens,
    toolPromptTokens: knobs.toolPromptTokens,
    prefacesToolUse: knobs.prefacesToolUse,
    fencesJson: knobs.fencesJson,
  };
}

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** The listed models, from the control plane part, in file order. */
function listedModels(file: SimulatedAccountFile): SimulatedModel[] {
  const { controlPlane, handKept } = file;
  return Object.entries(controlPlane.foundationModels).map(([modelId, listed]) => {
    const inferenceTypes: Record<string, InferenceType[]> = {};
    const profilesByRegion: Record<string, string[]> = {};
    for (const [region, offer] of Object.entries(controlPlane.regions)) {
      const types = offer.foundationModels[modelId];
      if (types === undefined) continue;
      inferenceTypes[region] = [...types];
      profilesByRegion[region] = Object.keys(offer.inferenceProfiles).flatMap((profileId) => {
        const dot = profileId.indexOf('.');
        return profileId.slice(dot + 1) === modelId ? [profileId.slice(0, dot)] : [];
      });
    }
    const regions = Object.keys(inferenceTypes);
    const { status, ...lifecycleDates } = listed.modelLifecycle;
    return {
      modelId,
      modelName: listed.modelName,
      providerName: listed.providerName,
      lifecycle: status,
      lifecycleDates,
      access: handKept.account.access[modelId] ?? 'granted',
      marketplace: handKept.account.marketplaceProviders.includes(listed.providerName),
      inferenceTypes,
      profilesByRegion,
      regions,
      onDemandRegions: regions.filter((region) => inferenceTypes[region]?.includes('ON_DEMAND')),
      profiles: unique(Object.values(profilesByRegion).flat()),
      ...(regions.length > 0 &&
      regions.every((region) => inferenceTypes[region]?.every((type) => type === 'PROVISIONED'))
        ? { provisionedOnly: true }
        : {}),
      inputModalities: [...listed.inputModalities],
      outputModalities: [...listed.outputModalities],
      responseStreamingSupported: listed.responseStreamingSupported,
      customizationsSupported: [...listed.customizationsSupported],
      ...behaviour(knobsOf(file, modelId)),
    };
  });
}

/** Retired models: not listed, but their ids (and profiles) still answer "end of its life". */
function retiredModels(file: SimulatedAccountFile): SimulatedModel[] {
  const { controlPlane, handKept } = file;
  return Object.entries(handKept.retiredModels)
    .filter(([modelId]) => controlPlane.foundationModels[modelId] === undefined)
    .map(([modelId, retired]) => ({
      modelId,
      modelName: retired.modelName,
      providerName: retired.providerName,
      lifecycle: 'END_OF_LIFE',
      lifecycleDates: {
        ...(retired.legacyTime === undefined ? {} : { legacyTime: retired.legacyTime }),
        ...(retired.endOfLifeTime === undefined ? {} : { endOfLifeTime: retired.endOfLifeTime }),
      },
      access: handKept.account.access[modelId] ?? 'granted',
      marketplace: handKept.account.marketplaceProviders.includes(retired.providerName),
      inferenceTypes: {},
      profilesByRegion: Object.fromEntries(
        retired.regions.map((region) => [
          region,
          retired.profiles.filter((prefix) => inferenceProfilePrefixes(region).includes(prefix)),
        ]),
      ),
      regions: [...retired.regions],
      onDemandRegions: [...retired.regions],
      profiles: [...retired.profiles],
      inputModalities: [...retired.inputModalities],
      outputModalities: [...retired.outputModalities],
      responseStreamingSupported: retired.outputModalities.includes('TEXT'),
      customizationsSupported: [],
      ...behaviour(knobsOf(file, modelId)),
    }));
}

/** A `sim.*` fault model: answers by id in every Region the file knows, listed nowhere. */
function faultModel(
  regions: readonly string[],
  modelId: string,
  description: string,
  overrides: Partial<SimulatedModel> = {},
): SimulatedModel {
  return {
    modelId,
    modelName: modelId,
    providerName: 'Simulator',
    description,
    lifecycle: 'ACTIVE',
    lifecycleDates: {},
    access: 'granted',
    marketplace: false,
    inferenceTypes: Object.fromEntries(regions.map((region) => [region, ['ON_DEMAND']])),
    profilesByRegion: {},
    regions,
    onDemandRegions: regions,
    profiles: [],
    inputModalities: ['TEXT'],
    outputModalities: ['TEXT'],
    responseStreamingSupported: true,
    customizationsSupported: [],
    features: {
      systemPrompt: true,
      toolUse: true,
      streamingToolUse: true,
      imageInput: false,
      documentInput: false,
      citations: false,
      reasoning: false,
      promptCaching: false,
      structuredOutput: false,
      toolChoice: false,
    },
    featureSources: [],
    timing: { timeToFirstTokenMs: 400, tokensPerSecond: 90 },
    maxOutputTokens: 8192,
    defaultMaxTokens: 4096,
    toolPromptTokens: 346,
    prefacesToolUse: false,
    fencesJson: false,
    ...overrides,
  };
}

function faultModels(regions: readonly string[]): SimulatedModel[] {
  const sim = faultModel.bind(undefined, regions);
  return [
    sim(
      'sim.marketplace-denied',
      'Third-party model whose first call cannot subscribe through AWS Marketplace (AccessDeniedException).',
      { access: 'marketplace-denied' },
    ),
    sim('sim.throttled', 'Fault: every call is throttled (ThrottlingException).', {
      fault: 'throttled',
    }),
    sim('sim.unavailable', 'Fault: every call fails with ServiceUnavailableException.', {
      fault: 'unavailable',
    }),
    sim(
      'sim.stream-drop',
      'Fault: ConverseStream fails mid-stream with an exception event after a few deltas; Converse works.',
      { fault: 'stream-drop' },
    ),
    sim('sim.hang', 'Fault: accepts every call and never answers.', { fault: 'hang' }),
    sim(
      'sim.wrong-answers',
      'Fault: answers fluently but ignores instructions (no nonce, no tool call, no JSON).',
      { fault: 'wrong-answers' },
    ),
    sim('sim.slow-first-token', 'Fault: first token only after ~20 s, then normal speed.', {
      timing: { timeToFirstTokenMs: 20_000, tokensPerSecond: 90 },
    }),
  ];
}

/** Builds the catalog a simulator serves from a validated data file. */
export function buildSimulatedCatalog(file: SimulatedAccountFile): SimulatedCatalog {
  const models = [...listedModels(file), ...retiredModels(file)];
  return {
    models: Object.freeze([...models, ...faultModels(Object.keys(file.controlPlane.regions))]),
    controlPlane: file.controlPlane,
    account: file.handKept.account,
  };
}

/** The catalog of the simulator's own data file, built once. */
export const SIMULATED_CATALOG: SimulatedCatalog = buildSimulatedCatalog(simulatedAccount());

/** The models the simulator knows: listed ones, retired ones, then the fault models. */
export const MODELS: readonly SimulatedModel[] = SIMULATED_CATALOG.models;

/** The account the simulated Bedrock belongs to (ARNs of profiles it owns carry it). */
export const SIMULATOR_ACCOUNT_ID = SIMULATED_CATALOG.account.accountId;

/** Application inference profiles of the simulated account. */
export const APPLICATION_PROFILES: readonly ApplicationInferenceProfile[] = Object.freeze(
  SIMULATED_CATALOG.account.applicationInferenceProfiles,
);

/** The ARN of an application inference profile. */
export function applicationProfileArn(
  profile: ApplicationInferenceProfile,
  accountId = SIMULATOR_ACCOUNT_ID,
): string {
  return `arn:aws:bedrock:${profile.region}:${accountId}:application-inference-profile/${profile.id}`;
}

/** The Region a local stack signs its calls for; the suggestions below are for it. */
export const DEFAULT_REGION = SIMULATED_CATALOG.account.defaultRegion;

/** The model's name as its description starts ("Claude Sonnet 4.5: ..."). */
function leadOf(model: SimulatedModel): string {
  const colon = model.description.indexOf(':');
  return colon > 0 ? model.description.slice(0, colon) : model.modelName;
}

function describeBareId(model: SimulatedModel): string {
  const name = leadOf(model);
  if (!model.regions.includes(DEFAULT_REGION)) {
    return `${name}: not offered in ${DEFAULT_REGION}, so refused as an invalid identifier there (${model.regions.join(', ')} only).`;
  }
  if (!model.onDemandRegions.includes(DEFAULT_REGION) && model.lifecycle !== 'END_OF_LIFE') {
    return `${name} on demand: refused, needs an inference profile (use ${model.profilesByRegion[DEFAULT_REGION]?.[0] ?? 'us'}.${model.modelId}).`;
  }
  return model.description;
}

/**
 * Ids worth trying against the simulator from us-east-1, with what each demonstrates; the local
 * web page offers them as suggestions. Ids that answer come first (a profile-only model's
 * profiles before its refused bare id); Provisioned Throughput variants are left out, as the
 * service refuses them before calling Bedrock.
 */
export const SIMULATOR_CATALOG: readonly { modelId: string; description: string }[] = Object.freeze(
  [
    ...MODELS.filter((entry) => entry.provisionedOnly !== true).flatMap((entry) => {
      const profiles =
        entry.lifecycle === 'END_OF_LIFE'
          ? []
          : (entry.profilesByRegion[DEFAULT_REGION] ?? []).filter(
              (prefix) => prefix === 'us' || prefix === 'global',
            );
      const profileEntries = profiles.map((prefix) => ({
        modelId: `${prefix}.${entry.modelId}`,
        description: `${entry.description} (${prefix}. inference profile)`,
      }));
      const bare = { modelId: entry.modelId, description: describeBareId(entry) };
      return entry.onDemandRegions.includes(DEFAULT_REGION) ||
        entry.lifecycle === 'END_OF_LIFE' ||
        !entry.regions.includes(DEFAULT_REGION)
        ? [bare, ...profileEntries]
        : [...profileEntries, bare];
    }),
    ...APPLICATION_PROFILES.map((profile) => ({
      modelId: applicationProfileArn(profile),
      description: `Application inference profile "${profile.name}" (copy of ${profile.copiedFrom}).`,
    })),
    {
      modelId: 'acme.nonexistent-v1:0',
      description:
        'Well-formed but unknown id: "The provided model identifier is invalid." (ValidationException).',
    },
  ],
);
