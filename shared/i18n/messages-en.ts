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
  'api.cursorOnce': 'Send one cursor, as nextCursor gave it.',
  'api.cursorForeign': 'cursor is not one this route gave you; start again without a cursor.',
  'api.suiteQuery': 'suite must be one of {suites}, given once.',
  'api.suiteBody': 'suite must be one of {suites}.',
  'api.requiresUnknown':
    'Unknown capability {unknown}: requires takes capability names, comma-separated, given once: {allowed}.',
  'api.requires': 'requires takes capability names, comma-separated, given once: {allowed}.',
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
  'api.readRateLimited': 'At most {limit} reads per {window} s; retry after {retryAfter} s.',
  'api.rateLimited': 'At most {limit} certifications per {window} s; retry after {retryAfter} s.',
  'api.quotaExceeded':
    'The monthly quota of {limit} certifications is used up; it starts afresh when the UTC month ends, in {retryAfter} s. Cached results are still served.',
  'api.storeUnavailable': 'The certification store is unavailable; try again shortly.',
  'api.dependencyUnavailable': 'A dependency of the service is unavailable; try again shortly.',
  'api.issuerUnavailable': 'The token issuer cannot be reached; try again shortly.',
  'api.catalogUnavailable': 'The Bedrock model listing is unavailable; try again shortly.',
  'api.internal': 'Internal error; reference request id {requestId}.',
  'api.or': 'or',
  'api.atField': '{at}: {detail}',
  'api.regionName': 'region must be an AWS Region name like us-east-1.',
  'api.regionQuery': 'region must be given at most once.',
  'api.unsupportedRegion': 'This service certifies in {listed}; "{region}" is not one of them.',
  'api.batch.unknownField': 'Unknown field "{field}"; a batch takes items, suite and fresh.',
  'api.batch.items': 'items must be a list of 1 to {max} items like {example}.',
  'api.batch.itemNotObject': 'must be an object like {example}.',
  'api.batch.itemUnknownField': 'unknown field "{field}"; an item takes modelId and region.',
  'api.batch.repeat': 'repeats items[{first}]: {modelId} in {region} is certified once per batch.',
  'api.batch.timeBudget':
    'Not started: the batch ran out of time before this item could run; certify it again (alone or in a smaller batch).',
  'api.batch.cancelled': 'Not started: the client left the batch.',
  'api.waitTimeout': 'The certification in progress did not finish in time; try again.',
  'web.title': 'Bedrock model certification',
  'web.lead':
    'Runs {total} live probes against a model through the Bedrock Converse API ({features}) and reports what works, how fast, and at what cost.',
  'web.language': 'Language',
  'web.token.label': 'Access token',
  'web.token.help':
    'A Cognito access token, sent as `Authorization: Bearer`. Kept in this browser tab only.',
  'web.modelId.label': 'Model id',
  'web.modelId.help':
    'A foundation model id, an inference profile id (`us.…`, `global.…`) or a model ARN; or pick a model below.',
  'web.suite': 'Suite',
  'web.reuseCache': 'Reuse a cached result when there is one',
  'web.streamWith': 'Stream with',
  'web.eventSource': 'EventSource (ticket)',
  'web.certify': 'Certify',
  'web.cancel': 'Cancel',
  'web.models': 'Models',
  'web.catalog.needToken': 'Enter an access token to see the models this account can use.',
  'web.filter.status': 'Status',
  'web.filter.all': 'All',
  'web.filter.certified': 'Certified',
  'web.filter.failed': 'Failed',
  'web.filter.unavailable': 'Unavailable',
  'web.filter.uncertified': 'Not certified',
  'web.filter.provider': 'Provider',
  'web.filter.allProviders': 'All providers',
  'web.certifyAll': 'Certify all uncertified',
  'web.stop': 'Stop',
  'web.catalog.caption':
    'Models and inference profiles with their certification. Capabilities, in order: streaming, system prompt, tool use, streaming tool use, JSON output, multi-turn.',
  'web.catalog.legend':
    'Capabilities ✓/✗, in order: streaming, system prompt, tool use, streaming tool use, JSON output, multi-turn.',
  'web.catalog.noMatch': 'No model matches these filters.',
  'web.recent.heading': 'Recent results',
  'web.recent.help': 'Cached results of this service, newest first.',
  'web.back': '← All models',
  'web.progress.heading': 'Progress',
  'web.progress.valueText': '{done} of {total} probes finished',
  'web.progress.elapsed': 'Elapsed',
  'web.progress.probes': 'Probes',
  'web.usage.line': 'This month: {runs}, {cost}{quota}',
  'web.usage.runsOne': '{count} certification',
  'web.usage.runsOther': '{count} certifications',
  'web.usage.quota': ' · quota: {remaining} of {limit} left',
  'web.error.cancelledTitle': 'Stopped listening',
  'web.error.cancelledDetail':
    'The run goes on in the background (the service is not told that you left) and its result will be cached. Certify again in a minute with "Reuse a cached result" ticked to see it without starting another run.',
  'web.error.rateLimitedBefore':
    'Too many certifications were started with this token in the last minute. You can certify again',
  'web.error.rateLimitedIn': ' in ',
  'web.error.rateLimitedNow': ' now.',
  'web.error.expiredTitle': 'Your token expired',
  'web.error.expiredDetail':
    'It expired at {at} ({ago} ago). Get a new access token and paste it above.',
  'web.error.unauthorizedTitle': 'Not signed in (401)',
  'web.error.unauthorizedDetail':
    'The service rejected the access token: {message} Check that it is a whole access token for this service (not an ID token), then try again.',
  'web.error.quotaTitle': 'Monthly quota used up (429)',
  'web.error.quotaDetail':
    '{message} Cached results stay free; new runs are possible again in {wait}.',
  'web.error.rateLimitedTitle': 'Rate limit reached (429)',
  'web.error.invalidTitle': 'Invalid request ({code})',
  'web.error.unavailableTitle': 'Service unavailable ({code})',
  'web.error.unavailableDetail': '{message} Try again {wait}.',
  'web.error.shortly': 'shortly',
  'web.error.inWait': 'in {wait}',
  'web.error.reference': ' Reference: {requestId}.',
  'web.error.serviceTitle': 'Service error {status} ({code})',
  'web.error.streamTitle': 'The certification did not finish ({code})',
  'web.error.connectionLostTitle': 'Connection lost',
  'web.error.connectionLostDetail':
    'The connection closed before the certification finished. Try again: a result that was reached meanwhile is served from the cache.',
  'web.error.networkTitle': 'Network error',
  'web.error.networkDetail':
    'The certification service could not be reached. Check your connection (and that the service is running), then try again.',
  'web.error.protocolTitle': 'Unexpected answer',
  'web.error.protocolDetail': 'The service answered in an unexpected way: {message}',
  'web.error.unexpectedTitle': 'Unexpected error',
  'format.unknownCost': 'unknown',
} as const;

/** A key of the message catalogs. */
export type MessageKey = keyof typeof MESSAGES_EN;
