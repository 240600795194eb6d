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
      readRateLimitPerMinute: undefined,
      monthlyQuota: undefined,
      watchlist: [],
      recertifySchedule: 'rate(1 day)',
      alertEmail: undefined,
      // The stack's own Region, whatever it is at deploy time.
      regions: undefined,
    });
  });

  it('reads the Regions to certify in as -c passes them, or a list from cdk.json, and refuses a bad one', () => {
    expect(read({ regions: 'us-east-1, eu-west-1,us-east-1' }).regions).toEqual([
      'us-east-1',
      'eu-west-1',
    ]);
    expect(read({ regions: ['ap-northeast-1', 'us-west-2'] }).regions).toEqual([
      'ap-northeast-1',
      'us-west-2',
    ]);
    expect(() => read({ regions: 'us-east-1,Frankfurt' })).toThrow(
      /"regions".*"Frankfurt" is not an AWS Region name/,
    );
    expect(() => read({ regions: ',' })).toThrow(/"regions".*at least one Region/);
  });

  it('reads a comma-separated origin list as -c passes it, and a list as cdk.json may hold it', () => {
    expect(
      read({ allowedOrigins: 'https://a.example, https://b.example:8443 ,' }).allowedOrigins,
    ).toEqual(['https://a.example', 'https://b.example:8443']);
    expect(
      read({ allowedOrigins: ['http://localhost:5173', 'https://a.example/'] }).allowedOrigins,
    ).toEqual(['http://localhost:5173', 'https://a.example']);
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

  it.each(['us-gov-west-1_AbC123', 'eu-central-1_AbCdEf123', 'eusc-de-east-1_AbC123'])(
    'imports the user pool %s given both ids',
    (userPoolId) => {
      expect(
        read({ userPoolId, userPoolClientId: '1h2i3j4k5l6m7n8o9p0q1r2s3t' }).importedUserPool,
      ).toEqual({
        userPoolId,
        userPoolClientId: '1h2i3j4k5l6m7n8o9p0q1r2s3t',
      });
    },
  );

  it('refuses half an import, naming the missing key', () => {
    expect(() => read({ userPoolId: 'eu-west-1_AbC123' })).toThrow(/"userPoolClientId".*both/);
    expect(() => read({ userPoolClientId: 'abc123' })).toThrow(/"userPoolId".*both/);
  });

  it('refuses malformed pool and client ids', () => {
    expect(() => read({ userPoolId: 'AbC123', userPoolClientId: 'abc123' })).toThrow(
      /"userPoolId".*us-east-1_AbCdEf123/,
    );
    expect(() => read({ userPoolId: 'eu-west-1_AbC123', userPoolClientId: 'abc-123' })).toThrow(
      /"userPoolClientId"/,
    );
  });

  it('accepts removalPolicy retain or destroy in any case, and nothing else', () => {
    expect(read({ removalPolicy: 'DESTROY' }).removalPolicy).toBe('destroy');
    expect(read({ removalPolicy: 'retain' }).removalPolicy).toBe('retain');
    expect(() => read({ removalPolicy: 'snapshot' })).toThrow(
      /"removalPolicy".*"retain" or "destroy"/,
    );
  });

  it('reads reservedConcurrency, rateLimitPerMinute and readRateLimitPerMinute as positive integers', () => {
    expect(
      read({ reservedConcurrency: '5', rateLimitPerMinute: 30, readRateLimitPerMinute: '300' }),
    ).toMatchObject({
      reservedConcurrency: 5,
      rateLimitPerMinute: 30,
      readRateLimitPerMinute: 300,
    });
    expect(() => read({ readRateLimitPerMinute: '0' })).toThrow(
      /"readRateLimitPerMinute".*integer from 1 to 10000/,
    );
    expect(() => read({ reservedConcurrency: '0' })).toThrow(
      /"reservedConcurrency".*integer from 1/,
    );
    expect(() => read({ reservedConcurrency: '2.5' })).toThrow(/"reservedConcurrency"/);
    expect(read({ reservedConcurrency: '900' }).reservedConcurrency).toBe(900);
    expect(() => read({ rateLimitPerMinute: 'ten' })).toThrow(/"rateLimitPerMinute"/);
  });

  it('refuses a reservedConcurrency above 900, saying why: Lambda keeps 100 of the default 1000 unreserved', () => {
    expect(() => read({ reservedConcurrency: '901' })).toThrow(
      'Invalid context "reservedConcurrency": must be at most 900, got 901: Lambda keeps at least 100 of the account\'s concurrent executions unreserved and the default account limit is 1000',
    );
    expect(() => read({ reservedConcurrency: 5000 })).toThrow(/at most 900, got 5000/);
  });

  it('reads monthlyQuota as an integer from 0 (every run refused) to the most the service accepts', () => {
    expect(read({ monthlyQuota: '250' }).monthlyQuota).toBe(250);
    expect(read({ monthlyQuota: 0 }).monthlyQuota).toBe(0);
    expect(() => read({ monthlyQuota: '-1' })).toThrow(
      /"monthlyQuota".*integer from 0 to 1000000, got "-1"/,
    );
    expect(() => read({ monthlyQuota: 'lots' })).toThrow(/"monthlyQuota"/);
  });

  it('treats an empty value as unset', () => {
    expect(
      read({ allowedOrigins: '', reservedConcurrency: ' ', userPoolId: '', userPoolClientId: '' }),
    ).toMatchObject({
      allowedOrigins: [],
      reservedConcurrency: undefined,
      importedUserPool: undefined,
    });
  });

  it('reads a watch list as -c passes it (or a list from cdk.json), a schedule expression and an alert email', () => {
    expect(
      read({
        watchlist: 'amazon.nova-pro-v1:0, us.anthropic.claude-sonnet-4-5-20250929-v1:0',
        recertifySchedule: 'cron(0 6 ? * MON-FRI *)',
        alertEmail: 'ops@example.com',
      }),
    ).toMatchObject({
      watchlist: ['amazon.nova-pro-v1:0', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'],
      recertifySchedule: 'cron(0 6 ? * MON-FRI *)',
      alertEmail: 'ops@example.com',
    });
    expect(
      read({ watchlist: ['amazon.nova-pro-v1:0', 'amazon.nova-lite-v1:0'] }).watchlist,
    ).toEqual(['amazon.nova-pro-v1:0', 'amazon.nova-lite-v1:0']);
    expect(read({ watchlist: 'amazon.nova-pro-v1:0' }).recertifySchedule).toBe('rate(1 day)');
  });

  it.each([
    [
      { watchlist: 'amazon.nova-pro-v1:0,not a model' },
      /^Invalid context "watchlist": "not a model" is not a model id the service can certify/,
    ],
    [
      {
        watchlist:
          'arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.nova-lite-v1:0:300k/abcdefabcdef',
      },
      /^Invalid context "watchlist": .* \(Custom model ARNs cannot be certified/,
    ],
    [
      { watchlist: 'amazon.nova-pro-v1:0,amazon.nova-pro-v1:0' },
      /^Invalid context "watchlist": "amazon.nova-pro-v1:0" is listed twice/,
    ],
    [
      { watchlist: 'amazon.nova-pro-v1:0', recertifySchedule: 'rate(1 days)' },
      /^Invalid context "recertifySchedule": "rate\(1 days\)" is not a schedule expression EventBridge Scheduler accepts: with a value of 1 the unit must be "day"/,
    ],
    [
      { watchlist: 'amazon.nova-pro-v1:0', recertifySchedule: 'cron(0 6 * * * *)' },
      /^Invalid context "recertifySchedule": .*exactly one of day-of-month and day-of-week must be "\?"/,
    ],
    [
      { watchlist: 'amazon.nova-pro-v1:0', recertifySchedule: 'at(2030-01-01T00:00:00)' },
      /does not recur/,
    ],
    [
      { watchlist: 'amazon.nova-pro-v1:0', recertifySchedule: 'cron(0 0 1 1 ? 2001)' },
      /never fires after/,
    ],
    [
      { watchlist: 'amazon.nova-pro-v1:0', alertEmail: 'ops at example.com' },
      /^Invalid context "alertEmail": "ops at example.com" is not an email address/,
    ],
    [
      { recertifySchedule: 'rate(1 hour)' },
      /^Invalid context "recertifySchedule": needs -c watchlist=/,
    ],
    [{ alertEmail: 'ops@example.com' }, /^Invalid context "alertEmail": needs -c watchlist=/],
  ])('refuses %j at synth, naming the key', (context, problem) => {
    expect(() => read(context)).toThrow(StackContextError);
    expect(() => read(context)).toThrow(problem);
  });
});
