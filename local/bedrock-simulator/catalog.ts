/**
 * The simulated models: one catalog behind both the runtime API (Converse, ConverseStream) and
 * the control plane (ListFoundationModels, GetFoundationModel, ListInferenceProfiles).
 *
 * Grounded in Bedrock's documentation as of late 2026: model ids, providers and modalities
 * from "Supported foundation models"; Converse feature support from "Supported models and
 * model features"; lifecycle (ACTIVE, LEGACY, end of life) from "Model lifecycle"; profiles
 * from "Supported Regions and models for inference profiles". Region lists are representative
 * rather than exact. Timings are typical of what Bedrock shows (first token after 300–1000 ms,
 * 45–180 output tokens per second). `sim.*` models are fault injectors, not Bedrock models: they
 * answer by id but the control plane does not list them.
 */
import { APAC, COMMERCIAL, EU, GOVCLOUD, US } from './regions.js';

/** `modelLifecycle.status`, plus retired models that Bedrock no longer lists but still names in its errors. */
export type Lifecycle = 'ACTIVE' | 'LEGACY' | 'END_OF_LIFE';

/**
 * What this (simulated) account may do with a model. Model access is on by default, so
 * refusals come from elsewhere: an IAM or SCP deny, a failed Marketplace subscription, or a
 * Legacy model the account has not used recently.
 */
export type Access =
  | 'granted'
  /** AccessDeniedException: "You don't have access to the model with the specified model ID." */
  | 'denied'
  /** AccessDeniedException: the role may not subscribe through AWS Marketplace (first call to a third-party model). */
  | 'marketplace-denied'
  /** ResourceNotFoundException: Legacy, and the account has not invoked it in the last 15 days. */
  | 'not-used-recently';

/** Input and output modalities as `ListFoundationModels` reports them. */
export type Modality = 'TEXT' | 'IMAGE' | 'EMBEDDING' | 'VIDEO' | 'SPEECH';

/** `customizationsSupported` values. */
export type CustomizationType = 'FINE_TUNING' | 'CONTINUED_PRE_TRAINING' | 'DISTILLATION';

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

/** When a model emits `reasoningContent` blocks before its answer. */
export type Reasoning =
  /** Always thinks first (DeepSeek-R1, gpt-oss). */
  | 'always'
  /** Only with `additionalModelRequestFields.thinking.type = "enabled"` (Claude 3.7 and later). */
  | 'on-request';

/** The Converse features the probes exercise; each `false` is refused with Bedrock's message. */
export interface Features {
  systemPrompt: boolean;
  toolUse: boolean;
  /** Tool use through ConverseStream. */
  streamingToolUse: boolean;
  /** `image` content blocks. */
  imageInput: boolean;
  /** `document` content blocks. */
  documentInput: boolean;
  /** `citations: {enabled: true}` on a document. */
  citations: boolean;
  /** The family's reasoning setting in `additionalModelRequestFields` (the mode is `reasoning`). */
  reasoning: boolean;
  /** `cachePoint` blocks; `ignored`: accepted, and nothing is ever read from the cache. */
  promptCaching: boolean | 'ignored';
  /** `outputConfig.textFormat` (structured output). */
  structuredOutput: boolean;
  /** `toolConfig.toolChoice` `any` and `tool`. */
  toolChoice: boolean;
}

/** Everything the simulator knows about one model. */
export interface SimulatedModel {
  /** Foundation model id (no geography prefix). */
  modelId: string;
  modelName: string;
  providerName: string;
  description: string;
  lifecycle: Lifecycle;
  access: Access;
  /**
   * Source Regions where the model is offered at all (listed, and invocable on demand or
   * through a profile). Elsewhere the bare id and its profiles are unknown identifiers.
   */
  regions: readonly string[];
  /** Regions where the bare id answers on demand; in the other `regions` it needs a profile. */
  onDemandRegions: readonly string[];
  /** Geography prefixes with a system-defined inference profile, `global` included. */
  profiles: readonly string[];
  /** A context-window variant (`...:300k`) sold only as Provisioned Throughput: listed, never invocable on demand. */
  provisionedOnly?: boolean;
  inputModalities: readonly Modality[];
  outputModalities: readonly Modality[];
  customizationsSupported: readonly CustomizationType[];
  features: Features;
  /** Fewest prompt tokens before a cache point that are cached; default 1,024. */
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
  /** Wraps JSON answers in a Markdown code fence, as Llama and Titan tend to. */
  fencesJson: boolean;
  fault?: Fault;
}

