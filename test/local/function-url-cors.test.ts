import { beforeAll, describe, expect, it } from 'vitest';
import {
  AllowedOriginsError,
  functionUrlCors,
  parseAllowedOrigins,
} from '../../infra/function-url-cors.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';

/**
 * One CORS configuration for the Function URL in AWS (infra/certification-stack.ts, whose
 * synthesized `Cors` test/infra checks) and the local emulator: the same parser and settings,
 * applied here by the local stack in front of the real handler.
 */
describe('ALLOWED_ORIGINS / allowedOrigins', () => {
  it('parses a comma-separated list into origins, dropping blanks and a trailing slash', () => {
    expect(parseAllowedOrigins(' https://a.example, http://localhost:5173/ ,,')).toEqual([
      'https://a.example',
      'http://localhost:5173',
    ]);
    expect(parseAllowedOrigins(undefined)).toEqual([]);
    expect(parseAllowedOrigins('')).toEqual([]);
  });

  it.each([
    ['*', 'wildcard'],
    ['https://*.example.com', 'wildcard'],
    ['a.example', 'not an origin'],
    ['https://a.example/app', 'no path'],
    ['ftp://a.example', 'no path'],
  ])('refuses %s (%s)', (origin, problem) => {
    expect(() => parseAllowedOrigins(origin)).toThrow(AllowedOriginsError);
    expect(() => parseAllowedOrigins(origin)).toThrow(problem);
  });

  it('no origin means no CORS at all; otherwise GET and POST with the two request headers, retry-after and x-request-id exposed', () => {
    expect(functionUrlCors([])).toBeUndefined();
    expect(functionUrlCors(['https://a.example'])).toEqual({
      allowedOrigins: ['https://a.example'],
      allowedMethods: ['GET', 'POST'],
      allowedHeaders: ['authorization', 'content-type'],
      exposedHeaders: ['retry-after', 'x-request-id'],
      allowCredentials: false,
      maxAgeSeconds: 3600,
    });
  });
});

describe("the local stack applies the URL's CORS in front of the real handler", () => {
  const APP = 'https://app.example';
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack({
      allowedOrigins: [APP],
      env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
    });
    return () => stack.close();
  });

  it('a browser on a listed origin gets its preflight from the URL, without an invocation, and can read Retry-After and X-Request-Id', async () => {
    const invocations = stack.emulator.stats.invocations;
    const preflight = await fetch(`${stack.url}/api/certification/certify-model`, {
      method: 'OPTIONS',
      headers: {
        origin: APP,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(APP);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe(
      'authorization,content-type',
    );
    expect(stack.emulator.stats.invocations).toBe(invocations);

    // The handler's 401 (no token) reaches the browser with the URL's CORS headers.
    const refused = await fetch(`${stack.url}/api/certification/models`, {
      headers: { origin: APP },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(APP);
    expect(refused.headers.get('access-control-expose-headers')).toBe('retry-after,x-request-id');
    expect(refused.headers.get('x-request-id')).toBe(refused.headers.get('x-amzn-requestid'));
  });

  it('an unlisted origin gets neither a usable preflight nor CORS headers on answers', async () => {
    const preflight = await fetch(`${stack.url}/api/certification/models`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const answer = await fetch(`${stack.url}/health`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });
});
