import { dirname, join, relative, resolve } from 'node:path';
import { AllowedOriginsError, parseAllowedOrigins } from '../infra/function-url-cors.js';
import { SERVICE_DEFAULTS, type LogFormat } from '../shared/config.js';
import { RegionListError, ScheduleExpressionError, WatchlistError } from '../shared/errors.js';
import { parseWatchlist } from '../shared/recertify-event.js';
import { parseRegionList } from '../shared/regions.js';
import type { RecertifySummary } from '../shared/service/recertifier.js';
import { parseFiringSchedule } from '../shared/schedule-expression.js';
import { CHANGE_EVENT_DETAIL_TYPE, type CertificationChangedDetail } from '../shared/types.js';
import { AwsSetupError, resolveAwsAccount, type AwsBedrockAccount } from './aws-account.js';
import { accountKindFromEnv, timeScaleFromEnv } from './bedrock-simulator/index.js';
import type { DeliveredEvent } from './event-bus.js';
import { DEFAULT_ISSUER_KEY_FILE } from './jwt-issuer.js';
import { localLogFormat } from './log-format.js';
import { DEFAULT_SIGN_IN_SUB, SIGN_IN_PATH } from './sign-in.js';
import { removeStackRecord, writeStackRecord } from './stack-record.js';
import { startLocalStack, type AwsBedrockLocalStack, type LocalStackOptions } from './stack.js';
import { reserveStartPortsFor, StartPortError, type StartPorts } from './start-ports.js';

/** Where change events are appended, one JSON line each (`LOCAL_EVENTS_FILE` overrides it). */
const DEFAULT_EVENTS_FILE = '.local/events.jsonl';

/**
 * `npm start`: the whole service on this machine, no AWS account. PORT (default 3000) is the
 * Function URL; the token issuer listens on ISSUER_PORT (default PORT + 1) so `npm run token`
 * can find it. The Function URL's own settings, as the stack sets them in AWS:
 *
 * - `ALLOWED_ORIGINS`: comma-separated origins its CORS allows (stack context `allowedOrigins`).
 * - `FUNCTION_CONCURRENCY`: reserved concurrency; more concurrent requests get the URL's `429`.
 *
 * Scheduled re-certification, as the stack's `watchlist` and `recertifySchedule` deploy it:
 *
 * - `WATCHLIST`: comma-separated model ids; the re-certify function certifies them on the schedule.
 * - `RECERTIFY_SCHEDULE`: an EventBridge Scheduler expression, `rate(...)` or `cron(...)` (default
 *   `rate(1 day)`, which fires at start, then daily).
 * - `RECERTIFY_TIME_SCALE`: how much faster than the wall clock the schedule runs (default 1; 12
 *   makes `rate(1 minute)` fire every 5 s).
 *
 * Change events are printed and appended to `.local/events.jsonl` (`LOCAL_EVENTS_FILE`).
 *
 * `LOG_FORMAT` (`json` or `pretty`): how the handler logs; unset, `pretty` on a terminal. The first
 * link printed is the stack's sign-in link (`local/sign-in.ts`).
 *
 * `BEDROCK=aws`: real Amazon Bedrock instead of the simulator, with the Region, credentials and
 * endpoint settings the AWS SDK resolves (`AWS_REGION`, `AWS_PROFILE`, SSO, `AWS_ACCESS_KEY_ID`,
 * `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, `AWS_ENDPOINT_URL_BEDROCK`, ...); certifications are billed
 * to that account. Missing credentials or Region stop the start with one line.
 *
 * `CERTIFICATION_REGIONS` (comma-separated, as the stack's `regions`) lists the Regions the service
 * certifies in; the simulator answers each for the Region its requests are signed for.
 */
interface Settings {
  port: number;
  /** Where Bedrock calls go (`BEDROCK`): the simulator (default) or Amazon Bedrock in AWS. */
  bedrock: 'simulator' | 'aws';
  allowedOrigins: string[];
  concurrency?: number;
  watchlist: string[];
  schedule: string;
  timeScale: number;
  /** `CERTIFICATION_REGIONS`, checked here so a typo stops the start instead of every request. */
  regions?: string[];
}

function settings(env: NodeJS.ProcessEnv): Settings {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  let allowedOrigins: string[];
  try {
    allowedOrigins = parseAllowedOrigins(env.ALLOWED_ORIGINS);
  } catch (error) {
    if (error instanceof AllowedOriginsError)
      throw new Error(`ALLOWED_ORIGINS: ${error.problem}`, { cause: error });
    throw error;
  }
  const rawConcurrency = env.FUNCTION_CONCURRENCY?.trim();
  const concurrency = rawConcurrency ? Number(rawConcurrency) : undefined;
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) {
    throw new Error(`FUNCTION_CONCURRENCY must be a whole number from 1, got "${rawConcurrency}"`);
  }
  const bedrock = env.BEDROCK?.trim().toLowerCase() || 'simulator';
  if (bedrock !== 'simulator' && bedrock !== 'aws')
    throw new Error(`BEDROCK must be "aws" or "simulator", got "${env.BEDROCK}"`);
  // The simulator reads these itself; checked here so a bad value is one line, not a stack trace.
  timeScaleFromEnv(env);
  accountKindFromEnv(env);
  let regions: string[] | undefined;
  try {
    const raw = env.CERTIFICATION_REGIONS?.trim();
    regions = raw ? parseRegionList(raw) : undefined;
  } catch (error) {
    if (error instanceof RegionListError)
      throw new Error(`CERTIFICATION_REGIONS ${error.problem}`, { cause: error });
    throw error;
  }
  return { port, bedrock, allowedOrigins, concurrency, regions, ...recertifySettings(env) };
}

