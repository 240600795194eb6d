import {
  ApiError,
  IncompleteStreamError,
  NetworkError,
  ProtocolError,
  RateLimitedApiError,
  StreamErrorEventError,
  UnauthorizedApiError,
} from '../client/index.js';
import { formatTimestamp, formatWait } from '../client/format.js';

/** What the page shows for a failed request. */
export interface UserMessage {
  /** `unauthorized`, `expired`, `rate-limited`, `network`, ... for styling and tests. */
  kind:
    | 'unauthorized'
    | 'expired'
    | 'rate-limited'
    | 'quota'
    | 'network'
    | 'invalid'
    | 'unavailable'
    | 'service'
    | 'cancelled'
    | 'unexpected';
  title: string;
  detail: string;
}

/** What {@link describeError} knows besides the error. */
export interface ErrorContext {
  /** When the token that was sent expires (its `exp`), if it is a JWT. */
  tokenExpiresAt?: Date;
  /** Default `Date.now()`. */
  now?: number;
}

/**
 * What the page says after Cancel. The Lambda runtime does not tell the function that the client
 * left (DESIGN.md, README "Reliability"), so the run goes on to its end and its result is cached.
 */
export const CANCELLED_MESSAGE: UserMessage = {
  kind: 'cancelled',
  title: 'Stopped listening',
  detail:
    'The run goes on in the background (the service is not told that you left) and its result will be cached. ' +
    'Certify again in a minute with "Reuse a cached result" ticked to see it without starting another run.',
};

/**
 * The 429 text for `secondsLeft` more seconds, in three parts so the page can count `wait` down
 * every second without a screen reader announcing each tick.
 */
export function rateLimitParts(secondsLeft: number): {
  before: string;
  wait: string;
  after: string;
} {
  const before =
    'Too many certifications were started with this token in the last minute. You can certify again';
  return secondsLeft > 0
    ? { before: `${before} in `, wait: formatWait(secondsLeft), after: '.' }
    : { before: `${before} now.`, wait: '', after: '' };
}

/** The 429 text for `secondsLeft` more seconds. */
export function rateLimitDetail(secondsLeft: number): string {
  const { before, wait, after } = rateLimitParts(secondsLeft);
  return `${before}${wait}${after}`;
}

function isAbort(error: unknown): boolean {
  return (
    error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError')
  );
}

/**
 * Turns anything the client threw into a message a person can act on. Server messages are
 * shown as text (never markup); they are written for clients and carry no internals.
 */
export function describeError(error: unknown, context: ErrorContext = {}): UserMessage {
  if (isAbort(error)) return CANCELLED_MESSAGE;
  if (error instanceof UnauthorizedApiError) {
    const { tokenExpiresAt, now = Date.now() } = context;
    if (tokenExpiresAt !== undefined && tokenExpiresAt.getTime() <= now) {
      return {
        kind: 'expired',
        title: 'Your token expired',
        detail: `It expired at ${formatTimestamp(tokenExpiresAt.toISOString())} (${formatWait((now - tokenExpiresAt.getTime()) / 1000)} ago). Get a new access token and paste it above.`,
      };
    }
    return {
      kind: 'unauthorized',
      title: 'Not signed in (401)',
      detail: `The service rejected the access token: ${error.message} Check that it is a whole access token for this service (not an ID token), then try again.`,
    };
  }
  if (error instanceof RateLimitedApiError) {
    if (error.code === 'QUOTA_EXCEEDED') {
      return {
        kind: 'quota',
        title: 'Monthly quota used up (429)',
        detail: `${error.message} Cached results stay free; new runs are possible again in ${formatWait(error.retryAfterSeconds)}.`,
      };
    }
    return {
      kind: 'rate-limited',
      title: 'Rate limit reached (429)',
      detail: rateLimitDetail(error.retryAfterSeconds),
    };
  }
  if (error instanceof ApiError) {
    if (error.status === 400)
      return { kind: 'invalid', title: `Invalid request (${error.code})`, detail: error.message };
    if (error.status === 503) {
      const wait =
        error.retryAfterSeconds === undefined
          ? 'shortly'
          : `in ${formatWait(error.retryAfterSeconds)}`;
      return {
        kind: 'unavailable',
        title: `Service unavailable (${error.code})`,
        detail: `${error.message} Try again ${wait}.`,
      };
    }
    const reference = error.requestId ? ` Reference: ${error.requestId}.` : '';
    return {
      kind: 'service',
      title: `Service error ${error.status} (${error.code})`,
      detail: `${error.message}${reference}`,
    };
  }
  if (error instanceof StreamErrorEventError) {
    return {
      kind: 'service',
      title: `The certification did not finish (${error.code})`,
      detail: error.message,
    };
  }
  if (error instanceof IncompleteStreamError) {
    return {
      kind: 'network',
      title: 'Connection lost',
      detail:
        'The connection closed before the certification finished. Try again: a result that was reached meanwhile is served from the cache.',
    };
  }
  if (error instanceof NetworkError) {
    return {
      kind: 'network',
      title: 'Network error',
      detail:
        'The certification service could not be reached. Check your connection (and that the service is running), then try again.',
    };
  }
  if (error instanceof ProtocolError) {
    return {
      kind: 'service',
      title: 'Unexpected answer',
      detail: `The service answered in an unexpected way: ${error.message}`,
    };
  }
  return {
    kind: 'unexpected',
    title: 'Unexpected error',
    detail: error instanceof Error ? error.message : String(error),
  };
}

/** The progress bar's spoken value while probes run: "0 of 6 probes finished, 6 running". */
export function progressValueText(finished: number, total: number, running: number): string {
  return `${finished} of ${total} probes finished, ${running} running`;
}
