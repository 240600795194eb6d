/**
 * Service configuration, parsed and validated once per container from the environment.
 * Locally and in AWS only these values differ; the code paths are the same.
 */

/** Everything the service reads from its environment. */
export interface ServiceConfig {
  /** Region whose Bedrock models are certified (and reported in the certification object). */
  region: string;
  tableName: string;
  auth: {
    /** Token issuer (`https://cognito-idp.<region>.amazonaws.com/<userPoolId>` in AWS). */
    issuer: string;
    /** App client id; access tokens must carry it as `client_id`. */
    clientId: string;
    /** JWKS location; defaults to `<issuer>/.well-known/jwks.json` as Cognito publishes it. */
    jwksUri: string;
  };
  cacheTtlSeconds: {
    certified: number;
    failed: number;
    unavailable: number;
    /** Failures caused by throttling or timeouts: likely to pass on retry, so cached briefly. */
    transient: number;
  };
  rateLimit: { limit: number; windowSeconds: number };
  certificationDeadlineMs: number;
  probeTimeoutMs: number;
  keepAliveIntervalMs: number;
  /** Optional endpoint overrides (a simulator, dynalite); unset in AWS. */
  bedrockEndpoint?: string;
  dynamoDbEndpoint?: string;
  /** Model ids the web page offers as suggestions. */
  modelSuggestions: string[];
}

/** A configuration value is missing or malformed; names the variable. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(name, 'is required');
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function url(env: Env, name: string, fallback?: string): string | undefined {
  const raw = env[name]?.trim() || fallback;
  if (raw === undefined) return undefined;
  try {
    return new URL(raw).toString().replace(/\/$/, '');
  } catch {
    throw new ConfigError(name, `must be a URL, got "${raw}"`);
  }
}

/**
 * The default model ids offered by the web page when `MODEL_SUGGESTIONS` is unset: active
 * models only, mostly `global.` inference profiles because they answer from every commercial
 * Region, so the defaults hold wherever the stack is deployed (geographic profiles such as
 * `us.` answer only from their own geography).
 */
export const DEFAULT_MODEL_SUGGESTIONS = [
  'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
  'global.anthropic.claude-haiku-4-5-20251001-v1:0',
  'global.amazon.nova-2-lite-v1:0',
  'global.anthropic.claude-opus-4-5-20251101-v1:0',
  'openai.gpt-oss-120b-1:0',
  'qwen.qwen3-32b-v1:0',
];

/** Parses and validates the environment, failing fast with the variable's name. */
export function loadConfig(env: Env = process.env): ServiceConfig {
  const region = env.BEDROCK_REGION?.trim() || required(env, 'AWS_REGION');
  const issuer = url(env, 'AUTH_ISSUER', required(env, 'AUTH_ISSUER')) as string;
  return {
    region,
    tableName: required(env, 'TABLE_NAME'),
    auth: {
      issuer,
      clientId: required(env, 'AUTH_CLIENT_ID'),
      jwksUri: url(env, 'AUTH_JWKS_URI', `${issuer}/.well-known/jwks.json`) as string,
    },
    cacheTtlSeconds: {
      certified: integer(env, 'CACHE_TTL_CERTIFIED_SECONDS', 86_400, 1, 31 * 86_400),
      failed: integer(env, 'CACHE_TTL_FAILED_SECONDS', 3_600, 1, 31 * 86_400),
      unavailable: integer(env, 'CACHE_TTL_UNAVAILABLE_SECONDS', 900, 1, 31 * 86_400),
      transient: integer(env, 'CACHE_TTL_TRANSIENT_SECONDS', 60, 1, 86_400),
    },
    rateLimit: {
      limit: integer(env, 'RATE_LIMIT_PER_MINUTE', 10, 1, 10_000),
      // Configurable so tests can watch a window pass; production keeps DESIGN.md's minute.
      windowSeconds: integer(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 3_600),
    },
    certificationDeadlineMs: integer(env, 'CERTIFICATION_DEADLINE_MS', 60_000, 1_000, 60_000),
    probeTimeoutMs: integer(env, 'PROBE_TIMEOUT_MS', 30_000, 500, 60_000),
    keepAliveIntervalMs: integer(env, 'KEEPALIVE_INTERVAL_MS', 15_000, 100, 15_000),
    bedrockEndpoint: url(env, 'BEDROCK_ENDPOINT'),
    dynamoDbEndpoint: url(env, 'DYNAMODB_ENDPOINT'),
    modelSuggestions: (env.MODEL_SUGGESTIONS?.trim() ? env.MODEL_SUGGESTIONS.split(',') : DEFAULT_MODEL_SUGGESTIONS)
      .map((id) => id.trim())
      .filter((id) => id.length > 0),
  };
}
