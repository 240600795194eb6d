/**
 * Bedrock model identifiers accepted by the service, checked before anything is spent on them.
 *
 * Bedrock's own pattern for `modelId` ends in a catch-all alternative that admits almost any
 * string; we are stricter on purpose so that nothing odd (path tricks, markup, control
 * characters) ever reaches the store, a log line or Bedrock.
 */

/**
 * A model name after the provider: letters, digits and `-`, and single dots inside it, as in
 * `deepseek.v3.2` or `openai.gpt-5.4` (never `..` and never at either end, so no path tricks).
 */
const NAME = '[a-z0-9](?:[a-z0-9-]|\\.(?=[a-z0-9])){0,62}';
/** `:0`, `:0:200k`: the version and context-window suffixes. */
const SUFFIX = '(?::[a-z0-9-]{1,32}){0,2}';
/** `provider.model-name-v1:0`, optionally `:0:200k`. */
const FOUNDATION_MODEL = new RegExp(`^[a-z0-9][a-z0-9-]{0,62}\\.${NAME}${SUFFIX}$`);
/** `us.provider.model-name-v1:0`: a geography prefix in front of a foundation model id. */
const INFERENCE_PROFILE = new RegExp(
  `^(?:us|eu|apac|us-gov|global|jp|au|ca)\\.[a-z0-9][a-z0-9-]{0,62}\\.${NAME}${SUFFIX}$`,
);
const PARTITION = 'arn:aws(?:-[a-z]+){0,2}';
const ARN = new RegExp(
  `^${PARTITION}:bedrock:[a-z]{2}(?:-[a-z]+){1,2}-\\d:(?:\\d{12})?:(?:` +
    [
      `foundation-model/[a-z0-9][a-z0-9-]{0,62}\\.${NAME}${SUFFIX}`,
      `inference-profile/(?:[a-z-]{2,7}\\.)?[a-z0-9][a-z0-9-]{0,62}\\.${NAME}${SUFFIX}`,
      'application-inference-profile/[a-z0-9]{12}',
      'provisioned-model/[a-z0-9]{12}',
      'imported-model/[a-z0-9]{12}',
      'custom-model/[a-z0-9-]{1,63}\\.[a-z0-9-:]{1,63}/[a-z0-9]{12}',
    ].join('|') +
    ')$',
);

/** Longest id accepted; Bedrock's own limit is 2048, real ids and ARNs are far shorter. */
export const MAX_MODEL_ID_LENGTH = 256;

/** The kind of identifier a valid model id is. */
export type ModelIdKind = 'foundation-model' | 'inference-profile' | 'arn';

/** Returns the kind of a valid model id, or `undefined` when Bedrock would not accept it. */
export function classifyModelId(modelId: string): ModelIdKind | undefined {
  if (modelId.length === 0 || modelId.length > MAX_MODEL_ID_LENGTH) return undefined;
  if (INFERENCE_PROFILE.test(modelId)) return 'inference-profile';
  if (FOUNDATION_MODEL.test(modelId)) return 'foundation-model';
  if (ARN.test(modelId)) return 'arn';
  return undefined;
}

/** True when `modelId` is a foundation model id, an inference profile id or a Bedrock ARN. */
export function isValidModelId(modelId: string): boolean {
  return classifyModelId(modelId) !== undefined;
}

/**
 * The geography prefixes of the system-defined (cross-region) inference profiles a client in
 * `region` may invoke, most specific first: `us-east-1` → `us`, `global`; `ap-northeast-1` →
 * `jp`, `apac`, `global`. A geographic profile is invocable only from a source region of its
 * own geography, and a `global.` profile from any commercial region (not GovCloud or China).
 * See "Supported Regions and models for inference profiles" in the Bedrock user guide.
 */
export function inferenceProfilePrefixes(region: string): string[] {
  if (region.startsWith('us-gov-')) return ['us-gov'];
  if (region.startsWith('cn-')) return [];
  if (region.startsWith('us-')) return ['us', 'global'];
  if (region.startsWith('eu-')) return ['eu', 'global'];
  if (/^ap-northeast-[13]$/.test(region)) return ['jp', 'apac', 'global'];
  if (/^ap-southeast-[24]$/.test(region)) return ['au', 'apac', 'global'];
  if (region.startsWith('ap-')) return ['apac', 'global'];
  if (region.startsWith('ca-')) return ['ca', 'global'];
  return ['global'];
}

/**
 * The most specific cross-region inference profile prefix for a region (`us-east-1` → `us`),
 * used to tell a user which profile id to try when a model needs one.
 */
export function inferenceProfilePrefix(region: string): string {
  return inferenceProfilePrefixes(region)[0] ?? 'us';
}

/** What makes a well-formed model id one this service refuses to certify. */
export type UncertifiableModelId =
  'provisioned-throughput-id' | 'provisioned-model' | 'custom-model' | 'imported-model';

/** `amazon.nova-pro-v1:0:300k`: a context-window variant, sold only as Provisioned Throughput. */
const PROVISIONED_THROUGHPUT_ID =
  /^[a-z0-9][a-z0-9-]{0,62}\.[a-z0-9][a-z0-9-]{0,62}:[a-z0-9-]{1,32}:\d+k$/;
const NON_ON_DEMAND_ARN =
  /^arn:[^:]+:bedrock:[^:]*:[^:]*:(provisioned-model|custom-model|imported-model)\//;

/**
 * Why a valid `modelId` cannot be certified, or `undefined` when it can. The service invokes
 * models on demand only: foundation models and inference profiles (system-defined and
 * application). Provisioned Throughput, custom and imported models are billed and authorized
 * differently, so the function's role holds no permission on them and certifying them is
 * refused before anything is spent.
 */
export function uncertifiableReason(modelId: string): UncertifiableModelId | undefined {
  if (PROVISIONED_THROUGHPUT_ID.test(modelId)) return 'provisioned-throughput-id';
  return NON_ON_DEMAND_ARN.exec(modelId)?.[1] as UncertifiableModelId | undefined;
}
