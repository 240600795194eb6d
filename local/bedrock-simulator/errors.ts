/**
 * Bedrock Runtime errors as the real service sends them: an HTTP status, the
 * `x-amzn-ErrorType` header and a JSON body `{"message": ...}`. The AWS SDK picks the
 * exception class from the header and copies `message`, so clients see exactly the classes
 * and messages they would see in AWS. Messages are copied from real Bedrock responses;
 * note the typographic apostrophe in the on-demand message, which Bedrock really uses.
 */

/** Exception names of the Bedrock Runtime Converse/ConverseStream operations. */
export type BedrockErrorType =
  | 'AccessDeniedException'
  | 'InternalServerException'
  | 'ModelErrorException'
  | 'ModelNotReadyException'
  | 'ModelStreamErrorException'
  | 'ModelTimeoutException'
  | 'ResourceNotFoundException'
  | 'ServiceUnavailableException'
  | 'ThrottlingException'
  | 'ValidationException'
  | 'UnknownOperationException';

/** One error response: what the SDK turns into `error.name`, `$metadata.httpStatusCode` and `message`. */
export interface BedrockError {
  type: BedrockErrorType;
  status: number;
  message: string;
}

/** HTTP status Bedrock uses for each exception (from the service model). */
const STATUS: Record<BedrockErrorType, number> = {
  AccessDeniedException: 403,
  InternalServerException: 500,
  ModelErrorException: 424,
  ModelNotReadyException: 429,
  ModelStreamErrorException: 424,
  ModelTimeoutException: 408,
  ResourceNotFoundException: 404,
  ServiceUnavailableException: 503,
  ThrottlingException: 429,
  ValidationException: 400,
  UnknownOperationException: 404,
};

function error(type: BedrockErrorType, message: string): BedrockError {
  return { type, status: STATUS[type], message };
}

