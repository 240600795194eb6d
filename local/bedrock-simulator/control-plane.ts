/**
 * The Bedrock control plane operations a model catalog needs, on the real REST-JSON protocol
 * of `@aws-sdk/client-bedrock`: `GET /foundation-models` (ListFoundationModels),
 * `GET /foundation-models/{modelIdentifier}` (GetFoundationModel), `GET /inference-profiles`
 * (ListInferenceProfiles), `GET /inference-profiles/{inferenceProfileIdentifier}`
 * (GetInferenceProfile) and `GET /foundation-model-availability/{modelId}`
 * (GetFoundationModelAvailability). Answers come from the data file's control plane part for the
 * Region the request was signed for, through the registry the runtime serves (so a model patched
 * to end of life leaves the listings), in the response shapes of the Bedrock API reference
 * (botocore's `bedrock/2023-04-20/service-2.json`).
 */
import type { SimulatedAccount } from './account.js';
import type { LifecycleDates, SimulatedModel } from './catalog.js';
import { bedrockErrors, type BedrockError } from './errors.js';
import type { ModelRegistry } from './model-registry.js';
import type { ApplicationInferenceProfile } from './simulated-account.js';

/** A control plane answer: a JSON body, or the error Bedrock would send. */
export type ControlPlaneResult =
  { ok: true; body: Record<string, unknown> } | { ok: false; error: BedrockError };

/** `FoundationModelSummary` (and `FoundationModelDetails`, which has the same members). */
export interface FoundationModelSummary {
  modelArn: string;
  modelId: string;
  modelName: string;
  providerName: string;
  inputModalities: string[];
  outputModalities: string[];
  responseStreamingSupported: boolean;
  customizationsSupported: string[];
  inferenceTypesSupported: string[];
  modelLifecycle: { status: 'ACTIVE' | 'LEGACY' } & LifecycleDates;
}

/** `InferenceProfileSummary`. */
export interface InferenceProfileSummary {
  inferenceProfileName: string;
  description: string;
  createdAt: string;
  updatedAt: string;
  inferenceProfileArn: string;
  models: { modelArn: string }[];
  inferenceProfileId: string;
  status: 'ACTIVE';
  type: 'SYSTEM_DEFINED' | 'APPLICATION';
}

const OUTPUT_MODALITIES = ['TEXT', 'IMAGE', 'EMBEDDING'] as const;
const INFERENCE_TYPES = ['ON_DEMAND', 'PROVISIONED'] as const;
const CUSTOMIZATION_TYPES = ['FINE_TUNING', 'CONTINUED_PRE_TRAINING', 'DISTILLATION'] as const;
const PROFILE_TYPES = ['SYSTEM_DEFINED', 'APPLICATION'] as const;
const PROVIDER = /^[A-Za-z0-9- ]{1,63}$/;
/** `InferenceProfileIdentifier` in the service model (botocore `bedrock/2023-04-20`). */
const PROFILE_IDENTIFIER_PATTERN =
  '(arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|application-inference-profile)/)?[a-zA-Z0-9-:.]+';
const PROFILE_IDENTIFIER = new RegExp(`^${PROFILE_IDENTIFIER_PATTERN}$`);

const ok = (body: Record<string, unknown>): ControlPlaneResult => ({ ok: true, body });
const fail = (error: BedrockError): ControlPlaneResult => ({ ok: false, error });

function enumError(value: string, field: string, allowed: readonly string[]): BedrockError {
  return bedrockErrors.invalidParameter(
    value,
    field,
    `Member must satisfy enum value set: [${allowed.join(', ')}]`,
  );
}

/** A query parameter that must be one of `allowed`, or the ValidationException for it. */
function enumParam<T extends string>(
  query: URLSearchParams,
  param: string,
  allowed: readonly T[],
  member = param,
): T | undefined | BedrockError {
  const value = query.get(param);
  if (value === null) return undefined;
  return (allowed as readonly string[]).includes(value)
    ? (value as T)
    : enumError(value, member, allowed);
}

function isError(value: unknown): value is BedrockError {
  return typeof value === 'object' && value !== null && 'type' in value && 'status' in value;
}

