/**
 * The simulated models. Real ids and their Converse feature support follow Bedrock's
 * "Supported models and model features" table (docs.aws.amazon.com/bedrock/latest/userguide/
 * conversation-inference-supported-models-features.html); timings are typical of what
 * Bedrock shows (first token after 300–800 ms, 50–150 output tokens per second).
 * `sim.*` models are fault injectors with Claude-like features.
 */

/** How a model id can be invoked. */
export type Availability =
  /** Answers on-demand and through its inference profiles. */
  | 'on-demand'
  /** Only through an inference profile (`us.<id>`); the bare id is refused. */
  | 'inference-profile-only'
  /** Exists, but model access was not granted in this account. */
  | 'access-denied'
  /** Retired: every call fails with ResourceNotFoundException. */
  | 'end-of-life';

/** Deliberate misbehaviour of a `sim.*` model. */
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

/** When a model emits `reasoningContent` blocks before its answer. */
export type Reasoning =
  /** Always thinks first (DeepSeek-R1, gpt-oss). */
  | 'always'
  /** Only with `additionalModelRequestFields.thinking.type = "enabled"` (Claude 3.7 Sonnet). */
  | 'on-request';

/** Everything the simulator knows about one model. */
export interface SimulatedModel {
  /** Foundation model id (no geography prefix). */
  modelId: string;
  description: string;
  availability: Availability;
  /** Geography prefixes with a system-defined inference profile, e.g. `['us']`. */
  profiles: readonly string[];
  features: {
    systemPrompt: boolean;
    toolUse: boolean;
    /** Tool use through ConverseStream. */
    streamingToolUse: boolean;
  };
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

const ALL_FEATURES = { systemPrompt: true, toolUse: true, streamingToolUse: true } as const;

const CLAUDE_STYLE = {
  toolPromptTokens: 346,
  prefacesToolUse: true,
  fencesJson: false,
} as const;

const PLAIN_STYLE = {
  toolPromptTokens: 0,
  prefacesToolUse: false,
  fencesJson: false,
} as const;

function sim(modelId: string, description: string, fault: Fault | undefined, timeToFirstTokenMs = 400): SimulatedModel {
  return {
    modelId,
    description,
    availability: 'on-demand',
    profiles: [],
    features: ALL_FEATURES,
    timing: { timeToFirstTokenMs, tokensPerSecond: 90 },
    maxOutputTokens: 8192,
    defaultMaxTokens: 4096,
    ...CLAUDE_STYLE,
    prefacesToolUse: false,
    ...(fault === undefined ? {} : { fault }),
  };
}

/** The models the simulator knows, keyed by foundation model id. */
export const MODELS: readonly SimulatedModel[] = [
  {
    modelId: 'anthropic.claude-3-5-sonnet-20241022-v2:0',
    description: 'Claude 3.5 Sonnet v2: every Converse feature works, certifies cleanly.',
    availability: 'on-demand',
    profiles: ['us'],
    features: ALL_FEATURES,
    timing: { timeToFirstTokenMs: 620, tokensPerSecond: 72 },
    maxOutputTokens: 8192,
    defaultMaxTokens: 4096,
    ...CLAUDE_STYLE,
  },
  {
    modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
    description: 'Claude 3.5 Haiku: every Converse feature works, fast.',
    availability: 'on-demand',
    profiles: ['us'],
    features: ALL_FEATURES,
    timing: { timeToFirstTokenMs: 380, tokensPerSecond: 118 },
    maxOutputTokens: 8192,
    defaultMaxTokens: 4096,
    ...CLAUDE_STYLE,
  },
  {
    modelId: 'anthropic.claude-3-7-sonnet-20250219-v1:0',
    description:
      'Claude 3.7 Sonnet: every Converse feature works; thinks (reasoningContent with signature) when thinking is enabled.',
    availability: 'inference-profile-only',
    profiles: ['us'],
    features: ALL_FEATURES,
    reasoning: 'on-request',
    reasoningSignature: true,
    reasoningVerbosity: 60,
    timing: { timeToFirstTokenMs: 700, tokensPerSecond: 68 },
    maxOutputTokens: 64000,
    defaultMaxTokens: 8192,
    ...CLAUDE_STYLE,
  },
  {
    modelId: 'amazon.nova-lite-v1:0',
    description: 'Amazon Nova Lite: every Converse feature works, very fast.',
    availability: 'on-demand',
    profiles: ['us'],
    features: ALL_FEATURES,
    timing: { timeToFirstTokenMs: 330, tokensPerSecond: 145 },
    maxOutputTokens: 5000,
    defaultMaxTokens: 5000,
    ...PLAIN_STYLE,
  },
  {
    modelId: 'amazon.nova-micro-v1:0',
    description: 'Amazon Nova Micro: text-only, every Converse feature works, fastest.',
    availability: 'on-demand',
    profiles: ['us'],
    features: ALL_FEATURES,
    timing: { timeToFirstTokenMs: 300, tokensPerSecond: 150 },
    maxOutputTokens: 5000,
    defaultMaxTokens: 5000,
    ...PLAIN_STYLE,
  },
  {
    modelId: 'amazon.titan-text-express-v1',
    description: 'Titan Text G1 Express: no system prompt, no tool use (fails those probes).',
    availability: 'on-demand',
    profiles: [],
    features: { systemPrompt: false, toolUse: false, streamingToolUse: false },
    timing: { timeToFirstTokenMs: 450, tokensPerSecond: 88 },
    maxOutputTokens: 8192,
    defaultMaxTokens: 512,
    ...PLAIN_STYLE,
    fencesJson: true,
  },
  {
    modelId: 'meta.llama3-2-11b-instruct-v1:0',
    description:
      'Llama 3.2 11B Instruct: tool use works, but not in streaming mode; JSON comes in a Markdown fence.',
    availability: 'inference-profile-only',
    profiles: ['us'],
    features: { systemPrompt: true, toolUse: true, streamingToolUse: false },
    timing: { timeToFirstTokenMs: 420, tokensPerSecond: 96 },
    maxOutputTokens: 2048,
    defaultMaxTokens: 512,
    ...PLAIN_STYLE,
    fencesJson: true,
  },
  {
    modelId: 'mistral.mistral-large-2407-v1:0',
    description: 'Mistral Large 2 (24.07): tool use works, but not in streaming mode.',
    availability: 'on-demand',
    profiles: [],
    features: { systemPrompt: true, toolUse: true, streamingToolUse: false },
    timing: { timeToFirstTokenMs: 540, tokensPerSecond: 58 },
    maxOutputTokens: 8192,
    defaultMaxTokens: 8192,
    ...PLAIN_STYLE,
  },
  {
    modelId: 'deepseek.r1-v1:0',
    description:
      'DeepSeek-R1: reasons at length before answering (reasoningContent), no tool use.',
    availability: 'inference-profile-only',
    profiles: ['us'],
    features: { systemPrompt: true, toolUse: false, streamingToolUse: false },
    reasoning: 'always',
    reasoningSignature: false,
    reasoningVerbosity: 75,
    timing: { timeToFirstTokenMs: 780, tokensPerSecond: 52 },
    maxOutputTokens: 32768,
    defaultMaxTokens: 32768,
    ...PLAIN_STYLE,
  },
  {
    modelId: 'openai.gpt-oss-120b-1:0',
    description: 'gpt-oss-120b: reasons briefly before answering (reasoningContent); every Converse feature works.',
    availability: 'on-demand',
    profiles: [],
    features: ALL_FEATURES,
    reasoning: 'always',
    reasoningSignature: false,
    reasoningVerbosity: 30,
    timing: { timeToFirstTokenMs: 360, tokensPerSecond: 140 },
    maxOutputTokens: 32768,
    defaultMaxTokens: 32768,
    ...PLAIN_STYLE,
  },
  {
    modelId: 'anthropic.claude-3-opus-20240229-v1:0',
    description: 'Claude 3 Opus: model access not granted in this account (AccessDeniedException).',
    availability: 'access-denied',
    profiles: ['us'],
    features: ALL_FEATURES,
    timing: { timeToFirstTokenMs: 800, tokensPerSecond: 50 },
    maxOutputTokens: 4096,
    defaultMaxTokens: 4096,
    ...CLAUDE_STYLE,
  },
  ...['anthropic.claude-v2', 'anthropic.claude-v2:1', 'anthropic.claude-instant-v1'].map(
    (modelId): SimulatedModel => ({
      modelId,
      description: 'Retired Claude model: end of life (ResourceNotFoundException).',
      availability: 'end-of-life',
      profiles: [],
      features: { systemPrompt: true, toolUse: false, streamingToolUse: false },
      timing: { timeToFirstTokenMs: 600, tokensPerSecond: 60 },
      maxOutputTokens: 4096,
      defaultMaxTokens: 4096,
      ...PLAIN_STYLE,
    }),
  ),
  sim('sim.throttled', 'Fault: every call is throttled (ThrottlingException).', 'throttled'),
  sim('sim.unavailable', 'Fault: every call fails with ServiceUnavailableException.', 'unavailable'),
  sim(
    'sim.stream-drop',
    'Fault: ConverseStream fails mid-stream with an exception event after a few deltas; Converse works.',
    'stream-drop',
  ),
  sim('sim.hang', 'Fault: accepts every call and never answers.', 'hang'),
  sim('sim.wrong-answers', 'Fault: answers fluently but ignores instructions (no nonce, no tool call, no JSON).', 'wrong-answers'),
  sim('sim.slow-first-token', 'Fault: first token only after ~20 s, then normal speed.', undefined, 20_000),
];

const BY_ID = new Map(MODELS.map((model) => [model.modelId, model]));

/** The catalog entry for a foundation model id, if the simulator knows it. */
export function findModel(foundationModelId: string): SimulatedModel | undefined {
  return BY_ID.get(foundationModelId);
}

/**
 * Ids worth trying against the simulator, with what each demonstrates; the local web page
 * offers them as suggestions. Profile ids are listed next to the foundation ids they wrap.
 */
export const SIMULATOR_CATALOG: readonly { modelId: string; description: string }[] = Object.freeze([
  ...MODELS.flatMap((model) => {
    const entries: { modelId: string; description: string }[] = [];
    const name = model.description.slice(0, model.description.indexOf(':'));
    const bare =
      model.availability === 'inference-profile-only'
        ? `${name} on demand: refused, needs an inference profile (use ${model.profiles[0] ?? 'us'}.${model.modelId}).`
        : model.description;
    entries.push({ modelId: model.modelId, description: bare });
    for (const prefix of model.profiles) {
      if (model.availability === 'end-of-life') continue;
      entries.push({ modelId: `${prefix}.${model.modelId}`, description: `${model.description} (${prefix}. inference profile)` });
    }
    return entries;
  }),
  {
    modelId: 'acme.nonexistent-v1:0',
    description: 'Well-formed but unknown id: "The provided model identifier is invalid." (ValidationException).',
  },
]);
