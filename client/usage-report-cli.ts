/**
 * `npm run usage-report -- --url URL --token T [--month YYYY-MM] [--format csv|json|table]`:
 * every user's usage in a month, for operators billing from it. The core is
 * {@link runUsageReportCli}, with its streams, environment, `fetch` and token source injected so
 * tests run it in-process; `client/usage-report.ts` binds it to the process.
 */
import { isMonth } from '../shared/month.js';
import type { AdminUsageResponse } from '../shared/types.js';
import { message, type Translator } from '../shared/i18n/translate.js';
import {
  CLI_EXIT_CODES,
  ENGLISH,
  parseCommandLine,
  parseTimeout,
  plural,
  reportFailure,
  requestSignal,
  resolveTarget,
  resolveToken,
  runCli,
  type CliOptions,
  type ServiceTarget,
} from './cli-harness.js';
import { DEFAULT_WIDTH, outputWidth, renderTable } from './cli-table.js';
import { formatCost, formatCount } from './format.js';
import { ForbiddenApiError, InvalidMonthUsageError, UsageError } from './errors.js';
import { getAdminUsage } from './usage-client.js';

/** Exit codes, as the certify CLI's: 0 printed, 2 bad arguments or the service refused or failed. */
export const USAGE_REPORT_EXIT_CODES = {
  ok: 0,
  error: CLI_EXIT_CODES.error,
  /** Interrupted (Ctrl+C), as shells report SIGINT. */
  interrupted: CLI_EXIT_CODES.interrupted,
} as const;

/** Output formats of the report. */
export const REPORT_FORMATS = ['table', 'csv', 'json'] as const;
/** One output format. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * Everything {@link runUsageReportCli} takes from its process. For a local service without a
 * token, it mints an operator's (subject `usage-report`, group `admins`).
 */
export type UsageReportCliOptions = CliOptions;

/** The subject and group of the operator token minted for a local service. */
const LOCAL_OPERATOR = { sub: 'usage-report', groups: ['admins'] } as const;

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
  target: ServiceTarget;
  month: string | undefined;
  format: ReportFormat;
  timeoutSeconds: number;
}

/**
 * Runs the CLI and resolves with its exit code; never throws for expected failures and never
 * calls `process.exit`, so it can run inside a test.
 */
export function runUsageReportCli(
  argv: readonly string[],
  options: UsageReportCliOptions,
): Promise<number> {
  return runCli(argv, options, async ({ t, hints }) => {
    const args = parseArguments(argv, options);
    if (args === 'help') {
      options.stdout.write(t.t('cli.usageReport.help', { timeout: DEFAULT_TIMEOUT_SECONDS }));
      return USAGE_REPORT_EXIT_CODES.ok;
    }
    hints.target = args.target;
    hints.route = 'admin/usage';
    const token = await resolveToken(args.target, options, LOCAL_OPERATOR);
    let report: AdminUsageResponse;
    try {
      report = await getAdminUsage({
        baseUrl: args.target.url,
        token,
        signal: requestSignal(args.timeoutSeconds, options.signal),
        fetch: options.fetch,
        language: t.locale,
        ...(args.month ? { month: args.month } : {}),
      });
    } catch (error) {
      if (!(error instanceof ForbiddenApiError)) throw error;
      // Under a 403: who may read the report.
      reportFailure(options.stderr, error, t, { extra: ` ${t.t('cli.usageReport.operators')}` });
      return USAGE_REPORT_EXIT_CODES.error;
    }
    const width = outputWidth(options.stdout, options.env);
    options.stdout.write(formatReport(report, args.format, { width, t }));
    return USAGE_REPORT_EXIT_CODES.ok;
  });
}

/**
 * The report in `format`, ending with a newline; a table fits `width` (default
 * {@link DEFAULT_WIDTH}) and speaks `t`'s language (default English). CSV and JSON are the same
 * in every language.
 */
export function formatReport(
  report: AdminUsageResponse,
  format: ReportFormat,
  options: { width?: number; t?: Translator } = {},
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
  options: { width?: number; t?: Translator } = {},
): string {
  const { t = ENGLISH } = options;
  const { locale } = t;
  if (report.users.length === 0)
    return `${t.t('cli.usageReport.empty', { month: report.month })}\n`;
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
      { title: t.t('cli.usageReport.sub'), shrink: 'id', minWidth: 12 },
      { title: t.t('cli.usageReport.certifications'), ...number },
      { title: t.t('cli.usageReport.inputTokens'), ...number },
      { title: t.t('cli.usageReport.outputTokens'), ...number },
      { title: t.t('cli.usageReport.cost'), ...number },
    ],
    [
      ...report.users.map((user) => [
        user.sub,
        formatCount(user.certifications, locale),
        formatCount(user.inputTokens, locale),
        formatCount(user.outputTokens, locale),
        formatCost(user.estimatedCostUsd, locale),
      ]),
      [
        t.t('cli.usageReport.total'),
        formatCount(total.certifications, locale),
        formatCount(total.inputTokens, locale),
        formatCount(total.outputTokens, locale),
        formatCost(total.nanos / 1e9, locale),
      ],
    ],
    { width: options.width ?? DEFAULT_WIDTH },
  );
  const rule = table.widths.map((width) => '-'.repeat(width)).join('  ');
  const [header = '', ...body] = table.lines;
  const totals = body.pop() ?? '';
  const count = report.users.length;
  const users = t.t(
    plural(t, count) === 'one' ? 'cli.usageReport.usersOne' : 'cli.usageReport.usersOther',
    {
      count: formatCount(count, locale),
    },
  );
  const title = t.t('cli.usageReport.title', { month: report.month, users });
  return `${[title, '', header, rule, ...body, rule, totals].join('\n')}\n`;
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
} as const;

function parseArguments(argv: readonly string[], options: CliOptions): Arguments | 'help' {
  const { values, positionals } = parseCommandLine(argv, OPTIONS, { allowPositionals: true });
  if (values.help) return 'help';
  if (positionals.length > 0)
    throw new UsageError(message('cli.usage.unexpectedArgument', { value: positionals[0] ?? '' }));

  const format = REPORT_FORMATS.find((known) => known === values.format);
  if (format === undefined)
    throw new UsageError(
      message('cli.usageReport.format', {
        formats: REPORT_FORMATS.join(', '),
        value: values.format,
      }),
    );
  // The same check the service applies, before spending a request on it.
  if (values.month !== undefined && !isMonth(values.month)) {
    throw new InvalidMonthUsageError(message('cli.usage.month', { value: values.month }));
  }
  return {
    target: resolveTarget(values, options, { discoverLocal: true }),
    month: values.month,
    format,
    timeoutSeconds: parseTimeout(values.timeout, DEFAULT_TIMEOUT_SECONDS),
  };
}
