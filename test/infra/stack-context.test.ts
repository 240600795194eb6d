import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readStackContext, StackContextError } from '../../infra/stack-context.js';

const read = (context: Record<string, unknown>) => readStackContext(new App({ context }).node);

describe('readStackContext', () => {
  it("defaults to a created user pool, no CORS, RETAIN, no concurrency cap and the service's own rate limit", () => {
    expect(read({})).toEqual({
      allowedOrigins: [],
      removalPolicy: 'retain',
      importedUserPool: undefined,
      reservedConcurrency: undefined,
      rateLimitPerMinute: undefined,
      monthlyQuota: undefined,
    });
  });

  it('reads a comma-separated origin list as -c passes it, and a list as cdk.json may hold it', () => {
    expect(read({ allowedOrigins: 'https://a.example, https://b.example:8443 ,' }).allowedOrigins).toEqual([
      'https://a.example',
      'https://b.example:8443',
    ]);
    expect(read({ allowedOrigins: ['http://localhost:5173', 'https://a.example/'] }).allowedOrigins).toEqual([
      'http://localhost:5173',
      'https://a.example',
    ]);
  });

  it.each([
    ['*', /wildcard/],
    ['https://*.example.com', /wildcard/],
    ['a.example', /not an origin/],
    ['https://a.example/app', /no path/],
    ['ftp://a.example', /not an origin/],
  ])('rejects the origin %s', (origin, problem) => {
    expect(() => read({ allowedOrigins: origin })).toThrow(StackContextError);
    expect(() => read({ allowedOrigins: origin })).toThrow(problem);
  });

  it.each(['us-gov-west-1_AbC123', 'eu-central-1_AbCdEf123', 'eusc-de-east-1_AbC123'])('imports the user pool %s given both ids', (userPoolId) => {
    expect(read({ userPoolId, userPoolClientId: '1h2i3j4k5l6m7n8o9p0q1r2s3t' }).importedUserPool).toEqual({
      userPoolId,
      userPoolClientId: '1h2i3j4k5l6m7n8o9p0q1r2s3t',
    });
  });

  it('refuses half an import, naming the missing key', () => {
    expect(() => read({ userPoolId: 'eu-west-1_AbC123' })).toThrow(/"userPoolClientId".*both/);
    expect(() => read({ userPoolClientId: 'abc123' })).toThrow(/"userPoolId".*both/);
  });

  it('refuses malformed pool and client ids', () => {
    expect(() => read({ userPoolId: 'AbC123', userPoolClientId: 'abc123' })).toThrow(/"userPoolId".*us-east-1_AbCdEf123/);
    expect(() => read({ userPoolId: 'eu-west-1_AbC123', userPoolClientId: 'abc-123' })).toThrow(/"userPoolClientId"/);
  });

  it('accepts removalPolicy retain or destroy in any case, and nothing else', () => {
    expect(read({ removalPolicy: 'DESTROY' }).removalPolicy).toBe('destroy');
    expect(read({ removalPolicy: 'retain' }).removalPolicy).toBe('retain');
    expect(() => read({ removalPolicy: 'snapshot' })).toThrow(/"removalPolicy".*"retain" or "destroy"/);
  });

  it('reads reservedConcurrency and rateLimitPerMinute as positive integers', () => {
    expect(read({ reservedConcurrency: '5', rateLimitPerMinute: 30 })).toMatchObject({ reservedConcurrency: 5, rateLimitPerMinute: 30 });
    expect(() => read({ reservedConcurrency: '0' })).toThrow(/"reservedConcurrency".*integer from 1/);
    expect(() => read({ reservedConcurrency: '2.5' })).toThrow(/"reservedConcurrency"/);
    expect(() => read({ rateLimitPerMinute: 'ten' })).toThrow(/"rateLimitPerMinute"/);
  });

  it('reads monthlyQuota as an integer from 0 (every run refused) to the most the service accepts', () => {
    expect(read({ monthlyQuota: '250' }).monthlyQuota).toBe(250);
    expect(read({ monthlyQuota: 0 }).monthlyQuota).toBe(0);
    expect(() => read({ monthlyQuota: '-1' })).toThrow(/"monthlyQuota".*integer from 0 to 1000000, got "-1"/);
    expect(() => read({ monthlyQuota: 'lots' })).toThrow(/"monthlyQuota"/);
  });

  it('treats an empty value as unset', () => {
    expect(read({ allowedOrigins: '', reservedConcurrency: ' ', userPoolId: '', userPoolClientId: '' })).toMatchObject({
      allowedOrigins: [],
      reservedConcurrency: undefined,
      importedUserPool: undefined,
    });
  });
});
