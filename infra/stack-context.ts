import type { Node } from 'constructs';
import { MAX_MONTHLY_QUOTA, SERVICE_DEFAULTS, USER_POOL_ID_PATTERN } from '../shared/config.js';
import { RegionListError, ScheduleExpressionError, WatchlistError } from '../shared/errors.js';
import { parseWatchlist } from '../shared/recertify-event.js';
import { parseRegionList } from '../shared/regions.js';
import { parseFiringSchedule } from '../shared/schedule-expression.js';
import { AllowedOriginsError, parseAllowedOrigins } from './function-url-cors.js';

/** A user pool and app client that already exist, to be used instead of creating new ones. */
export interface ImportedUserPool {
  userPoolId: string;
  userPoolClientId: string;
}

/** Deployment choices a deployer makes with `-c key=value` (or `context` in cdk.json). */
export interface StackContext {
  /** Browser origins allowed to call the Function URL cross-origin. Empty: no CORS at all. */
  allowedOrigins: string[];
  /** `destroy` only when asked: the table and user pool hold data worth keeping by default. */
  removalPolicy: 'retain' | 'destroy';
  /** Set: import this pool and client. Unset: the stack creates them. */
  importedUserPool?: ImportedUserPool;
  /**
   * Cost guard: at most this many concurrent executions (1 to {@link MAX_RESERVED_CONCURRENCY}).
   * Unset: the account's shared pool.
   */
  reservedConcurrency?: number;
  /** Certify requests per user per minute (`RATE_LIMIT_PER_MINUTE`). Unset: the service's default, 10. */
  rateLimitPerMinute?: number;
  /** Read requests per user per minute (`READ_RATE_LIMIT_PER_MINUTE`). Unset: the service's default, 120. */
  readRateLimitPerMinute?: number;
  /** Certification runs per user per UTC month (`MONTHLY_CERTIFICATION_QUOTA`); 0 refuses every run. Unset: no quota. */
  monthlyQuota?: number;
  /** Models re-certified on {@link recertifySchedule}. Empty (the default): nothing scheduled is created. */
  watchlist: string[];
  /** An EventBridge Scheduler expression. Default `rate(1 day)`. */
  recertifySchedule: string;
  /** Emailed every `Certification Changed` event (an SNS subscription the recipient confirms). */
  alertEmail?: string;
  /**
   * The Regions models are certified in (`CERTIFICATION_REGIONS`). Unset: the stack's own Region
   * alone, whatever it is at deploy time.
   */
  regions?: string[];
}

/** A context value is malformed; the message names the key and shows a valid example. */
export class StackContextError extends Error {
  constructor(key: string, problem: string) {
    super(`Invalid context "${key}": ${problem}`);
    this.name = 'StackContextError';
  }
}

const USER_POOL_CLIENT_ID = /^[\w+]{1,128}$/;

/**
 * The largest `reservedConcurrency` accepted. Lambda keeps at least 100 of an account's concurrent
 * executions unreserved ("You can reserve up to the Unreserved account concurrency value that is
 * shown, minus 100", https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html),
 * and an account's default limit is 1,000 per Region: more than 900 cannot deploy in an account
 * at the default limit. Whether a smaller value fits the deployer's account (other reservations,
 * a raised or a new account's lowered limit) is known only at deploy time.
 */
export const MAX_RESERVED_CONCURRENCY = 900;

/** A context value as a trimmed string; `-c` gives strings, cdk.json may give numbers or lists. */
function text(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    const trimmed = String(value).trim();
    return trimmed === '' ? undefined : trimmed;
  }
  throw new StackContextError(key, `expected a string, got ${JSON.stringify(value)}`);
}

function positiveInteger(node: Node, key: string, max: number, min = 1): number | undefined {
  const raw = text(node, key);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.POSITIVE_INFINITY ? `from ${min}` : `from ${min} to ${max}`;
    throw new StackContextError(key, `must be an integer ${range}, got "${raw}"`);
  }
  return value;
}

function reservedConcurrency(node: Node): number | undefined {
  const value = positiveInteger(node, 'reservedConcurrency', Number.POSITIVE_INFINITY);
  if (value !== undefined && value > MAX_RESERVED_CONCURRENCY) {
    throw new StackContextError(
      'reservedConcurrency',
      `must be at most ${MAX_RESERVED_CONCURRENCY}, got ${value}: Lambda keeps at least 100 of the account's concurrent executions unreserved and the default account limit is 1000, so a larger reservation fails at deploy. Reserve less, or leave it unset to use the account's shared pool.`,
    );
  }
  return value;
}

