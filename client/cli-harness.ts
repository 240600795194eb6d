/**
 * What every command-line tool here shares: reading its command line, its language, finding the
 * service and a token for it, reporting a failure in one line, and Ctrl+C. `npm run certify`,
 * `npm run usage-report` and `npm run smoke` differ only in what they do once that is settled.
 * Each CLI is a function of its argv and a {@link CliOptions}, so tests run it in-process;
 * {@link runCliProcess} binds one to the real process for its entry point in `scripts/` (which
 * also injects the local stack's URL and token minter: `client/` never imports `local/`).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { localeFromEnvironment, type Locale } from '../shared/i18n/locale.js';
import { message, translator, type Translator } from '../shared/i18n/translate.js';
import type { FetchLike } from './certification-client.js';
import type { CliOutput } from './cli-output.js';
import {
  ApiError,
  CertificationClientError,
  CliError,
  IncompleteStreamError,
  LocalTokenUnavailableError,
  NetworkError,
  NotFoundApiError,
  ProtocolError,
  QuotaExceededApiError,
  RateLimitedApiError,
  RequestTimeoutError,
  StreamErrorEventError,
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

/** The port `npm start` listens on unless told otherwise. */
export const DEFAULT_LOCAL_PORT = '3000';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

// ---------------------------------------------------------------------------------------------
// The command line

/** What every CLI takes: `--help`, and `--lang` (read before anything else, see {@link cliLocale}). */
const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h', default: false },
  lang: { type: 'string' },
} as const;

/**
 * The CLI's language: `--lang` when given, else the first set of `LC_ALL`, `LC_MESSAGES`, `LANG`
 * (POSIX order); English for any other language. Read from the raw arguments, before they are
 * parsed, so even a usage error is in that language.
 */
export function cliLocale(argv: readonly string[], env: Env): Locale {
  let lang: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? '';
    if (argument === '--') break;
    if (argument === '--lang') lang = argv[index + 1];
    else if (argument.startsWith('--lang=')) lang = argument.slice('--lang='.length);
  }
  return localeFromEnvironment(env, lang);
}

/**
 * Parses `argv` with `node:util`'s `parseArgs` (strict: an unknown option is an error) and adds
 * `-h`/`--help` and `--lang`. Throws {@link UsageError}, naming the closest known option for a typo.
 */
export function parseCommandLine<
  const O extends NonNullable<ParseArgsConfig['options']>,
  const P extends boolean,
