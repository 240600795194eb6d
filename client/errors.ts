/**
 * Every error the client side throws on purpose: the typed client's (an answer of the service, a
 * stream's `error` event, the wire failing) and the CLIs' (a bad command line, no token). Callers
 * branch on the class (`instanceof`), never on a code string: the service's codes become classes
 * in one place, {@link apiErrorFrom} and {@link streamErrorFrom}. `code` stays on every error, for
 * logs and for codes this client does not know yet (the contract allows new ones).
 *
 * Cancellation is the one exception: when the caller's `signal` aborts, the client rejects with
 * `signal.reason` (an `AbortError` or `TimeoutError` `DOMException` by default), exactly as
 * `fetch` does, so existing abort handling keeps working.
 */
import { DEFAULT_LOCALE, type Locale } from '../shared/i18n/locale.js';
import { message, render, type LocalizedMessage } from '../shared/i18n/translate.js';
import { secondsUntilMonthEnds } from '../shared/month.js';

/**
 * Root of the errors the typed client throws. It is the client's own root, not the service's
 * (`CertificationServiceError` is what the server throws on purpose): a network failure or a
 * garbled answer happens on the caller's side of the wire. `error.code` is always a stable
 * machine-readable string: the server's own code for HTTP and stream errors, a client code
 * otherwise.
 */
export abstract class CertificationClientError extends Error {
  /** Stable machine-readable code. */
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

// ---------------------------------------------------------------------------------------------
// Answers before a stream: HTTP errors

/** What {@link ApiError} is built from. */
export interface ApiErrorDetails {
  status: number;
  code: string;
  message: string;
  requestId?: string;
  /** From the `Retry-After` header, when the server sent one. */
  retryAfterSeconds?: number;
}

/**
 * The server answered with a non-2xx status before any stream started. `code` is the server's
 * (`INVALID_MODEL_ID`, `UNAUTHORIZED`, `STORE_UNAVAILABLE`, ...), `message` the server's
 * human-readable text, `status` the HTTP status. A status without a class of its own (405, 413,
 * 415, or one a gateway answered) is a plain `ApiError`.
 */
export class ApiError extends CertificationClientError {
  readonly code: string;
  readonly status: number;
  /** Reference id of a 500, to quote to the service's operators. */
  readonly requestId: string | undefined;
  /** Seconds the server asked the client to wait (429, 503), when it said so. */
  readonly retryAfterSeconds: number | undefined;