/** The features of the core suite; `model()` adds the others from the model's family. */
type CoreFeatures = Pick<Features, 'systemPrompt' | 'toolUse' | 'streamingToolUse'>;

const ALL_FEATURES: CoreFeatures = { systemPrompt: true, toolUse: true, streamingToolUse: true };
const NO_STREAMING_TOOLS: CoreFeatures = {
  systemPrompt: true,
  toolUse: true,
  streamingToolUse: false,
};
const NO_TOOLS: CoreFeatures = { systemPrompt: true, toolUse: false, streamingToolUse: false };
const NOTHING: CoreFeatures = { systemPrompt: false, toolUse: false, streamingToolUse: false };

/**
 * The full suite's features of a model, from its family, as Bedrock's documentation describes
 * them ("Supported models and model features", "Prompt caching", "Structured outputs",
 * "Extended thinking"): image input follows the input modalities, reasoning the reasoning mode;
 * citations, prompt caching and tool choice are Anthropic's and Amazon's; structured output is
 * Claude 4.5's and the open-weight models'. A model that is not a text model has none.
 */
function familyFeatures(spec: ModelSpec, core: CoreFeatures): Omit<Features, keyof CoreFeatures> {
  const id = spec.modelId;
  const text = core.systemPrompt || core.toolUse;
  const vendor = id.split('.')[0];
  const simulated = vendor === 'sim';
  const claude = vendor === 'anthropic';
  const nova = id.startsWith('amazon.nova-');
  const caching = /claude-(?:3-7|3-5-haiku|sonnet-4|haiku-4|opus-4)/.test(id) || nova;
  return {
    imageInput: text && (simulated || (spec.inputModalities ?? []).includes('IMAGE')),
    documentInput: text && !id.startsWith('amazon.nova-micro') && !id.startsWith('openai.'),
    citations: text && (simulated || (claude && !/claude-(?:v2|instant|3-haiku)/.test(id))),
    reasoning: text && spec.reasoning !== undefined,
    promptCaching: text && (simulated || caching),
    structuredOutput:
      text &&
      (simulated ||
        /claude-(?:sonnet|haiku|opus)-4-5/.test(id) ||
        ['openai', 'qwen', 'deepseek'].includes(vendor ?? '')),
    toolChoice: core.toolUse && (simulated || claude || nova || vendor === 'mistral'),
  };
}

/** The documented minimum cacheable prefix of a model's family (Anthropic's and Amazon's tables). */
function familyCacheMinimum(modelId: string): number | undefined {
  if (/claude-(?:haiku-4-5|opus-4-5)/.test(modelId)) return 4096;
  if (/claude-3-5-haiku/.test(modelId)) return 2048;
  if (modelId.startsWith('amazon.nova-')) return 1000;
  return undefined;
}

const CLAUDE_STYLE = { toolPromptTokens: 346, prefacesToolUse: true, fencesJson: false } as const;
const PLAIN_STYLE = { toolPromptTokens: 0, prefacesToolUse: false, fencesJson: false } as const;
const FENCED_STYLE = { toolPromptTokens: 0, prefacesToolUse: false, fencesJson: true } as const;

/** Defaults of a text model that answers everywhere on demand, with every feature. */
const TEXT_DEFAULTS = {
  lifecycle: 'ACTIVE',
  access: 'granted',
  regions: COMMERCIAL,
  onDemandRegions: COMMERCIAL,
  profiles: [],
  inputModalities: ['TEXT'],
  outputModalities: ['TEXT'],
  customizationsSupported: [],
  features: ALL_FEATURES,
  maxOutputTokens: 8192,
  defaultMaxTokens: 4096,
  ...PLAIN_STYLE,
} as const satisfies Partial<Omit<SimulatedModel, 'features'>> & { features: CoreFeatures };

type ModelSpec = Partial<Omit<SimulatedModel, 'features'>> &
  Pick<SimulatedModel, 'modelId' | 'modelName' | 'providerName' | 'description' | 'timing'> & {
    features?: CoreFeatures & Partial<Features>;
  };

