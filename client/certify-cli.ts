/**
 * `npm run certify -- <modelId>`: certifies a model from a terminal or a pipeline.
 * The core is {@link runCertifyCli}, with its streams, environment, `fetch` and token source
 * injected, so tests run it in-process; `client/cli.ts` wires it to the real process (and to the
 * local issuer's token minter). What it prints lives in `cli-output.ts`.
 */
import { parseArgs } from 'node:util';
import { isValidModelId } from '../shared/model-id.js';
import type { Certification } from '../shared/types.js';
import { certifyModel, type FetchLike } from './certification-client.js';
import { createPalette, createProgressView, formatSummary, type CliOutput } from './cli-output.js';
import { ApiError, CertificationClientError, RateLimitedApiError } from './errors.js';
import { formatWait } from './format.js';

export type { CliOutput } from './cli-output.js';

/** Exit codes, for pipelines. */
export const EXIT_CODES = {
  /** Every probe passed. */
  certified: 0,
  /** The model answered but failed a probe, or could not be invoked at all. */
  notCertified: 1,
  /** Bad arguments, or the service (not the model) failed: auth, rate limit, network, timeout. */
  error: 2,
  /** Interrupted (Ctrl+C), as shells report SIGINT. */
  interrupted: 130,
} as const;

/** Everything {@link runCertifyCli} takes from its process. */
export interface CertifyCliOptions {
  stdout: CliOutput;
  stderr: CliOutput;
  env: Readonly<Record<string, string | undefined>>;
  fetch?: FetchLike;
  /**
   * Mints a token for a local service when none is given (the entry point passes the local
   * issuer's, from `.local/dev-issuer.json`). Without it a token is required.
   */
  mintLocalToken?: (sub: string) => string | Promise<string>;
  /** Aborted on Ctrl+C. */
  signal?: AbortSignal;
}

const USAGE = `Usage: npm run certify -- <modelId> [options]

Certifies an Amazon Bedrock model with the certification service and prints the result.

Options:
  --url URL       service base URL (default: $CERTIFICATION_URL, else http://localhost:\${PORT:-3000})
  --token T       access token (default: $CERTIFICATION_TOKEN; for a local URL one is minted)
  --json          print only the certification object (JSON) on stdout
  --timeout S     give up after S seconds (default 90)
  --reuse-cache   return a cached result without starting a certification
  --sub NAME      subject of the minted local token (default: cli)
  -h, --help      show this help

Exit codes: 0 certified, 1 failed or unavailable, 2 usage or service error (code on stderr).
`;

const DEFAULT_TIMEOUT_SECONDS = 90;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A problem with the command line or its environment, reported with a code like the service's. */
class UsageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Arguments {
  modelId: string;
  url: string;
  token: string | undefined;
  json: boolean;
  timeoutSeconds: number;
  reuseCache: boolean;
  sub: string;
}

/**
 * Runs the CLI and resolves with its exit code; never throws for expected failures and
 * never calls `process.exit`, so it can run inside a test.
 */