  constructor(details: ApiErrorDetails) {
    super(details.message);
    this.code = details.code;
    this.status = details.status;
    this.requestId = details.requestId;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/** 400: the request is wrong in a way the caller can fix (`code` says how: `INVALID_MODEL_ID`, ...). */
export class BadRequestApiError extends ApiError {}

/** 401: the token is missing, malformed, expired or was issued for another service. */
export class UnauthorizedApiError extends ApiError {}

/** 403: the token is good but not allowed this route (an operators' route without `admins`). */
export class ForbiddenApiError extends ApiError {}

/** 404: no such route; a service deployed before the route existed answers this. */
export class NotFoundApiError extends ApiError {}

/**
 * 429 `RATE_LIMITED` (or a 429 from in front of the service): the per-user limit is used up for
 * now; retry after {@link retryAfterSeconds}. The monthly quota is {@link QuotaExceededApiError}.
 */
export class RateLimitedApiError extends ApiError {
  /** Always set: the server's `Retry-After`, or the limit's whole window when it sent none. */
  declare readonly retryAfterSeconds: number;

  constructor(details: ApiErrorDetails) {
    super({
      ...details,
      retryAfterSeconds: details.retryAfterSeconds ?? RATE_LIMIT_WINDOW_SECONDS,
    });
  }
}

/**
 * 429 `QUOTA_EXCEEDED`: the caller's monthly certification quota is used up. Not a rate limit to
 * wait out: {@link retryAfterSeconds} runs to the end of the UTC month. Cached results stay free.
 */
export class QuotaExceededApiError extends ApiError {
  /** Always set: the server's `Retry-After`, else the seconds until the UTC month ends. */
  declare readonly retryAfterSeconds: number;

  constructor(details: ApiErrorDetails) {
    super({
      ...details,
      retryAfterSeconds: details.retryAfterSeconds ?? secondsUntilMonthEnds(Date.now()),
    });
  }
}

/** 500: the service failed unexpectedly; {@link requestId} is what its operators look up. */
export class InternalApiError extends ApiError {}

/**
 * 503: a dependency of the service is down (`STORE_UNAVAILABLE`, `CATALOG_UNAVAILABLE`, and
 * `SERVICE_UNAVAILABLE` for the others). Not the per-test `SERVICE_UNAVAILABLE` of a result,
 * which says Bedrock was unavailable to that probe.
 */
export class ServiceUnavailableApiError extends ApiError {}

/**
 * Used for a 429 that carries no `Retry-After`: the service's whole rate-limit window, the
 * longest a caller could have to wait.
 */
const RATE_LIMIT_WINDOW_SECONDS = 60;

type ApiErrorClass = new (details: ApiErrorDetails) => ApiError;

/** Codes whose meaning the status alone does not carry (a 429 is a rate limit or the quota). */
const API_ERRORS_BY_CODE: ReadonlyMap<string, ApiErrorClass> = new Map([
  ['QUOTA_EXCEEDED', QuotaExceededApiError],
]);

const API_ERRORS_BY_STATUS: ReadonlyMap<number, ApiErrorClass> = new Map<number, ApiErrorClass>([
  [400, BadRequestApiError],
  [401, UnauthorizedApiError],
  [403, ForbiddenApiError],
  [404, NotFoundApiError],
  [429, RateLimitedApiError],
  [500, InternalApiError],
  [503, ServiceUnavailableApiError],
]);

/** The error class of an HTTP error answer: by its code when that says more, else by its status. */
export function apiErrorFrom(details: ApiErrorDetails): ApiError {
  const ErrorClass =
    API_ERRORS_BY_CODE.get(details.code) ?? API_ERRORS_BY_STATUS.get(details.status) ?? ApiError;
  return new ErrorClass(details);
}

// ---------------------------------------------------------------------------------------------
// Failures after a stream started: `error` events

/**
 * The stream (or a batch item) ended with an `error` event: the service itself failed after the
 * stream had started (not the model, whose failures are results). `code` is the event's code; a
 * code without a class of its own (`STORE_UNAVAILABLE`, `INTERNAL_ERROR`, ...) is this class.
 */
export class StreamErrorEventError extends CertificationClientError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * `TIMEOUT` as a stream's `error` event: the run this request joined (another request's, in
 * flight) did not finish in time. Not the per-test `TIMEOUT` of a result, which says one probe
 * ran out of time; certifying again usually answers from the cache.
 */
export class RunTimeoutEventError extends StreamErrorEventError {}

/** A batch item that never ran: nothing was spent on it, and certifying it again may work. */
export abstract class ItemNotRunEventError extends StreamErrorEventError {}

/** `QUOTA_EXCEEDED` for a batch item: the monthly quota ran out before the item's turn. */
export class QuotaExceededEventError extends ItemNotRunEventError {}

/** `TIME_BUDGET_EXCEEDED`: the batch ran out of time before the item could start. */
export class TimeBudgetExceededEventError extends ItemNotRunEventError {}

/** `CANCELLED`: the batch's client left before the item could start. */
export class BatchCancelledEventError extends ItemNotRunEventError {}

type StreamErrorClass = new (code: string, message: string) => StreamErrorEventError;

const STREAM_ERRORS_BY_CODE: ReadonlyMap<string, StreamErrorClass> = new Map<
  string,
  StreamErrorClass
>([
  ['TIMEOUT', RunTimeoutEventError],
  ['QUOTA_EXCEEDED', QuotaExceededEventError],
  ['TIME_BUDGET_EXCEEDED', TimeBudgetExceededEventError],
  ['CANCELLED', BatchCancelledEventError],
]);

/** The error class of a stream's (or a batch item's) `error` event, by its code. */
export function streamErrorFrom(code: string, message: string): StreamErrorEventError {
  const ErrorClass = STREAM_ERRORS_BY_CODE.get(code) ?? StreamErrorEventError;
  return new ErrorClass(code, message);
}

// ---------------------------------------------------------------------------------------------
// The wire

/**
 * The stream closed without a terminal `complete` or `error` event, e.g. a proxy or the
 * network cut it. Never a silent success: the certification's outcome is unknown.
 */
export class IncompleteStreamError extends CertificationClientError {
  readonly code = 'STREAM_INCOMPLETE';
  constructor(message = 'The event stream ended before the certification finished.') {
    super(message);
  }
}

/** The server's answer did not follow the protocol (wrong content type, unparseable JSON). */
export class ProtocolError extends CertificationClientError {
  readonly code = 'PROTOCOL_ERROR';
}

/** The service could not be reached, or the connection failed while reading the answer. */
export class NetworkError extends CertificationClientError {
  readonly code = 'NETWORK_ERROR';
  constructor(
    message = 'The certification service could not be reached.',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// ---------------------------------------------------------------------------------------------
// The command-line tools (not part of the package's exports)

/**
 * Root of the CLIs' own errors: a problem with the command line or its environment, or a wait the
 * CLI gave up. Reported as one line with its code, like the service's, and exit code 2. The
 * message is a catalog key with parameters, printed in the CLI's language; `message` is English.
 */
export abstract class CliError extends Error {
  /** Stable machine-readable code, printed before the message. */
  abstract readonly code: string;

  constructor(readonly localized: LocalizedMessage) {
    super(render(DEFAULT_LOCALE, localized));
    this.name = new.target.name;
  }

  /** The message in `locale`. */
  messageIn(locale: Locale): string {
    return render(locale, this.localized);
  }
}

/** The command line cannot be run: an unknown option, a bad value, options that conflict. */
export class UsageError extends CliError {
  readonly code: string = 'USAGE_ERROR';
}

/** A model id the service would refuse as `INVALID_MODEL_ID`: refused before a request is spent. */
export class InvalidModelIdUsageError extends UsageError {
  override readonly code = 'INVALID_MODEL_ID';
}

/** A `--month` the service would refuse as `INVALID_MONTH`: refused before a request is spent. */
export class InvalidMonthUsageError extends UsageError {
  override readonly code = 'INVALID_MONTH';
}

/** No token was given and none could be minted for the local stack. */
export class LocalTokenUnavailableError extends CliError {
  readonly code = 'LOCAL_TOKEN_UNAVAILABLE';
}

/**
 * `TIMEOUT` as the CLIs report it: no answer within `--timeout`, so the CLI stopped waiting (the
 * reason its request's signal aborts with). Neither the per-test nor the stream's `TIMEOUT`.
 */
export class RequestTimeoutError extends CliError {
  readonly code = 'TIMEOUT';
  constructor(readonly seconds: number) {
    super(message('cli.error.timeout', { seconds }));
  }
}
