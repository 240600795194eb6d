/**
 * What `npm run certify` prints: live progress and the result table, coloured on a terminal.
 */
import { styleText } from 'node:util';
import { TEST_NAMES, type Certification, type ProgressEvent } from '../shared/types.js';
import { formatCost, formatDuration, formatRate, formatTimestamp } from './format.js';

/** Where the CLI writes; `process.stdout`/`process.stderr` fit. */
export interface CliOutput {
  write(text: string): unknown;
  /** Live, redrawn progress only on a terminal; plain lines otherwise (CI logs, pipes). */
  isTTY?: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The colours the output uses, each the identity when colour is off. */
export interface Palette {
  readonly pass: (text: string) => string;
  readonly fail: (text: string) => string;
  readonly run: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly bold: (text: string) => string;
}

/**
 * Colour only on a terminal, and never with `NO_COLOR` set or `TERM=dumb`. Decided from the
 * stream and environment the CLI was given rather than by `styleText`'s own check, which reads
 * `process.stdout` and `process.env`.
 */
export function createPalette(output: CliOutput, env: Env): Palette {
  const on = output.isTTY === true && env.NO_COLOR === undefined && env.TERM !== 'dumb';
  const style =
    (format: Parameters<typeof styleText>[0]) =>
    (text: string): string =>
      on ? styleText(format, text, { validateStream: false }) : text;
  return { pass: style('green'), fail: style('red'), run: style('cyan'), dim: style('dim'), bold: style('bold') };
}

// Cursor movement (not colour, which styleText covers): up N lines, and clear the line.
const cursorUp = (lines: number): string => `\x1b[${lines}A`;
const CLEAR_LINE = '\r\x1b[2K';

const NAME_WIDTH = Math.max(...TEST_NAMES.map((name) => name.length)) + 2;

/** Shows progress events as they come. */
export interface ProgressView {
  readonly update: (event: ProgressEvent) => void;
}

/**
 * On a terminal, one line per probe redrawn in place as the (concurrent) probes run; elsewhere
 * one plain line per event, which reads well in CI logs.
 */
export function createProgressView(output: CliOutput, env: Env): ProgressView {
  const color = createPalette(output, env);
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
    let text = drawn > 0 ? cursorUp(drawn) : '';
    for (const row of rows.values()) text += `${CLEAR_LINE}${row}\n`;
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
export function formatSummary(certification: Certification, color: Palette): string {
  const rows: string[][] = certification.results.map((result) => [
    result.testName,
    result.status,
    formatDuration(result.latencyMs),
    result.error ? `${result.error.code}: ${result.error.message}` : '',
  ]);
  const header = ['TEST', 'RESULT', 'LATENCY', 'DETAIL'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const format = (row: string[]): string =>
    row
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        const padded = column === 2 ? cell.padStart(width) : cell.padEnd(width);
        if (column !== 1) return padded;
        return cell === 'passed' ? color.pass(padded) : cell === 'failed' ? color.fail(padded) : padded;
      })
      .join('  ')
      .trimEnd();

  const finished = certification.testsPassed + certification.testsFailed;
  const status = certification.status === 'certified' ? color.pass(certification.status) : color.fail(certification.status);
  const usage = certification.usage;
  const figures: [string, string][] = [
    ['Status', `${status} (${certification.testsPassed}/${finished} passed, ${certification.successRate}%)`],
    ['Model', `${certification.modelId} in ${certification.region}`],
    ['Avg latency', formatDuration(certification.avgLatencyMs)],
    ['TTFT', formatDuration(certification.ttftMs)],
    ['Output speed', formatRate(certification.outputTokensPerSecond)],
    ['Tokens', `${usage.inputTokens} in / ${usage.outputTokens} out`],
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