function recertifySettings(
  env: NodeJS.ProcessEnv,
): Pick<Settings, 'watchlist' | 'schedule' | 'timeScale'> {
  let watchlist: string[];
  try {
    watchlist = parseWatchlist(env.WATCHLIST);
  } catch (error) {
    if (error instanceof WatchlistError)
      throw new Error(`WATCHLIST: ${error.problem}`, { cause: error });
    throw error;
  }
  const schedule = env.RECERTIFY_SCHEDULE?.trim() || SERVICE_DEFAULTS.recertifySchedule;
  try {
    parseFiringSchedule(schedule, Date.now());
  } catch (error) {
    if (error instanceof ScheduleExpressionError)
      throw new Error(`RECERTIFY_SCHEDULE: ${error.message}`, { cause: error });
    throw error;
  }
  const rawScale = env.RECERTIFY_TIME_SCALE?.trim();
  const timeScale = rawScale ? Number(rawScale) : 1;
  if (!(timeScale > 0) || !Number.isFinite(timeScale))
    throw new Error(`RECERTIFY_TIME_SCALE must be a positive number, got "${rawScale}"`);
  return { watchlist, schedule, timeScale };
}

/** One line per change event: what changed, then the event as a rule target would receive it. */
function printChangeEvent(event: DeliveredEvent): void {
  if (event['detail-type'] !== CHANGE_EVENT_DETAIL_TYPE) return;
  const { modelId, region, before, after } = event.detail as CertificationChangedDetail;
  const capabilities = Object.keys(after.capabilities)
    .filter(
      (name) =>
        before.capabilities[name as keyof typeof before.capabilities] !==
        after.capabilities[name as keyof typeof after.capabilities],
    )
    .map(
      (name) =>
        `${name} ${String(before.capabilities[name as keyof typeof before.capabilities])} → ${String(after.capabilities[name as keyof typeof after.capabilities])}`,
    );
  const status = before.status === after.status ? [] : [`${before.status} → ${after.status}`];
  process.stdout.write(
    `Certification Changed  ${modelId} (${region}): ${[...status, ...capabilities].join(', ')}\n${JSON.stringify(event)}\n`,
  );
}

function printRecertification(summary: unknown): void {
  const { scheduledTime, results } = summary as RecertifySummary;
  const outcomes = results.map(
    (result) =>
      `${result.modelId} ${result.outcome === 'certified' ? result.status : result.outcome}`,
  );
  process.stdout.write(
    `Re-certified watched models (scheduled ${scheduledTime ?? 'by hand'}): ${outcomes.join(', ')}\n`,
  );
}

let config: ReturnType<typeof settings>;
let logFormat: LogFormat;
try {
  config = settings(process.env);
  logFormat = localLogFormat(process.env, process.stdout.isTTY === true);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}

