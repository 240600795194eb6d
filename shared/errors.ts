import { DEFAULT_LOCALE, type Locale } from './i18n/locale.js';
import { message, render, translate, type LocalizedMessage } from './i18n/translate.js';
import type { UncertifiableModelId } from './model-id.js';
import type { ErrorBody, ProbeErrorCode, ServiceErrorCode } from './types.js';

/**
 * Every error class of the service, in one file. Three kinds of code reach a client, each with
 * its own type (docs/api.md, "Two kinds of codes"): an {@link HttpError}'s and a
 * {@link StreamFailureError}'s `ServiceErrorCode` (a failure of the service itself), and a
 * {@link ProbeError}'s `ProbeErrorCode` (why one probe of a model failed: a result, not a failure
 * of the service). The operators' errors at the end never reach a client.
 */

/**
 * Root of every error this project throws on purpose. Anything that is not a
 * `CertificationServiceError` is unexpected and becomes a plain 500 at the edge.
 */
export abstract class CertificationServiceError extends Error {
  /** Stable machine-readable code. */
  abstract readonly code: string;
  /**
   * The message as a catalog key with parameters, for one a client reads (an HTTP error, or a
   * stream's `error` event); `message` is then its English text. Unset: an operator's message.
   */
  readonly localized: LocalizedMessage | undefined;

  constructor(message: string | LocalizedMessage, options?: { cause?: unknown }) {
    super(typeof message === 'string' ? message : render(DEFAULT_LOCALE, message), options);
    this.localized = typeof message === 'string' ? undefined : message;
    this.name = new.target.name;
  }

  /** The message in `locale` (English when it has no catalog key). */
  messageIn(locale: Locale): string {
    return this.localized === undefined ? this.message : render(locale, this.localized);
  }
}

/**
 * An error with an HTTP meaning. Its message is written for the client, so it must never
 * carry internal detail; put that in `cause`, which only reaches the log. It is a catalog key
 * with parameters, rendered in the caller's language by {@link HttpError.messageIn}; `message`
 * is the English text (logs, and clients that send no `Accept-Language`).
 */
export abstract class HttpError extends CertificationServiceError {
  abstract override readonly code: ServiceErrorCode;
  abstract readonly statusCode: number;
  declare readonly localized: LocalizedMessage;

  constructor(localized: LocalizedMessage, options?: { cause?: unknown }) {
    super(localized, options);
  }

  /** Extra response headers (`WWW-Authenticate`, `Retry-After`, `Allow`). */
  headers(): Record<string, string> {
    return {};
  }

  /** The JSON error body, its message in `locale` (English by default). */
  toJSON(locale: Locale = DEFAULT_LOCALE): ErrorBody {
    return { error: { code: this.code, message: this.messageIn(locale) } };
  }
}

/** 400: the request is wrong in a way the client can fix. The class is the code. */
export abstract class BadRequestError extends HttpError {
  readonly statusCode = 400;
}

/** 400: the model id is not a foundation model id, an inference profile id or a Bedrock ARN. */
export class InvalidModelIdError extends BadRequestError {
  readonly code = 'INVALID_MODEL_ID';
  constructor(localized: LocalizedMessage = message('api.invalidModelId')) {
    super(localized);
  }
}

/** 400: the body or path has no model id. */
export class MissingModelIdError extends BadRequestError {
  readonly code = 'MISSING_MODEL_ID';
  constructor(localized: LocalizedMessage = message('api.missingModelId')) {
    super(localized);
  }
}

/** 400: the body is not valid JSON (or not UTF-8). */
export class InvalidJsonError extends BadRequestError {
  readonly code = 'INVALID_JSON';
  constructor(localized: LocalizedMessage = message('api.invalidJson')) {
    super(localized);
  }
}

/** 400: the request parses but is not what the route takes (wrong shape, bad parameter). */
export class InvalidRequestError extends BadRequestError {
  readonly code = 'INVALID_REQUEST';
  constructor(localized: LocalizedMessage = message('api.malformedRequest')) {
    super(localized);
  }
}

/**
 * 400: a well-formed model id the service does not certify: a Provisioned Throughput id or a
 * provisioned, custom or imported model ARN. Refused before anything is spent, instead of
 * failing at Bedrock with an access error that would send the user looking for model access.
 */
export class UnsupportedModelIdError extends BadRequestError {
  readonly code = 'UNSUPPORTED_MODEL_ID';
  constructor(readonly reason: UncertifiableModelId) {
    super(UNSUPPORTED_MODEL_ID_MESSAGES[reason]);
  }
}

const UNSUPPORTED_MODEL_ID_MESSAGES: Readonly<Record<UncertifiableModelId, LocalizedMessage>> = {
  'provisioned-throughput-id': message('api.unsupported.provisionedThroughputId'),
  'provisioned-model': message('api.unsupported.provisionedModel'),
  'custom-model': message('api.unsupported.customModel'),
  'imported-model': message('api.unsupported.importedModel'),
};

