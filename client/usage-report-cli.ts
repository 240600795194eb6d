/**
 * `npm run usage-report -- --url URL --token T [--month YYYY-MM] [--format csv|json|table]`:
 * every user's usage in a month, for operators billing from it. The core is
 * {@link runUsageReportCli}, with its streams, environment, `fetch` and token source injected so
 * tests run it in-process; `client/usage-report.ts` binds it to the process.
 */
import { parseArgs } from 'node:util';
import { isMonth } from '../shared/month.js';
import type { AdminUsageResponse } from '../shared/types.js';
import type { FetchLike } from './certification-client.js';
import type { CliOutput } from './cli-output.js';
import { HELP_HINT, parseArgsError, serviceTarget } from './cli-arguments.js';
import { DEFAULT_WIDTH, outputWidth, renderTable } from './cli-table.js';
import { formatCost, formatCount } from './format.js';
import {
  ApiError,
  CertificationClientError,
  ForbiddenApiError,
  InvalidMonthUsageError,
  UsageError,
} from './errors.js';
import { getAdminUsage } from './usage-client.js';

/** Exit codes, as the certify CLI's: 0 printed, 2 bad arguments or the service refused or failed. */
export const USAGE_REPORT_EXIT_CODES = {
  ok: 0,
  error: 2,
  /** Interrupted (Ctrl+C), as shells report SIGINT. */
  interrupted: 130,
} as const;

/** Output formats of the report. */
export const REPORT_FORMATS = ['table', 'csv', 'json'] as const;
/** One output format. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Everything {@link runUsageReportCli} takes from its process. */
export interface UsageReportCliOptions {
  stdout: CliOutput;
  stderr: CliOutput;
  env: Readonly<Record<string, string | undefined>>;
  fetch?: FetchLike;
  /**
   * Mints an operator token (a member of `admins`) for a local service when none is given; the
   * entry point passes the local issuer's. Without it a token is required.
   */
  mintLocalAdminToken?: () => string | Promise<string>;
  /** The URL of the stack `npm start` runs on this machine, when one is recorded (as the certify CLI finds it). */
  findLocalStack?: () => string | undefined;
  /** Aborted on Ctrl+C. */
  signal?: AbortSignal;
}

const HELP = `Usage: npm run usage-report -- [--url URL] [--token T] [--month YYYY-MM] [--format table|csv|json]

Prints every user's certifications, tokens and estimated cost in a UTC month. The token must
belong to a member of the Cognito group "admins".

Options:
  --url URL       service base URL (default: $CERTIFICATION_URL, else the running npm start, else http://localhost:\${PORT:-3000})
  --token T       access token (default: $CERTIFICATION_TOKEN; for a local URL an admin token is minted)
  --month M       UTC month, YYYY-MM (default: the current month)
  --format F      table (default), csv (RFC 4180, header row) or json (the service's answer)
  --timeout S     give up after S seconds (default 30)
  -h, --help      show this help

Exit codes: 0 printed, 2 usage or service error (code on stderr, e.g. FORBIDDEN).
`;

const DEFAULT_TIMEOUT_SECONDS = 30;
/** The report's columns, in order; also the CSV header. */
const COLUMNS = [
  'month',
  'sub',
  'certifications',
  'inputTokens',
  'outputTokens',
  'estimatedCostUsd',
] as const;

interface Arguments {
  url: string;
  token: string | undefined;
  month: string | undefined;
  format: ReportFormat;
  timeoutSeconds: number;
}

/**
 * Runs the CLI and resolves with its exit code; never throws for expected failures and never
 * calls `process.exit`, so it can run inside a test.
 */
export async function runUsageReportCli(
  argv: readonly string[],
  options: UsageReportCliOptions,
): Promise<number> {
  const { stdout, stderr } = options;
  let args: Arguments;
  try {
    const parsed = parseArguments(argv, options.env, options.findLocalStack);
    if (parsed === 'help') {
      stdout.write(HELP);
      return USAGE_REPORT_EXIT_CODES.ok;
    }
    args = parsed;
  } catch (error) {
    const usage =
      error instanceof UsageError
        ? error
        : new UsageError(error instanceof Error ? error.message : String(error));
    stderr.write(`error: ${usage.code}: ${usage.message}\n${HELP_HINT}\n`);
    return USAGE_REPORT_EXIT_CODES.error;
  }

  let token = args.token;
  if (token === undefined) {
    if (options.mintLocalAdminToken === undefined) {
      stderr.write(
        'error: LOCAL_TOKEN_UNAVAILABLE: no local token minter here; pass --token or set CERTIFICATION_TOKEN.\n',
      );
      return USAGE_REPORT_EXIT_CODES.error;
    }
    try {
      token = await options.mintLocalAdminToken();
    } catch (error) {
      stderr.write(
        `error: LOCAL_TOKEN_UNAVAILABLE: could not mint a local token (${(error as Error).message}); start the stack with \`npm start\` or pass --token.\n`,
      );
      return USAGE_REPORT_EXIT_CODES.error;
    }
  }

  const timeout = AbortSignal.timeout(args.timeoutSeconds * 1000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let report: AdminUsageResponse;
  try {
    report = await getAdminUsage({
      baseUrl: args.url,
      token,
      signal,
      fetch: options.fetch,
      ...(args.month ? { month: args.month } : {}),
    });
  } catch (error) {
    return reportFailure(error, args, options);
  }
  stdout.write(formatReport(report, args.format, { width: outputWidth(stdout, options.env) }));
  return USAGE_REPORT_EXIT_CODES.ok;
}

/** The report in `format`, ending with a newline; a table fits `width` (default {@link DEFAULT_WIDTH}). */
export function formatReport(
  report: AdminUsageResponse,
  format: ReportFormat,
  options: { width?: number } = {},
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv':
      return formatUsageCsv(report);
    case 'table':
      return formatUsageTable(report, options);
  }
}

