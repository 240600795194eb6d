import { describe, expect, it } from 'vitest';
import { loadConfig, SERVICE_DEFAULTS } from '../../shared/config.js';
import { ConfigError } from '../../shared/errors.js';

/** The least a handler needs: the local stack's shape (a generic issuer). */
const MINIMAL = {
  AWS_REGION: 'us-east-1',
  TABLE_NAME: 'certifications',
  AUTH_ISSUER: 'https://127.0.0.1:3001/',
  AUTH_CLIENT_ID: 'local-dev-client',
};

describe('loadConfig', () => {
  it('falls back to SERVICE_DEFAULTS for everything a deployment does not set', () => {
    const config = loadConfig(MINIMAL);
    expect(config).toEqual({
      region: 'us-east-1',
      // By default the service certifies in its own Region only.
      regions: ['us-east-1'],
      tableName: 'certifications',
      auth: {
        issuer: 'https://127.0.0.1:3001',
        jwksUri: 'https://127.0.0.1:3001/.well-known/jwks.json',
        clientId: 'local-dev-client',
      },
      cacheTtlSeconds: SERVICE_DEFAULTS.cacheTtlSeconds,
      rateLimit: SERVICE_DEFAULTS.rateLimit,
      readRateLimit: SERVICE_DEFAULTS.readRateLimit,
      certificationDeadlineMs: SERVICE_DEFAULTS.certificationDeadlineMs,
      probeTimeoutMs: SERVICE_DEFAULTS.probeTimeoutMs,
      keepAliveIntervalMs: SERVICE_DEFAULTS.keepAliveIntervalMs,
      catalogListingTtlSeconds: SERVICE_DEFAULTS.catalogListingTtlSeconds,
      bedrockEndpoint: undefined,
      bedrockControlPlaneEndpoint: undefined,
      dynamoDbEndpoint: undefined,
      eventBridgeEndpoint: undefined,
      // Without a bus, changes are recorded in the history but not announced.
      changeEventBus: undefined,
      recertifyConcurrency: SERVICE_DEFAULTS.recertifyConcurrency,
      batchConcurrency: SERVICE_DEFAULTS.batch.concurrency,
      modelSuggestions: [...SERVICE_DEFAULTS.modelSuggestions],
      // What log tools read, unless LOG_FORMAT says otherwise (the stack never sets it).
      logFormat: 'json',
    });
    expect(SERVICE_DEFAULTS.logFormat).toBe('json');
    // No quota unless one is set.
    expect(config).toHaveProperty('monthlyCertificationQuota', undefined);
    // The API contract: runs are kept 90 days.
    expect(SERVICE_DEFAULTS.history.retentionDays).toBe(90);
    // The API contract's numbers.
    expect(SERVICE_DEFAULTS.rateLimit).toEqual({ limit: 10, windowSeconds: 60 });
    expect(SERVICE_DEFAULTS.readRateLimit).toEqual({ limit: 120 });
    expect(SERVICE_DEFAULTS.modelsPage).toEqual({ limit: 50, maxLimit: 200 });
    expect(SERVICE_DEFAULTS.certificationDeadlineMs).toBe(60_000);
    expect(SERVICE_DEFAULTS.keepAliveIntervalMs).toBeLessThanOrEqual(15_000);
    expect(SERVICE_DEFAULTS.batch).toEqual({ maxItems: 50, concurrency: 4 });
  });

  it('lists the Regions to certify in, the default first: its own Region when listed, else the first named', () => {
    expect(
      loadConfig({ ...MINIMAL, CERTIFICATION_REGIONS: ' eu-west-1, us-east-1 ,eu-west-1,' })
        .regions,
    ).toEqual(['us-east-1', 'eu-west-1']);
    const elsewhere = loadConfig({ ...MINIMAL, CERTIFICATION_REGIONS: 'us-west-2,ap-northeast-1' });
    expect(elsewhere.regions).toEqual(['us-west-2', 'ap-northeast-1']);
    // The store and event bus stay in the service's own Region.
    expect(elsewhere.region).toBe('us-east-1');
  });

  it('takes a Cognito user pool id instead of an issuer, as the stack passes it', () => {
    const { AUTH_ISSUER: _issuer, ...env } = MINIMAL;
    expect(loadConfig({ ...env, AUTH_USER_POOL_ID: 'eu-west-1_AbCdEf123' }).auth).toEqual({
      userPoolId: 'eu-west-1_AbCdEf123',
      clientId: 'local-dev-client',
    });
  });

  it('reads every setting a deployment may override', () => {
    const config = loadConfig({
      ...MINIMAL,
      BEDROCK_REGION: 'eu-central-1',
      AUTH_JWKS_URI: 'https://keys.example/jwks.json',
      CACHE_TTL_CERTIFIED_SECONDS: '7200',
      CACHE_TTL_FAILED_SECONDS: '600',
      CACHE_TTL_UNAVAILABLE_SECONDS: '300',
      CACHE_TTL_TRANSIENT_SECONDS: '30',
      RATE_LIMIT_PER_MINUTE: '3',
      RATE_LIMIT_WINDOW_SECONDS: '5',
      READ_RATE_LIMIT_PER_MINUTE: '40',
      CERTIFICATION_DEADLINE_MS: '5000',
      PROBE_TIMEOUT_MS: '2000',
      KEEPALIVE_INTERVAL_MS: '200',
      CATALOG_LISTING_TTL_SECONDS: '0',
      BEDROCK_ENDPOINT: 'http://127.0.0.1:4010/',
      BEDROCK_CONTROL_PLANE_ENDPOINT: 'http://127.0.0.1:4010',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:4567',
      EVENTBRIDGE_ENDPOINT: 'http://127.0.0.1:4568/',
      CHANGE_EVENT_BUS: 'arn:aws:events:eu-central-1:123456789012:event-bus/default',
      RECERTIFY_CONCURRENCY: '2',
      BATCH_CONCURRENCY: '8',
      CERTIFICATION_REGIONS: 'us-west-2,eu-central-1',
      MODEL_SUGGESTIONS: ' a.b-v1 , ,c.d ',
      MONTHLY_CERTIFICATION_QUOTA: '250',
      LOG_FORMAT: 'pretty',
    });
    expect(config).toMatchObject({
      region: 'eu-central-1',
      auth: { jwksUri: 'https://keys.example/jwks.json' },
      cacheTtlSeconds: { certified: 7200, failed: 600, unavailable: 300, transient: 30 },
      rateLimit: { limit: 3, windowSeconds: 5 },
      readRateLimit: { limit: 40 },
      certificationDeadlineMs: 5000,
      probeTimeoutMs: 2000,
      keepAliveIntervalMs: 200,
      catalogListingTtlSeconds: 0,
      bedrockEndpoint: 'http://127.0.0.1:4010',
      bedrockControlPlaneEndpoint: 'http://127.0.0.1:4010',
      dynamoDbEndpoint: 'http://127.0.0.1:4567',
      eventBridgeEndpoint: 'http://127.0.0.1:4568',
      changeEventBus: 'arn:aws:events:eu-central-1:123456789012:event-bus/default',
      recertifyConcurrency: 2,
      batchConcurrency: 8,
      regions: ['eu-central-1', 'us-west-2'],
      modelSuggestions: ['a.b-v1', 'c.d'],
      monthlyCertificationQuota: 250,
      logFormat: 'pretty',
    });
  });

  it('reads LOG_FORMAT whatever its case and spacing; empty is unset', () => {
    expect(loadConfig({ ...MINIMAL, LOG_FORMAT: ' JSON ' }).logFormat).toBe('json');
    expect(loadConfig({ ...MINIMAL, LOG_FORMAT: 'Pretty' }).logFormat).toBe('pretty');
    expect(loadConfig({ ...MINIMAL, LOG_FORMAT: '' }).logFormat).toBe('json');
  });

  it('takes a monthly quota of 0 (every run refused, cached answers still served)', () => {
    expect(
      loadConfig({ ...MINIMAL, MONTHLY_CERTIFICATION_QUOTA: '0' }).monthlyCertificationQuota,
    ).toBe(0);
    expect(
      loadConfig({ ...MINIMAL, MONTHLY_CERTIFICATION_QUOTA: '  ' }).monthlyCertificationQuota,
    ).toBeUndefined();
  });

  it.each([
    ['AWS_REGION', { AWS_REGION: undefined }, /is required/],
    ['AWS_REGION', { AWS_REGION: '  ' }, /is required/],
    ['TABLE_NAME', { TABLE_NAME: undefined }, /is required/],
    ['AUTH_CLIENT_ID', { AUTH_CLIENT_ID: '' }, /is required/],
    ['AUTH_USER_POOL_ID', { AUTH_ISSUER: undefined }, /or AUTH_ISSUER is required/],
    [
      'AUTH_USER_POOL_ID',
      { AUTH_ISSUER: undefined, AUTH_USER_POOL_ID: 'AbCdEf123' },
      /user pool id like us-east-1_AbCdEf123, got "AbCdEf123"/,
    ],
    [
      'AUTH_ISSUER',
      { AUTH_USER_POOL_ID: 'eu-west-1_AbCdEf123' },
      /must not be set with AUTH_USER_POOL_ID/,
    ],
    [
      'AUTH_JWKS_URI',
      {
        AUTH_ISSUER: undefined,
        AUTH_USER_POOL_ID: 'eu-west-1_AbCdEf123',
        AUTH_JWKS_URI: 'https://keys.example',
      },
      /must not be set/,
    ],
    ['AUTH_ISSUER', { AUTH_ISSUER: 'not a url' }, /must be an http\(s\) URL, got "not a url"/],
    ['AUTH_JWKS_URI', { AUTH_JWKS_URI: '/jwks.json' }, /must be an http\(s\) URL/],
    ['BEDROCK_ENDPOINT', { BEDROCK_ENDPOINT: 'localhost:4010' }, /must be an http\(s\) URL/],
    ['DYNAMODB_ENDPOINT', { DYNAMODB_ENDPOINT: '::' }, /must be an http\(s\) URL/],
    ['EVENTBRIDGE_ENDPOINT', { EVENTBRIDGE_ENDPOINT: 'events.local' }, /must be an http\(s\) URL/],
    ['RECERTIFY_CONCURRENCY', { RECERTIFY_CONCURRENCY: '0' }, /integer from 1 to 20/],
    ['BATCH_CONCURRENCY', { BATCH_CONCURRENCY: '21' }, /integer from 1 to 20/],
    ['CERTIFICATION_REGIONS', { CERTIFICATION_REGIONS: ' , ' }, /at least one Region/],
    [
      'CERTIFICATION_REGIONS',
      { CERTIFICATION_REGIONS: 'us-east-1,US-WEST-2' },
      /"US-WEST-2" is not an AWS Region name/,
    ],
    [
      'CERTIFICATION_REGIONS',
      {
        CERTIFICATION_REGIONS: Array.from({ length: 17 }, (_, i) => `us-east-${i + 1}`).join(','),
      },
      /at most 16/,
    ],
    [
      'BEDROCK_CONTROL_PLANE_ENDPOINT',
      { BEDROCK_CONTROL_PLANE_ENDPOINT: 'bedrock.local' },
      /must be an http\(s\) URL/,
    ],
    [
      'CATALOG_LISTING_TTL_SECONDS',
      { CATALOG_LISTING_TTL_SECONDS: '3601' },
      /integer from 0 to 3600/,
    ],
    [
      'CACHE_TTL_CERTIFIED_SECONDS',
      { CACHE_TTL_CERTIFIED_SECONDS: '0' },
      /integer from 1 to 2678400, got "0"/,
    ],
    ['CACHE_TTL_FAILED_SECONDS', { CACHE_TTL_FAILED_SECONDS: '1.5' }, /integer from 1/],
    ['CACHE_TTL_UNAVAILABLE_SECONDS', { CACHE_TTL_UNAVAILABLE_SECONDS: 'ten' }, /integer from 1/],
    [
      'CACHE_TTL_TRANSIENT_SECONDS',
      { CACHE_TTL_TRANSIENT_SECONDS: '86401' },
      /integer from 1 to 86400/,
    ],
    ['RATE_LIMIT_PER_MINUTE', { RATE_LIMIT_PER_MINUTE: '-1' }, /integer from 1 to 10000/],
    ['RATE_LIMIT_WINDOW_SECONDS', { RATE_LIMIT_WINDOW_SECONDS: '3601' }, /integer from 1 to 3600/],
    ['READ_RATE_LIMIT_PER_MINUTE', { READ_RATE_LIMIT_PER_MINUTE: '0' }, /integer from 1 to 10000/],
    [
      'READ_RATE_LIMIT_PER_MINUTE',
      { READ_RATE_LIMIT_PER_MINUTE: '2.5' },
      /integer from 1 to 10000/,
    ],
    // The API contract: a whole certification never runs past 60 s, whatever the deployer sets.
    [
      'CERTIFICATION_DEADLINE_MS',
      { CERTIFICATION_DEADLINE_MS: '60001' },
      /integer from 1000 to 60000/,
    ],
    ['PROBE_TIMEOUT_MS', { PROBE_TIMEOUT_MS: '100' }, /integer from 500 to 60000/],
    ['KEEPALIVE_INTERVAL_MS', { KEEPALIVE_INTERVAL_MS: '20000' }, /integer from 100 to 15000/],
    [
      'MONTHLY_CERTIFICATION_QUOTA',
      { MONTHLY_CERTIFICATION_QUOTA: '-1' },
      /integer from 0 to 1000000, got "-1"/,
    ],
    [
      'MONTHLY_CERTIFICATION_QUOTA',
      { MONTHLY_CERTIFICATION_QUOTA: 'unlimited' },
      /integer from 0 to 1000000/,
    ],
    ['LOG_FORMAT', { LOG_FORMAT: 'yaml' }, /must be one of json, pretty, got "yaml"/],
    ['LOG_FORMAT', { LOG_FORMAT: 'text' }, /must be one of json, pretty, got "text"/],
  ])('fails naming %s when it is %j', (variable, change, problem) => {
    const env: Record<string, string | undefined> = { ...MINIMAL, ...change };
    const failure = (() => {
      try {
        loadConfig(env);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).message).toMatch(
      new RegExp(`^Invalid configuration: ${variable} `),
    );
    expect((failure as ConfigError).message).toMatch(problem);
  });
});
