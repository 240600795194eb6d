import { ProbeError } from '../errors.js';
import { inferenceProfilePrefixes } from '../model-id.js';
import type { ProbeErrorCode, TestName } from '../types.js';
import { baseModelId } from './base-model-id.js';

/** Codes meaning the model cannot be invoked at all: the certification is `unavailable`. */
export const UNAVAILABLE_CODES: ReadonlySet<ProbeErrorCode> = new Set<ProbeErrorCode>([
  'ACCESS_DENIED',
  'INFERENCE_PROFILE_REQUIRED',
  'INVALID_MODEL_ID',
  'MODEL_END_OF_LIFE',
  'MODEL_LEGACY',
]);

/** The model and region a failure is about; hints name them. */
export interface ErrorContext {
  modelId: string;
  region: string;
  /**
   * Bedrock's messages for the failure (one per distinct wording), when a hint depends on which
   * of several causes it was or quotes Bedrock's own words.
   */
  messages?: readonly string[];
}

/**
 * Longest message passed on to clients. Bedrock's longest known message (the Marketplace
 * subscription refusal, ~390 characters) must reach the client whole: it says what to fix.
 */
const MAX_MESSAGE_LENGTH = 500;

/**
 * Real Bedrock messages, matched before the exception class because Bedrock reports several
 * distinct conditions as `ValidationException` (and deprecations as `ResourceNotFoundException`).
 */
const MESSAGE_RULES: readonly { pattern: RegExp; code: ProbeErrorCode }[] = [
  // "Invocation of model ID x with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model."
  {
    pattern: /on-demand throughput isn.t supported|ID or ARN of an inference profile/i,
    code: 'INFERENCE_PROFILE_REQUIRED',
  },
  // "The provided model identifier is invalid."
  { pattern: /model identifier is invalid/i, code: 'INVALID_MODEL_ID' },
  // "This model version has reached the end of its life. Please refer to the AWS documentation for more details."
  { pattern: /end of (?:its )?life/i, code: 'MODEL_END_OF_LIFE' },
  // "Access denied. This Model is marked by provider as Legacy and you have not been actively using the model in the
  // last 15 days. Please upgrade to an active model on Amazon Bedrock" (a ResourceNotFoundException; 30 days in some captures)
  { pattern: /marked by provider as legacy/i, code: 'MODEL_LEGACY' },
  // "Model use case details have not been submitted for this account. Fill out the Anthropic use case details form
  // before using the model. ..." (a ResourceNotFoundException, though the model exists)
  { pattern: /use case details have not been submitted/i, code: 'ACCESS_DENIED' },
];

const CLASS_RULES: Readonly<Record<string, ProbeErrorCode>> = {
  // Also a fresh account's "Your account is not authorized to access this model. Your AWS
  // Marketplace subscription for this model is still being processed." (MPAgreementBeingCreated).
  AccessDeniedException: 'ACCESS_DENIED',
  ResourceNotFoundException: 'MODEL_END_OF_LIFE',
  // "This model doesn't support tool use." / "... system messages." / "... tool use in streaming
  // mode." / "The model is unsupported for streaming.": any other ValidationException means the
  // model rejected the shape of the probe's request, which for a fixed probe is a feature gap.
  ValidationException: 'FEATURE_UNSUPPORTED',
  ThrottlingException: 'THROTTLED',
  ServiceQuotaExceededException: 'THROTTLED',
  TooManyRequestsException: 'THROTTLED',
  ModelTimeoutException: 'TIMEOUT',
  TimeoutError: 'TIMEOUT',
  AbortError: 'TIMEOUT',
  ModelStreamErrorException: 'MODEL_ERROR',
  ModelErrorException: 'MODEL_ERROR',
  ModelNotReadyException: 'MODEL_ERROR',
  ServiceUnavailableException: 'SERVICE_UNAVAILABLE',
  InternalServerException: 'SERVICE_UNAVAILABLE',
};

/** Socket-level failures; Node reports ECONNRESET/EPIPE as `TimeoutError`, so the code wins. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
]);

/**
 * The caller's own credentials, not the model: AWS refused them (`ExpiredTokenException`,
 * `UnrecognizedClientException`, common errors of every AWS API,
 * https://docs.aws.amazon.com/awsconsolehelpdocs/latest/gsg/common-errors.html), or the SDK
 * could not load any (`CredentialsProviderError`, `TokenProviderError`: no credentials, an SSO
 * session that ended while the service ran). No verdict on the model, so not `ACCESS_DENIED`
 * (cached as `unavailable`) but `SERVICE_UNAVAILABLE`, cached briefly, with its own hint.
 */
const CREDENTIAL_ERRORS = new Set([
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'CredentialsProviderError',
  'TokenProviderError',
]);