function model(spec: ModelSpec): SimulatedModel {
  const core = spec.features ?? TEXT_DEFAULTS.features;
  const minimum = spec.promptCacheMinTokens ?? familyCacheMinimum(spec.modelId);
  return {
    ...TEXT_DEFAULTS,
    ...spec,
    features: { ...familyFeatures(spec, core), ...core },
    ...(minimum === undefined ? {} : { promptCacheMinTokens: minimum }),
  };
}

/** A model that only answers through its inference profiles. */
const PROFILE_ONLY = { onDemandRegions: [] } as const;

function sim(
  modelId: string,
  description: string,
  overrides: Partial<ModelSpec> = {},
): SimulatedModel {
  return model({
    modelId,
    modelName: modelId,
    providerName: 'Simulator',
    description,
    timing: { timeToFirstTokenMs: 400, tokensPerSecond: 90 },
    ...CLAUDE_STYLE,
    prefacesToolUse: false,
    ...overrides,
  });
}

/** The models the simulator knows, active ones first. */
export const MODELS: readonly SimulatedModel[] = Object.freeze([
  model({
    modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    modelName: 'Claude Sonnet 4.5',
    providerName: 'Anthropic',
    description:
      'Claude Sonnet 4.5: every Converse feature works; only through its inference profiles (us., global., ...).',
    ...PROFILE_ONLY,
    profiles: ['us', 'eu', 'jp', 'au', 'global'],
    inputModalities: ['TEXT', 'IMAGE'],
    reasoning: 'on-request',
    reasoningSignature: true,
    reasoningVerbosity: 50,
    timing: { timeToFirstTokenMs: 700, tokensPerSecond: 66 },
    maxOutputTokens: 64000,
    defaultMaxTokens: 8192,
    ...CLAUDE_STYLE,
  }),
  model({
    modelId: 'anthropic.claude-haiku-4-5-20251001-v1:0',
    modelName: 'Claude Haiku 4.5',
    providerName: 'Anthropic',
    description:
      'Claude Haiku 4.5: every Converse feature works, fast; only through its inference profiles.',
    ...PROFILE_ONLY,
    profiles: ['us', 'eu', 'jp', 'au', 'global'],
    inputModalities: ['TEXT', 'IMAGE'],
    reasoning: 'on-request',
    reasoningSignature: true,
    reasoningVerbosity: 30,
    timing: { timeToFirstTokenMs: 420, tokensPerSecond: 115 },
    maxOutputTokens: 64000,
    defaultMaxTokens: 8192,
    ...CLAUDE_STYLE,
  }),
  model({
    modelId: 'anthropic.claude-opus-4-5-20251101-v1:0',
    modelName: 'Claude Opus 4.5',
    providerName: 'Anthropic',
    description:
      'Claude Opus 4.5: every Converse feature works, slower; only through its us., eu. and global. profiles.',
    ...PROFILE_ONLY,
    profiles: ['us', 'eu', 'global'],
    inputModalities: ['TEXT', 'IMAGE'],
    reasoning: 'on-request',
    reasoningSignature: true,
    reasoningVerbosity: 60,
    timing: { timeToFirstTokenMs: 950, tokensPerSecond: 48 },
    maxOutputTokens: 64000,
    defaultMaxTokens: 8192,
    ...CLAUDE_STYLE,
  }),
  model({
    modelId: 'amazon.nova-2-lite-v1:0',
    modelName: 'Nova 2 Lite',
    providerName: 'Amazon',
    description:
      'Amazon Nova 2 Lite: every Converse feature works, very fast; only through its inference profiles.',
    ...PROFILE_ONLY,
    profiles: ['us', 'eu', 'jp', 'global'],
    inputModalities: ['TEXT', 'IMAGE', 'VIDEO'],
    customizationsSupported: ['FINE_TUNING'],
    reasoning: 'on-request',
    timing: { timeToFirstTokenMs: 340, tokensPerSecond: 140 },
    maxOutputTokens: 65536,
    defaultMaxTokens: 5000,
  }),
  ...(
    [
      [
        'amazon.nova-pro-v1:0',
        'Nova Pro',
        'every Converse feature works',
        { timeToFirstTokenMs: 450, tokensPerSecond: 95 },
        ['TEXT', 'IMAGE', 'VIDEO'],
      ],
      [
        'amazon.nova-lite-v1:0',
        'Nova Lite',
        'every Converse feature works, very fast',
        { timeToFirstTokenMs: 330, tokensPerSecond: 145 },
        ['TEXT', 'IMAGE', 'VIDEO'],
      ],
      [
        'amazon.nova-micro-v1:0',
        'Nova Micro',
        'text only, every Converse feature works, fastest',
        { timeToFirstTokenMs: 300, tokensPerSecond: 150 },
        ['TEXT'],
      ],
    ] as const
  ).map(([modelId, modelName, features, timing, inputModalities]) =>
    model({
      modelId,
      modelName,
      providerName: 'Amazon',
      description: `Amazon ${modelName}: ${features}; on demand in us-east-1, elsewhere through us., eu. or apac.`,
      regions: [...US, ...EU, ...APAC, ...GOVCLOUD],
      onDemandRegions: ['us-east-1', 'us-gov-west-1'],
      profiles: ['us', 'eu', 'apac'],
      inputModalities,
      customizationsSupported: ['FINE_TUNING', 'DISTILLATION'],
      timing,
      maxOutputTokens: 10000,
      defaultMaxTokens: 5000,
    }),
  ),
  model({
    modelId: 'amazon.nova-premier-v1:0',
    modelName: 'Nova Premier',
    providerName: 'Amazon',
    description:
      'Amazon Nova Premier: every Converse feature works; only through its us. profile, in US Regions.',
    regions: ['us-east-1', 'us-east-2', 'us-west-2'],
    ...PROFILE_ONLY,
    profiles: ['us'],
    inputModalities: ['TEXT', 'IMAGE', 'VIDEO'],
    customizationsSupported: ['DISTILLATION'],
    timing: { timeToFirstTokenMs: 720, tokensPerSecond: 60 },
    maxOutputTokens: 32000,
    defaultMaxTokens: 5000,
  }),
  model({
    modelId: 'meta.llama4-maverick-17b-instruct-v1:0',
    modelName: 'Llama 4 Maverick 17B Instruct',
    providerName: 'Meta',
    description:
      'Llama 4 Maverick 17B: tool use works, but not in streaming mode; only through its us. profile.',
    regions: US,
    ...PROFILE_ONLY,
    profiles: ['us'],
    inputModalities: ['TEXT', 'IMAGE'],
    features: NO_STREAMING_TOOLS,
    timing: { timeToFirstTokenMs: 450, tokensPerSecond: 110 },
    defaultMaxTokens: 2048,
    ...FENCED_STYLE,
  }),
  model({
    modelId: 'meta.llama3-3-70b-instruct-v1:0',
    modelName: 'Llama 3.3 70B Instruct',
    providerName: 'Meta',
    description:
      'Llama 3.3 70B: tool use works, but not in streaming mode; only through its us. profile.',
    regions: US,
    ...PROFILE_ONLY,
    profiles: ['us'],
    customizationsSupported: ['FINE_TUNING'],
    features: NO_STREAMING_TOOLS,
    timing: { timeToFirstTokenMs: 500, tokensPerSecond: 80 },
    defaultMaxTokens: 2048,
    ...FENCED_STYLE,
  }),
  model({
    modelId: 'meta.llama3-2-11b-instruct-v1:0',
    modelName: 'Llama 3.2 11B Instruct',
    providerName: 'Meta',
    description:
      'Llama 3.2 11B Instruct: tool use works, but not in streaming mode; JSON comes in a Markdown fence; only through its us. profile.',
    regions: US,
    ...PROFILE_ONLY,
    profiles: ['us'],
    inputModalities: ['TEXT', 'IMAGE'],
    customizationsSupported: ['FINE_TUNING'],
    features: NO_STREAMING_TOOLS,
    timing: { timeToFirstTokenMs: 420, tokensPerSecond: 96 },
    maxOutputTokens: 2048,
    defaultMaxTokens: 512,
    ...FENCED_STYLE,
  }),
  model({
    modelId: 'mistral.pixtral-large-2502-v1:0',
    modelName: 'Pixtral Large (25.02)',
    providerName: 'Mistral AI',
    description:
      'Pixtral Large (25.02): every Converse feature works; only through its us. and eu. profiles.',
    regions: [...US, ...EU],
    ...PROFILE_ONLY,
    profiles: ['us', 'eu'],
    inputModalities: ['TEXT', 'IMAGE'],
    timing: { timeToFirstTokenMs: 600, tokensPerSecond: 62 },
    maxOutputTokens: 8192,
  }),
  model({
    modelId: 'mistral.mistral-large-2407-v1:0',
    modelName: 'Mistral Large (24.07)',
    providerName: 'Mistral AI',
    description: 'Mistral Large 2 (24.07): tool use works, but not in streaming mode.',
    regions: US,
    onDemandRegions: US,
    features: NO_STREAMING_TOOLS,
    timing: { timeToFirstTokenMs: 540, tokensPerSecond: 58 },
    defaultMaxTokens: 8192,
  }),
  model({
    modelId: 'deepseek.v3-v1:0',
    modelName: 'DeepSeek-V3.1',
    providerName: 'DeepSeek',
    description:
      'DeepSeek-V3.1: every Converse feature works; on demand in us-west-2 and a few other Regions, absent from us-east-1.',
    regions: ['us-west-2', 'ap-northeast-1', 'ap-south-1', 'eu-west-2', 'eu-north-1'],
    onDemandRegions: ['us-west-2', 'ap-northeast-1', 'ap-south-1', 'eu-west-2', 'eu-north-1'],
    timing: { timeToFirstTokenMs: 500, tokensPerSecond: 72 },
    maxOutputTokens: 8192,
  }),
  model({
    modelId: 'deepseek.r1-v1:0',
    modelName: 'DeepSeek-R1',
    providerName: 'DeepSeek',
    description:
      'DeepSeek-R1: reasons at length before answering (reasoningContent), no tool use; only through its us. profile.',
    regions: US,
    ...PROFILE_ONLY,
    profiles: ['us'],
    features: NO_TOOLS,
    reasoning: 'always',
    reasoningSignature: false,
    reasoningVerbosity: 75,
    timing: { timeToFirstTokenMs: 780, tokensPerSecond: 52 },
    maxOutputTokens: 32768,
    defaultMaxTokens: 32768,
  }),
  ...(
    [
      [
        'openai.gpt-oss-120b-1:0',
        'gpt-oss-120b',
        'reasons briefly before answering (reasoningContent); every Converse feature works',
        { timeToFirstTokenMs: 360, tokensPerSecond: 140 },
        30,
      ],
      [
        'openai.gpt-oss-20b-1:0',
        'gpt-oss-20b',
        'reasons briefly before answering; every Converse feature works, fastest',
        { timeToFirstTokenMs: 300, tokensPerSecond: 180 },
        20,
      ],
    ] as const
  ).map(([modelId, modelName, features, timing, reasoningVerbosity]) =>
    model({
      modelId,
      modelName,
      providerName: 'OpenAI',
      description: `${modelName}: ${features}.`,
      regions: [...US, ...EU, ...APAC],
      onDemandRegions: [...US, ...EU, ...APAC],
      reasoning: 'always',
      reasoningSignature: false,
      reasoningVerbosity,
      timing,
      maxOutputTokens: 32768,
      defaultMaxTokens: 32768,
    }),
  ),
  model({
    modelId: 'qwen.qwen3-32b-v1:0',
    modelName: 'Qwen3 32B (dense)',
    providerName: 'Qwen',
    description: 'Qwen3 32B: every Converse feature works.',
    regions: [...US, ...EU, ...APAC],
    onDemandRegions: [...US, ...EU, ...APAC],
    timing: { timeToFirstTokenMs: 400, tokensPerSecond: 100 },
    maxOutputTokens: 16384,
  }),

  // Legacy models this account invoked recently: still invocable, listed as LEGACY.
  model({
    modelId: 'anthropic.claude-3-7-sonnet-20250219-v1:0',
    modelName: 'Claude 3.7 Sonnet',
    providerName: 'Anthropic',
    description:
      'Claude 3.7 Sonnet (Legacy, used recently): every Converse feature works; thinks (reasoningContent with signature) when thinking is enabled; only through its profiles.',
    lifecycle: 'LEGACY',
    regions: [...US, ...EU, ...APAC],
    ...PROFILE_ONLY,
    profiles: ['us', 'eu', 'apac'],
    inputModalities: ['TEXT', 'IMAGE'],
    reasoning: 'on-request',
    reasoningSignature: true,
    reasoningVerbosity: 60,
    timing: { timeToFirstTokenMs: 700, tokensPerSecond: 68 },
    maxOutputTokens: 64000,
    defaultMaxTokens: 8192,
    ...CLAUDE_STYLE,
  }),
  model({
    modelId: 'anthropic.claude-3-5-sonnet-20241022-v2:0',
    modelName: 'Claude 3.5 Sonnet v2',
    providerName: 'Anthropic',
    description:
      'Claude 3.5 Sonnet v2 (Legacy, used recently by this account): every Converse feature works, certifies cleanly.',
    lifecycle: 'LEGACY',
    regions: [...US, ...APAC],
    onDemandRegions: US,
    profiles: ['us', 'apac'],
    inputModalities: ['TEXT', 'IMAGE'],
    customizationsSupported: ['DISTILLATION'],
    timing: { timeToFirstTokenMs: 620, tokensPerSecond: 72 },
    ...CLAUDE_STYLE,
  }),
  model({
    modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
    modelName: 'Claude 3.5 Haiku',
    providerName: 'Anthropic',
    description: 'Claude 3.5 Haiku (Legacy, used recently): every Converse feature works, fast.',
    lifecycle: 'LEGACY',
    regions: US,
    onDemandRegions: US,
    profiles: ['us'],
    timing: { timeToFirstTokenMs: 380, tokensPerSecond: 118 },
    ...CLAUDE_STYLE,
  }),
  model({
    modelId: 'amazon.titan-text-express-v1',
    modelName: 'Titan Text G1 - Express',
    providerName: 'Amazon',
    description:
      'Titan Text G1 Express (Legacy, used recently): no system prompt, no tool use (fails those probes).',
    lifecycle: 'LEGACY',
    customizationsSupported: ['FINE_TUNING', 'CONTINUED_PRE_TRAINING'],
    features: NOTHING,
    timing: { timeToFirstTokenMs: 450, tokensPerSecond: 88 },
    defaultMaxTokens: 512,
    ...FENCED_STYLE,
  }),

  // Models this account cannot invoke.
  model({
    modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
    modelName: 'Claude 3 Haiku',
    providerName: 'Anthropic',
    description:
      'Claude 3 Haiku (Legacy, not used by this account in the last 15 days): refused with Bedrock\u2019s Legacy message.',
    lifecycle: 'LEGACY',
    access: 'not-used-recently',
    profiles: ['us', 'eu', 'apac'],
    inputModalities: ['TEXT', 'IMAGE'],
    customizationsSupported: ['FINE_TUNING'],
    timing: { timeToFirstTokenMs: 350, tokensPerSecond: 120 },
    maxOutputTokens: 4096,
    ...CLAUDE_STYLE,
  }),
  model({
    modelId: 'anthropic.claude-3-opus-20240229-v1:0',
    modelName: 'Claude 3 Opus',
    providerName: 'Anthropic',
    description:
      'Claude 3 Opus: this account may not invoke it (AccessDeniedException, as an IAM or SCP deny answers).',
    lifecycle: 'LEGACY',
    access: 'denied',
    regions: US,
    onDemandRegions: US,
    profiles: ['us'],
    inputModalities: ['TEXT', 'IMAGE'],
    timing: { timeToFirstTokenMs: 800, tokensPerSecond: 50 },
    maxOutputTokens: 4096,
    ...CLAUDE_STYLE,
  }),
  ...['anthropic.claude-v2', 'anthropic.claude-v2:1', 'anthropic.claude-instant-v1'].map(
    (modelId) =>
      model({
        modelId,
        modelName: modelId === 'anthropic.claude-instant-v1' ? 'Claude Instant' : 'Claude',
        providerName: 'Anthropic',
        description:
          'Retired Claude model: end of life (ResourceNotFoundException), no longer listed.',
        lifecycle: 'END_OF_LIFE',
        features: NO_TOOLS,
        timing: { timeToFirstTokenMs: 600, tokensPerSecond: 60 },
        maxOutputTokens: 4096,
      }),
  ),

  // Listed, but not text-generation models: Converse refuses them and a text catalog leaves them out.
  model({
    modelId: 'amazon.nova-pro-v1:0:300k',
    modelName: 'Nova Pro',
    providerName: 'Amazon',
    description: 'Amazon Nova Pro, 300k context: Provisioned Throughput only, never on demand.',
    provisionedOnly: true,
    regions: ['us-east-1'],
    onDemandRegions: [],
    inputModalities: ['TEXT', 'IMAGE', 'VIDEO'],
    customizationsSupported: ['FINE_TUNING', 'DISTILLATION'],
    timing: { timeToFirstTokenMs: 450, tokensPerSecond: 95 },
  }),
  ...(
    [
      [
        'amazon.titan-embed-text-v2:0',
        'Titan Text Embeddings V2',
        'Amazon',
        COMMERCIAL,
        ['TEXT'],
        'EMBEDDING',
      ],
      [
        'cohere.embed-english-v3',
        'Embed English',
        'Cohere',
        [...US, ...EU, ...APAC],
        ['TEXT'],
        'EMBEDDING',
      ],
      [
        'amazon.nova-canvas-v1:0',
        'Nova Canvas',
        'Amazon',
        ['us-east-1', 'eu-west-1', 'ap-northeast-1'],
        ['TEXT', 'IMAGE'],
        'IMAGE',
      ],
      [
        'stability.sd3-5-large-v1:0',
        'Stable Diffusion 3.5 Large',
        'Stability AI',
        ['us-west-2'],
        ['TEXT', 'IMAGE'],
        'IMAGE',
      ],
    ] as const
  ).map(([modelId, modelName, providerName, regions, inputModalities, output]) =>
    model({
      modelId,
      modelName,
      providerName,
      description: `${modelName}: ${output === 'EMBEDDING' ? 'an embeddings' : 'an image generation'} model; Converse refuses it.`,
      regions,
      onDemandRegions: regions,
      inputModalities,
      outputModalities: [output],
      features: NOTHING,
      timing: { timeToFirstTokenMs: 200, tokensPerSecond: 100 },
    }),
  ),

  sim(
    'sim.marketplace-denied',
    'Third-party model whose first call cannot subscribe through AWS Marketplace (AccessDeniedException).',
    {
      access: 'marketplace-denied',
    },
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
    {
      fault: 'stream-drop',
    },
  ),
  sim('sim.hang', 'Fault: accepts every call and never answers.', { fault: 'hang' }),
  sim(
    'sim.wrong-answers',
    'Fault: answers fluently but ignores instructions (no nonce, no tool call, no JSON).',
    {
      fault: 'wrong-answers',
    },
  ),
  sim('sim.slow-first-token', 'Fault: first token only after ~20 s, then normal speed.', {
    timing: { timeToFirstTokenMs: 20_000, tokensPerSecond: 90 },
  }),
]);

