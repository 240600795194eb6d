/**
 * The data file of the simulated account (`simulated-account.json`): its format as types, a
 * validator that names the offending field, and the loader the simulator reads it with once.
 *
 * The file has two parts. `controlPlane` is what ListFoundationModels, GetFoundationModel,
 * ListInferenceProfiles and GetInferenceProfile answer, per Region; `npm run capture-catalog`
 * rewrites it from a real account. `handKept` is what no control plane call says: Converse
 * features (each model naming its sources), timing and style, the retired models Bedrock no
 * longer lists, and this account's own state (access, application profiles).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The `format` value this code reads; a file with another one is refused. */
export const SIMULATED_ACCOUNT_FORMAT = 'bedrock-simulated-account/1';

/** Where the simulator's own data file lives. */
export const SIMULATED_ACCOUNT_FILE = fileURLToPath(
  new URL('./simulated-account.json', import.meta.url),
);

/** Input and output modalities as `ListFoundationModels` reports them. */
export type Modality = 'TEXT' | 'IMAGE' | 'EMBEDDING' | 'VIDEO' | 'SPEECH';
/** `customizationsSupported` values. */
export type CustomizationType = 'FINE_TUNING' | 'CONTINUED_PRE_TRAINING' | 'DISTILLATION';
/** `inferenceTypesSupported` values. */
export type InferenceType = 'ON_DEMAND' | 'INFERENCE_PROFILE' | 'PROVISIONED';
/** What this (simulated) account may do with a model; see `Access` in the catalog. */
export type AccountAccess = 'granted' | 'denied' | 'marketplace-denied' | 'not-used-recently';
/** When a model emits `reasoningContent` blocks before its answer. */
export type ReasoningMode = 'always' | 'on-request';

/** The dates `modelLifecycle` carries (ISO 8601, whole seconds, UTC). */
export interface LifecycleDates {
  startOfLifeTime?: string;
  legacyTime?: string;
  publicExtendedAccessTime?: string;
  endOfLifeTime?: string;
}

/** The Converse features a model supports, as Bedrock documents them for it. */
export interface Features {
  systemPrompt: boolean;
  toolUse: boolean;
  /** Tool use through ConverseStream. */
  streamingToolUse: boolean;
  /** Image content blocks. */
  imageInput: boolean;
  /** Document content blocks (document chat). */
  documentInput: boolean;
  /** Citations on documents (`citations: {enabled: true}`). */
  citations: boolean;
  /** Returns reasoning content, when asked its family's way or always. */
  reasoning: boolean;
  /** Cache points; the simulator's admin may set `"ignored"` (accepted, never cached). */
  promptCaching: boolean | 'ignored';
  /** Converse structured output (`outputConfig.textFormat` with a JSON schema). */
  structuredOutput: boolean;
  /** Honours `toolChoice: {any: {}}`. */
  toolChoice: boolean;
}

/** Every feature key, in the order the file writes them. */
export const FEATURE_NAMES = [
  'systemPrompt',
  'toolUse',
  'streamingToolUse',
  'imageInput',
  'documentInput',
  'citations',
  'reasoning',
  'promptCaching',
  'structuredOutput',
  'toolChoice',
] as const satisfies readonly (keyof Features)[];

/** A foundation model as the control plane describes it (the same in every Region). */
export interface ControlPlaneModel {
  modelName: string;
  providerName: string;
  inputModalities: Modality[];
  outputModalities: Modality[];
  responseStreamingSupported: boolean;
  customizationsSupported: CustomizationType[];
  modelLifecycle: { status: 'ACTIVE' | 'LEGACY' } & LifecycleDates;
}

/** A system-defined inference profile's description (the same from every source Region). */
export interface ControlPlaneProfile {
  inferenceProfileName: string;
  description: string;
  createdAt: string;
  updatedAt: string;
}

