import type { UncertifiableModelId } from './model-id.js';
import type { ErrorBody, ProbeErrorCode } from './types.js';

/**
 * Root of every error this project throws on purpose. Anything that is not a
 * `CertificationServiceError` is unexpected and becomes a plain 500 at the edge.
 */
export abstract class CertificationServiceError extends Error {
  /** Stable machine-readable code. */
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * An error with an HTTP meaning. Its `message` is written for the client, so it must never
 * carry internal detail; put that in `cause`, which only reaches the log.
 */
export abstract class HttpError extends CertificationServiceError {
  abstract readonly statusCode: number;

  /** Extra response headers (`WWW-Authenticate`, `Retry-After`, `Allow`). */
  headers(): Record<string, string> {
    return {};
  }

  toJSON(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

/** 400: the request is wrong in a way the client can fix. The class is the code. */
export abstract class BadRequestError extends HttpError {
  readonly statusCode = 400;
}

/** 400: the model id is not a foundation model id, an inference profile id or a Bedrock ARN. */
export class InvalidModelIdError extends BadRequestError {
  readonly code = 'INVALID_MODEL_ID';
  constructor(message = 'modelId must be a Bedrock model id, inference profile id or ARN.') {
    super(message);
  }
}

/** 400: the body or path has no model id. */
export class MissingModelIdError extends BadRequestError {
  readonly code = 'MISSING_MODEL_ID';
  constructor(message = 'modelId is required.') {
    super(message);
  }
}

/** 400: the body is not valid JSON (or not UTF-8). */
export class InvalidJsonError extends BadRequestError {
  readonly code = 'INVALID_JSON';
  constructor(message = 'The request body is not valid JSON.') {
    super(message);
  }
}

/** 400: the request parses but is not what the route takes (wrong shape, bad parameter). */
export class InvalidRequestError extends BadRequestError {
  readonly code = 'INVALID_REQUEST';
  constructor(message = 'The request is malformed.') {
    super(message);
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

const ON_DEMAND_ONLY =
  'this service certifies foundation models and inference profiles invoked on demand, and its role may invoke nothing else';
const UNSUPPORTED_MODEL_ID_MESSAGES: Readonly<Record<UncertifiableModelId, string>> = {
  'provisioned-throughput-id': `A context-window variant such as :200k is sold only as Provisioned Throughput; certify the base model id without it (${ON_DEMAND_ONLY}).`,
  'provisioned-model': `Provisioned Throughput ARNs cannot be certified; certify the model it serves instead (${ON_DEMAND_ONLY}).`,
  'custom-model': `Custom model ARNs cannot be certified; certify the base model instead (${ON_DEMAND_ONLY}).`,
  'imported-model': `Imported model ARNs cannot be certified (${ON_DEMAND_ONLY}).`,
};

/** 400: a Region the deployment does not certify in (`regions`, `CERTIFICATION_REGIONS`). */
export class UnsupportedRegionError extends BadRequestError {
  readonly code = 'UNSUPPORTED_REGION';
  /** `where` names the field in a larger body, e.g. `items[3].region`. */
  constructor(region: string, listed: readonly string[], where?: string) {
    super(
      `${where === undefined ? '' : `${where}: `}This service certifies in ${listed.join(', ')}; "${region.slice(0, 64)}" is not one of them.`,
    );
  }
}

/** 401: missing, malformed, expired or foreign token. */
export class UnauthorizedError extends HttpError {
  readonly statusCode = 401;
  readonly code = 'UNAUTHORIZED';
  constructor(message = 'A valid bearer token is required.', options?: { cause?: unknown }) {
    super(message, options);
  }
  override headers(): Record<string, string> {
    return { 'www-authenticate': 'Bearer' };
  }
}

/** 400: a `month` parameter that is not a `YYYY-MM` month. */
export class InvalidMonthError extends BadRequestError {
  readonly code = 'INVALID_MONTH';
  constructor(message = 'month must be a UTC month written YYYY-MM, e.g. 2026-11.') {
    super(message);
  }
}

/** 403: the caller is authenticated but not allowed this route (e.g. not in the `admins` group). */
export class ForbiddenError extends HttpError {
  readonly statusCode = 403;
  readonly code = 'FORBIDDEN';
  constructor(message = 'This route is for operators only.') {
    super(message);
  }
}

/** 404: no such route. */
export class NotFoundError extends HttpError {
  readonly statusCode = 404;
  readonly code = 'NOT_FOUND';
  constructor(message = 'No such route.') {
    super(message);
  }
}

/** 405: the route exists, the method does not. */
export class MethodNotAllowedError extends HttpError {
  readonly statusCode = 405;
  readonly code = 'METHOD_NOT_ALLOWED';
  constructor(private readonly allowed: readonly string[]) {
    super(`Method not allowed; use ${allowed.join(' or ')}.`);
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
    super(`Request body must be at most ${limitBytes} bytes.`);
  }
}

/** 415: the body is not `application/json`. */
export class UnsupportedMediaTypeError extends HttpError {
  readonly statusCode = 415;
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  constructor(message = 'Content-Type must be application/json.') {
    super(message);
  }
}

/** 429: the per-user certify limit is used up. */
export class RateLimitedError extends HttpError {
  readonly statusCode = 429;
  readonly code = 'RATE_LIMITED';
  constructor(
    readonly retryAfterSeconds: number,
    limit: number,
    windowSeconds: number,
  ) {
    super(
      `At most ${limit} certifications per ${windowSeconds} s; retry after ${retryAfterSeconds} s.`,
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
    super(
      `The monthly quota of ${limit} certifications is used up; it starts afresh when the UTC month ends, in ${retryAfterSeconds} s. Cached results are still served.`,
    );
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
    super('The certification store is unavailable; try again shortly.', options);
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
    message = 'A dependency of the service is unavailable; try again shortly.',
    options?: { cause?: unknown },
  ) {
    super(message, options);
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
    super('The Bedrock model listing is unavailable; try again shortly.', options);
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
    super(`Internal error; reference request id ${requestId}.`, options);
  }
  override toJSON(): ErrorBody {
    return { error: { code: this.code, message: this.message, requestId: this.requestId } };
  }
}

/**
 * A probe failed for a known reason. Thrown inside the engine and turned into a
 * `TestResult.error`; `message` is safe for clients (a one-line, non-internal description).
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
