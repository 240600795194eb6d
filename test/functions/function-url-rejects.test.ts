import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { toRequest } from '../../functions/certify/function-url.js';
import { BadRequestError, MethodNotAllowedError } from '../../shared/errors.js';
import { functionUrlEvent } from './function-url-event.js';

/** Requests a web `Request` cannot represent: refused as 4xx errors, never a TypeError (a 502). */
function event(
  method: string,
  overrides: { domainName?: string; headers?: Record<string, string> } = {},
): LambdaFunctionURLEvent {
  return functionUrlEvent({
    method,
    rawPath: '/health',
    rawQueryString: '',
    headers: {},
    ...overrides,
  });
}

describe('toRequest refuses what a web Request cannot carry', () => {
  it.each(['TRACE', 'TRACK', 'CONNECT', 'trace'])(
    '%s is a 405 listing the methods the API serves',
    (method) => {
      let thrown: unknown;
      try {
        toRequest(event(method));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(MethodNotAllowedError);
      expect((thrown as MethodNotAllowedError).statusCode).toBe(405);
      expect((thrown as MethodNotAllowedError).headers()).toEqual({ allow: 'GET, HEAD, POST' });
    },
  );

  it('a host that is not a host name is a 400 INVALID_REQUEST', () => {
    expect(() => toRequest(event('GET', { domainName: 'bad host' }))).toThrow(BadRequestError);
  });

  it('a header value with a line break is a 400 INVALID_REQUEST', () => {
    expect(() => toRequest(event('GET', { headers: { 'x-a': 'one\ntwo' } }))).toThrow(
      expect.objectContaining({ statusCode: 400, code: 'INVALID_REQUEST' }),
    );
  });
});
