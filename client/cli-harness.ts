/**
 * What every command-line tool here shares: reading its command line, finding the service and a
 * token for it, reporting a failure in one line, and Ctrl+C. `npm run certify`,
 * `npm run usage-report` and `npm run smoke` differ only in what they do once that is settled.
 * Each CLI is a function of its argv and a {@link CliOptions}, so tests run it in-process;
 * {@link runCliProcess} binds one to the real process for its entry point in `scripts/` (which
 * also injects the local stack's URL and token minter: `client/` never imports `local/`).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { FetchLike } from './certification-client.js';
import type { CliOutput } from './cli-output.js';
import {
  ApiError,
  CertificationClientError,
  CliError,
  LocalTokenUnavailableError,
  NetworkError,
  NotFoundApiError,
  QuotaExceededApiError,
  RateLimitedApiError,
  RequestTimeoutError,
  UsageError,
} from './errors.js';
import { formatTimestamp, formatWait } from './format.js';

/** The environment variables a CLI is given (`process.env` in the real process). */
export type Env = Readonly<Record<string, string | undefined>>;

/** What every CLI takes from its process; tests pass their own. */
export interface CliOptions {
  /** Gets the result only (tables, JSON, reports). */
  stdout: CliOutput;
  /** Gets progress, notes and errors. */
  stderr: CliOutput;
  env: Env;
  /** Default: the global `fetch`. */
  fetch?: FetchLike;
  /** Aborted on Ctrl+C. */
  signal?: AbortSignal;
  /** The URL of a stack `npm start` runs on this machine, if any (the entry point reads `.local/`). */
  findLocalStack?: () => string | undefined;
  /**
   * Mints a token for a local service when none is given, with subject `sub` in Cognito groups
   * `groups` (the entry point passes the local issuer's). Without it a token is required.
   */
  mintLocalToken?: (sub: string, groups: readonly string[]) => string | Promise<string>;
}

/** A CLI: resolves with its exit code, never throws for an expected failure, never exits. */
export type CliMain<O extends CliOptions = CliOptions> = (
  argv: readonly string[],
  options: O,
) => Promise<number>;

/** Exit codes every CLI shares (each adds its own for results). */
export const CLI_EXIT_CODES = {
  /** Bad arguments, no token, or the service (not what was checked) failed. */
  error: 2,
  /** Interrupted (Ctrl+C), as shells report SIGINT. */
  interrupted: 130,
} as const;

/** The line under a usage error: the help is one flag away, rather than 40 lines between the error and the prompt. */
export const HELP_HINT = 'Run with --help for usage.';

/** The port `npm start` listens on unless told otherwise. */
export const DEFAULT_LOCAL_PORT = '3000';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

// ---------------------------------------------------------------------------------------------
// The command line

/** `--help`, which every CLI takes. */
const HELP_OPTION = { help: { type: 'boolean', short: 'h', default: false } } as const;

/**
 * Parses `argv` with `node:util`'s `parseArgs` (strict: an unknown option is an error) and adds
 * `-h`/`--help`. Throws {@link UsageError}, naming the closest known option for a typo.
 */
export function parseCommandLine<
  const O extends NonNullable<ParseArgsConfig['options']>,
  const P extends boolean,
>(argv: readonly string[], options: O, { allowPositionals }: { allowPositionals: P }) {
  const config = {
    args: [...argv],
    allowPositionals,
    strict: true as const,
    options: { ...options, ...HELP_OPTION },
  };
  try {
    return parseArgs(config);
  } catch (error) {
    throw parseArgsError(error, Object.keys(config.options));
  }
}

/**
 * `parseArgs`' errors in these CLIs' words: an unknown option is named with the closest known one
 * (`--requires` → `--require`) instead of node's advice about positionals that start with `-`.
 */
function parseArgsError(error: unknown, known: readonly string[]): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  // Node's own error code (not one of the service's): the only way to tell this error apart.
  if ((error as { code?: unknown } | null)?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /^Unknown option '([^']+)'/.exec(message)?.[1];
    if (option !== undefined) {
      const closest = closestName(option.replace(/^-+/, ''), known);
      return new UsageError(
        `unknown option ${option}${closest === undefined ? '' : `; did you mean --${closest}?`}`,
      );
    }
  }
  return new UsageError(message);
}

/**
 * The known name nearest `name` (case-insensitive edit distance at most 2, or 1 for a name of
 * up to four letters, which would otherwise be near almost anything), if any.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const limit = name.length <= 4 ? 1 : 2;
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && (best === undefined || distance < best.distance))
      best = { name: candidate, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** `--timeout S`: a positive number of seconds, else `fallback`. */
export function parseTimeout(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new UsageError(`--timeout must be a positive number of seconds, got "${value}".`);
  return seconds;
}