/** 400: a Region the deployment does not certify in (`regions`, `CERTIFICATION_REGIONS`). */
export class UnsupportedRegionError extends BadRequestError {
  readonly code = 'UNSUPPORTED_REGION';
  /** `where` names the field in a larger body, e.g. `items[3].region`. */
  constructor(region: string, listed: readonly string[], where?: string) {
    const detail = message('api.unsupportedRegion', {
      listed: listed.join(', '),
      region: region.slice(0, 64),
    });
    super(where === undefined ? detail : message('api.atField', { at: where, detail }));
  }
}

/** 401: missing, malformed, expired or foreign token. */
export class UnauthorizedError extends HttpError {
  readonly statusCode = 401;
  readonly code = 'UNAUTHORIZED';
  constructor(
    localized: LocalizedMessage = message('api.unauthorized'),
    options?: { cause?: unknown },
  ) {
    super(localized, options);
  }
  override headers(): Record<string, string> {
    return { 'www-authenticate': 'Bearer' };
  }
}

/** 400: a `month` parameter that is not a `YYYY-MM` month. */
export class InvalidMonthError extends BadRequestError {
  readonly code = 'INVALID_MONTH';
  constructor(localized: LocalizedMessage = message('api.invalidMonth')) {
    super(localized);
  }
}

/** 403: the caller is authenticated but not allowed this route (e.g. not in the `admins` group). */
export class ForbiddenError extends HttpError {
  readonly statusCode = 403;
  readonly code = 'FORBIDDEN';
  constructor(localized: LocalizedMessage = message('api.forbidden')) {
    super(localized);
  }
}

/** 404: no such route. */
export class NotFoundError extends HttpError {
  readonly statusCode = 404;
  readonly code = 'NOT_FOUND';
  constructor(localized: LocalizedMessage = message('api.notFound')) {
    super(localized);
  }
}

/** 405: the route exists, the method does not. */
export class MethodNotAllowedError extends HttpError {
  readonly statusCode = 405;
  readonly code = 'METHOD_NOT_ALLOWED';
  constructor(private readonly allowed: readonly string[]) {
    super(message('api.methodNotAllowed', { methods: allowed.join(' or ') }));
  }
  override messageIn(locale: Locale): string {
    const or = ` ${translate(locale, 'api.or')} `;
    return translate(locale, 'api.methodNotAllowed', { methods: this.allowed.join(or) });
  }
  override headers(): Record<string, string> {
    return { allow: this.allowed.join(', ') };
  }
}

/** 413: request body larger than the service accepts. */
export class PayloadTooLargeError extends HttpError {
  readonly statusCode = 413;
  readonly code = 'PAYLOAD_TOO_LARGE';
  constructor(limitBytes: number) {
    super(message('api.payloadTooLarge', { limit: limitBytes }));
  }
}

/** 415: the body is not `application/json`. */
export class UnsupportedMediaTypeError extends HttpError {
  readonly statusCode = 415;
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  constructor(localized: LocalizedMessage = message('api.unsupportedMediaType')) {
    super(localized);
  }
}

/** 429: the per-user certify limit (or, for `kind` `read`, the read routes' limit) is used up. */
export class RateLimitedError extends HttpError {
  readonly statusCode = 429;
  readonly code = 'RATE_LIMITED';
  constructor(
    readonly retryAfterSeconds: number,
    limit: number,
    windowSeconds: number,
    kind: 'certify' | 'read' = 'certify',
  ) {
    super(
      message(kind === 'certify' ? 'api.rateLimited' : 'api.readRateLimited', {
        limit,
        window: windowSeconds,
        retryAfter: retryAfterSeconds,
      }),
    );
  }
  override headers(): Record<string, string> {
    return { 'retry-after': String(this.retryAfterSeconds) };
  }
}

/**
 * 429: the caller has used up the monthly certification quota. Refused before anything is spent;
 * `Retry-After` runs until the UTC month ends, when the quota starts afresh. Cached answers are
 * still served.
 */
export class QuotaExceededError extends HttpError {
  readonly statusCode = 429;
  readonly code = 'QUOTA_EXCEEDED';
  constructor(
    readonly retryAfterSeconds: number,
    readonly limit: number,
  ) {
    super(message('api.quotaExceeded', { limit, retryAfter: retryAfterSeconds }));
  }
  override headers(): Record<string, string> {
    return { 'retry-after': String(this.retryAfterSeconds) };
  }
}

/** 503: the DynamoDB store cannot be reached. The service fails closed. */
export class StoreUnavailableError extends HttpError {
  readonly statusCode = 503;
  readonly code = 'STORE_UNAVAILABLE';
  constructor(options?: { cause?: unknown }) {
    super(message('api.storeUnavailable'), options);
  }
  override headers(): Record<string, string> {
    return { 'retry-after': '5' };
  }
}

/** 503: another dependency (Bedrock configuration, the token issuer's keys) is unavailable. */
export class DependencyUnavailableError extends HttpError {
  readonly statusCode = 503;
  readonly code = 'SERVICE_UNAVAILABLE';
  constructor(
    localized: LocalizedMessage = message('api.dependencyUnavailable'),
    options?: { cause?: unknown },
  ) {
    super(localized, options);
  }
}

