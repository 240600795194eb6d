/**
 * Bedrock model identifiers accepted by the service, checked before anything is spent on them.
 *
 * Bedrock's own pattern for `modelId` ends in a catch-all alternative that admits almost any
 * string; we are stricter on purpose so that nothing odd (path tricks, markup, control
 * characters) ever reaches the store, a log line or Bedrock.
 */

/** `provider.model-name-v1:0`, optionally `:0:200k`. */
const FOUNDATION_MODEL = /^[a-z0-9][a-z0-9-]{0,62}\.[a-z0-9][a-z0-9-]{0,62}(?::[a-z0-9-]{1,32}){0,2}$/;
/** `us.provider.model-name-v1:0`: a geography prefix in front of a foundation model id. */
const INFERENCE_PROFILE = /^(?:us|eu|apac|us-gov|global|jp|au|ca)\.[a-z0-9][a-z0-9-]{0,62}\.[a-z0-9][a-z0-9-]{0,62}(?::[a-z0-9-]{1,32}){0,2}$/;
const PARTITION = 'arn:aws(?:-[a-z]+){0,2}';
const ARN = new RegExp(
  `^${PARTITION}:bedrock:[a-z]{2}(?:-[a-z]+){1,2}-\\d:(?:\\d{12})?:(?:` +
    [
      'foundation-model/[a-z0-9][a-z0-9-]{0,62}\\.[a-z0-9][a-z0-9-]{0,62}(?::[a-z0-9-]{1,32}){0,2}',
      'inference-profile/(?:[a-z-]{2,7}\\.)?[a-z0-9][a-z0-9-]{0,62}\\.[a-z0-9][a-z0-9-]{0,62}(?::[a-z0-9-]{1,32}){0,2}',
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
 * The cross-region inference profile prefix Bedrock uses for a region (`us-east-1` → `us`),
 * used to tell a user which profile id to try when a model needs one.
 */
export function inferenceProfilePrefix(region: string): string {
  if (region.startsWith('us-gov-')) return 'us-gov';
  if (region.startsWith('us-')) return 'us';
  if (region.startsWith('eu-')) return 'eu';
  if (region.startsWith('ap-')) return 'apac';
  if (region.startsWith('ca-')) return 'ca';
  return 'us';
}