export async function runCertifyCli(argv: readonly string[], options: CertifyCliOptions): Promise<number> {
  const { stdout, stderr } = options;
  let args: Arguments;
  try {
    const parsed = parseArguments(argv, options.env);
    if (parsed === 'help') {
      stdout.write(USAGE);
      return EXIT_CODES.certified;
    }
    args = parsed;
  } catch (error) {
    const usage = error instanceof UsageError ? error : new UsageError('USAGE_ERROR', error instanceof Error ? error.message : String(error));
    stderr.write(`error: ${usage.code}: ${usage.message}\n${usage.code === 'USAGE_ERROR' ? `\n${USAGE}` : ''}`);
    return EXIT_CODES.error;
  }

  let token = args.token;
  if (token === undefined) {
    if (options.mintLocalToken === undefined) {
      stderr.write('error: LOCAL_TOKEN_UNAVAILABLE: no local token minter here; pass --token or set CERTIFICATION_TOKEN.\n');
      return EXIT_CODES.error;
    }
    try {
      token = await options.mintLocalToken(args.sub);
    } catch (error) {
      stderr.write(
        `error: LOCAL_TOKEN_UNAVAILABLE: could not mint a local token (${(error as Error).message}); start the stack with \`npm start\` or pass --token.\n`,
      );
      return EXIT_CODES.error;
    }
  }

  const timeout = AbortSignal.timeout(args.timeoutSeconds * 1000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const progress = args.json ? undefined : createProgressView(stdout, options.env);
  if (!args.json) stdout.write(`Certifying ${args.modelId} at ${args.url}\n`);

  let certification: Certification;
  try {
    certification = await certifyModel(args.modelId, {
      baseUrl: args.url,
      token,
      signal,
      fetch: options.fetch,
      checkCacheFirst: args.reuseCache,
      onProgress: progress?.update,
    });
  } catch (error) {
    return reportFailure(error, args, options);
  }

  if (args.json) {
    stdout.write(`${JSON.stringify(certification, null, 2)}\n`);
  } else {
    stdout.write(`\n${formatSummary(certification, createPalette(stdout, options.env))}`);
  }
  return certification.status === 'certified' ? EXIT_CODES.certified : EXIT_CODES.notCertified;
}

const OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean', default: false },
  timeout: { type: 'string' },
  'reuse-cache': { type: 'boolean', default: false },
  sub: { type: 'string', default: 'cli' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function parseArguments(argv: readonly string[], env: CertifyCliOptions['env']): Arguments | 'help' {
  const { values, positionals } = (() => {
    try {
      return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: OPTIONS });
    } catch (error) {
      throw new UsageError('USAGE_ERROR', error instanceof Error ? error.message : String(error));
    }
  })();
  if (values.help) return 'help';
  if (positionals.length !== 1) {
    throw new UsageError('USAGE_ERROR', positionals.length === 0 ? 'a model id is required.' : `expected one model id, got ${positionals.length}.`);
  }
  const modelId = positionals[0] as string;
  // The same check the service applies: fail before spending a request or a rate-limit slot.
  if (!isValidModelId(modelId)) {
    throw new UsageError('INVALID_MODEL_ID', `"${modelId}" is not a Bedrock model id, inference profile id or ARN.`);
  }

  const url = values.url ?? env.CERTIFICATION_URL ?? `http://localhost:${env.PORT?.trim() || '3000'}`;
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    throw new UsageError('USAGE_ERROR', `--url must be an http(s) URL, got "${url}".`);
  }
  if (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:') {
    throw new UsageError('USAGE_ERROR', `--url must be an http(s) URL, got "${url}".`);
  }

  const token = values.token ?? (env.CERTIFICATION_TOKEN?.trim() || undefined);
  if (token === undefined && !LOCAL_HOSTS.has(parsedUrl.hostname)) {
    throw new UsageError('USAGE_ERROR', 'a token is required for a remote service: pass --token or set CERTIFICATION_TOKEN.');
  }

  let timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
  if (values.timeout !== undefined) {
    timeoutSeconds = Number(values.timeout);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
      throw new UsageError('USAGE_ERROR', `--timeout must be a positive number of seconds, got "${values.timeout}".`);
    }
  }

  // Typed on its own: against `Arguments | 'help'`, the key `sub` would resolve to String#sub.
  const args: Arguments = { modelId, url, token, json: values.json, timeoutSeconds, reuseCache: values['reuse-cache'], sub: values.sub };
  return args;
}

function reportFailure(error: unknown, args: Arguments, options: CertifyCliOptions): number {
  const { stderr } = options;
  if (options.signal?.aborted) {
    stderr.write('error: CANCELLED: interrupted.\n');
    return EXIT_CODES.interrupted;
  }
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    stderr.write(`error: TIMEOUT: no result within ${args.timeoutSeconds} s.\n`);
    return EXIT_CODES.error;
  }
  if (error instanceof RateLimitedApiError) {
    stderr.write(`error: ${error.code} (${error.status}): ${error.message} Retry after ${formatWait(error.retryAfterSeconds)}.\n`);
  } else if (error instanceof ApiError) {
    stderr.write(`error: ${error.code} (${error.status}): ${error.message}\n`);
  } else if (error instanceof CertificationClientError) {
    const cause = error.cause instanceof Error && error.cause.message ? ` (${causeMessage(error.cause)})` : '';
    stderr.write(`error: ${error.code}: ${error.message}${cause}\n`);
  } else {
    stderr.write(`error: UNEXPECTED: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  return EXIT_CODES.error;
}

/** `fetch failed` alone says little; undici puts the useful part (ECONNREFUSED ...) in its cause. */
function causeMessage(error: Error): string {
  const inner = error.cause instanceof Error ? error.cause : undefined;
  return inner?.message ? `${error.message}: ${inner.message}` : error.message;
}