/**
 * 503: the Bedrock control plane (ListFoundationModels, ListInferenceProfiles) did not answer:
 * throttled, access denied, down or unreachable. The catalog cannot be listed; certifying a
 * known model id still works.
 */
export class CatalogUnavailableError extends HttpError {
  readonly statusCode = 503;
  readonly code = 'CATALOG_UNAVAILABLE';
  constructor(options?: { cause?: unknown }) {
    super(message('api.catalogUnavailable'), options);
  }
  override headers(): Record<string, string> {
    return { 'retry-after': '5' };
  }
}

/**
 * 500. Built at the edge from an unexpected error: the client sees only the request id,
 * the original error goes to the log.
 */
export class InternalError extends HttpError {
  readonly statusCode = 500;
  readonly code = 'INTERNAL_ERROR';
  constructor(
    readonly requestId: string,
    options?: { cause?: unknown },
  ) {
    super(message('api.internal', { requestId }), options);
  }
  override toJSON(locale: Locale = DEFAULT_LOCALE): ErrorBody {
    return {
      error: { code: this.code, message: this.messageIn(locale), requestId: this.requestId },
    };
  }
}

/**
 * A failure of the service after its stream started: the stream's (or a batch item's) `error`
 * event, its message in the caller's language. Never an HTTP status: the `200` went out first.
 */
export abstract class StreamFailureError extends CertificationServiceError {
  abstract override readonly code: ServiceErrorCode;
  declare readonly localized: LocalizedMessage;

  constructor(localized: LocalizedMessage, options?: { cause?: unknown }) {
    super(localized, options);
  }
}

/**
 * `TIMEOUT` as a service failure: this request waited on another request's run (single flight)
 * longer than a whole certification may take. Not the per-test `TIMEOUT` ({@link ProbeError}).
 */
export class CertificationWaitTimeoutError extends StreamFailureError {
  readonly code = 'TIMEOUT';
  constructor() {
    super(message('api.waitTimeout'));
  }
}

/** A batch item was not started: too little of the invocation was left to finish it. */
export class BatchTimeBudgetError extends StreamFailureError {
  static readonly CODE = 'TIME_BUDGET_EXCEEDED';
  readonly code = BatchTimeBudgetError.CODE;
  constructor() {
    super(message('api.batch.timeBudget'));
  }
}

/** A batch item was not started: the batch's client left. */
export class BatchCancelledError extends StreamFailureError {
  readonly code = 'CANCELLED';
  constructor() {
    super(message('api.batch.cancelled'));
  }
}

/**
 * A probe failed for a known reason. Thrown inside the engine and turned into a
 * `TestResult.error`; `message` is safe for clients (a one-line, non-internal description).
 * Its code is a per-test code: `TIMEOUT` here is one probe out of time, `SERVICE_UNAVAILABLE`
 * Bedrock unavailable to it.
 */
export class ProbeError extends CertificationServiceError {
  constructor(
    readonly code: ProbeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Maps anything thrown to the `HttpError` the client may see. */
export function toHttpError(error: unknown, requestId: string): HttpError {
  return error instanceof HttpError ? error : new InternalError(requestId, { cause: error });
}

/**
 * The re-certify function was invoked with an event that is not a re-certification request
 * (the schedule's input, `{"modelIds": [...]}`); nothing was certified.
 */
export class InvalidRecertifyEventError extends CertificationServiceError {
  readonly code = 'INVALID_RECERTIFY_EVENT';
}

/**
 * Some watched models could not be re-certified this time (the store or the time ran out); the
 * others were. Thrown after every model had its turn, so the invocation counts as an error.
 */
export class RecertificationIncompleteError extends CertificationServiceError {
  readonly code = 'RECERTIFICATION_INCOMPLETE';
  constructor(readonly modelIds: readonly string[]) {
    super(
      `${modelIds.length} watched model(s) could not be re-certified this time: ${modelIds.join(', ')}.`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Operators' errors: a setting, the stack's context or AWS refused something. They extend `Error`,
// not `CertificationServiceError`, on purpose: the edges send a `CertificationServiceError`'s
// message to the client, and these messages name settings and AWS answers meant for the operator
// (were one ever thrown inside a request, the client would see a plain 500).

/** A configuration value is missing or malformed; names the variable. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

/** A Region list that cannot be used; `problem` reads after the setting's name. */
export class RegionListError extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = 'RegionListError';
  }
}

/** A watch list is malformed; `problem` says how (the caller names the setting). */
export class WatchlistError extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = 'WatchlistError';
  }
}

/** An expression Scheduler would refuse; `problem` says why, for the message naming the setting. */
export class ScheduleExpressionError extends Error {
  constructor(
    readonly expression: string,
    readonly problem: string,
  ) {
    super(`"${expression}" is not a schedule expression EventBridge Scheduler accepts: ${problem}`);
    this.name = 'ScheduleExpressionError';
  }
}

/** EventBridge accepted the request but refused the entry (`PutEvents` answers 200 either way). */
export class ChangeEventRejectedError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(`EventBridge refused the event: ${errorCode}: ${message}`);
    this.name = 'ChangeEventRejectedError';
  }
}
