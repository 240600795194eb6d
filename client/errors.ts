/**
 * Root of the errors the typed client throws. It is the client's own root, not the service's
 * (`CertificationServiceError` is what the server throws on purpose): a network failure or a
 * garbled answer happens on the caller's side of the wire. `error.code` is always a stable
 * machine-readable string: the server's own code for HTTP and stream errors, a client code
 * otherwise.
 *
 * Cancellation is the one exception: when the caller's `signal` aborts, the client rejects
 * with `signal.reason` (an `AbortError` or `TimeoutError` `DOMException` by default), exactly
 * as `fetch` does, so existing abort handling keeps working.
 */
export abstract class CertificationClientError extends Error {
  /** Stable machine-readable code. */
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

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
 * The server answered with a non-2xx status before any stream started. `code` is the
 * server's (`INVALID_MODEL_ID`, `UNAUTHORIZED`, `STORE_UNAVAILABLE`, ...), `message` the
 * server's human-readable text, `status` the HTTP status.
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

/** 401: the token is missing, malformed, expired or was issued for another service. */
export class UnauthorizedApiError extends ApiError {}

/** 429: the per-user certification limit is used up; retry after {@link retryAfterSeconds}. */
export class RateLimitedApiError extends ApiError {
  /** Always set: the server's `Retry-After`, or the limit's whole window when it sent none. */
  declare readonly retryAfterSeconds: number;

  constructor(details: ApiErrorDetails & { retryAfterSeconds: number }) {
    super(details);
  }
}

/**
 * The stream ended with an `error` event: the service itself failed after the stream had
 * started (not the model, whose failures are results). `code` is the event's code.
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