/** Whether the control plane of `region` lists `model`: a Bedrock model the Region offers, not retired. */
function isListed(model: SimulatedModel, region: string): boolean {
  return (
    model.providerName !== 'Simulator' &&
    model.lifecycle !== 'END_OF_LIFE' &&
    model.inferenceTypes[region] !== undefined
  );
}

function foundationModelArn(region: string, modelId: string): string {
  // A global profile names the Region-less ARN (`*` in the data file): IAM authorizes it there.
  return `arn:aws:bedrock:${region === '*' ? '' : region}::foundation-model/${modelId}`;
}

/** A model as `ListFoundationModels` and `GetFoundationModel` describe it in `region`. */
export function foundationModelSummary(
  model: SimulatedModel,
  region: string,
): FoundationModelSummary {
  return {
    modelArn: foundationModelArn(region, model.modelId),
    modelId: model.modelId,
    modelName: model.modelName,
    providerName: model.providerName,
    inputModalities: [...model.inputModalities],
    outputModalities: [...model.outputModalities],
    responseStreamingSupported: model.responseStreamingSupported,
    customizationsSupported: [...model.customizationsSupported],
    inferenceTypesSupported: [...(model.inferenceTypes[region] ?? [])],
    modelLifecycle: {
      status: model.lifecycle === 'LEGACY' ? 'LEGACY' : 'ACTIVE',
      ...model.lifecycleDates,
    },
  };
}

/** `ListFoundationModels`, with its four filters. */
export function listFoundationModels(
  registry: ModelRegistry,
  region: string,
  query: URLSearchParams,
): ControlPlaneResult {
  const output = enumParam(query, 'byOutputModality', OUTPUT_MODALITIES);
  const inference = enumParam(query, 'byInferenceType', INFERENCE_TYPES);
  const customization = enumParam(query, 'byCustomizationType', CUSTOMIZATION_TYPES);
  for (const value of [output, inference, customization]) if (isError(value)) return fail(value);
  const provider = query.get('byProvider');
  if (provider !== null && !PROVIDER.test(provider)) {
    return fail(
      bedrockErrors.invalidParameter(
        provider,
        'byProvider',
        'Member must satisfy regular expression pattern: [A-Za-z0-9- ]{1,63}',
      ),
    );
  }

  const listed = Object.keys(registry.catalog.controlPlane.regions[region]?.foundationModels ?? {});
  const summaries = listed
    .flatMap((modelId) => registry.find(modelId) ?? [])
    .filter((model) => isListed(model, region))
    .map((model) => foundationModelSummary(model, region))
    // Provider names are matched case-insensitively (`--by-provider anthropic` finds "Anthropic").
    .filter(
      (summary) =>
        provider === null || summary.providerName.toLowerCase() === provider.toLowerCase(),
    )
    .filter(
      (summary) => output === undefined || summary.outputModalities.includes(output as string),
    )
    .filter(
      (summary) =>
        inference === undefined || summary.inferenceTypesSupported.includes(inference as string),
    )
    .filter(
      (summary) =>
        customization === undefined ||
        summary.customizationsSupported.includes(customization as string),
    );
  return ok({ modelSummaries: summaries });
}

/** `GetFoundationModel`, by model id or foundation model ARN. */
export function getFoundationModel(
  registry: ModelRegistry,
  region: string,
  identifier: string,
): ControlPlaneResult {
  const arn = /^arn:aws(?:-[a-z]+)*:bedrock:([a-z0-9-]+)::foundation-model\/(.+)$/.exec(identifier);
  if (arn && arn[1] !== region) return fail(bedrockErrors.invalidModelId());
  const model = registry.find(arn ? (arn[2] as string) : identifier);
  if (model === undefined || !isListed(model, region)) return fail(bedrockErrors.invalidModelId());
  return ok({ modelDetails: foundationModelSummary(model, region) });
}

