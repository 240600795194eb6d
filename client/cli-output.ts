/**
 * What `npm run certify` shows on a terminal: live progress (on stderr) and the result table of
 * one model (on stdout), coloured on a terminal. The report formats are in `cli-reports.ts`.
 */
import { styleText } from 'node:util';
import { TEST_NAMES, type Certification, type ProgressEvent } from '../shared/types.js';
import type { GateVerdict } from './cli-gates.js';
import { describeFailedChecks } from './cli-gates.js';
import { formatCost, formatDuration, formatRate, formatTimestamp } from './format.js';

/** Where the CLI writes; `process.stdout`/`process.stderr` fit. */
export interface CliOutput {
  write(text: string): unknown;
  /** Live, redrawn progress only on a terminal; plain lines otherwise (CI logs, pipes). */
  isTTY?: boolean;
  /** Width of the terminal, when it is one; a redrawn status line is cut to fit. */
  columns?: number;
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
  return {
    pass: style('green'),
    fail: style('red'),
    run: style('cyan'),
    dim: style('dim'),
    bold: style('bold'),
  };
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
    const paint =
      status === 'passed'
        ? color.pass
        : status === 'failed'
          ? color.fail
          : status === 'running'
            ? color.run
            : color.dim;
    const latency = latencyMs === undefined ? '' : `  ${formatDuration(latencyMs)}`;
    return `  ${name.padEnd(NAME_WIDTH)}${paint(status.padEnd(8))}${latency}`;
  };

  if (output.isTTY !== true) {
    return {
      update(event) {
        if (event.testName && event.status) {
          output.write(
            `${line(event.testName, event.status, event.status === 'running' ? undefined : event.latencyMs).trimEnd()}\n`,
          );
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
        rows.set(
          event.testName,
          line(
            event.testName,
            event.status,
            event.status === 'running' ? undefined : event.latencyMs,
          ),
        );
        draw();
      }
    },
  };
}

/** Progress of several models at once (see {@link createBatchProgressView}). */
export interface BatchProgressView {
  readonly onRunStart: (modelId: string) => void;
  readonly onProgress: (modelId: string, event: ProgressEvent) => void;
  /** A line about the batch as a whole (a rate-limit wait), between the models' lines. */
  readonly note: (text: string) => void;
  /** A model is done: `line` says how it went (`certified (6/6 passed)`, `error NETWORK_ERROR`). */
  readonly done: (modelId: string, ok: boolean, line: string) => void;
  /** Clears the status line; call before anything else goes to the same stream. */
  readonly finish: () => void;
}

/**
 * One line per model as it finishes, readable in a CI log. On a terminal, a status
 * line below them is redrawn in place (done count, the models running and their probes); it is
 * one line on purpose: a block taller than the screen cannot be redrawn.
 */
export function createBatchProgressView(
  output: CliOutput,
  env: Env,
  total: number,
): BatchProgressView {
  const color = createPalette(output, env);
  const tty = output.isTTY === true;
  const running = new Map<string, number>();
  let finished = 0;
  let statusShown = false;

  const status = (): string => {
    const models = [...running].map(
      ([modelId, probes]) => `${modelId} ${probes}/${TEST_NAMES.length}`,
    );
    const text = `[${finished}/${total} done]${models.length > 0 ? ` running: ${models.join(', ')}` : ''}`;
    const width = (output.columns ?? 80) - 1;
    return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
  };
  /** Writes finished lines above the status line, then redraws it. */
  const emit = (lines: string[]): void => {
    if (!tty) {
      for (const line of lines) output.write(`${line}\n`);
      return;
    }
    let text = statusShown ? CLEAR_LINE : '';
    for (const line of lines) text += `${line}\n`;
    text += color.dim(status());
    statusShown = true;
    output.write(text);
  };

  return {
    onRunStart(modelId) {
      running.set(modelId, 0);
      emit(tty ? [] : [`${modelId}: certifying`]);
    },
    onProgress(modelId, event) {
      if (event.status !== 'passed' && event.status !== 'failed') return;
      running.set(modelId, event.current);
      if (tty) emit([]);
    },
    note(text) {
      emit([color.run(text)]);
    },
    done(modelId, ok, line) {
      running.delete(modelId);
      finished++;
      emit([`${modelId}: ${ok ? color.pass(line) : color.fail(line)}`]);
    },
    finish() {
      if (tty && statusShown) output.write(CLEAR_LINE);
      statusShown = false;
    },
  };
}

