/**
 * Service configuration, parsed and validated once per container from the environment.
 * Locally and in AWS only these values differ; the code paths are the same.
 */
import { MAX_CERTIFICATION_DEADLINE_MS } from './lambda-limits.js';
import { ConfigError, RegionListError } from './errors.js';
import { parseRegionList } from './regions.js';

/**
 * Who issues the access tokens the service accepts. Configuration picks one; the verifier
 * follows it (see `createTokenVerifier`).
 */
export type TokenIssuerConfig =
  /** A Cognito user pool (`AUTH_USER_POOL_ID`): tokens of both issuer forms Cognito uses are accepted. */
  | { userPoolId: string; clientId: string }
  /** Any other issuer of Cognito-shaped RS256 access tokens (`AUTH_ISSUER`), e.g. the local one. */
  | { issuer: string; jwksUri: string; clientId: string };

/**
 * How the service writes its log lines (`LOG_FORMAT`): `json`, the Powertools logger's structured
 * lines that CloudWatch Logs Insights queries; `pretty`, one short line per entry for a person at
 * a terminal (`12:03:04 GET /api/certification/catalog 200 12ms alice`).
 */
export const LOG_FORMATS = ['json', 'pretty'] as const;

/** One of {@link LOG_FORMATS}. */
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Everything the service reads from its environment. */
export interface ServiceConfig {
  /**
   * The service's own Region (`BEDROCK_REGION`, else `AWS_REGION`): its store and event bus, and
   * where a request that names no Region certifies, unless `regions` leaves it out.
   */
  region: string;
  /**
   * The Regions models are certified in (`CERTIFICATION_REGIONS`), the default one first: `region`
   * when listed, else the first named. Unset: `region` alone.
   */
  regions: string[];
  tableName: string;
  auth: TokenIssuerConfig;
  cacheTtlSeconds: {
    certified: number;
    failed: number;
    unavailable: number;
    /** Failures caused by throttling or timeouts: likely to pass on retry, so cached briefly. */
    transient: number;
  };
  rateLimit: { limit: number; windowSeconds: number };
  /**
   * Requests per user per window to the read routes (catalog, models, history, usage, regions),
   * a counter of its own beside the certify limit's, over the same window.
   */
  readRateLimit: { limit: number };
  certificationDeadlineMs: number;
  probeTimeoutMs: number;
  keepAliveIntervalMs: number;
  /**
   * How long a container serves the catalog's control plane listing, and the access answers of
   * the catalog and the Regions view, before asking again.
   */
  catalogListingTtlSeconds: number;
  /** Optional endpoint overrides (a simulator, dynalite); unset in AWS. */
  bedrockEndpoint?: string;
  /** The Bedrock control plane (ListFoundationModels, ListInferenceProfiles); locally the same simulator as `bedrockEndpoint`. */
  bedrockControlPlaneEndpoint?: string;
  dynamoDbEndpoint?: string;
  /** EventBridge endpoint override (a local PutEvents stand-in); unset in AWS. */
  eventBridgeEndpoint?: string;
  /**
   * The bus `Certification Changed` events go to (name or ARN; the stack sets the default bus's
   * ARN when it has a watch list). Unset: changes are recorded in the history but not announced.
   */
  changeEventBus?: string;
  /** Watched models the re-certify function certifies at once. */
  recertifyConcurrency: number;
  /** Items of one batch (`POST /batches`) certified at once (`BATCH_CONCURRENCY`). */
  batchConcurrency: number;
  /** Model ids the web page offers as suggestions. */
  modelSuggestions: string[];
  /** Certification runs per user per UTC month (`MONTHLY_CERTIFICATION_QUOTA`); unset: no quota. */
  monthlyCertificationQuota?: number;
  /** `LOG_FORMAT`; `json` unless set (the stack never sets it). */
  logFormat: LogFormat;
}

/**
 * Every tunable's default, in one place: `loadConfig` falls back to these, components that take
 * the same setting as an option default to them, and the stack sets a variable only where a
 * deployer chose something else.
 */