/** What one Region's control plane offers. */
export interface RegionOffer {
  /** Listed foundation models and their `inferenceTypesSupported`. */
  foundationModels: Record<string, InferenceType[]>;
  /**
   * System-defined profiles callable from this Region and the Regions each routes to, as its
   * `models` ARNs name them; `*` is the Region-less ARN a global profile lists.
   */
  inferenceProfiles: Record<string, string[]>;
}

/** The part `npm run capture-catalog` writes. */
export interface ControlPlanePart {
  foundationModels: Record<string, ControlPlaneModel>;
  inferenceProfiles: Record<string, ControlPlaneProfile>;
  regions: Record<string, RegionOffer>;
}

/** Where hand-kept facts come from. */
export interface SourceRef {
  title: string;
  url: string;
  /** When the page was read (YYYY-MM-DD). */
  date: string;
}

/** How one model behaves in the simulator, beyond what the control plane says. */
export interface ModelKnobs {
  /** What the model demonstrates locally (the web page's suggestions show it). */
  description: string;
  features: Features;
  /** Keys of `handKept.sources` the features follow. */
  featureSources: string[];
  /** The documented minimum tokens per cache checkpoint, where caching is supported. */
  promptCacheMinTokens?: number;
  reasoning?: ReasoningMode;
  /** Whether reasoning blocks carry a signature (Anthropic's do). */
  reasoningSignature?: boolean;
  /** Roughly how many words the model thinks before answering a short instruction. */
  reasoningVerbosity?: number;
  timing: { timeToFirstTokenMs: number; tokensPerSecond: number };
  /** Largest `inferenceConfig.maxTokens` accepted. */
  maxOutputTokens: number;
  /** Output limit when the request sets no `maxTokens`. */
  defaultMaxTokens: number;
  /** Hidden prompt the provider adds when tools are offered (Anthropic documents ~346 tokens). */
  toolPromptTokens: number;
  /** Says a few words before calling a tool, as Claude does. */
  prefacesToolUse: boolean;
  /** Wraps JSON answers in a Markdown code fence, as Llama tends to. */
  fencesJson: boolean;
}

/** A model Bedrock no longer lists (end of life) but still names in its refusal. */
export interface RetiredModel {
  modelName: string;
  providerName: string;
  inputModalities: Modality[];
  outputModalities: Modality[];
  legacyTime?: string;
  endOfLifeTime?: string;
  /** Where it was offered: there its id (and its profiles) answer "end of its life". */
  regions: string[];
  /** Geography prefixes its system-defined profiles had. */
  profiles: string[];
  /** Key of `handKept.sources` the dates follow. */
  source: string;
}

/** An inference profile the account created (`CreateInferenceProfile`) to track one team's usage. */
export interface ApplicationInferenceProfile {
  /** The 12-character id at the end of its ARN. */
  id: string;
  name: string;
  description: string;
  /** The only Region it exists in. */
  region: string;
  /** The system-defined profile it was copied from. */
  copiedFrom: string;
  createdAt: string;
}

/** The simulated account's own state. */
export interface AccountPart {
  accountId: string;
  /** The Region a local stack signs for; unsigned requests are answered as from it. */
  defaultRegion: string;
  /** Models this account may not invoke, and why (every other model: granted). */
  access: Record<string, AccountAccess>;
  /** Providers whose models are sold through AWS Marketplace (the first call subscribes). */
  marketplaceProviders: string[];
  /** How long a fresh account's Marketplace subscription takes (scaled by the time scale). */
  marketplaceSubscriptionMinutes: number;
  /** Key of `handKept.sources` the access rules follow. */
  accessSource: string;
  applicationInferenceProfiles: ApplicationInferenceProfile[];
}

/** The part kept by hand. */
export interface HandKeptPart {
  sources: Record<string, SourceRef>;
  /** Knobs of a model without its own entry (one `capture-catalog` just added). */
  defaults: ModelKnobs;
  models: Record<string, ModelKnobs>;
  retiredModels: Record<string, RetiredModel>;
  account: AccountPart;
}