/** The message of a credential failure; the hint recognises it. */
export const CREDENTIALS_MESSAGE =
  'The AWS credentials the service calls Bedrock with were refused or could not be loaded.';

/** Messages used when Bedrock's own is missing or not safe to show (network, unknown errors). */
const DEFAULT_MESSAGES: Readonly<Record<ProbeErrorCode, string>> = {
  ACCESS_DENIED: "You don't have access to the model with the specified model ID.",
  INFERENCE_PROFILE_REQUIRED: 'This model can only be invoked through an inference profile.',
  INVALID_MODEL_ID: 'The provided model identifier is invalid.',
  MODEL_END_OF_LIFE: 'This model version has reached the end of its life.',
  MODEL_LEGACY: 'This model is Legacy and this account has not used it recently.',
  FEATURE_UNSUPPORTED: 'The model rejected this request as unsupported.',
  FEATURE_IGNORED: 'Bedrock accepted the request, but the model ignored the feature.',
  THROTTLED: 'Bedrock throttled the request.',
  TIMEOUT: 'The model did not answer in time.',
  MODEL_ERROR: 'The model failed while answering.',
  SERVICE_UNAVAILABLE: 'Amazon Bedrock could not be reached.',
  WRONG_ANSWER: 'The model did not follow the instruction.',
};

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/**
 * Maps anything a Bedrock call throws to a `ProbeError` with a stable code and a one-line
 * message safe for clients. Bedrock's own service messages are kept (they are written for
 * users); socket errors and unknown errors get a fixed message, the original stays in `cause`.
 */
export function classifyBedrockError(error: unknown): ProbeError {
  if (error instanceof ProbeError) return error;
  const shape: ErrorShape = typeof error === 'object' && error !== null ? error : {};
  const name = typeof shape.name === 'string' ? shape.name : '';
  const rawMessage = typeof shape.message === 'string' ? shape.message : '';
  const isServiceError = shape.$fault === 'client' || shape.$fault === 'server';

  if (typeof shape.code === 'string' && NETWORK_CODES.has(shape.code)) {
    return new ProbeError('SERVICE_UNAVAILABLE', DEFAULT_MESSAGES.SERVICE_UNAVAILABLE, {
      cause: error,
    });
  }
  if (CREDENTIAL_ERRORS.has(name))
    return new ProbeError('SERVICE_UNAVAILABLE', CREDENTIALS_MESSAGE, { cause: error });
  const byMessage = isServiceError
    ? MESSAGE_RULES.find((rule) => rule.pattern.test(rawMessage))?.code
    : undefined;
  const code = byMessage ?? CLASS_RULES[name] ?? codeFromStatus(shape);
  if (code === undefined) {
    return new ProbeError('SERVICE_UNAVAILABLE', 'Unexpected error while calling Amazon Bedrock.', {
      cause: error,
    });
  }
  const message = isServiceError ? toOneLine(rawMessage) : '';
  return new ProbeError(code, message || DEFAULT_MESSAGES[code], { cause: error });
}

function codeFromStatus(shape: ErrorShape): ProbeErrorCode | undefined {
  const status = shape.$metadata?.httpStatusCode;
  if (typeof status !== 'number')
    return shape.$fault === 'server' ? 'SERVICE_UNAVAILABLE' : undefined;
  if (status === 429) return 'THROTTLED';
  if (status === 403) return 'ACCESS_DENIED';
  if (status === 404) return 'INVALID_MODEL_ID';
  if (status === 408) return 'TIMEOUT';
  if (status >= 500) return 'SERVICE_UNAVAILABLE';
  if (status >= 400) return 'FEATURE_UNSUPPORTED';
  return undefined;
}

/**
 * One line, no request ids, bounded length: what a client may see of an upstream message.
 */
export function toOneLine(message: string): string {
  const firstLine = message.split(/\r?\n/, 1)[0] ?? '';
  const cleaned = firstLine
    .replace(/\b(?:request[ -]?id|requestid)\b[:=]?\s*[\w-]+/gi, '')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '')
    .replace(/\s+/g, ' ')
    .replace(/\s+([.,;:])/g, '$1')
    .trim();
  return cleaned.length > MAX_MESSAGE_LENGTH
    ? `${cleaned.slice(0, MAX_MESSAGE_LENGTH - 1)}…`
    : cleaned;
}

/** True when `code` means the model cannot be invoked at all. */
export function isUnavailableCode(code: ProbeErrorCode): boolean {
  return UNAVAILABLE_CODES.has(code);
}

/**
 * The inference profile ids to suggest for a model that needs one, most specific first, e.g.
 * `us.meta.llama3-...` then `global.meta.llama3-...` from us-east-1. Which of them exist
 * depends on the model (not every model has a `global.` profile); the hint says so.
 */