// Before the first SDK client is built (the account's resolution builds one): see local/stack.ts.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// Before anything listens or is written: without credentials or Region there is nothing to start.
let account: AwsBedrockAccount | undefined;
if (config.bedrock === 'aws') {
  try {
    account = await resolveAwsAccount();
  } catch (error) {
    if (!(error instanceof AwsSetupError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}

// Both fixed ports are bound before anything else, and before anything under .local/ is written:
// a second `npm start` must not rewrite the issuer key file a running stack's tokens depend on.
let ports: StartPorts;
try {
  ports = await reserveStartPortsFor(config.port, process.env);
} catch (error) {
  if (!(error instanceof StartPortError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  // Replaces the SDK's multi-line NodeVersionSupportWarning, which the stack silences.
  process.stderr.write(
    `Node ${process.versions.node}: fine for local use; the lockfile keeps AWS SDK releases that support Node 20, and the Lambda runs Node 22 (README, "Node versions").\n`,
  );
}

const eventsFile = resolve(process.env.LOCAL_EVENTS_FILE ?? DEFAULT_EVENTS_FILE);
const issuerKeyFile = resolve(process.env.ISSUER_KEY_FILE ?? DEFAULT_ISSUER_KEY_FILE);
const stackOptions: Omit<LocalStackOptions, 'bedrock'> = {
  port: ports.port,
  issuerPort: ports.issuerPort,
  issuerKeyFile,
  env: { LOG_FORMAT: logFormat },
  allowedOrigins: config.allowedOrigins,
  emulator: { concurrency: config.concurrency },
  recertify: {
    watchlist: config.watchlist,
    schedule: config.schedule,
    timeScale: config.timeScale,
    eventsFile,
    onChangeEvent: printChangeEvent,
    onResult: printRecertification,
  },
  // What CloudWatch would show for the function: invocation errors, timeouts.
  onRuntimeError: (error) =>
    process.stderr.write(
      `Runtime error: ${error instanceof Error ? error.message : String(error)}\n`,
    ),
};
let stack: AwsBedrockLocalStack;
let simulatorUrl: string | undefined;
if (account) {
  stack = await startLocalStack({ ...stackOptions, bedrock: { region: account.region } });
} else {
  const simulated = await startLocalStack(stackOptions);
  simulatorUrl = simulated.simulator.url;
  stack = simulated;
}
const local = stack.url.replace('127.0.0.1', 'localhost');
// Next to the issuer key (`.local/` by default): `npm run certify` in another terminal finds this
// stack there without `PORT`, and a stack with its own key file (a test's) records itself aside.
const recordFile = join(dirname(issuerKeyFile), 'stack.json');
writeStackRecord(
  { url: local, issuerKeyFile, pid: process.pid, startedAt: new Date().toISOString() },
  recordFile,
);

// A current model the simulated account certifies (the original example's model reached end of life).
const model = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
process.stdout.write(`
Bedrock certification service running locally (${account ? 'Amazon Bedrock in AWS' : 'simulated Bedrock'}, in-memory DynamoDB).

  Open the page  ${local}${SIGN_IN_PATH}  (signs in as ${DEFAULT_SIGN_IN_SUB}; ?sub=alice&group=admins for others)
  Function URL   ${stack.url}  (${local})
  Health         curl ${local}/health
  CORS           ${config.allowedOrigins.length > 0 ? config.allowedOrigins.join(', ') : 'none (ALLOWED_ORIGINS unset)'}
  Concurrency    ${config.concurrency ?? 'unreserved (FUNCTION_CONCURRENCY unset)'}
  Monthly quota  ${process.env.MONTHLY_CERTIFICATION_QUOTA?.trim() || 'none (MONTHLY_CERTIFICATION_QUOTA unset)'}
  Regions        ${config.regions?.join(', ') ?? `${account?.region ?? 'us-east-1'} (CERTIFICATION_REGIONS unset)`}
${simulatorUrl ? `  Simulator      ${simulatorUrl}  (PUT /_simulator/models/{id} changes a model's behaviour)` : awsLines(account)}
  Watch list     ${watching(config, stack.recertify?.scheduler.nextFireTime())}
  Change events  ${config.watchlist.length > 0 ? `printed here and appended to ${shortPath(eventsFile)}` : 'none (no watch list)'}
  Request log    ${logFormat === 'pretty' ? 'one line per request (LOG_FORMAT=json for JSON)' : 'JSON lines (LOG_FORMAT=pretty for one short line per request)'}

Get a token (another terminal):
  TOKEN=$(npm run --silent token -- --sub alice)

Certify a model, streaming progress:
  curl -N -H "Authorization: Bearer $TOKEN" ${local}/api/certification/certify-model/${model}/stream

Or with the CLI, which finds this stack and mints its own token (another terminal):
  npm run -s certify -- ${model}

What you spent this month, and every user's (operators: --group admins):
  curl -H "Authorization: Bearer $TOKEN" ${local}/api/certification/usage
  npm run -s certify -- --usage
  npm run usage-report -- --format table

Press Ctrl+C to stop.
`);

/** What `BEDROCK=aws` runs against: the account that pays, its Region, where the calls go. */
function awsLines(aws: AwsBedrockAccount | undefined): string {
  if (!aws) return '';
  const account = aws.accountId ? `account ${aws.accountId}` : 'the account of these credentials';
  const endpoints = [
    aws.runtimeEndpoint ? `runtime ${aws.runtimeEndpoint}` : undefined,
    aws.controlPlaneEndpoint ? `control plane ${aws.controlPlaneEndpoint}` : undefined,
  ].filter((line) => line !== undefined);
  return [
    // BEDROCK_REGION, when set, is the Region the service certifies in (shared/config.ts).
    `  Bedrock        Amazon Bedrock in ${process.env.BEDROCK_REGION?.trim() || aws.region}, ${account} (credentials: ${aws.credentialSource})`,
    `                 every certification calls Bedrock and is billed to this account`,
    ...(endpoints.length > 0
      ? [`  Endpoints      ${endpoints.join(', ')} (the SDK's endpoint settings)`]
      : []),
  ].join('\n');
}

function shortPath(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside.startsWith('..') || inside === '' ? path : inside;
}

function watching(settings: Settings, next: string | undefined): string {
  if (settings.watchlist.length === 0) return 'none (WATCHLIST unset)';
  const scale = settings.timeScale === 1 ? '' : `, ${settings.timeScale}× faster`;
  return `${settings.watchlist.join(', ')}\n                 re-certified ${settings.schedule}${scale}; next ${next ?? 'never'}`;
}

const shutdown = (): void => {
  removeStackRecord(recordFile);
  void stack.close().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