export const SERVICE_DEFAULTS = {
  /** A day when certified; failures an hour, so a fixed model is noticed soon. */
  cacheTtlSeconds: { certified: 86_400, failed: 3_600, unavailable: 900, transient: 60 },
  /** The API contract: 10 certify requests per user per minute. */
  rateLimit: { limit: 10, windowSeconds: 60 },
  /** The read routes' per-user limit, per the certify limit's window: a page load reads a few. */
  readRateLimit: { limit: 120 },
  /** `GET /models` answers 50 certifications a page unless asked (at most 200). */
  modelsPage: { limit: 50, maxLimit: 200 },
  /** The contract's ceiling (lambda-limits.ts): a whole certification never runs past 60 s. */
  certificationDeadlineMs: MAX_CERTIFICATION_DEADLINE_MS,
  probeTimeoutMs: 30_000,
  /** The API contract: a keep-alive comment at least every 15 s. */
  keepAliveIntervalMs: 15_000,
  /** No monthly quota unless `MONTHLY_CERTIFICATION_QUOTA` (stack context `monthlyQuota`) sets one. */
  monthlyCertificationQuota: undefined,
  /** The API contract: runs are kept 90 days; a history read answers 20 unless asked (at most 100). */
  history: { retentionDays: 90, limit: 20, maxLimit: 100 },
  /**
   * Watched models the re-certify function certifies at once. A few: each run is six concurrent
   * Bedrock calls, and a watch list certified all at once would meet the account's throttling.
   */
  recertifyConcurrency: 4,
  /**
   * Batches (`POST /api/certification/batches`): at most 50 items, 4 certified at once (each
   * already runs its probes concurrently, and the account's Bedrock quotas are shared by all).
   */
  batch: { maxItems: 50, concurrency: 4 },
  /** The API contract: watched models are re-certified daily unless the deployer says otherwise. */
  recertifySchedule: 'rate(1 day)',
  /**
   * The catalog's listing of models and profiles changes a few times a month; five minutes per
   * container spares the control plane (and its latency) on every page load, and a newly
   * launched model still shows within minutes.
   */
  catalogListingTtlSeconds: 300,
  /**
   * What the web page suggests when `MODEL_SUGGESTIONS` is unset: active models only, mostly
   * `global.` inference profiles because they answer from every commercial Region, so the
   * defaults hold wherever the stack is deployed (geographic profiles such as `us.` answer only
   * from their own geography).
   */
  modelSuggestions: [
    'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
    'global.anthropic.claude-haiku-4-5-20251001-v1:0',
    'global.amazon.nova-2-lite-v1:0',
    'global.anthropic.claude-opus-4-5-20251101-v1:0',
    'openai.gpt-oss-120b-1:0',
    'qwen.qwen3-32b-v1:0',
  ],
  /** What log tools read; `npm start` asks for `pretty` when its output is a terminal. */
  logFormat: 'json',
} as const;

/** Longest any `CACHE_TTL_*_SECONDS` may be: 31 days. */
export const MAX_CACHE_TTL_SECONDS = 31 * 86_400;

/** Largest `MONTHLY_CERTIFICATION_QUOTA` (and stack context `monthlyQuota`) accepted. */
export const MAX_MONTHLY_QUOTA = 1_000_000;

/** A Cognito user pool id, `<region>_<suffix>` (e.g. `eu-west-1_AbCdEf123`), as aws-jwt-verify accepts it. */
export const USER_POOL_ID_PATTERN = /^(?:eusc-[a-z]{2}|[a-z]{2})-(?:gov-)?[a-z]+-\d_[0-9A-Za-z]+$/;