/**
 * RFC 4180 CSV: a header row, one row per user, CRLF line ends; a field holding a comma, a double
 * quote, a CR or an LF (or leading or trailing space, which spreadsheets trim) is quoted, its
 * quotes doubled. Numbers are plain (no currency sign, no thousands separator), costs in USD.
 */
export function formatUsageCsv(report: AdminUsageResponse): string {
  const rows = [
    [...COLUMNS],
    ...report.users.map((user) =>
      [
        report.month,
        user.sub,
        user.certifications,
        user.inputTokens,
        user.outputTokens,
        user.estimatedCostUsd,
      ].map(String),
    ),
  ];
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

/**
 * A human-readable table with a totals row, at most `width` cells wide (a long sub wraps at its
 * `-`), in the CLIs' number and money formats; CSV and JSON keep the exact figures.
 */
export function formatUsageTable(
  report: AdminUsageResponse,
  options: { width?: number } = {},
): string {
  if (report.users.length === 0) return `No usage in ${report.month}.\n`;
  const total = report.users.reduce(
    (sum, user) => ({
      certifications: sum.certifications + user.certifications,
      inputTokens: sum.inputTokens + user.inputTokens,
      outputTokens: sum.outputTokens + user.outputTokens,
      // Summed in nano-USD, as the service keeps it, so the total has no float drift.
      nanos: sum.nanos + Math.round(user.estimatedCostUsd * 1e9),
    }),
    { certifications: 0, inputTokens: 0, outputTokens: 0, nanos: 0 },
  );
  const number = { align: 'right' } as const;
  const table = renderTable(
    [
      { title: 'user (sub)', shrink: 'id', minWidth: 12 },
      { title: 'certifications', ...number },
      { title: 'input tokens', ...number },
      { title: 'output tokens', ...number },
      { title: 'est. cost (USD)', ...number },
    ],
    [
      ...report.users.map((user) => [
        user.sub,
        formatCount(user.certifications),
        formatCount(user.inputTokens),
        formatCount(user.outputTokens),
        formatCost(user.estimatedCostUsd),
      ]),
      [
        'total',
        formatCount(total.certifications),
        formatCount(total.inputTokens),
        formatCount(total.outputTokens),
        formatCost(total.nanos / 1e9),
      ],
    ],
    { width: options.width ?? DEFAULT_WIDTH },
  );
  const rule = table.widths.map((width) => '-'.repeat(width)).join('  ');
  const [header = '', ...body] = table.lines;
  const totals = body.pop() ?? '';
  const users = report.users.length === 1 ? '1 user' : `${report.users.length} users`;
  return `${[`Usage in ${report.month} (${users})`, '', header, rule, ...body, rule, totals].join('\n')}\n`;
}

function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  month: { type: 'string' },
  format: { type: 'string', default: 'table' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function parseArguments(
  argv: readonly string[],
  env: UsageReportCliOptions['env'],
  findLocalStack?: () => string | undefined,
): Arguments | 'help' {
  const { values, positionals } = (() => {
    try {
      return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: OPTIONS });
    } catch (error) {
      throw parseArgsError(error, Object.keys(OPTIONS));
    }
  })();
  if (values.help) return 'help';
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument "${positionals[0] ?? ''}".`);

  const format = REPORT_FORMATS.find((known) => known === values.format);
  if (format === undefined)
    throw new UsageError(`--format must be ${REPORT_FORMATS.join(', ')}, got "${values.format}".`);
  // The same check the service applies, before spending a request on it.
  if (values.month !== undefined && !isMonth(values.month)) {
    throw new InvalidMonthUsageError(
      `--month must be a UTC month written YYYY-MM, got "${values.month}".`,
    );
  }

  const { url, token } = serviceTarget(values, {
    env,
    ...(findLocalStack ? { findLocalStack } : {}),
  });

  let timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
  if (values.timeout !== undefined) {
    timeoutSeconds = Number(values.timeout);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
      throw new UsageError(
        `--timeout must be a positive number of seconds, got "${values.timeout}".`,
      );
  }
  return { url, token, month: values.month, format, timeoutSeconds };
}

function reportFailure(error: unknown, args: Arguments, options: UsageReportCliOptions): number {
  const { stderr } = options;
  if (options.signal?.aborted) {
    stderr.write('error: CANCELLED: interrupted.\n');
    return USAGE_REPORT_EXIT_CODES.interrupted;
  }
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    stderr.write(`error: TIMEOUT: no answer within ${args.timeoutSeconds} s.\n`);
  } else if (error instanceof ApiError) {
    const hint =
      error instanceof ForbiddenApiError
        ? ' Operators are members of the Cognito group "admins" (see the README, "Usage and billing").'
        : '';
    stderr.write(`error: ${error.code} (${error.status}): ${error.message}${hint}\n`);
  } else if (error instanceof CertificationClientError) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    stderr.write(`error: ${error.code}: ${error.message}${cause}\n`);
  } else {
    stderr.write(`error: UNEXPECTED: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  return USAGE_REPORT_EXIT_CODES.error;
}