/** The account the simulated Bedrock belongs to (ARNs of profiles it owns carry it). */
export const SIMULATOR_ACCOUNT_ID = '123456789012';

/** An inference profile the account created (`CreateInferenceProfile`) to track one team's usage. */
export interface ApplicationInferenceProfile {
  /** The 12-character id at the end of its ARN. */
  id: string;
  name: string;
  description: string;
  /** The only Region it exists in. */
  region: string;
  /** The system-defined profile (or foundation model) it was copied from. */
  copiedFrom: string;
  createdAt: string;
}

/** Application inference profiles of the simulated account. */
export const APPLICATION_PROFILES: readonly ApplicationInferenceProfile[] = Object.freeze([
  {
    id: 'k3m9x2p7q4za',
    name: 'certification-team-claude-sonnet-4-5',
    description: 'Tags Claude Sonnet 4.5 usage of the certification team for cost allocation.',
    region: 'us-east-1',
    copiedFrom: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    createdAt: '2026-03-02T09:15:00Z',
  },
]);

/** The ARN of an application inference profile. */
export function applicationProfileArn(profile: ApplicationInferenceProfile): string {
  return `arn:aws:bedrock:${profile.region}:${SIMULATOR_ACCOUNT_ID}:application-inference-profile/${profile.id}`;
}

/** The Region a local stack signs its calls for; the suggestions below are for it. */
export const DEFAULT_REGION = 'us-east-1';

function describeBareId(model: SimulatedModel): string {
  const name = model.description.slice(0, model.description.indexOf(':'));
  if (!model.regions.includes(DEFAULT_REGION)) {
    return `${name}: not offered in ${DEFAULT_REGION}, so refused as an invalid identifier there (${model.onDemandRegions.join(', ')} only).`;
  }
  if (!model.onDemandRegions.includes(DEFAULT_REGION) && model.lifecycle !== 'END_OF_LIFE') {
    return `${name} on demand: refused, needs an inference profile (use ${model.profiles[0] ?? 'us'}.${model.modelId}).`;
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
          : entry.profiles.filter((prefix) => prefix === 'us' || prefix === 'global');
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