/** The whole file. */
export interface SimulatedAccountFile {
  format: typeof SIMULATED_ACCOUNT_FORMAT;
  description: string;
  controlPlane: ControlPlanePart;
  handKept: HandKeptPart;
}

/** A data file that is not what the simulator reads; the message names the field. */
export class InvalidSimulatedAccountError extends Error {
  override readonly name = 'InvalidSimulatedAccountError';
}

const MODALITIES: readonly Modality[] = ['TEXT', 'IMAGE', 'EMBEDDING', 'VIDEO', 'SPEECH'];
const CUSTOMIZATIONS: readonly CustomizationType[] = [
  'FINE_TUNING',
  'CONTINUED_PRE_TRAINING',
  'DISTILLATION',
];
const INFERENCE_TYPES: readonly InferenceType[] = ['ON_DEMAND', 'INFERENCE_PROFILE', 'PROVISIONED'];
const ACCESSES: readonly AccountAccess[] = [
  'granted',
  'denied',
  'marketplace-denied',
  'not-used-recently',
];
const REASONING_MODES: readonly ReasoningMode[] = ['always', 'on-request'];
/** ISO 8601 in whole seconds, UTC: what the capture writes, so a re-capture diffs cleanly. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
const GEOGRAPHY = /^(us|eu|apac|jp|au|ca|us-gov|global)$/;
const PROFILE_ID = /^(us|eu|apac|jp|au|ca|us-gov|global)\.(.+)$/;

type Json = Record<string, unknown>;

/** Reads one JSON value at `path`, failing with the path in the message. */
class Field {
  constructor(
    readonly value: unknown,
    readonly path: string,
  ) {}

  fail(expected: string): never {
    throw new InvalidSimulatedAccountError(`${this.path} must be ${expected}.`);
  }

  at(key: string): Field {
    const object = this.object();
    return new Field(
      object[key],
      /^[A-Za-z]\w*$/.test(key) ? `${this.path}.${key}` : `${this.path}["${key}"]`,
    );
  }

  /** The array item at `index`. */
  item(index: number): Field {
    return new Field((this.value as unknown[])[index], `${this.path}[${index}]`);
  }

  object(): Json {
    if (typeof this.value !== 'object' || this.value === null || Array.isArray(this.value))
      this.fail('an object');
    return this.value as Json;
  }

  /** The object's members, refusing any key outside `allowed` (a typo would otherwise be ignored). */
  members(allowed: readonly string[], required: readonly string[] = allowed): Json {
    const object = this.object();
    const unknown = Object.keys(object).filter((key) => !allowed.includes(key));
    if (unknown.length > 0)
      throw new InvalidSimulatedAccountError(
        `${this.path} has unknown field ${unknown.join(', ')} (allowed: ${allowed.join(', ')}).`,
      );
    for (const key of required) if (object[key] === undefined) this.at(key).fail('present');
    return object;
  }

  entries(): [string, Field][] {
    return Object.keys(this.object()).map((key) => [key, this.at(key)]);
  }

  string(pattern?: RegExp, expected = 'a non-empty string'): string {
    if (typeof this.value !== 'string' || this.value.trim() === '') this.fail(expected);
    if (pattern !== undefined && !pattern.test(this.value)) this.fail(expected);
    return this.value;
  }

  timestamp(): string {
    return this.string(TIMESTAMP, 'a timestamp like 2026-07-30T00:00:00Z');
  }

  boolean(): boolean {
    if (typeof this.value !== 'boolean') this.fail('true or false');
    return this.value;
  }

  number(min: number, integer = true): number {
    if (
      typeof this.value !== 'number' ||
      !Number.isFinite(this.value) ||
      this.value < min ||
      (integer && !Number.isInteger(this.value))
    )
      this.fail(`${integer ? 'an integer' : 'a number'} >= ${min}`);
    return this.value;
  }

  oneOf<T extends string>(allowed: readonly T[]): T {
    if (typeof this.value !== 'string' || !(allowed as readonly string[]).includes(this.value))
      this.fail(`one of ${allowed.join(', ')}`);
    return this.value as T;
  }