/** One reason some probes failed: an error code, the probes it hit, and what to do about it. */
export interface FailureReason {
  code: string;
  tests: string[];
  /** The shortest message among those probes: the root cause rather than "Not completed because: <root>". */
  message: string;
  hint?: string;
}

/**
 * The failures of a certification, one per error code, in order of first appearance. An
 * unavailable model fails all six probes for one reason; this says it once.
 */
export function failureReasons(certification: Certification): FailureReason[] {
  const reasons = new Map<string, FailureReason>();
  for (const result of certification.results) {
    if (result.error === undefined) continue;
    const message = oneLine(result.error.message);
    const reason = reasons.get(result.error.code);
    if (reason === undefined) {
      reasons.set(result.error.code, {
        code: result.error.code,
        tests: [result.testName],
        message,
      });
    } else {
      reason.tests.push(result.testName);
      if (message.length < reason.message.length) reason.message = message;
    }
  }
  for (const diagnosis of certification.diagnosis ?? []) {
    const reason = reasons.get(diagnosis.code);
    if (reason) reason.hint = oneLine(diagnosis.hint);
  }
  return [...reasons.values()];
}

/** `tool-use`, `system-prompt, tool-use`, or `all 6 probes`. */
export function describeTests(tests: readonly string[], certification: Certification): string {
  return tests.length > 1 && tests.length === certification.results.length
    ? `all ${tests.length} probes`
    : tests.join(', ');
}

/**
 * The result table of one model and the figures below it. The detail column holds the error
 * code only; each reason is then given once, with its hint, below the figures.
 */
export function formatSummary(
  certification: Certification,
  color: Palette,
  verdict?: GateVerdict,
): string {
  const rows: string[][] = certification.results.map((result) => [
    result.testName,
    result.status,
    formatDuration(result.latencyMs),
    result.error?.code ?? '',
  ]);
  const header = ['TEST', 'RESULT', 'LATENCY', 'DETAIL'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const format = (row: string[]): string =>
    row
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        const padded = column === 2 ? cell.padStart(width) : cell.padEnd(width);
        if (column !== 1) return padded;
        return cell === 'passed'
          ? color.pass(padded)
          : cell === 'failed'
            ? color.fail(padded)
            : padded;
      })
      .join('  ')
      .trimEnd();

  const finished = certification.testsPassed + certification.testsFailed;
  const status =
    certification.status === 'certified'
      ? color.pass(certification.status)
      : color.fail(certification.status);
  const usage = certification.usage;
  const figures: [string, string][] = [
    [
      'Status',
      `${status} (${certification.testsPassed}/${finished} passed, ${certification.successRate}%)`,
    ],
  ];
  if (verdict)
    figures.push([
      'Gate',
      verdict.passed
        ? color.pass('passed')
        : `${color.fail('failed')}: ${describeFailedChecks(verdict)}`,
    ]);
  figures.push(
    ['Model', `${certification.modelId} in ${certification.region}`],
    ['Avg latency', formatDuration(certification.avgLatencyMs)],
    ['TTFT', formatDuration(certification.ttftMs)],
    ['Output speed', formatRate(certification.outputTokensPerSecond)],
    ['Tokens', `${usage.inputTokens} in / ${usage.outputTokens} out`],
    ['Est. cost', formatCost(certification.estimatedCostUsd)],
    // A failed or unavailable model was checked, not certified, at that time.
    [
      certification.status === 'certified' ? 'Certified at' : 'Checked at',
      `${formatTimestamp(certification.certifiedAt)}${certification.cached ? ' (cached)' : ''}`,
    ],
    ['Expires at', formatTimestamp(certification.expiresAt)],
  );
  const labelWidth = Math.max(...figures.map(([label]) => label.length)) + 2;

  let text = `${color.bold(format(header))}\n`;
  for (const row of rows) text += `${format(row)}\n`;
  text += '\n';
  for (const [label, value] of figures) text += `${label.padEnd(labelWidth)}${value}\n`;
  const reasons = failureReasons(certification);
  if (reasons.length > 0) {
    text += `\n${reasons.length === 1 ? 'Reason' : 'Reasons'}:\n`;
    for (const reason of reasons) {
      text += `  ${color.fail(reason.code)} (${describeTests(reason.tests, certification)}): ${reason.message}\n`;
      if (reason.hint !== undefined) text += `    ${color.dim('hint:')} ${reason.hint}\n`;
    }
  }
  return text;
}

/** Messages may carry line breaks; a reason takes one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
