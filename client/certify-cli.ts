/**
 * `npm run certify -- <modelId>`: certifies a model from a terminal or a pipeline.
 * The core is {@link runCertifyCli}, with its streams, environment, `fetch` and token source
 * injected, so tests run it in-process; `client/cli.ts` wires it to the real process.
 */
import { parseArgs } from 'node:util';
import { isValidModelId } from '../shared/model-id.js';
import { TEST_NAMES, type Certification, type ProgressEvent, type TestResult } from '../shared/types.js';
import { certifyModel, type FetchLike } from './certification-client.js';
import { ApiError, CertificationClientError, RateLimitedApiError } from './errors.js';
import { formatCost, formatDuration, formatRate, formatTimestamp, formatWait } from './format.js';

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

/** Where the CLI writes; `process.stdout`/`process.stderr` fit. */
export interface CliOutput {
  write(text: string): unknown;
  /** Live, redrawn progress only on a terminal; plain lines otherwise (CI logs, pipes). */
  isTTY?: boolean;
}

/** Everything {@link runCertifyCli} takes from its process. */
export interface CertifyCliOptions {
  stdout: CliOutput;
  stderr: CliOutput;
  env: Readonly<Record<string, string | undefined>>;
  fetch?: FetchLike;
  /**
   * Mints a token for the local stack when none is given. Default: the local issuer's key
   * file (`.local/dev-issuer.json`, shared with `npm start` and `npm run token`).
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
    const usage = error instanceof UsageError ? error : new UsageError('USAGE_ERROR', String((error as Error).message ?? error));
    stderr.write(`error: ${usage.code}: ${usage.message}\n${usage.code === 'USAGE_ERROR' ? `\n${USAGE}` : ''}`);
    return EXIT_CODES.error;
  }

  let token = args.token;
  if (token === undefined) {
    try {
      token = await (options.mintLocalToken ?? mintFromKeyFile)(args.sub);
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
    stdout.write(`\n${summary(certification, colors(stdout, options.env))}`);
  }
  return certification.status === 'certified' ? EXIT_CODES.certified : EXIT_CODES.notCertified;
}

function parseArguments(argv: readonly string[], env: CertifyCliOptions['env']): Arguments | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        url: { type: 'string' },
        token: { type: 'string' },
        json: { type: 'boolean', default: false },
        timeout: { type: 'string' },
        'reuse-cache': { type: 'boolean', default: false },
        sub: { type: 'string', default: 'cli' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError('USAGE_ERROR', (error as Error).message);
  }
  const { values, positionals } = parsed;
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

  return { modelId, url, token, json: values.json, timeoutSeconds, reuseCache: values['reuse-cache'], sub: values.sub };
}

async function mintFromKeyFile(sub: string): Promise<string> {
  // Loaded only when needed: the local issuer is a dev stand-in, not part of the client.
  const { loadTokenMinter, DEFAULT_ISSUER_KEY_FILE } = await import('../local/jwt-issuer.js');
  return loadTokenMinter(DEFAULT_ISSUER_KEY_FILE).mint({ sub, expiresInSeconds: 3600 });
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

// --- output ---------------------------------------------------------------------------------

interface Colors {
  pass(text: string): string;
  fail(text: string): string;
  run(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

function colors(output: CliOutput, env: CertifyCliOptions['env']): Colors {
  const on = output.isTTY === true && env.NO_COLOR === undefined && env.TERM !== 'dumb';
  const wrap = (code: string) => (text: string) => (on ? `\x1b[${code}m${text}\x1b[0m` : text);
  return { pass: wrap('32'), fail: wrap('31'), run: wrap('36'), dim: wrap('2'), bold: wrap('1') };
}

const NAME_WIDTH = Math.max(...TEST_NAMES.map((name) => name.length)) + 2;

interface ProgressView {
  update(event: ProgressEvent): void;
}

/**
 * On a terminal, one line per probe redrawn in place as the (concurrent) probes run; elsewhere
 * one plain line per event, which reads well in CI logs.
 */
function createProgressView(output: CliOutput, env: CertifyCliOptions['env']): ProgressView {
  const color = colors(output, env);
  const line = (name: string, status: string, latencyMs?: number): string => {
    const paint = status === 'passed' ? color.pass : status === 'failed' ? color.fail : status === 'running' ? color.run : color.dim;
    const latency = latencyMs === undefined ? '' : `  ${formatDuration(latencyMs)}`;
    return `  ${name.padEnd(NAME_WIDTH)}${paint(status.padEnd(8))}${latency}`;
  };

  if (output.isTTY !== true) {
    return {
      update(event) {
        if (event.testName && event.status) {
          output.write(`${line(event.testName, event.status, event.status === 'running' ? undefined : event.latencyMs).trimEnd()}\n`);
        } else if (event.message) {
          output.write(`  ${event.message}\n`);
        }
      },
    };
  }

  const rows = new Map<string, string>();
  let drawn = 0;
  const draw = (): void => {
    let text = drawn > 0 ? `\x1b[${drawn}A` : '';
    for (const row of rows.values()) text += `\r\x1b[2K${row}\n`;
    drawn = rows.size;
    output.write(text);
  };
  return {
    update(event) {
      if (rows.size === 0) for (const name of TEST_NAMES) rows.set(name, line(name, 'pending'));
      if (event.testName && event.status) {
        rows.set(event.testName, line(event.testName, event.status, event.status === 'running' ? undefined : event.latencyMs));
        draw();
      }
    },
  };
}

/** The result table and the figures below it. */
function summary(certification: Certification, color: Colors): string {
  const rows: string[][] = certification.results.map((result: TestResult) => [
    result.testName,
    result.status,
    formatDuration(result.latencyMs),
    result.error ? `${result.error.code}: ${result.error.message}` : '',
  ]);
  const header = ['TEST', 'RESULT', 'LATENCY', 'DETAIL'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const format = (row: string[], paint = (text: string) => text): string =>
    row
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        const padded = column === 2 ? cell.padStart(width) : cell.padEnd(width);
        if (column !== 1) return padded;
        return cell === 'passed' ? color.pass(padded) : cell === 'failed' ? color.fail(padded) : paint(padded);
      })
      .join('  ')
      .trimEnd();