  array<T>(item: (field: Field) => T, options: { nonEmpty?: boolean } = {}): T[] {
    if (!Array.isArray(this.value)) this.fail('an array');
    const items = this.value as unknown[];
    if (options.nonEmpty === true && items.length === 0) this.fail('a non-empty array');
    const values = items.map((_, index) => item(new Field(items[index], `${this.path}[${index}]`)));
    if (new Set(values.map((value) => JSON.stringify(value))).size !== values.length)
      this.fail('free of duplicates');
    return values;
  }

  optional<T>(read: (field: Field) => T): T | undefined {
    return this.value === undefined ? undefined : read(this);
  }
}

function lifecycleDates(field: Field): LifecycleDates {
  const dates: LifecycleDates = {};
  for (const key of [
    'startOfLifeTime',
    'legacyTime',
    'publicExtendedAccessTime',
    'endOfLifeTime',
  ] as const) {
    const value = field.at(key).optional((date) => date.timestamp());
    if (value !== undefined) dates[key] = value;
  }
  return dates;
}

/** The name, provider and modalities a listed model and a retired one both carry. */
function nameAndModalities(field: Field) {
  return {
    modelName: field.at('modelName').string(),
    providerName: field.at('providerName').string(),
    inputModalities: field
      .at('inputModalities')
      .array((m) => m.oneOf(MODALITIES), { nonEmpty: true }),
    outputModalities: field
      .at('outputModalities')
      .array((m) => m.oneOf(MODALITIES), { nonEmpty: true }),
  };
}

function controlPlaneModel(field: Field): ControlPlaneModel {
  field.members([
    'modelName',
    'providerName',
    'inputModalities',
    'outputModalities',
    'responseStreamingSupported',
    'customizationsSupported',
    'modelLifecycle',
  ]);
  const lifecycle = field.at('modelLifecycle');
  lifecycle.members(
    ['status', 'startOfLifeTime', 'legacyTime', 'publicExtendedAccessTime', 'endOfLifeTime'],
    ['status'],
  );
  return {
    ...nameAndModalities(field),
    responseStreamingSupported: field.at('responseStreamingSupported').boolean(),
    customizationsSupported: field
      .at('customizationsSupported')
      .array((c) => c.oneOf(CUSTOMIZATIONS)),
    modelLifecycle: {
      status: lifecycle.at('status').oneOf(['ACTIVE', 'LEGACY'] as const),
      ...lifecycleDates(lifecycle),
    },
  };
}

function controlPlaneProfile(field: Field): ControlPlaneProfile {
  field.members(['inferenceProfileName', 'description', 'createdAt', 'updatedAt']);
  return {
    inferenceProfileName: field.at('inferenceProfileName').string(),
    description: field.at('description').string(),
    createdAt: field.at('createdAt').timestamp(),
    updatedAt: field.at('updatedAt').timestamp(),
  };
}