>(argv: readonly string[], options: O, { allowPositionals }: { allowPositionals: P }) {
  const config = {
    args: [...argv],
    allowPositionals,
    strict: true as const,
    options: { ...options, ...COMMON_OPTIONS },
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
  const text = error instanceof Error ? error.message : String(error);
  // Node's own error codes (not the service's) tell its errors apart; the names are in its text.
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /^Unknown option '([^']+)'/.exec(text)?.[1];
    if (option !== undefined) {
      const closest = closestName(option.replace(/^-+/, ''), known);
      return new UsageError(
        closest === undefined
          ? message('cli.usage.unknownOption', { option })
          : message('cli.usage.unknownOptionClosest', { option, closest }),
      );
    }
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = /^Option '(?:-\w, )?(--[^ ']+)/.exec(text)?.[1];
    if (option !== undefined)
      return new UsageError(
        message(
          /argument missing/.test(text) ? 'cli.usage.optionValue' : 'cli.usage.optionNoValue',
          {
            option,
          },
        ),
      );
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const value = /^Unexpected argument '([^']*)'/.exec(text)?.[1];
    if (value !== undefined)
      return new UsageError(message('cli.usage.unexpectedArgument', { value }));
  }
  return new UsageError(message('cli.usage.commandLine', { detail: text }));
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
    throw new UsageError(message('cli.usage.timeout', { value }));
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
    if (!policy.discoverLocal) throw new UsageError(message('cli.usage.urlRequired'));
    const port = env.PORT?.trim();
    // An explicit PORT names the local stack to use; otherwise the one `npm start` recorded.
    url = port
      ? `http://localhost:${port}`
      : (context.findLocalStack?.() ?? `http://localhost:${DEFAULT_LOCAL_PORT}`);
  }
  const parsedUrl = URL.canParse(url) ? new URL(url) : undefined;
  if (parsedUrl?.protocol !== 'http:' && parsedUrl?.protocol !== 'https:')
    throw new UsageError(message('cli.usage.url', { url }));
  const local = LOCAL_HOSTS.has(parsedUrl.hostname);
  const token = values.token?.trim() || env.CERTIFICATION_TOKEN?.trim() || undefined;
  if (token === undefined && policy.requireToken)
    throw new UsageError(message('cli.usage.tokenRequired'));
  if (token === undefined && !local) throw new UsageError(message('cli.usage.remoteToken'));
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
    throw new LocalTokenUnavailableError(message('cli.error.noMinter'));
  try {
    return await options.mintLocalToken(claims.sub, claims.groups ?? []);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new LocalTokenUnavailableError(message('cli.error.mintFailed', { reason }));
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

/**
 * Anything a CLI caught, as the code and the one line it reports in `t`'s language: the service's
 * own message (it answers in the language the client asks for), or the CLI's for a failure on
 * this side of the wire.
 */
export function describeFailure(error: unknown, t: Translator = ENGLISH): Failure {
  if (error instanceof QuotaExceededApiError) {
    const until = new Date(Date.now() + error.retryAfterSeconds * 1000).toISOString();
    return {
      code: error.code,
      status: error.status,
      message: t.t('cli.error.quotaNotWaited', {
        message: withPeriod(error.message),
        at: formatTimestamp(until, t.locale),
      }),
    };
  }
  if (error instanceof RateLimitedApiError) {
    // The service's message says when (it does, in both languages); say it once.
    const said = error.message.includes(`${error.retryAfterSeconds} s`);
    return {
      code: error.code,
      status: error.status,
      message: said
        ? withPeriod(error.message)
        : t.t('cli.error.retryAfter', {
            message: withPeriod(error.message),
            wait: formatWait(error.retryAfterSeconds, t.locale),
          }),
    };
  }
  if (error instanceof ApiError)
    return { code: error.code, status: error.status, message: error.message };
  if (error instanceof StreamErrorEventError) return { code: error.code, message: error.message };
  if (error instanceof NetworkError)
    return { code: error.code, message: withCause(t.t('cli.error.network'), error) };
  if (error instanceof IncompleteStreamError)
    return { code: error.code, message: t.t('cli.error.streamIncomplete') };
  if (error instanceof ProtocolError)
    return { code: error.code, message: t.t('cli.error.protocol', { detail: error.message }) };
  if (error instanceof CertificationClientError)
    return { code: error.code, message: withCause(error.message, error) };
  if (error instanceof CliError) return { code: error.code, message: error.messageIn(t.locale) };
  return { code: 'UNEXPECTED', message: error instanceof Error ? error.message : String(error) };
}

/** `error: CODE (status): message`, as every error line reads. */
export function errorLine(failure: Failure, t: Translator = ENGLISH): string {
  const { code, message: text, status } = failure;
  return status === undefined
    ? t.t('cli.error', { code, message: text })
    : t.t('cli.errorWithStatus', { code, status, message: text });
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
export function failureHints(
  error: unknown,
  context: HintContext,
  t: Translator = ENGLISH,
): string {
  const { target, route } = context;
  if (error instanceof NetworkError && target?.local)
    return `\n${t.t('cli.hint.startLocal', { url: target.url })}`;
  if (error instanceof NotFoundApiError && route !== undefined && target !== undefined)
    return `\n${t.t('cli.hint.missingRoute', { url: target.url, route })}`;
  return '';
}

/** Writes `error: CODE (status): message`, then `extra` on the same line, then its hints, to stderr. */
export function reportFailure(
  stderr: CliOutput,
  error: unknown,
  t: Translator,
  context: HintContext & { extra?: string } = {},
): void {
  const line = errorLine(describeFailure(error, t), t);
  stderr.write(`${line}${context.extra ?? ''}${failureHints(error, context, t)}\n`);
}

/** What a CLI's body is given: its language, and where to note what the hints need. */
export interface CliRun {
  t: Translator;
  /** Filled in by the body as it learns them (the service, the route it asks). */
  hints: HintContext;
}

/**
 * Runs a CLI's body in the language of `argv` and the environment, and turns what it throws into
 * one line on stderr and an exit code: a {@link UsageError} (with where the help is) or another
 * CLI error, `2`; anything after Ctrl+C, `error: CANCELLED` and `130`; any other failure its code
 * and message, `2`. Never a stack trace.
 */
export async function runCli(
  argv: readonly string[],
  options: Pick<CliOptions, 'stderr' | 'signal' | 'env'>,
  body: (run: CliRun) => Promise<number>,
): Promise<number> {
  const t = translator(cliLocale(argv, options.env));
  const run: CliRun = { t, hints: {} };
  try {
    return await body(run);
  } catch (error) {
    if (error instanceof UsageError) {
      const line = errorLine({ code: error.code, message: error.messageIn(t.locale) }, t);
      options.stderr.write(`${line}\n${t.t('cli.helpHint')}\n`);
      return CLI_EXIT_CODES.error;
    }
    if (options.signal?.aborted) {
      options.stderr.write(`${interruptedLine(t, t.t('cli.error.interrupted'))}\n`);
      return CLI_EXIT_CODES.interrupted;
    }
    reportFailure(options.stderr, error, t, run.hints);
    return CLI_EXIT_CODES.error;
  }
}

/** `error: CANCELLED: <what>`, the line after Ctrl+C. */
export function interruptedLine(t: Translator, what: string): string {
  return errorLine({ code: 'CANCELLED', message: what }, t);
}

/** The plural category of `count` in `t`'s language (Portuguese says "1 modelo" and "0 modelo"). */
export function plural(t: Translator, count: number): 'one' | 'other' {
  return pluralRules(t.locale).select(count) === 'one' ? 'one' : 'other';
}

const pluralRuleCache = new Map<Locale, Intl.PluralRules>();

function pluralRules(locale: Locale): Intl.PluralRules {
  let rules = pluralRuleCache.get(locale);
  if (rules === undefined) {
    rules = new Intl.PluralRules(locale);
    pluralRuleCache.set(locale, rules);
  }
  return rules;
}

/** The English translator, the default of everything that renders text (and of machine formats). */
export const ENGLISH: Translator = translator('en');

/** `fetch failed` alone says little; undici puts the useful part (ECONNREFUSED ...) in its cause. */
function withCause(text: string, error: Error): string {
  const cause = error.cause;
  if (!(cause instanceof Error) || !cause.message) return text;
  const inner = cause.cause instanceof Error ? cause.cause : undefined;
  return `${text} (${inner?.message ? `${cause.message}: ${inner.message}` : cause.message})`;
}

function withPeriod(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
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
