import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  apiErrorFrom,
  ApiError,
  BadRequestApiError,
  BatchCancelledEventError,
  ForbiddenApiError,
  InternalApiError,
  ItemNotRunEventError,
  NotFoundApiError,
  QuotaExceededApiError,
  QuotaExceededEventError,
  RateLimitedApiError,
  RunTimeoutEventError,
  ServiceUnavailableApiError,
  streamErrorFrom,
  StreamErrorEventError,
  TimeBudgetExceededEventError,
  UnauthorizedApiError,
} from '../../client/errors.js';
import { certifyModel } from '../../client/index.js';
import { PROBE_ERROR_CODES, SERVICE_ERROR_CODES } from '../../shared/types.js';
import { errorResponse, fakeFetch } from './fake-service.js';

const details = (status: number, code: string, retryAfterSeconds?: number) => ({
  status,
  code,
  message: `${code} happened`,
  ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
});

describe('apiErrorFrom: one class per meaning of an HTTP error', () => {
  it.each([
    [400, 'INVALID_MODEL_ID', BadRequestApiError],
    [400, 'INVALID_MONTH', BadRequestApiError],
    [401, 'UNAUTHORIZED', UnauthorizedApiError],
    [403, 'FORBIDDEN', ForbiddenApiError],
    [404, 'NOT_FOUND', NotFoundApiError],
    [429, 'RATE_LIMITED', RateLimitedApiError],
    [429, 'QUOTA_EXCEEDED', QuotaExceededApiError],
    [500, 'INTERNAL_ERROR', InternalApiError],
    [503, 'STORE_UNAVAILABLE', ServiceUnavailableApiError],
    [503, 'SERVICE_UNAVAILABLE', ServiceUnavailableApiError],
    [503, 'CATALOG_UNAVAILABLE', ServiceUnavailableApiError],
  ])('%i %s → %o', (status, code, expected) => {
    const error = apiErrorFrom(details(status, code, 5));
    expect(error).toBeInstanceOf(expected);
    expect(error).toMatchObject({ status, code, message: `${code} happened` });
  });

  it('keeps a status without a class of its own (and a gateway’s) a plain ApiError', () => {
    for (const [status, code] of [
      [405, 'METHOD_NOT_ALLOWED'],
      [413, 'PAYLOAD_TOO_LARGE'],
      [502, 'HTTP_502'],
    ] as const) {
      const error = apiErrorFrom(details(status, code));
      expect(error.constructor).toBe(ApiError);
      expect(error.code).toBe(code);
    }
  });

  it('tells the monthly quota from the rate limit: only the rate limit is to be waited out', () => {
    const quota = apiErrorFrom(details(429, 'QUOTA_EXCEEDED', 86_400));
    const limited = apiErrorFrom(details(429, 'RATE_LIMITED'));
    // A 429 from in front of the service (the Function URL's own throttle) carries no known code.
    const gateway = apiErrorFrom(details(429, 'HTTP_429'));

    expect(quota).not.toBeInstanceOf(RateLimitedApiError);
    expect((quota as QuotaExceededApiError).retryAfterSeconds).toBe(86_400);
    expect(limited).not.toBeInstanceOf(QuotaExceededApiError);
    // Without Retry-After: the limit's whole window.
    expect((limited as RateLimitedApiError).retryAfterSeconds).toBe(60);
    expect(gateway).toBeInstanceOf(RateLimitedApiError);
  });

  it('without Retry-After, a used-up quota lasts until the UTC month ends', () => {
    const quota = apiErrorFrom(details(429, 'QUOTA_EXCEEDED')) as QuotaExceededApiError;
    const now = new Date();
    const monthEnds = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    expect(Math.abs(quota.retryAfterSeconds - (monthEnds - now.getTime()) / 1000)).toBeLessThan(5);
  });

  it('is what the client throws for an answer', async () => {
    const fetch = fakeFetch(() =>
      errorResponse(429, 'QUOTA_EXCEEDED', 'The monthly quota is used up.', {
        'retry-after': '3600',
      }),
    );
    const error = await certifyModel('amazon.nova-lite-v1:0', {
      baseUrl: 'https://svc.example',
      token: 't',
      fetch,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QuotaExceededApiError);
    expect(error).toMatchObject({ status: 429, retryAfterSeconds: 3600 });
  });
});

describe('streamErrorFrom: one class per meaning of an error event', () => {
  it.each([
    ['TIMEOUT', RunTimeoutEventError],
    ['QUOTA_EXCEEDED', QuotaExceededEventError],
    ['TIME_BUDGET_EXCEEDED', TimeBudgetExceededEventError],
    ['CANCELLED', BatchCancelledEventError],
  ])('%s → %o', (code, expected) => {
    const error = streamErrorFrom(code, 'said the service');
    expect(error).toBeInstanceOf(expected);
    expect(error).toBeInstanceOf(StreamErrorEventError);
    expect(error).toMatchObject({ code, message: 'said the service' });
  });

  it('marks the items that never ran, and only those', () => {
    expect(streamErrorFrom('QUOTA_EXCEEDED', '')).toBeInstanceOf(ItemNotRunEventError);
    expect(streamErrorFrom('TIME_BUDGET_EXCEEDED', '')).toBeInstanceOf(ItemNotRunEventError);
    expect(streamErrorFrom('CANCELLED', '')).toBeInstanceOf(ItemNotRunEventError);
    expect(streamErrorFrom('TIMEOUT', '')).not.toBeInstanceOf(ItemNotRunEventError);
    expect(streamErrorFrom('STORE_UNAVAILABLE', '')).not.toBeInstanceOf(ItemNotRunEventError);
  });

  it('keeps an unknown code a plain StreamErrorEventError, its code intact', () => {
    const error = streamErrorFrom('SOMETHING_NEW', 'a code from a newer service');
    expect(error.constructor).toBe(StreamErrorEventError);
    expect(error.code).toBe('SOMETHING_NEW');
  });
});

describe('client and page code branch on classes, not code strings', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  // Every code the service or the client gives an error, compared with `===`/`!==`, switched on,
  // or looked up in a list or a set. client/errors.ts is the one place codes become classes.
  const codes = [
    ...new Set([
      ...SERVICE_ERROR_CODES,
      ...PROBE_ERROR_CODES,
      'STREAM_INCOMPLETE',
      'PROTOCOL_ERROR',
      'NETWORK_ERROR',
      'USAGE_ERROR',
      'LOCAL_TOKEN_UNAVAILABLE',
    ]),
  ].join('|');
  const literal = `['"\`](?:${codes})['"\`]`;
  const comparisons = [
    new RegExp(`[!=]==?\\s*${literal}`),
    new RegExp(`${literal}\\s*[!=]==?`),
    new RegExp(`\\bcase\\s+${literal}\\s*:`),
    new RegExp(`\\.(?:includes|has)\\(\\s*${literal}`),
    new RegExp(`new Set\\(\\[[^\\]]*${literal}`),
    /\.(?:includes|has)\(\s*[\w.?]*\bcode\s*\)/,
  ];

  it('has no comparison of an error code string outside client/errors.ts', () => {
    const found: string[] = [];
    for (const dir of ['client', 'web']) {
      for (const file of readdirSync(join(root, dir)).filter((name) => name.endsWith('.ts'))) {
        if (dir === 'client' && file === 'errors.ts') continue;
        readFileSync(join(root, dir, file), 'utf8')
          .split('\n')
          .forEach((line, index) => {
            if (comparisons.some((pattern) => pattern.test(line)))
              found.push(`${dir}/${file}:${index + 1}: ${line.trim()}`);
          });
      }
    }
    expect(found).toEqual([]);
  });

  it('would see one', () => {
    const samples = [
      "if (error.code === 'QUOTA_EXCEEDED') {",
      "error.code !== 'NETWORK_ERROR'",
      "'QUOTA_EXCEEDED' === error.code",
      "case 'RATE_LIMITED':",
      'NOT_RUN_CODES.has(event.code)',
      "const NOT_RUN_CODES = new Set([QUOTA_EXCEEDED, 'TIME_BUDGET_EXCEEDED']);",
      "codes.includes('TIMEOUT')",
    ];
    for (const sample of samples)
      expect(
        comparisons.some((pattern) => pattern.test(sample)),
        sample,
      ).toBe(true);
    // Node's own codes and data values are not the service's error codes.
    for (const sample of ["error.code !== 'EPIPE'", "entry.lifecycle === 'LEGACY'"])
      expect(
        comparisons.some((pattern) => pattern.test(sample)),
        sample,
      ).toBe(false);
  });
});