function controlPlanePart(field: Field): ControlPlanePart {
  field.members(['foundationModels', 'inferenceProfiles', 'regions']);
  const foundationModels = Object.fromEntries(
    field
      .at('foundationModels')
      .entries()
      .map(([id, model]) => [id, controlPlaneModel(model)]),
  );
  const inferenceProfiles = Object.fromEntries(
    field
      .at('inferenceProfiles')
      .entries()
      .map(([id, profile]) => {
        const model = PROFILE_ID.exec(id)?.[2];
        if (model === undefined || foundationModels[model] === undefined)
          profile.fail(`keyed by a geography prefix and a model of controlPlane.foundationModels`);
        return [id, controlPlaneProfile(profile)];
      }),
  );
  const regions = Object.fromEntries(
    field
      .at('regions')
      .entries()
      .map(([region, offer]) => {
        if (!REGION.test(region)) offer.fail('keyed by a Region name such as us-east-1');
        offer.members(['foundationModels', 'inferenceProfiles']);
        const models = Object.fromEntries(
          offer
            .at('foundationModels')
            .entries()
            .map(([id, types]) => {
              if (foundationModels[id] === undefined)
                types.fail('a model of controlPlane.foundationModels');
              return [id, types.array((type) => type.oneOf(INFERENCE_TYPES), { nonEmpty: true })];
            }),
        );
        const profiles = Object.fromEntries(
          offer
            .at('inferenceProfiles')
            .entries()
            .map(([id, routes]) => {
              if (inferenceProfiles[id] === undefined)
                routes.fail('a profile of controlPlane.inferenceProfiles');
              if (models[PROFILE_ID.exec(id)?.[2] ?? ''] === undefined)
                routes.fail(`the profile of a model this Region lists`);
              return [
                id,
                routes.array(
                  (destination) =>
                    destination.value === '*'
                      ? '*'
                      : destination.string(REGION, 'a Region name, or * for the Region-less ARN'),
                  { nonEmpty: true },
                ),
              ];
            }),
        );
        return [region, { foundationModels: models, inferenceProfiles: profiles }];
      }),
  );
  return { foundationModels, inferenceProfiles, regions };
}

function features(field: Field): Features {
  field.members(FEATURE_NAMES);
  const read = (name: keyof Features): boolean => field.at(name).boolean();
  const caching = field.at('promptCaching');
  return {
    systemPrompt: read('systemPrompt'),
    toolUse: read('toolUse'),
    streamingToolUse: read('streamingToolUse'),
    imageInput: read('imageInput'),
    documentInput: read('documentInput'),
    citations: read('citations'),
    reasoning: read('reasoning'),
    promptCaching: caching.value === 'ignored' ? 'ignored' : caching.boolean(),
    structuredOutput: read('structuredOutput'),
    toolChoice: read('toolChoice'),
  };
}

const KNOB_FIELDS = [
  'description',
  'features',
  'featureSources',
  'promptCacheMinTokens',
  'reasoning',
  'reasoningSignature',
  'reasoningVerbosity',
  'timing',
  'maxOutputTokens',
  'defaultMaxTokens',
  'toolPromptTokens',
  'prefacesToolUse',
  'fencesJson',
] as const;

/** A model's knobs: every field present in `defaults`, any subset elsewhere (the rest from defaults). */
function knobs(field: Field, defaults?: ModelKnobs): ModelKnobs {
  const optional = [
    'promptCacheMinTokens',
    'reasoning',
    'reasoningSignature',
    'reasoningVerbosity',
  ];
  field.members(
    KNOB_FIELDS,
    defaults === undefined ? KNOB_FIELDS.filter((key) => !optional.includes(key)) : [],
  );
  const pick = <T>(key: (typeof KNOB_FIELDS)[number], read: (f: Field) => T): T | undefined =>
    field.at(key).optional(read);
  const timing = pick('timing', (t) => {
    t.members(['timeToFirstTokenMs', 'tokensPerSecond']);
    return {
      timeToFirstTokenMs: t.at('timeToFirstTokenMs').number(0),
      tokensPerSecond: t.at('tokensPerSecond').number(1),
    };
  });
  const own = {
    description: pick('description', (f) => f.string()),
    features: pick('features', features),
    featureSources: pick('featureSources', (f) => f.array((s) => s.string())),
    promptCacheMinTokens: pick('promptCacheMinTokens', (f) => f.number(1)),
    reasoning: pick('reasoning', (f) => f.oneOf(REASONING_MODES)),
    reasoningSignature: pick('reasoningSignature', (f) => f.boolean()),
    reasoningVerbosity: pick('reasoningVerbosity', (f) => f.number(1)),
    timing,
    maxOutputTokens: pick('maxOutputTokens', (f) => f.number(1)),
    defaultMaxTokens: pick('defaultMaxTokens', (f) => f.number(1)),
    toolPromptTokens: pick('toolPromptTokens', (f) => f.number(0)),
    prefacesToolUse: pick('prefacesToolUse', (f) => f.boolean()),
    fencesJson: pick('fencesJson', (f) => f.boolean()),
  };
  const merged = { ...defaults, ...withoutUndefined(own) } as ModelKnobs;
  if (merged.defaultMaxTokens > merged.maxOutputTokens)
    field.at('defaultMaxTokens').fail(`at most maxOutputTokens (${merged.maxOutputTokens})`);
  if (merged.features.promptCaching !== false && merged.promptCacheMinTokens === undefined)
    field.at('promptCacheMinTokens').fail('given where promptCaching is supported');
  return merged;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, member]) => member !== undefined),
  ) as Partial<T>;
}

