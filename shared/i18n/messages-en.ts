/**
 * The English message catalog: the reference every other language must match key for key and
 * parameter for parameter. `{name}` is a parameter; keys are grouped by who shows them
 * (`api.` error messages, `web.` the page, `cli.` the command-line tools).
 */
export const MESSAGES_EN = {
  'api.invalidModelId': 'modelId must be a Bedrock model id, inference profile id or ARN.',
  'api.modelIdEncoding': 'modelId is not valid percent-encoding.',
  'api.missingModelId': 'modelId is required.',
  'api.invalidJson': 'The request body is not valid JSON.',
  'api.malformedRequest': 'The request is malformed.',
  'api.bodyNotObject': 'The request body must be a JSON object like {example}.',
  'api.freshBoolean': 'fresh must be true or false.',
  'api.pathEncoding': 'The path is not valid percent-encoding.',
  'api.historyLimit': 'limit must be a whole number from 1 to {max}.',
  'api.statusFilter': 'status must be one of {values}, given once.',
  'api.unsupported.provisionedThroughputId':
    'A context-window variant such as :200k is sold only as Provisioned Throughput; certify the base model id without it (this service certifies foundation models and inference profiles invoked on demand, and its role may invoke nothing else).',
  'api.unsupported.provisionedModel':
    'Provisioned Throughput ARNs cannot be certified; certify the model it serves instead (this service certifies foundation models and inference profiles invoked on demand, and its role may invoke nothing else).',
  'api.unsupported.customModel':
    'Custom model ARNs cannot be certified; certify the base model instead (this service certifies foundation models and inference profiles invoked on demand, and its role may invoke nothing else).',
  'api.unsupported.importedModel':
    'Imported model ARNs cannot be certified (this service certifies foundation models and inference profiles invoked on demand, and its role may invoke nothing else).',
  'api.unauthorized': 'A valid bearer token is required.',
  'api.oneStreamTicket': 'Send one stream ticket.',
  'api.badStreamTicket':
    'The stream ticket is invalid, expired, already used or for another request.',
  'api.invalidMonth': 'month must be a UTC month written YYYY-MM, e.g. 2026-11.',
  'api.oneMonth': 'Send one month parameter, written YYYY-MM.',
  'api.forbidden': 'This route is for operators only.',
  'api.adminsOnly': 'Only members of the "{group}" group may read every user\'s usage.',
  'api.notFound': 'No such route.',
  'api.methodNotAllowed': 'Method not allowed; use {methods}.',
  'api.payloadTooLarge': 'Request body must be at most {limit} bytes.',
  'api.unsupportedMediaType': 'Content-Type must be application/json.',
  'api.rateLimited': 'At most {limit} certifications per {window} s; retry after {retryAfter} s.',
  'api.quotaExceeded':
    'The monthly quota of {limit} certifications is used up; it starts afresh when the UTC month ends, in {retryAfter} s. Cached results are still served.',
  'api.storeUnavailable': 'The certification store is unavailable; try again shortly.',
  'api.dependencyUnavailable': 'A dependency of the service is unavailable; try again shortly.',
  'api.issuerUnavailable': 'The token issuer cannot be reached; try again shortly.',
  'api.catalogUnavailable': 'The Bedrock model listing is unavailable; try again shortly.',
  'api.internal': 'Internal error; reference request id {requestId}.',
  'api.or': 'or',
} as const;

/** A key of the message catalogs. */
export type MessageKey = keyof typeof MESSAGES_EN;
