import {
  ApiError,
  IncompleteStreamError,
  NetworkError,
  ProtocolError,
  QuotaExceededApiError,
  RateLimitedApiError,
  StreamErrorEventError,
  UnauthorizedApiError,
} from '../client/index.js';
import { formatTimestamp, formatWait } from '../client/format.js';
import { t } from './i18n.js';

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
 * left (docs/benchmarks.md, "Reliability"), so the run goes on to its end and its result is
 * cached.
 */
export const CANCELLED_MESSAGE: UserMessage = {
  kind: 'cancelled',
  // Getters: one object (the page compares by identity) that reads in the page's language.
  get title() {
    return t('web.error.cancelledTitle');
  },
  get detail() {
    return t('web.error.cancelledDetail');
  },
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
  const before = t('web.error.rateLimitedBefore');
  return secondsLeft > 0
    ? {
        before: `${before}${t('web.error.rateLimitedIn')}`,
        wait: formatWait(secondsLeft),
        after: '.',
      }
    : { before: `${before}${t('web.error.rateLimitedNow')}`, wait: '', after: '' };
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
        title: t('web.error.expiredTitle'),
        detail: t('web.error.expiredDetail', {
          at: formatTimestamp(tokenExpiresAt.toISOString()),
          ago: formatWait((now - tokenExpiresAt.getTime()) / 1000),
        }),
      };
    }
    return {
      kind: 'unauthorized',
      title: t('web.error.unauthorizedTitle'),
      detail: t('web.error.unauthorizedDetail', { message: error.message }),
    };
  }
  if (error instanceof QuotaExceededApiError) {
    return {
      kind: 'quota',
      title: t('web.error.quotaTitle'),
      detail: t('web.error.quotaDetail', {
        message: error.message,
        wait: formatWait(error.retryAfterSeconds),
      }),
    };
  }
  if (error instanceof RateLimitedApiError) {
    return {
      kind: 'rate-limited',
      title: t('web.error.rateLimitedTitle'),
      detail: rateLimitDetail(error.retryAfterSeconds),
    };
  }
  if (error instanceof ApiError) {
    if (error.status === 400)
      return {
        kind: 'invalid',
        title: t('web.error.invalidTitle', { code: error.code }),
        detail: error.message,
      };
    if (error.status === 503) {
      const wait =
        error.retryAfterSeconds === undefined
          ? t('web.error.shortly')
          : t('web.error.inWait', { wait: formatWait(error.retryAfterSeconds) });
      return {
        kind: 'unavailable',
        title: t('web.error.unavailableTitle', { code: error.code }),
        detail: t('web.error.unavailableDetail', { message: error.message, wait }),
      };
    }
    const reference = error.requestId
      ? t('web.error.reference', { requestId: error.requestId })
      : '';
    return {
      kind: 'service',
      title: t('web.error.serviceTitle', { status: error.status, code: error.code }),
      detail: `${error.message}${reference}`,
    };
  }
  if (error instanceof StreamErrorEventError) {
    return {
      kind: 'service',
      title: t('web.error.streamTitle', { code: error.code }),
      detail: error.message,
    };
  }
  if (error instanceof IncompleteStreamError) {
    return {
      kind: 'network',
      title: t('web.error.connectionLostTitle'),
      detail: t('web.error.connectionLostDetail'),
    };
  }
  if (error instanceof NetworkError) {
    return {
      kind: 'network',
      title: t('web.error.networkTitle'),
      detail: t('web.error.networkDetail'),
    };
  }
  if (error instanceof ProtocolError) {
    return {
      kind: 'service',
      title: t('web.error.protocolTitle'),
      detail: t('web.error.protocolDetail', { message: error.message }),
    };
  }
  return {
    kind: 'unexpected',
    title: t('web.error.unexpectedTitle'),
    detail: error instanceof Error ? error.message : String(error),
  };
}