/** The real Bedrock messages, one function per situation. */
export const bedrockErrors = {
  invalidModelId: () => error('ValidationException', 'The provided model identifier is invalid.'),
  inferenceProfileRequired: (modelId: string) =>
    error(
      'ValidationException',
      `Invocation of model ID ${modelId} with on-demand throughput isn\u2019t supported. ` +
        'Retry your request with the ID or ARN of an inference profile that contains this model.',
    ),
  accessDenied: () =>
    error(
      'AccessDeniedException',
      "You don't have access to the model with the specified model ID.",
    ),
  // The first call to a third-party model subscribes the account through AWS Marketplace; the
  // minutes at the end vary between captures (2, 5, 15).
  marketplaceDenied: () =>
    error(
      'AccessDeniedException',
      'Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions ' +
        '(aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model. Refer to the Amazon Bedrock ' +
        'documentation for further details. Your AWS Marketplace subscription for this model cannot be completed at this time. ' +
        'If you recently fixed this issue, try again after 15 minutes.',
    ),
  // A fresh account's first calls to a Marketplace model while the subscription completes
  // (FTUFormNotFilled's neighbour MPAgreementBeingCreated in "Troubleshooting Amazon Bedrock API
  // Error Codes": HTTP 403, "Try again after 15 minutes").
  marketplaceSubscriptionInProgress: () =>
    error(
      'AccessDeniedException',
      'Your account is not authorized to access this model. Your AWS Marketplace subscription for this model is still being processed.',
    ),
  // Anthropic's first-time-use form (FTUFormNotFilled): a 404 although the model exists.
  useCaseNotSubmitted: () =>
    error(
      'ResourceNotFoundException',
      'Model use case details have not been submitted for this account. Fill out the Anthropic use case details form before using the model. ' +
        'If you have already filled out the form, try again in 15 minutes.',
    ),
  // Bedrock answers this with ResourceNotFoundException, not AccessDeniedException.
  legacyNotUsedRecently: () =>
    error(
      'ResourceNotFoundException',
      'Access denied. This Model is marked by provider as Legacy and you have not been actively using the model in the last 15 days. ' +
        'Please upgrade to an active model on Amazon Bedrock',
    ),
  // The control plane's answer for an id it does not know (GetFoundationModelAvailability).
  modelNotFound: (modelId: string) =>
    error('ResourceNotFoundException', `Model ${modelId} not found.`),
  provisionedThroughputOnly: () =>
    error('ValidationException', "The provided model doesn't support on-demand throughput."),
  notATextModel: () =>
    error(
      'ValidationException',
      "This action doesn't support the model that you provided. Try again with a supported text or chat model.",
    ),
  /** A control-plane request parameter outside its constraint. */
  invalidParameter: (value: string, field: string, constraint: string) =>
    error(
      'ValidationException',
      `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${constraint}`,
    ),
  /** IAM's refusal of a control plane action the caller's role lacks. */
  notAuthorized: (principalArn: string, action: string) =>
    error(
      'AccessDeniedException',
      `User: ${principalArn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
    ),
  invalidNextToken: () => error('ValidationException', 'The provided pagination token is invalid.'),
  /** GetInferenceProfile of an id or ARN the Region does not have (wording not verified against AWS). */
  inferenceProfileNotFound: (identifier: string) =>
    error('ResourceNotFoundException', `Inference profile ${identifier} not found.`),
  endOfLife: () =>
    error(
      'ResourceNotFoundException',
      'This model version has reached the end of its life. Please refer to the AWS documentation for more details.',
    ),
  toolUseUnsupported: () => error('ValidationException', "This model doesn't support tool use."),
  streamingToolUseUnsupported: () =>
    error('ValidationException', "This model doesn't support tool use in streaming mode."),
  // The full suite's refusals, as Bedrock words them for a model without the feature: images and
  // documents as reported for OpenAI models on Bedrock (ai-sdk fixture
  // amazon-bedrock-validation-error-no-type.json), citations as in
  // https://github.com/boto/boto3/issues/4608, tool choice as in
  // https://github.com/strands-agents/harness-sdk/issues/1241, cache points and outputConfig as
  // seen from Kimi/Nova models; an unknown reasoning key as Bedrock's request validation answers it.
  imagesUnsupported: () =>
    error(
      'ValidationException',
      "This model doesn't support the image field for user messages. Remove image and try again.",
    ),
  documentsUnsupported: () =>
    error(
      'ValidationException',
      "This model doesn't support the document field for user messages. Remove document and try again.",
    ),
  citationsUnsupported: () => error('ValidationException', "This model doesn't support citations."),
  toolChoiceUnsupported: (choice: 'any' | 'tool') =>
    error(
      'ValidationException',
      `This model doesn't support the toolConfig.toolChoice.${choice} field. Remove toolConfig.toolChoice.${choice} and try again.`,
    ),
  cachePointUnsupported: () =>
    error(
      'ValidationException',
      "This model doesn't support the cachePoint field. Remove cachePoint and try again.",
    ),
  outputConfigUnsupported: () =>
    error(
      'ValidationException',
      "This model doesn't support the outputConfig field. Remove outputConfig and try again.",
    ),
  extraneousKey: (key: string) =>
    error(
      'ValidationException',
      `Malformed input request: #: extraneous key [${key}] is not permitted, please reformat your input and try again.`,
    ),
  /** Anthropic's own checks of extended thinking, passed through as "The model returned the following errors". */
  thinkingTemperature: () =>
    error(
      'ValidationException',
      'The model returned the following errors: `temperature` may only be set to 1 when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#important-considerations-when-using-extended-thinking',
    ),
  thinkingBudget: () =>
    error(
      'ValidationException',
      'The model returned the following errors: `max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size',
    ),
  systemMessagesUnsupported: () =>
    error(
      'ValidationException',
      "This model doesn't support system messages. Try again without a system message or use a model that supports system messages.",
    ),
  throttled: () =>
    error('ThrottlingException', 'Too many requests, please wait before trying again.'),
  serviceUnavailable: () =>
    error('ServiceUnavailableException', 'Bedrock is unable to process your request.'),
  internal: () =>
    error(
      'InternalServerException',
      'The system encountered an unexpected error during processing. Try your request again.',
    ),
  modelStreamError: () =>
    error(
      'ModelStreamErrorException',
      'The system encountered an unexpected error during processing. Try your request again.',
    ),
  malformedRequest: () =>
    error(
      'ValidationException',
      'Malformed input request, please reformat your input and try again.',
    ),
  conversationMustStartWithUser: () =>
    error(
      'ValidationException',
      'A conversation must start with a user message. Try again with a conversation that starts with a user message.',
    ),
  conversationMustAlternate: () =>
    error(
      'ValidationException',
      'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.',
    ),
  toolConfigRequired: () =>
    error(
      'ValidationException',
      'The toolConfig field must be defined when using toolUse and toolResult content blocks.',
    ),
  maxTokensTooSmall: (value: unknown) =>
    error(
      'ValidationException',
      `1 validation error detected: Value '${String(value)}' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1`,
    ),
  maxTokensTooLarge: (limit: number) =>
    error(
      'ValidationException',
      `The maximum tokens you requested exceeds the model limit of ${limit}. Try again with a maximum tokens value that is lower than ${limit}.`,
    ),
  unknownOperation: () => error('UnknownOperationException', 'Unknown operation.'),
} as const;

/**
 * Value of the `x-amzn-ErrorType` header. Bedrock appends its Coral namespace after a colon;
 * the SDK strips it, so sending it keeps the simulator honest about what clients must parse.
 */
export function errorTypeHeader(type: BedrockErrorType): string {
  return `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`;
}

/**
 * Exception names as they appear in a ConverseStream `:exception-type` header (the union
 * member names of `ConverseStreamOutput`, lower camel case).
 */
export const STREAM_EXCEPTION_TYPES = [
  'internalServerException',
  'modelStreamErrorException',
  'validationException',
  'throttlingException',
  'serviceUnavailableException',
] as const;

/** One of the exceptions ConverseStream can deliver mid-stream. */
export type StreamExceptionType = (typeof STREAM_EXCEPTION_TYPES)[number];

/** The error carried by a mid-stream exception event of the given type. */
export function streamException(type: StreamExceptionType): BedrockError {
  switch (type) {
    case 'internalServerException':
      return bedrockErrors.internal();
    case 'modelStreamErrorException':
      return bedrockErrors.modelStreamError();
    case 'validationException':
      return bedrockErrors.malformedRequest();
    case 'throttlingException':
      return bedrockErrors.throttled();
    case 'serviceUnavailableException':
      return bedrockErrors.serviceUnavailable();
  }
}