function retiredModel(field: Field): RetiredModel {
  field.members(
    [
      'modelName',
      'providerName',
      'inputModalities',
      'outputModalities',
      'legacyTime',
      'endOfLifeTime',
      'regions',
      'profiles',
      'source',
    ],
    [
      'modelName',
      'providerName',
      'inputModalities',
      'outputModalities',
      'regions',
      'profiles',
      'source',
    ],
  );
  const legacyTime = field.at('legacyTime').optional((f) => f.timestamp());
  const endOfLifeTime = field.at('endOfLifeTime').optional((f) => f.timestamp());
  return {
    ...nameAndModalities(field),
    ...(legacyTime === undefined ? {} : { legacyTime }),
    ...(endOfLifeTime === undefined ? {} : { endOfLifeTime }),
    regions: field
      .at('regions')
      .array((r) => r.string(REGION, 'a Region name'), { nonEmpty: true }),
    profiles: field
      .at('profiles')
      .array((p) =>
        p.string(GEOGRAPHY, 'a geography prefix (us, eu, apac, jp, au, ca, us-gov, global)'),
      ),
    source: field.at('source').string(),
  };
}

function account(field: Field): AccountPart {
  field.members([
    'accountId',
    'defaultRegion',
    'access',
    'marketplaceProviders',
    'marketplaceSubscriptionMinutes',
    'accessSource',
    'applicationInferenceProfiles',
  ]);
  return {
    accountId: field.at('accountId').string(/^\d{12}$/, 'a 12-digit account id'),
    defaultRegion: field.at('defaultRegion').string(REGION, 'a Region name'),
    access: Object.fromEntries(
      field
        .at('access')
        .entries()
        .map(([id, value]) => [id, value.oneOf(ACCESSES)]),
    ),
    marketplaceProviders: field.at('marketplaceProviders').array((p) => p.string()),
    marketplaceSubscriptionMinutes: field.at('marketplaceSubscriptionMinutes').number(0, false),
    accessSource: field.at('accessSource').string(),
    applicationInferenceProfiles: field.at('applicationInferenceProfiles').array((profile) => {
      profile.members(['id', 'name', 'description', 'region', 'copiedFrom', 'createdAt']);
      return {
        id: profile.at('id').string(/^[a-z0-9]{12}$/, 'a 12-character lowercase id'),
        name: profile.at('name').string(),
        description: profile.at('description').string(),
        region: profile.at('region').string(REGION, 'a Region name'),
        copiedFrom: profile.at('copiedFrom').string(PROFILE_ID, 'a system-defined profile id'),
        createdAt: profile.at('createdAt').timestamp(),
      };
    }),
  };
}

