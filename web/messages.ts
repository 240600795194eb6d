import {
  ApiError,
  IncompleteStreamError,
  NetworkError,
  ProtocolError,
  RateLimitedApiError,
  StreamErrorEventError,
  UnauthorizedApiError,
} from '../client/index.js';
import { formatWait } from '../client/format.js';

/** What the page shows for a failed request. */
export interface UserMessage {
  /** `unauthorized`, `rate-limited`, `network`, ... for styling and tests. */
  kind: 'unauthorized' | 'rate-limited' | 'network' | 'invalid' | 'unavailable' | 'service' | 'cancelled' | 'unexpected';
  title: string;
  detail: string;
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/**
 * Turns anything the client threw into a message a person can act on. Server messages are
 * shown as text (never markup); they are written for clients and carry no internals.
 */
export function describeError(error: unknown): UserMessage {
  if (isAbort(error)) {
    return { kind: 'cancelled', title: 'Cancelled', detail: 'The certification was cancelled; nothing more is being spent on it.' };
  }
  if (error instanceof UnauthorizedApiError) {
    return {
      kind: 'unauthorized',
      title: 'Not signed in (401)',
      detail: `The service rejected the access token: ${error.message} Paste a fresh, unexpired access token and try again.`,
    };
  }
  if (error instanceof RateLimitedApiError) {
    return {
      kind: 'rate-limited',
      title: 'Rate limit reached (429)',
      detail: `Too many certifications were started with this token in the last minute. You can certify again in ${formatWait(error.retryAfterSeconds)}.`,
    };
  }
  if (error instanceof ApiError) {
    if (error.status === 400) return { kind: 'invalid', title: `Invalid request (${error.code})`, detail: error.message };
    if (error.status === 503) {
      const wait = error.retryAfterSeconds === undefined ? 'shortly' : `in ${formatWait(error.retryAfterSeconds)}`;
      return { kind: 'unavailable', title: `Service unavailable (${error.code})`, detail: `${error.message} Try again ${wait}.` };
    }
    const reference = error.requestId ? ` Reference: ${error.requestId}.` : '';
    return { kind: 'service', title: `Service error ${error.status} (${error.code})`, detail: `${error.message}${reference}` };
  }
  if (error instanceof StreamErrorEventError) {
    return { kind: 'service', title: `The certification did not finish (${error.code})`, detail: error.message };
  }
  if (error instanceof IncompleteStreamError) {
    return {
      kind: 'network',
      title: 'Connection lost',
      detail: 'The connection closed before the certification finished. Try again: a result that was reached meanwhile is served from the cache.',
    };
  }
  if (error instanceof NetworkError) {
    return {
      kind: 'network',
      title: 'Network error',
      detail: 'The certification service could not be reached. Check your connection (and that the service is running), then try again.',
    };
  }
  if (error instanceof ProtocolError) {
    return { kind: 'service', title: 'Unexpected answer', detail: `The service answered in an unexpected way: ${error.message}` };
  }
  return { kind: 'unexpected', title: 'Unexpected error', detail: error instanceof Error ? error.message : String(error) };
}