type Env = Readonly<Record<string, string | undefined>>;

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function required(env: Env, name: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new ConfigError(name, 'is required');
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function url(env: Env, name: string): string | undefined {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  // `localhost:4010` parses as a URL of scheme `localhost:`; only http(s) reaches an endpoint.
  const parsed = URL.canParse(raw) ? new URL(raw) : undefined;
  if (parsed?.protocol !== 'https:' && parsed?.protocol !== 'http:')
    throw new ConfigError(name, `must be an http(s) URL, got "${raw}"`);
  return parsed.toString().replace(/\/$/, '');
}

function tokenIssuer(env: Env): TokenIssuerConfig {
  const clientId = required(env, 'AUTH_CLIENT_ID');
  const userPoolId = optional(env, 'AUTH_USER_POOL_ID');
  const issuer = url(env, 'AUTH_ISSUER');
  const jwksUri = url(env, 'AUTH_JWKS_URI');
  if (userPoolId !== undefined) {
    if (!USER_POOL_ID_PATTERN.test(userPoolId))
      throw new ConfigError(
        'AUTH_USER_POOL_ID',
        `must be a user pool id like us-east-1_AbCdEf123, got "${userPoolId}"`,
      );
    // A pool's issuer and keys follow from its id; a second source could only disagree.
    if (issuer !== undefined)
      throw new ConfigError('AUTH_ISSUER', 'must not be set with AUTH_USER_POOL_ID');
    if (jwksUri !== undefined)
      throw new ConfigError('AUTH_JWKS_URI', 'must not be set with AUTH_USER_POOL_ID');
    return { userPoolId, clientId };
  }
  if (issuer === undefined)
    throw new ConfigError('AUTH_USER_POOL_ID', 'or AUTH_ISSUER is required');
  // Where Cognito publishes its keys, and where the local issuer serves them.
  return { issuer, jwksUri: jwksUri ?? `${issuer}/.well-known/jwks.json`, clientId };
}

/** `LOG_FORMAT`, validated (default {@link SERVICE_DEFAULTS}`.logFormat`). */
export function loadLogFormat(env: Env = process.env): LogFormat {
  const raw = optional(env, 'LOG_FORMAT');
  if (raw === undefined) return SERVICE_DEFAULTS.logFormat;
  const format = LOG_FORMATS.find((candidate) => candidate === raw.toLowerCase());
  if (format === undefined)
    throw new ConfigError('LOG_FORMAT', `must be one of ${LOG_FORMATS.join(', ')}, got "${raw}"`);
  return format;
}

/** `CERTIFICATION_REGIONS`, the default (`region` when listed, else the first named) first. */
function certificationRegions(env: Env, region: string): string[] {
  const raw = optional(env, 'CERTIFICATION_REGIONS');
  if (raw === undefined) return [region];
  let regions: string[];
  try {
    regions = parseRegionList(raw);
  } catch (error) {
    if (error instanceof RegionListError)
      throw new ConfigError('CERTIFICATION_REGIONS', error.problem);
    throw error;
  }
  return regions.includes(region) ? [region, ...regions.filter((r) => r !== region)] : regions;
}

/** Parses and validates the environment, failing fast with the variable's name. */
export function loadConfig(env: Env = process.env): ServiceConfig {
  const defaults = SERVICE_DEFAULTS;
  const suggestions = optional(env, 'MODEL_SUGGESTIONS')?.split(',') ?? defaults.modelSuggestions;
  const region = optional(env, 'BEDROCK_REGION') ?? required(env, 'AWS_REGION');
  return {
    region,
    regions: certificationRegions(env, region),
    tableName: required(env, 'TABLE_NAME'),
    auth: tokenIssuer(env),
    cacheTtlSeconds: {
      certified: integer(
        env,
        'CACHE_TTL_CERTIFIED_SECONDS',
        defaults.cacheTtlSeconds.certified,
        1,
        MAX_CACHE_TTL_SECONDS,
      ),
      failed: integer(
        env,
        'CACHE_TTL_FAILED_SECONDS',
        defaults.cacheTtlSeconds.failed,
        1,
        MAX_CACHE_TTL_SECONDS,
      ),
      unavailable: integer(
        env,
        'CACHE_TTL_UNAVAILABLE_SECONDS',
        defaults.cacheTtlSeconds.unavailable,
        1,
        MAX_CACHE_TTL_SECONDS,
      ),
      transient: integer(
        env,
        'CACHE_TTL_TRANSIENT_SECONDS',
        defaults.cacheTtlSeconds.transient,
        1,
        86_400,
      ),
    },
    rateLimit: {
      limit: integer(env, 'RATE_LIMIT_PER_MINUTE', defaults.rateLimit.limit, 1, 10_000),
      // Configurable so tests can watch a window pass; production keeps the API's minute.
      windowSeconds: integer(
        env,
        'RATE_LIMIT_WINDOW_SECONDS',
        defaults.rateLimit.windowSeconds,
        1,
        3_600,
      ),
    },
    readRateLimit: {
      limit: integer(env, 'READ_RATE_LIMIT_PER_MINUTE', defaults.readRateLimit.limit, 1, 10_000),
    },
    certificationDeadlineMs: integer(
      env,
      'CERTIFICATION_DEADLINE_MS',
      defaults.certificationDeadlineMs,
      1_000,
      MAX_CERTIFICATION_DEADLINE_MS,
    ),
    probeTimeoutMs: integer(
      env,
      'PROBE_TIMEOUT_MS',
      defaults.probeTimeoutMs,
      500,
      MAX_CERTIFICATION_DEADLINE_MS,
    ),
    keepAliveIntervalMs: integer(
      env,
      'KEEPALIVE_INTERVAL_MS',
      defaults.keepAliveIntervalMs,
      100,
      15_000,
    ),
    catalogListingTtlSeconds: integer(
      env,
      'CATALOG_LISTING_TTL_SECONDS',
      defaults.catalogListingTtlSeconds,
      0,
      3_600,
    ),
    bedrockEndpoint: url(env, 'BEDROCK_ENDPOINT'),
    bedrockControlPlaneEndpoint: url(env, 'BEDROCK_CONTROL_PLANE_ENDPOINT'),
    dynamoDbEndpoint: url(env, 'DYNAMODB_ENDPOINT'),
    eventBridgeEndpoint: url(env, 'EVENTBRIDGE_ENDPOINT'),
    changeEventBus: optional(env, 'CHANGE_EVENT_BUS'),
    recertifyConcurrency: integer(
      env,
      'RECERTIFY_CONCURRENCY',
      defaults.recertifyConcurrency,
      1,
      20,
    ),
    batchConcurrency: integer(env, 'BATCH_CONCURRENCY', defaults.batch.concurrency, 1, 20),
    modelSuggestions: suggestions.map((id) => id.trim()).filter((id) => id.length > 0),
    // 0 is a quota too: every run refused, cached answers still served.
    monthlyCertificationQuota:
      optional(env, 'MONTHLY_CERTIFICATION_QUOTA') === undefined
        ? defaults.monthlyCertificationQuota
        : integer(env, 'MONTHLY_CERTIFICATION_QUOTA', 0, 0, MAX_MONTHLY_QUOTA),
    logFormat: loadLogFormat(env),
  };
}
