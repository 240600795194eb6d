import { describe, expect, it } from 'vitest';
import {
  ApiError,
  IncompleteStreamError,
  NetworkError,
  ProtocolError,
  QuotaExceededApiError,
  RateLimitedApiError,
  StreamErrorEventError,
  UnauthorizedApiError,
} from '../../client/index.js';
import { modelFragment, parseFragment } from '../../web/fragment.js';
import {
  badModelLinkMessage,
  CANCELLED_MESSAGE,
  describeError,
  rateLimitDetail,
} from '../../web/messages.js';

describe('describeError', () => {
  it('explains a 401 with the server message and what to do', () => {
    const message = describeError(
      new UnauthorizedApiError({
        status: 401,
        code: 'UNAUTHORIZED',
        message: 'A valid bearer token is required.',
      }),
    );

    expect(message.kind).toBe('unauthorized');
    expect(message.title).toBe('Not signed in (401)');
    expect(message.detail).toContain('A valid bearer token is required.');
    expect(message.detail).toContain('whole access token');
  });

  it('says "your token expired" for a 401 whose token is past its exp, and not for a live one', () => {
    const error = new UnauthorizedApiError({
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'A valid bearer token is required.',
    });
    const now = Date.parse('2026-11-24T12:10:00Z');

    const expired = describeError(error, { tokenExpiresAt: new Date('2026-11-24T12:00:00Z'), now });
    expect(expired).toEqual({
      kind: 'expired',
      title: 'Your token expired',
      detail:
        'It expired at Nov 24, 2026, 12:00:00 PM UTC (10 minutes ago). Get a new access token and paste it above.',
    });
    expect(
      describeError(error, { tokenExpiresAt: new Date('2026-11-24T13:00:00Z'), now }).kind,
    ).toBe('unauthorized');
  });

  it('gives the retry time of a 429', () => {
    const message = describeError(
      new RateLimitedApiError({
        status: 429,
        code: 'RATE_LIMITED',
        message: 'slow down',
        retryAfterSeconds: 75,
      }),
    );

    expect(message).toMatchObject({ kind: 'rate-limited', title: 'Rate limit reached (429)' });
    expect(message.detail).toContain('You can certify again in 1 min 15 s.');
    expect(rateLimitDetail(0)).toContain('You can certify again now.');
  });

  it('tells a used-up monthly quota from the per-minute limit', () => {
    const message = describeError(
      new QuotaExceededApiError({
        status: 429,
        code: 'QUOTA_EXCEEDED',
        message: 'The monthly quota of 50 runs is used up.',
        retryAfterSeconds: 120,
      }),
    );
    expect(message).toMatchObject({ kind: 'quota', title: 'Monthly quota used up (429)' });
    expect(message.detail).toBe(
      'The monthly quota of 50 runs is used up. Cached results stay free; new runs are possible again in 2 min.',
    );
  });

  it('tells network failures, broken streams, service errors and cancellation apart', () => {
    expect(describeError(new NetworkError()).kind).toBe('network');
    expect(describeError(new IncompleteStreamError()).title).toBe('Connection lost');
    expect(
      describeError(new StreamErrorEventError('DEADLINE_EXCEEDED', 'Ran past 60 s.')),
    ).toMatchObject({
      kind: 'service',
      title: 'The certification did not finish (DEADLINE_EXCEEDED)',
      detail: 'Ran past 60 s.',
    });
    expect(
      describeError(new ApiError({ status: 400, code: 'INVALID_MODEL_ID', message: 'bad id' })),
    ).toMatchObject({ kind: 'invalid', detail: 'bad id' });
    expect(
      describeError(
        new ApiError({
          status: 503,
          code: 'STORE_UNAVAILABLE',
          message: 'Store down.',
          retryAfterSeconds: 5,
        }),
      ).detail,
    ).toBe('Store down. Try again in 5 s.');
    expect(
      describeError(
        new ApiError({
          status: 500,
          code: 'INTERNAL_ERROR',
          message: 'Internal error.',
          requestId: 'r-9',
        }),
      ).detail,
    ).toBe('Internal error. Reference: r-9.');
    expect(describeError(new ProtocolError('not JSON')).kind).toBe('service');
    expect(describeError(new DOMException('aborted', 'AbortError'))).toBe(CANCELLED_MESSAGE);
    // The runtime does not tell the function the client left: the run finishes and is cached.
    expect(CANCELLED_MESSAGE.detail).toMatch(/goes on in the background.*will be cached/);
    expect(describeError(new Error('boom'))).toMatchObject({ kind: 'unexpected', detail: 'boom' });
  });
});

describe('parseFragment', () => {
  it('reads a token and a model from the fragment', () => {
    expect(parseFragment('#token=eyJ.abc.def&model=amazon.nova-lite-v1%3A0')).toEqual({
      token: 'eyJ.abc.def',
      model: 'amazon.nova-lite-v1:0',
    });
    expect(parseFragment('')).toEqual({});
    expect(parseFragment('#other=1&token=')).toEqual({});
  });

  it('links a model by a readable #model= fragment that parses back to the same id', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/k3m9x2p7q4za';
    expect(modelFragment('us.anthropic.claude-sonnet-4-5-20250929-v1:0')).toBe(
      '#model=us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    );
    expect(modelFragment(arn)).toBe(`#model=${arn}`);
    for (const id of [arn, 'a.b-v1:0', 'odd+id&x=#1 %'])
      expect(parseFragment(modelFragment(id)).model).toBe(id.trim());
  });
});

describe('badModelLinkMessage', () => {
  it('names the bad id, at most 80 characters of it, and what to do', () => {
    expect(badModelLinkMessage('not a model!')).toEqual({
      kind: 'invalid',
      title: 'This link names no valid model',
      detail:
        '"not a model!" is not a Bedrock model id, inference profile id or model ARN. Pick a model below, or correct the id above and press Certify.',
    });
    const long = badModelLinkMessage('x'.repeat(5000)).detail;
    expect(long).toContain(`"${'x'.repeat(80)}…"`);
    expect(long.length).toBeLessThan(250);
  });
});