  const finished = certification.testsPassed + certification.testsFailed;
  const status =
    certification.status === 'certified' ? color.pass(certification.status) : color.fail(certification.status);
  const usage = certification.usage;
  const figures: [string, string][] = [
    ['Status', `${status} (${certification.testsPassed}/${finished} passed, ${certification.successRate}%)`],
    ['Model', `${certification.modelId} in ${certification.region}`],
    ['Avg latency', formatDuration(certification.avgLatencyMs)],
    ['TTFT', formatDuration(certification.ttftMs)],
    ['Output speed', formatRate(certification.outputTokensPerSecond)],
    ['Tokens', usage ? `${usage.inputTokens} in / ${usage.outputTokens} out` : '—'],
    ['Est. cost', formatCost(certification.estimatedCostUsd)],
    ['Certified at', `${formatTimestamp(certification.certifiedAt)}${certification.cached ? ' (cached)' : ''}`],
    ['Expires at', formatTimestamp(certification.expiresAt)],
  ];
  const labelWidth = Math.max(...figures.map(([label]) => label.length)) + 2;

  let text = `${color.bold(format(header))}\n`;
  for (const row of rows) text += `${format(row)}\n`;
  text += '\n';
  for (const [label, value] of figures) text += `${label.padEnd(labelWidth)}${value}\n`;
  if (certification.diagnosis && certification.diagnosis.length > 0) {
    text += '\nDiagnosis:\n';
    for (const item of certification.diagnosis) text += `  - ${item.code} (${item.tests.join(', ')}): ${item.hint}\n`;
  }
  return text;
}