function origins(node: Node): string[] {
  try {
    return parseAllowedOrigins(text(node, 'allowedOrigins'));
  } catch (error) {
    if (error instanceof AllowedOriginsError)
      throw new StackContextError('allowedOrigins', error.problem);
    throw error;
  }
}

function importedUserPool(node: Node): ImportedUserPool | undefined {
  const userPoolId = text(node, 'userPoolId');
  const userPoolClientId = text(node, 'userPoolClientId');
  if (userPoolId === undefined && userPoolClientId === undefined) return undefined;
  if (userPoolId === undefined || userPoolClientId === undefined) {
    throw new StackContextError(
      userPoolId === undefined ? 'userPoolId' : 'userPoolClientId',
      'give both -c userPoolId=... and -c userPoolClientId=... to import a user pool, or neither to create one',
    );
  }
  if (!USER_POOL_ID_PATTERN.test(userPoolId))
    throw new StackContextError(
      'userPoolId',
      `"${userPoolId}" is not a user pool id like us-east-1_AbCdEf123`,
    );
  if (!USER_POOL_CLIENT_ID.test(userPoolClientId)) {
    throw new StackContextError(
      'userPoolClientId',
      `"${userPoolClientId}" is not an app client id (letters and digits)`,
    );
  }
  return { userPoolId, userPoolClientId };
}

/** A simple address check; SNS and the confirmation email do the rest. */
const EMAIL = /^[^@\s,]+@[^@\s,]+\.[^@\s,]+$/;

function recertification(
  node: Node,
): Pick<StackContext, 'watchlist' | 'recertifySchedule' | 'alertEmail'> {
  let watchlist: string[];
  try {
    watchlist = parseWatchlist(text(node, 'watchlist'));
  } catch (error) {
    if (error instanceof WatchlistError) throw new StackContextError('watchlist', error.problem);
    throw error;
  }
  const schedule = text(node, 'recertifySchedule');
  const alertEmail = text(node, 'alertEmail');
  // Settings that would do nothing are refused rather than silently ignored.
  if (watchlist.length === 0 && schedule !== undefined)
    throw new StackContextError(
      'recertifySchedule',
      'needs -c watchlist=model1,model2 (the models to re-certify)',
    );
  if (watchlist.length === 0 && alertEmail !== undefined) {
    throw new StackContextError(
      'alertEmail',
      'needs -c watchlist=model1,model2: changes are found by re-certifying the watched models',
    );
  }
  const recertifySchedule = schedule ?? SERVICE_DEFAULTS.recertifySchedule;
  try {
    parseFiringSchedule(recertifySchedule, Date.now());
  } catch (error) {
    if (error instanceof ScheduleExpressionError)
      throw new StackContextError('recertifySchedule', error.message);
    throw error;
  }
  if (alertEmail !== undefined && !EMAIL.test(alertEmail))
    throw new StackContextError('alertEmail', `"${alertEmail}" is not an email address`);
  return { watchlist, recertifySchedule, alertEmail };
}

function regions(node: Node): string[] | undefined {
  const raw = text(node, 'regions');
  if (raw === undefined) return undefined;
  try {
    return parseRegionList(raw);
  } catch (error) {
    if (error instanceof RegionListError) throw new StackContextError('regions', error.problem);
    throw error;
  }
}

/** Reads and validates the stack's context, failing synthesis with a message naming the key. */
export function readStackContext(node: Node): StackContext {
  const removalPolicy = text(node, 'removalPolicy')?.toLowerCase() ?? 'retain';
  if (removalPolicy !== 'retain' && removalPolicy !== 'destroy') {
    throw new StackContextError(
      'removalPolicy',
      `must be "retain" or "destroy", got "${removalPolicy}"`,
    );
  }
  return {
    allowedOrigins: origins(node),
    removalPolicy,
    importedUserPool: importedUserPool(node),
    reservedConcurrency: reservedConcurrency(node),
    rateLimitPerMinute: positiveInteger(node, 'rateLimitPerMinute', 10_000),
    readRateLimitPerMinute: positiveInteger(node, 'readRateLimitPerMinute', 10_000),
    // The range loadConfig accepts, so a quota that synthesizes also starts.
    monthlyQuota: positiveInteger(node, 'monthlyQuota', MAX_MONTHLY_QUOTA, 0),
    ...recertification(node),
    regions: regions(node),
  };
}