export function suggestedInferenceProfiles(context: ErrorContext): string[] {
  const base = baseModelId(context.modelId);
  return base === undefined
    ? []
    : inferenceProfilePrefixes(context.region).map((prefix) => `${prefix}.${base}`);
}

/** One line of advice for a failure code, naming the model, region or tests involved. */
export function diagnosisHint(
  code: ProbeErrorCode,
  context: ErrorContext & { tests: readonly TestName[] },
): string {
  const { modelId, region, tests } = context;
  switch (code) {
    case 'ACCESS_DENIED':
      return accessDeniedHint(context);
    case 'INFERENCE_PROFILE_REQUIRED': {
      const profiles = suggestedInferenceProfiles(context);
      const geographic = profiles.filter((profile) => !profile.startsWith('global.'));
      const global = profiles.find((profile) => profile.startsWith('global.'));
      if (profiles.length === 0)
        return `This model has no on-demand throughput in ${region}; certify an inference profile that contains it instead.`;
      const named =
        geographic.length > 0
          ? `the inference profile ${geographic.join(' or ')}`
          : `an inference profile`;
      const orGlobal =
        global === undefined ? '' : `, or ${global} if the model has a global profile`;
      return `This model has no on-demand throughput in ${region}; certify ${named} instead${orGlobal}.`;
    }
    case 'INVALID_MODEL_ID':
      return `Bedrock does not know ${modelId} in ${region}; check the id with \`aws bedrock list-foundation-models --region ${region}\` (models and profiles differ per region).`;
    case 'MODEL_END_OF_LIFE':
      return `${modelId} has reached end of life; move to a newer version of the model.`;
    case 'MODEL_LEGACY':
      return `${modelId} is Legacy and this account has not used it in the last weeks, so Bedrock refuses it; move to an active model (\`modelLifecycle.status\` ACTIVE in \`aws bedrock list-foundation-models --region ${region}\`).`;
    case 'FEATURE_UNSUPPORTED':
      return `The model does not support what ${tests.join(', ')} needs through the Converse API; do not offer that feature with this model.${quoted(context.messages, 'Bedrock')}`;
    case 'FEATURE_IGNORED':
      return `Bedrock accepted what ${tests.join(', ')} asked for, but the model ignored it (accepted but ignored), so the feature would not do what an app expects; do not rely on it with this model.${quoted(context.messages, 'Found')}`;
    case 'THROTTLED':
      return `Bedrock kept throttling ${tests.join(', ')} after retries; try again later or ask for a higher quota for this model in ${region}.`;
    case 'TIMEOUT':
      return `${tests.join(', ')} did not finish in time; the model may be overloaded or slow, try again later.`;
    case 'MODEL_ERROR':
      return `The model failed while answering ${tests.join(', ')}; this is usually transient, try again.`;
    case 'SERVICE_UNAVAILABLE':
      return context.messages?.includes(CREDENTIALS_MESSAGE) === true
        ? `The service's AWS credentials expired, are unknown to AWS or could not be loaded (an SSO session that ended?); refresh them (for example \`aws sso login\`) and certify again.`
        : `Amazon Bedrock was unavailable or unreachable during ${tests.join(', ')}; try again shortly.`;
    case 'WRONG_ANSWER':
      return `The model answered ${tests.join(', ')} but ignored the instruction; it may be unsuitable for these features.`;
  }
}

/** ` Bedrock: "…" / "…"` for a hint that quotes what Bedrock said (or what the probe found). */
function quoted(messages: readonly string[] | undefined, who: string): string {
  if (messages === undefined || messages.length === 0) return '';
  return ` ${who}: ${messages.map((message) => `"${message}"`).join(' / ')}`;
}

/** Bedrock reports four different fixes as access denied; its message tells which applies. */
function accessDeniedHint({ modelId, region, messages = [] }: ErrorContext): string {
  const message = messages.join('\n');
  if (/subscription for this model is still being processed/i.test(message)) {
    return `The first call to ${modelId} started this account's AWS Marketplace subscription to it, and Bedrock refuses calls until the subscription completes (usually a few minutes, at most about 15); certify again in a few minutes.`;
  }
  if (/aws-marketplace/i.test(message)) {
    return (
      `The first call to a third-party model subscribes the account through AWS Marketplace, which needs aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions on the calling role ` +
      `(the deployed stack grants them, limited to calls made by Bedrock); add them if the role was changed, then retry after about 15 minutes.`
    );
  }
  if (/use case details/i.test(message)) {
    return `Anthropic asks each account (or its organization's management account) once for use-case details: submit the form by opening an Anthropic model in the Amazon Bedrock console (region ${region}), then retry after about 15 minutes.`;
  }
  return `This account may not invoke ${modelId} in ${region}: allow bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream on it in IAM and check that no SCP or permissions boundary denies it (model access itself is on by default).`;
}