/** The system-defined profiles `region` lists, for the models it still lists. */
function systemProfiles(registry: ModelRegistry, region: string): InferenceProfileSummary[] {
  const { controlPlane, account } = registry.catalog;
  const routes = controlPlane.regions[region]?.inferenceProfiles ?? {};
  return Object.entries(routes).flatMap(([id, destinations]) => {
    const modelId = id.slice(id.indexOf('.') + 1);
    const model = registry.find(modelId);
    const profile = controlPlane.inferenceProfiles[id];
    if (model === undefined || profile === undefined || !isListed(model, region)) return [];
    return [
      {
        ...profile,
        inferenceProfileArn: `arn:aws:bedrock:${region}:${account.accountId}:inference-profile/${id}`,
        models: destinations.map((destination) => ({
          modelArn: foundationModelArn(destination, modelId),
        })),
        inferenceProfileId: id,
        status: 'ACTIVE' as const,
        type: 'SYSTEM_DEFINED' as const,
      },
    ];
  });
}

function applicationProfiles(registry: ModelRegistry, region: string): InferenceProfileSummary[] {
  const { account } = registry.catalog;
  const arnOf = (profile: ApplicationInferenceProfile): string =>
    `arn:aws:bedrock:${profile.region}:${account.accountId}:application-inference-profile/${profile.id}`;
  return account.applicationInferenceProfiles
    .filter((profile) => profile.region === region)
    .flatMap((profile) => {
      const source = applicationSource(registry, profile);
      if (source === undefined) return [];
      return [
        {
          inferenceProfileName: profile.name,
          description: profile.description,
          createdAt: profile.createdAt,
          updatedAt: profile.createdAt,
          inferenceProfileArn: arnOf(profile),
          models: source.models,
          inferenceProfileId: profile.id,
          status: 'ACTIVE',
          type: 'APPLICATION',
        },
      ];
    });
}

/** The system profile an application profile copies, as listed in its Region. */
function applicationSource(
  registry: ModelRegistry,
  profile: ApplicationInferenceProfile,
): InferenceProfileSummary | undefined {
  return systemProfiles(registry, profile.region).find(
    (candidate) => candidate.inferenceProfileId === profile.copiedFrom,
  );
}

/** `GetInferenceProfile`, by profile id or ARN, system-defined or the account's own. */
export function getInferenceProfile(
  registry: ModelRegistry,
  region: string,
  identifier: string,
): ControlPlaneResult {
  if (identifier.length > 2048 || !PROFILE_IDENTIFIER.test(identifier)) {
    return fail(
      bedrockErrors.invalidParameter(
        identifier,
        'inferenceProfileIdentifier',
        `Member must satisfy regular expression pattern: ${PROFILE_IDENTIFIER_PATTERN}`,
      ),
    );
  }
  const profile = [
    ...systemProfiles(registry, region),
    ...applicationProfiles(registry, region),
  ].find(
    (candidate) =>
      candidate.inferenceProfileId === identifier || candidate.inferenceProfileArn === identifier,
  );
  return profile === undefined
    ? fail(bedrockErrors.inferenceProfileNotFound(identifier))
    : ok({ ...profile });
}

/** `ListInferenceProfiles`: system-defined profiles by default, `typeEquals=APPLICATION` for the account's own. */
export function listInferenceProfiles(
  registry: ModelRegistry,
  region: string,
  query: URLSearchParams,
): ControlPlaneResult {
  const type = enumParam(query, 'type', PROFILE_TYPES, 'typeEquals') ?? 'SYSTEM_DEFINED';
  if (isError(type)) return fail(type);
  const rawMax = query.get('maxResults');
  let maxResults = 1000;
  if (rawMax !== null) {
    const value = Number(rawMax);
    if (!Number.isInteger(value) || value < 1 || value > 1000) {
      return fail(
        bedrockErrors.invalidParameter(
          rawMax,
          'maxResults',
          `Member must have value ${value < 1 ? 'greater than or equal to 1' : 'less than or equal to 1000'}`,
        ),
      );
    }
    maxResults = value;
  }
  const profiles =
    type === 'APPLICATION'
      ? applicationProfiles(registry, region)
      : systemProfiles(registry, region);
  const start = decodeNextToken(query.get('nextToken'), type);
  if (start === undefined || start > profiles.length) return fail(bedrockErrors.invalidNextToken());
  const page = profiles.slice(start, start + maxResults);
  const next = start + page.length;
  return ok({
    inferenceProfileSummaries: page,
    ...(next < profiles.length ? { nextToken: encodeNextToken(next, type) } : {}),
  });
}