// ---------------------------------------------------------------------------------------------
// The service and the token

/** Where the service is and how to authenticate to it. */
export interface ServiceTarget {
  url: string;
  /** True when the URL is this machine's (a token may be minted; a refused connection gets a hint). */
  local: boolean;
  token: string | undefined;
}

/** How a CLI looks for its service. */
export interface TargetPolicy {
  /**
   * Without `--url` or `CERTIFICATION_URL`: `PORT` on localhost, else the stack `npm start`
   * recorded, else localhost's default port (true), or a usage error naming the flag (false).
   */
  discoverLocal: boolean;
  /** A token is needed even for a local URL (nothing will be minted). */
  requireToken?: boolean;
}

/**
 * The service a CLI talks to and the token it sends: `--url`, else `CERTIFICATION_URL`, else (with
 * `discoverLocal`) `PORT` on localhost, else the stack `npm start` recorded, else localhost's
 * default port; `--token`, else `CERTIFICATION_TOKEN`, which only a local service may go without
 * (a token is minted for it).
 */
export function resolveTarget(
  values: { url?: string; token?: string },
  context: Pick<CliOptions, 'env' | 'findLocalStack'>,
  policy: TargetPolicy,
): ServiceTarget {
  const { env } = context;
  const given = values.url?.trim() || env.CERTIFICATION_URL?.trim() || undefined;
  let url = given;
  if (url === undefined) {
    if (!policy.discoverLocal)
      throw new UsageError('give the service URL with --url (or CERTIFICATION_URL).');
    const port = env.PORT?.trim();
    // An explicit PORT names the local stack to use; otherwise the one `npm start` recorded.
    url = port
      ? `http://localhost:${port}`
      : (context.findLocalStack?.() ?? `http://localhost:${DEFAULT_LOCAL_PORT}`);
  }
  const parsedUrl = URL.canParse(url) ? new URL(url) : undefined;
  if (parsedUrl?.protocol !== 'http:' && parsedUrl?.protocol !== 'https:')
    throw new UsageError(`--url must be an http(s) URL, got "${url}".`);
  const local = LOCAL_HOSTS.has(parsedUrl.hostname);
  const token = values.token?.trim() || env.CERTIFICATION_TOKEN?.trim() || undefined;
  if (token === undefined && policy.requireToken)
    throw new UsageError('give an access token with --token (or CERTIFICATION_TOKEN).');
  if (token === undefined && !local)
    throw new UsageError(
      'a token is required for a remote service: pass --token or set CERTIFICATION_TOKEN.',
    );
  return { url, local, token };
}

/**
 * The target's token, or one minted for the local stack as `sub` in `groups`. Throws
 * {@link LocalTokenUnavailableError} when none can be had.
 */
export async function resolveToken(
  target: ServiceTarget,
  options: Pick<CliOptions, 'mintLocalToken'>,
  claims: { sub: string; groups?: readonly string[] },
): Promise<string> {
  if (target.token !== undefined) return target.token;
  if (options.mintLocalToken === undefined)
    throw new LocalTokenUnavailableError(
      'no local token minter here; pass --token or set CERTIFICATION_TOKEN.',
    );
  try {
    return await options.mintLocalToken(claims.sub, claims.groups ?? []);
  } catch (error) {
    throw new LocalTokenUnavailableError(
      `could not mint a local token (${error instanceof Error ? error.message : String(error)}); start the stack with \`npm start\` or pass --token.`,
    );
  }
}

/**
 * A signal for one request: aborted by Ctrl+C (`interrupt`), or after `seconds` with a
 * {@link RequestTimeoutError}, which a failed request then rejects with.
 */
export function requestSignal(seconds: number, interrupt: AbortSignal | undefined): AbortSignal {
  const timeout = new AbortController();
  // Unref'd, as AbortSignal.timeout's own timer is: it never keeps the process alive.
  setTimeout(() => timeout.abort(new RequestTimeoutError(seconds)), seconds * 1000).unref();
  return interrupt ? AbortSignal.any([interrupt, timeout.signal]) : timeout.signal;
}

// ---------------------------------------------------------------------------------------------
// Failures

/** A failure as a CLI reports it: the service's code or a client code, and one line of message. */
export interface Failure {
  code: string;
  message: string;
  /** HTTP status, for an answer before the stream. */
  status?: number;
}