function handKeptPart(field: Field): HandKeptPart {
  field.members(['sources', 'defaults', 'models', 'retiredModels', 'account']);
  const sources = Object.fromEntries(
    field
      .at('sources')
      .entries()
      .map(([key, source]) => {
        source.members(['title', 'url', 'date']);
        return [
          key,
          {
            title: source.at('title').string(),
            url: source.at('url').string(/^https:\/\//, 'an https URL'),
            date: source.at('date').string(DAY, 'a date like 2026-12-07'),
          },
        ];
      }),
  );
  const defaults = knobs(field.at('defaults'));
  return {
    sources,
    defaults,
    models: Object.fromEntries(
      field
        .at('models')
        .entries()
        .map(([id, model]) => [id, knobs(model, defaults)]),
    ),
    retiredModels: Object.fromEntries(
      field
        .at('retiredModels')
        .entries()
        .map(([id, model]) => [id, retiredModel(model)]),
    ),
    account: account(field.at('account')),
  };
}

/** Checks the references a hand-kept fact makes to another hand-kept fact. */
function checkReferences(file: SimulatedAccountFile, root: Field): void {
  const { handKept } = file;
  const hand = root.at('handKept');
  for (const [id, model] of Object.entries(handKept.retiredModels)) {
    if (handKept.sources[model.source] === undefined)
      hand.at('retiredModels').at(id).at('source').fail('a key of handKept.sources');
  }
  for (const [id, model] of Object.entries(handKept.models)) {
    model.featureSources.forEach((source, index) => {
      if (handKept.sources[source] === undefined)
        hand.at('models').at(id).at('featureSources').item(index).fail('a key of handKept.sources');
    });
  }
  if (handKept.sources[handKept.account.accessSource] === undefined)
    hand.at('account').at('accessSource').fail('a key of handKept.sources');
}

/**
 * Hand-kept facts about models the control plane part no longer has: harmless (the simulator
 * ignores them), but after a capture they usually mean a model reached end of life and belongs
 * in `retiredModels`. A capture never fails on them, as it must never drop hand-kept data.
 */
export function staleReferences(file: SimulatedAccountFile): string[] {
  const { controlPlane, handKept } = file;
  const known = (id: string): boolean =>
    controlPlane.foundationModels[id] !== undefined || handKept.retiredModels[id] !== undefined;
  const notes: string[] = [];
  for (const id of Object.keys(handKept.models))
    if (!known(id))
      notes.push(`handKept.models has ${id}, which no Region lists and retiredModels lacks`);
  for (const id of Object.keys(handKept.account.access))
    if (!known(id)) notes.push(`handKept.account.access names ${id}, which no Region lists`);
  for (const id of Object.keys(handKept.retiredModels))
    if (controlPlane.foundationModels[id] !== undefined)
      notes.push(
        `${id} is listed again, yet handKept.retiredModels still has it (the listing wins)`,
      );
  for (const profile of handKept.account.applicationInferenceProfiles)
    if (controlPlane.regions[profile.region]?.inferenceProfiles[profile.copiedFrom] === undefined)
      notes.push(
        `application profile ${profile.id} copies ${profile.copiedFrom}, which ${profile.region} does not list`,
      );
  return notes;
}

/** Validates parsed JSON as the data file; throws `InvalidSimulatedAccountError` naming the field. */
export function parseSimulatedAccount(
  value: unknown,
  name = 'simulated-account.json',
): SimulatedAccountFile {
  const root = new Field(value, name);
  root.members(['format', 'description', 'controlPlane', 'handKept']);
  if (root.at('format').value !== SIMULATED_ACCOUNT_FORMAT)
    root.at('format').fail(`"${SIMULATED_ACCOUNT_FORMAT}"`);
  const file: SimulatedAccountFile = {
    format: SIMULATED_ACCOUNT_FORMAT,
    description: root.at('description').string(),
    controlPlane: controlPlanePart(root.at('controlPlane')),
    handKept: handKeptPart(root.at('handKept')),
  };
  checkReferences(file, root);
  return file;
}

/** Reads and validates a data file (the simulator's own by default). */
export function readSimulatedAccount(path = SIMULATED_ACCOUNT_FILE): SimulatedAccountFile {
  const name = path.split(/[\\/]/).pop() ?? path;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidSimulatedAccountError(
      `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidSimulatedAccountError(`${name} is not JSON: ${(error as Error).message}`);
  }
  return parseSimulatedAccount(json, name);
}

let loaded: SimulatedAccountFile | undefined;

/** The simulator's own data file, read and validated on first use and then kept. */
export function simulatedAccount(): SimulatedAccountFile {
  loaded ??= readSimulatedAccount();
  return loaded;
}