/** An opaque token bound to the listing it continues, as Bedrock's are. */
function encodeNextToken(offset: number, type: string): string {
  return Buffer.from(JSON.stringify({ offset, type }), 'utf8').toString('base64url');
}

/** The offset a token continues from, 0 without one, `undefined` for a token this listing did not issue. */
function decodeNextToken(token: string | null, type: string): number | undefined {
  if (token === null) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      offset?: unknown;
      type?: unknown;
    };
    return Number.isInteger(parsed.offset) && (parsed.offset as number) >= 0 && parsed.type === type
      ? (parsed.offset as number)
      : undefined;
  } catch {
    return undefined;
  }
}

/** `BedrockModelId` of the service model: what GetFoundationModelAvailability accepts. */
const BEDROCK_MODEL_ID =
  /^[a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}([a-z0-9-]{1,63}[.]){0,2}[a-z0-9-]{1,63}([:][a-z0-9-]{1,63}){0,2}(\/[a-z0-9]{12}|)$/;

/**
 * `GetFoundationModelAvailability`: what this account may do with a model in `region`, without
 * invoking it. `regionAvailability` follows where the model is offered; `authorizationStatus`
 * is `NOT_AUTHORIZED` for a model the account is denied (an IAM or SCP deny); a Legacy model the
 * account has not used lately is not entitled. An established account's third-party model has
 * its agreement unless the role may not subscribe (`marketplace-denied`: `NOT_AVAILABLE`, which
 * shows only when it invokes). A fresh account (`account.ts`) adds its one-time steps:
 * - Anthropic before the use-case form: agreement `NOT_AVAILABLE` and not entitled (the user
 *   guide grants access as soon as the use-case details are submitted);
 * - a Marketplace model no call has subscribed yet: agreement `NOT_AVAILABLE`, entitled (access
 *   is on by default; the first invocation starts the subscription);
 * - while that subscription is processed: agreement `PENDING` and not entitled (calls are refused
 *   until it completes), then `AVAILABLE`.
 * Sources: the answer's shape and enums from botocore's `bedrock/2023-04-20/service-2.json`
 * (`AgreementStatus`: AVAILABLE | PENDING | NOT_AVAILABLE | ERROR; `EntitlementAvailability`,
 * `AuthorizationStatus`, `RegionAvailability`); the steps from the user guide's "Access Amazon
 * Bedrock foundation models" (and its "Manage model access using SDK and CLI": the agreement is
 * `AVAILABLE` once access exists). Which field a pending step shows in is not documented field by
 * field: the entitlement is this simulator's reading. An id Bedrock does not know (retired, or a
 * simulator fault model) is a ResourceNotFoundException.
 */
export function getFoundationModelAvailability(
  registry: ModelRegistry,
  account: Pick<SimulatedAccount, 'standing'>,
  region: string,
  modelId: string,
): ControlPlaneResult {
  if (modelId.length > 140 || !BEDROCK_MODEL_ID.test(modelId)) {
    return fail(
      bedrockErrors.invalidParameter(
        modelId,
        'modelId',
        `Member must satisfy regular expression pattern: ${BEDROCK_MODEL_ID.source.slice(1, -1)}`,
      ),
    );
  }
  const model = registry.find(modelId);
  if (
    model === undefined ||
    model.providerName === 'Simulator' ||
    model.lifecycle === 'END_OF_LIFE'
  )
    return fail(bedrockErrors.modelNotFound(modelId));
  const thirdParty = model.providerName !== 'Amazon';
  const standing = account.standing(model);
  return ok({
    modelId,
    agreementAvailability: {
      status:
        standing?.agreement ??
        (!thirdParty || model.access === 'granted' ? 'AVAILABLE' : 'NOT_AVAILABLE'),
    },
    authorizationStatus: model.access === 'denied' ? 'NOT_AUTHORIZED' : 'AUTHORIZED',
    entitlementAvailability:
      model.access === 'not-used-recently' || standing?.entitled === false
        ? 'NOT_AVAILABLE'
        : 'AVAILABLE',
    regionAvailability: isListed(model, region) ? 'AVAILABLE' : 'NOT_AVAILABLE',
  });
}