/** Anything a CLI caught, as the code and one line it reports. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof QuotaExceededApiError) {
    const until = new Date(Date.now() + error.retryAfterSeconds * 1000).toISOString();
    return {
      code: error.code,
      status: error.status,
      message: `${withPeriod(error.message)} Not waited for: the quota renews ${formatTimestamp(until)}.`,
    };
  }
  if (error instanceof RateLimitedApiError) {
    // The service's message may already say when (it does); say it once.
    const when = /retry after/i.test(error.message)
      ? ''
      : ` Retry after ${formatWait(error.retryAfterSeconds)}.`;
    return {
      code: error.code,
      status: error.status,
      message: `${withPeriod(error.message)}${when}`,
    };
  }
  if (error instanceof ApiError)
    return { code: error.code, status: error.status, message: error.message };
  if (error instanceof CertificationClientError) {
    const cause =
      error.cause instanceof Error && error.cause.message ? ` (${causeMessage(error.cause)})` : '';
    return { code: error.code, message: `${error.message}${cause}` };
  }
  if (error instanceof CliError) return { code: error.code, message: error.message };
  return { code: 'UNEXPECTED', message: error instanceof Error ? error.message : String(error) };
}

/** `CODE (status): message`, as every error line after `error: ` reads. */
export function formatFailure(failure: Failure): string {
  return `${failure.code}${failure.status === undefined ? '' : ` (${failure.status})`}: ${failure.message}`;
}

/** What a failure's hints need to know. */
export interface HintContext {
  target?: ServiceTarget;
  /** The route a 404 came from, for the hint that the service predates it (`catalog`, `usage`). */
  route?: string;
}

/**
 * Lines that say what to do about `error`, each starting with a line break: nothing answers at a
 * local URL (start the stack), or a 404 from a route the deployed service predates.
 */
export function failureHints(error: unknown, context: HintContext): string {
  const { target, route } = context;
  if (error instanceof NetworkError && target?.local)
    return `\nNothing answers at ${target.url}: start the local stack with \`npm start\` (in another terminal), or pass --url.`;
  if (error instanceof NotFoundApiError && route !== undefined && target !== undefined)
    return `\nThe service at ${target.url} has no ${route} route: it runs a version from before it; deploy the current one.`;
  return '';
}

/** Writes `error: CODE (status): message` and its hints to stderr. */
export function reportFailure(
  stderr: CliOutput,
  error: unknown,
  context: HintContext & { hint?: string } = {},
): void {
  stderr.write(
    `error: ${formatFailure(describeFailure(error))}${context.hint ?? ''}${failureHints(error, context)}\n`,
  );
}

/**
 * Runs a CLI's body and turns what it throws into one line on stderr and an exit code: a
 * {@link UsageError} (with where the help is) or another CLI error, `2`; anything after Ctrl+C,
 * `error: CANCELLED` and `130`; any other failure its code and message, `2`. Never a stack trace.
 */
export async function runCli(
  options: Pick<CliOptions, 'stderr' | 'signal'>,
  body: (hints: HintContext) => Promise<number>,
): Promise<number> {
  // The body fills in what it learns (the service, the route it asks), for the hints below.
  const context: HintContext = {};
  try {
    return await body(context);
  } catch (error) {
    if (error instanceof UsageError) {
      options.stderr.write(`error: ${error.code}: ${error.message}\n${HELP_HINT}\n`);
      return CLI_EXIT_CODES.error;
    }
    if (options.signal?.aborted) {
      options.stderr.write('error: CANCELLED: interrupted.\n');
      return CLI_EXIT_CODES.interrupted;
    }
    reportFailure(options.stderr, error, context);
    return CLI_EXIT_CODES.error;
  }
}

function withPeriod(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

/** `fetch failed` alone says little; undici puts the useful part (ECONNREFUSED ...) in its cause. */
function causeMessage(error: Error): string {
  const inner = error.cause instanceof Error ? error.cause : undefined;
  return inner?.message ? `${error.message}: ${inner.message}` : error.message;
}

// ---------------------------------------------------------------------------------------------
// The process

/**
 * Runs `cli` as the process: its arguments, streams and environment, Ctrl+C as its signal (a
 * second Ctrl+C, once this handler is spent, ends the process the default way), its exit code as
 * the process's. `bindings` is what the entry point knows of this machine (the local stack).
 */
export async function runCliProcess(
  cli: CliMain,
  bindings: Pick<CliOptions, 'findLocalStack' | 'mintLocalToken'> = {},
): Promise<void> {
  exitQuietlyOnClosedPipe([process.stdout, process.stderr]);
  const interrupt = new AbortController();
  process.once('SIGINT', () => interrupt.abort());
  process.exitCode = await cli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signal: interrupt.signal,
    ...bindings,
  });
}

/**
 * A reader that stops early (`npm run -s certify -- --list | head`) closes the pipe, and node
 * then reports EPIPE as an uncaught error with its stack trace. Unix tools stop quietly instead,
 * with the status a shell gives a process ended by SIGPIPE (or the run's own, if it was over).
 */
function exitQuietlyOnClosedPipe(streams: readonly NodeJS.WriteStream[]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 128 + 13);
    });
  }
}
