import { describe, expect, it } from 'vitest';
import {
  ApiError,
  IncompleteStreamError,
  NetworkError,
  ProtocolError,
  RateLimitedApiError,
  StreamErrorEventError,
  UnauthorizedApiError,
} from '../../client/index.js';
import { parseFragment } from '../../web/fragment.js';
import { describeError } from '../../web/messages.js';

describe('describeError', () => {
  it('explains a 401 with the server message and what to do', () => {
    const message = describeError(new UnauthorizedApiError({ status: 401, code: 'UNAUTHORIZED', message: 'A valid bearer token is required.' }));

    expect(message.kind).toBe('unauthorized');
    expect(message.title).toBe('Not signed in (401)');
    expect(message.detail).toContain('A valid bearer token is required.');
    expect(message.detail).toContain('fresh');
  });

  it('gives the retry time of a 429', () => {
    const message = describeError(new RateLimitedApiError({ status: 429, code: 'RATE_LIMITED', message: 'slow down', retryAfterSeconds: 75 }));

    expect(message).toMatchObject({ kind: 'rate-limited', title: 'Rate limit reached (429)' });
    expect(message.detail).toContain('You can certify again in 1 min 15 s.');
  });

  it('tells network failures, broken streams, service errors and cancellation apart', () => {
    expect(describeError(new NetworkError()).kind).toBe('network');
    expect(describeError(new IncompleteStreamError()).title).toBe('Connection lost');
    expect(describeError(new StreamErrorEventError('DEADLINE_EXCEEDED', 'Ran past 60 s.'))).toMatchObject({
      kind: 'service',
      title: 'The certification did not finish (DEADLINE_EXCEEDED)',
      detail: 'Ran past 60 s.',
    });
    expect(describeError(new ApiError({ status: 400, code: 'INVALID_MODEL_ID', message: 'bad id' }))).toMatchObject({ kind: 'invalid', detail: 'bad id' });
    expect(describeError(new ApiError({ status: 503, code: 'STORE_UNAVAILABLE', message: 'Store down.', retryAfterSeconds: 5 })).detail).toBe(
      'Store down. Try again in 5 s.',
    );
    expect(describeError(new ApiError({ status: 500, code: 'INTERNAL_ERROR', message: 'Internal error.', requestId: 'r-9' })).detail).toBe(
      'Internal error. Reference: r-9.',
    );
    expect(describeError(new ProtocolError('not JSON')).kind).toBe('service');
    expect(describeError(new DOMException('aborted', 'AbortError')).kind).toBe('cancelled');
    expect(describeError(new Error('boom'))).toMatchObject({ kind: 'unexpected', detail: 'boom' });
  });
});

describe('parseFragment', () => {
  it('reads a token and a model from the fragment', () => {
    expect(parseFragment('#token=eyJ.abc.def&model=amazon.nova-lite-v1%3A0')).toEqual({ token: 'eyJ.abc.def', model: 'amazon.nova-lite-v1:0' });
    expect(parseFragment('')).toEqual({});
    expect(parseFragment('#other=1&token=')).toEqual({});
  });
});
