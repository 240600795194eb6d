/**
 * What `npm run certify` shows on a terminal: live progress (on stderr) and the result table of
 * one model (on stdout), coloured on a terminal and laid out to its width. The report formats
 * are in `cli-reports.ts`, the layout primitives in `cli-table.ts`.
 */
import { styleText } from 'node:util';
import type { Translator } from '../shared/i18n/translate.js';
import { TEST_NAMES, type Certification, type ProgressEvent } from '../shared/types.js';
import type { GateVerdict } from './cli-gates.js';
import { describeFailedChecks } from './cli-gates.js';
import { ENGLISH } from './cli-harness.js';
import {
  DEFAULT_WIDTH,
  displayWidth,
  pad,
  printable,
  renderTable,
  stripAnsi,
  truncate,
  wrapBlock,
  wrapId,
} from './cli-table.js';
import {
  formatCost,
  formatCount,
  formatDuration,
  formatElapsed,
  formatPercent,
  formatRate,
  formatTimestamp,
  formatWait,
} from './format.js';

/** Where the CLI writes; `process.stdout`/`process.stderr` fit. */
export interface CliOutput {
  write(text: string): unknown;
  /** Live, redrawn progress only on a terminal; plain lines otherwise (CI logs, pipes). */
  isTTY?: boolean;
  /** Width of the terminal, when it is one: tables and live lines fit it. */
  columns?: number;
  /** Height of the terminal, when it is one: a live block taller than it collapses to one line. */
  rows?: number;
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

/** The vocabulary of a gate verdict (a model's status is a certification's status, or `error`). */
export type GateWord = 'pass' | 'fail';

/** Colours a model status: green only for `certified`. */
export function paintStatus(color: Palette, status: string, text = status): string {
  return status === 'certified' ? color.pass(text) : color.fail(text);
}

/** Colours a gate verdict or a probe result. */
export function paintVerdict(color: Palette, verdict: string, text = verdict): string {
  if (verdict === 'pass' || verdict === 'passed') return color.pass(text);
  if (verdict === 'fail' || verdict === 'failed' || verdict === 'error') return color.fail(text);
  if (verdict === 'running') return color.run(text);
  return text;
}

// ---------------------------------------------------------------------------------------------
// Live progress

/** Time for live progress, injectable so tests drive the spinner and timers without waiting. */
export interface ProgressClock {
  /** Milliseconds, from any origin. */
  now(): number;
  /** Calls `tick` every `ms` until the returned function is called. */
  every(ms: number, tick: () => void): () => void;
}

/** The real clock; its timer never keeps the process alive. */
export const SYSTEM_PROGRESS_CLOCK: ProgressClock = {
  now: () => performance.now(),
  every: (ms, tick) => {
    const timer = setInterval(tick, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/** One frame: at most 10 redraws a second, however fast events come. */
export const FRAME_MS = 100;
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

// Cursor control (colour is styleText's): up N lines, clear the line, clear to the end of the screen.
const cursorUp = (lines: number): string => `\x1b[${lines}A`;
const CLEAR_LINE = '\r\x1b[2K';
const CLEAR_BELOW = '\x1b[J';

/** True when progress is redrawn in place: a terminal that understands cursor movement. */
function isLive(output: CliOutput, env: Env): boolean {
  return output.isTTY === true && env.TERM !== 'dumb';
}

/** The spinner's frame at `elapsedMs`. */
function spinner(elapsedMs: number): string {
  return SPINNER[Math.floor(Math.max(0, elapsedMs) / FRAME_MS) % SPINNER.length] ?? '';
}

/**
 * A block of lines at the bottom of a terminal stream, redrawn in place: lines printed above it
 * scroll up as in any log, the block stays below them. Redraws are throttled to one per
 * {@link FRAME_MS}, and a timer redraws while the block animates (spinners, timers).
 */
class LiveBlock {
  private drawn = 0;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private dirty = false;
  private stopTicker: (() => void) | undefined;

  constructor(
    private readonly output: CliOutput,
    private readonly clock: ProgressClock,
    /** The block's lines now, each already cut to `width` cells. */
    private readonly render: (now: number, width: number) => string[],
  ) {}

  /** Something changed: redraw now, or at the next frame if one was drawn less than a frame ago. */
  invalidate(): void {
    this.dirty = true;
    this.startTicker();
    if (this.clock.now() - this.lastDraw >= FRAME_MS) this.draw([]);
  }

  /** Writes lines above the block (they stay), then redraws the block. */
  print(lines: readonly string[]): void {
    this.startTicker();
    this.draw(lines);
  }

  /** Draws the block one last time and leaves it on screen, or (`clear`) removes it; stops the timer. */
  finish(options: { clear: boolean }): void {
    this.stopTicker?.();
    this.stopTicker = undefined;
    if (options.clear) {
      if (this.drawn > 0) this.output.write(`${cursorUp(this.drawn)}${CLEAR_BELOW}`);
    } else if (this.dirty || this.drawn > 0) {
      this.draw([]);
    }
    this.drawn = 0;
    this.dirty = false;
    this.lastDraw = Number.NEGATIVE_INFINITY;
  }

  private startTicker(): void {
    this.stopTicker ??= this.clock.every(FRAME_MS, () => this.draw([]));
  }

  private draw(above: readonly string[]): void {
    const now = this.clock.now();
    // One cell short of the edge: a line that fills the last column wraps in some terminals.
    const width = Math.max(1, (this.output.columns ?? 80) - 1);
    let text = this.drawn > 0 ? cursorUp(this.drawn) : '';
    for (const line of above) text += `${CLEAR_LINE}${line}\n`;
    // A block line that wrapped would throw the cursor-up count off: the render cuts its lines to
    // the width, and any it did not is cut here (losing its colour rather than the screen).
    const block = this.render(now, width).map((line) =>
      displayWidth(stripAnsi(line)) > width ? truncate(stripAnsi(line), width) : line,
    );
    for (const line of block) text += `${CLEAR_LINE}${line}\n`;
    text += CLEAR_BELOW;
    this.output.write(text);
    this.drawn = block.length;
    this.lastDraw = now;
    this.dirty = false;
  }
}

/** Shows the progress events of one model as they come. */
export interface ProgressView {
  readonly update: (event: ProgressEvent) => void;
  /**
   * The run is over (or was interrupted): draws the final state and stops the timer. Call it
   * before anything else goes to the same stream; a later event starts a new block.
   */
  readonly finish: () => void;
}

const STATUS_WIDTH = 8;

/**
 * On a terminal, one line per probe redrawn in place as the (concurrent) probes run: a spinner
 * and a timer on each running probe, its latency once done, and a line with the count and the
 * time so far. Elsewhere one plain line per event, which reads well in CI logs.
 */
export function createProgressView(
  output: CliOutput,
  env: Env,
  clock: ProgressClock = SYSTEM_PROGRESS_CLOCK,
  /** The suite's probes, in report order. Default: the core suite's. */
  testNames: readonly string[] = TEST_NAMES,
  t: Translator = ENGLISH,
): ProgressView {
  const { locale } = t;
  const color = createPalette(output, env);
  // As wide as the suite's longest probe name needs, so the core suite's lines read as before.
  const nameWidth = Math.max(...testNames.map((name) => name.length)) + 2;
  const plainLine = (name: string, status: string, latencyMs?: number): string => {
    const latency = latencyMs === undefined ? '' : `  ${formatDuration(latencyMs, locale)}`;
    return `  ${name.padEnd(nameWidth)}${paintVerdict(color, status, status.padEnd(STATUS_WIDTH))}${latency}`;
  };

  if (!isLive(output, env)) {
    return {
      update(event) {
        if (event.testName && event.status) {
          output.write(
            `${plainLine(event.testName, event.status, event.status === 'running' ? undefined : event.latencyMs).trimEnd()}\n`,
          );
        } else if (event.message) {
          // The run's first event says it starts (in English, as the stream's contract has it):
          // said here in the CLI's language; any other message as the service wrote it.
          const text =
            event.current === 0
              ? t.t('cli.progress.starting', { total: event.total })
              : event.message;
          output.write(`  ${text}\n`);
        }
      },
      finish() {},
    };
  }

  interface Row {
    status: 'pending' | 'running' | 'passed' | 'failed';
    startedAt?: number;
    latencyMs?: number;
  }
  const rows = new Map<string, Row>();
  let startedAt = 0;
  let total: number = testNames.length;
  let current = 0;
  let finished = false;

  const render = (now: number, width: number): string[] => {
    const lines: string[] = [];
    for (const [name, row] of rows) {
      const mark =
        row.status === 'passed'
          ? color.pass('✓')
          : row.status === 'failed'
            ? color.fail('✗')
            : row.status === 'running' && !finished
              ? color.run(spinner(now - (row.startedAt ?? now)))
              : color.dim('·');
      const time =
        row.latencyMs !== undefined
          ? formatDuration(row.latencyMs, locale)
          : row.status === 'running' && row.startedAt !== undefined
            ? formatElapsed(now - row.startedAt, locale)
            : '';
      const status = row.status === 'pending' ? color.dim(row.status) : row.status;
      lines.push(
        `  ${mark} ${pad(name, nameWidth)}${paintVerdict(color, row.status, pad(status, STATUS_WIDTH))}  ${time}`.trimEnd(),
      );
    }
    const running = [...rows.values()].filter((row) => row.status === 'running').length;
    const done = t.t('cli.progress.summary', { current, total });
    const summary = `${running > 0 && !finished ? t.t('cli.progress.running', { summary: done, count: running }) : done} · ${formatElapsed(now - startedAt, locale)}`;
    lines.push(`  ${color.dim(truncate(summary, width - 2))}`);
    return lines;
  };
  let block: LiveBlock | undefined;

  return {
    update(event) {
      if (block === undefined) {
        block = new LiveBlock(output, clock, render);
        rows.clear();
        for (const name of testNames) rows.set(name, { status: 'pending' });
        startedAt = clock.now();
        finished = false;
      }
      total = Math.max(event.total, 1);
      current = event.current;
      if (event.testName && event.status) {
        const row = rows.get(event.testName) ?? { status: 'pending' };
        rows.set(event.testName, row);
        row.status = event.status;
        if (event.status === 'running') {
          row.startedAt = clock.now();
          row.latencyMs = undefined;
        } else row.latencyMs = event.latencyMs;
      }
      block.invalidate();
    },
    finish() {
      finished = true;
      block?.finish({ clear: false });
      block = undefined;
    },
  };
}

/** Progress of several models at once (see {@link createBatchProgressView}). */
export interface BatchProgressView {
  readonly onRunStart: (modelId: string) => void;
  readonly onProgress: (modelId: string, event: ProgressEvent) => void;
  /**
   * The batch's request was rate limited and is sent again in `seconds`: a line between the
   * models' lines, and a countdown in the live status line.
   */
  readonly onWait: (seconds: number) => void;
  /** A model is done: `line` says how it went (`certified (6/6 passed)`, `error (NETWORK_ERROR)`). */
  readonly done: (modelId: string, ok: boolean, line: string) => void;
  /** Clears the live lines; call before anything else goes to the same stream. */
  readonly finish: () => void;
}

/**
 * One line per model as it finishes (and one per rate-limit wait), readable in a CI log. On a
 * terminal, a live block below them is redrawn in place: one line per running model (spinner,
 * probes finished, time) and a status line (done count, a rate-limit wait, the ETA from the
 * models finished so far). A block taller than the terminal collapses to the status line.
 */
export function createBatchProgressView(
  output: CliOutput,
  env: Env,
  total: number,
  clock: ProgressClock = SYSTEM_PROGRESS_CLOCK,
  t: Translator = ENGLISH,
): BatchProgressView {
  const { locale } = t;
  const color = createPalette(output, env);
  const live = isLive(output, env);
  const startedAt = clock.now();
  const running = new Map<string, { startedAt: number; probes: number; total: number }>();
  let finished = 0;
  let resumeAt = 0;

  const render = (now: number, width: number): string[] => {
    const lines: string[] = [];
    for (const [modelId, run] of running) {
      const probes = `${t.t('cli.batch.probes', { done: run.probes, total: run.total })}  ${formatElapsed(now - run.startedAt, locale)}`;
      const id = truncate(printable(modelId), Math.max(8, width - 6 - displayWidth(probes)));
      lines.push(`  ${color.run(spinner(now - run.startedAt))} ${id}  ${color.dim(probes)}`);
    }
    const parts = [t.t('cli.batch.done', { finished, total })];
    if (running.size > 0) parts.push(t.t('cli.batch.running', { count: running.size }));
    if (resumeAt > now)
      parts.push(t.t('cli.batch.resuming', { wait: formatWait((resumeAt - now) / 1000, locale) }));
    // From the pace so far; nothing to say before the first model finishes or after the last.
    if (finished > 0 && finished < total) {
      const eta = (((now - startedAt) / finished) * (total - finished)) / 1000;
      parts.push(t.t('cli.batch.eta', { wait: formatWait(eta, locale) }));
    }
    const status = truncate(`[${parts.join(' · ')}]`, width);
    const rows = output.rows ?? Number.POSITIVE_INFINITY;
    return lines.length + 1 < rows ? [...lines, color.dim(status)] : [color.dim(status)];
  };
  const block = live ? new LiveBlock(output, clock, render) : undefined;
  const emit = (lines: string[]): void => {
    if (block) block.print(lines);
    else for (const line of lines) output.write(`${line}\n`);
  };

  return {
    onRunStart(modelId) {
      running.set(modelId, { startedAt: clock.now(), probes: 0, total: TEST_NAMES.length });
      if (block) block.invalidate();
      else emit([t.t('cli.batch.certifying', { modelId })]);
    },
    onProgress(modelId, event) {
      const run = running.get(modelId);
      if (run === undefined) return;
      run.total = Math.max(event.total, 1);
      run.probes = event.current;
      block?.invalidate();
    },
    onWait(seconds) {
      resumeAt = Math.max(resumeAt, clock.now() + seconds * 1000);
      emit([color.run(t.t('cli.batch.waiting', { wait: formatWait(seconds, locale) }))]);
    },
    done(modelId, ok, line) {
      running.delete(modelId);
      finished++;
      emit([`${modelId}: ${ok ? color.pass(line) : color.fail(line)}`]);
    },
    finish() {
      block?.finish({ clear: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The result of one model

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
 * unavailable model fails every probe for one reason; this says it once.
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
export function describeTests(
  tests: readonly string[],
  certification: Certification,
  t: Translator = ENGLISH,
): string {
  return tests.length > 1 && tests.length === certification.results.length
    ? t.t('cli.summary.allProbes', { count: tests.length })
    : tests.join(', ');
}

/** `gate: pass`, `gate: fail — toolUse: false`: a verdict in the words every format uses. */
export function describeVerdict(verdict: GateVerdict, t: Translator = ENGLISH): string {
  return verdict.passed
    ? t.t('cli.gate.pass')
    : t.t('cli.gate.fail', { checks: describeFailedChecks(verdict) });
}

/** How a terminal layout is sized, and its language. */
export interface Layout {
  /** Cells per line (see `outputWidth`). */
  width: number;
  /** Default English. */
  t?: Translator;
}

/** Lines a reason or a hint may take on a terminal before it is cut (the full text is in `--format json`). */
export const REASON_MAX_LINES = 4;

/** A note under a table or a reason (dim, wrapped to `width`), ending with a newline. */
export function formatNote(text: string, width: number, color: Palette): string {
  return wrapBlock(text, { width, first: '', indent: '' })
    .lines.map((line) => `${color.dim(line)}\n`)
    .join('');
}

/**
 * The result table of one model and the figures below it, at most `layout.width` cells wide.
 * The detail column holds the error code only; each reason is then given once, with its hint,
 * below the figures, wrapped (and cut after a few lines).
 */
export function formatSummary(
  certification: Certification,
  color: Palette,
  verdict?: GateVerdict,
  layout: Layout = { width: DEFAULT_WIDTH },
): string {
  const { width, t = ENGLISH } = layout;
  const { locale } = t;
  const table = renderTable(
    [
      { title: t.t('cli.summary.test') },
      {
        title: t.t('cli.summary.result'),
        paint: (cell, padded) => paintVerdict(color, cell, padded),
      },
      { title: t.t('cli.summary.latency'), align: 'right' },
      { title: t.t('cli.summary.detail'), shrink: 'truncate' },
    ],
    certification.results.map((result) => [
      result.testName,
      result.status,
      formatDuration(result.latencyMs, locale),
      result.error?.code ?? '',
    ]),
    { width, header: color.bold },
  );

  const usage = certification.usage;
  const modelLabel = t.t('cli.summary.model');
  const figures: [string, string, ((line: string) => string)?][] = [
    [
      t.t('cli.summary.status'),
      t.t('cli.summary.statusValue', {
        status: certification.status,
        passed: certification.testsPassed,
        finished: certification.testsPassed + certification.testsFailed,
        rate: formatPercent(certification.successRate, locale),
      }),
      (line) =>
        line.startsWith(certification.status)
          ? paintStatus(color, certification.status, certification.status) +
            line.slice(certification.status.length)
          : line,
    ],
  ];
  if (verdict) {
    const word: GateWord = verdict.passed ? 'pass' : 'fail';
    figures.push([
      t.t('cli.summary.gate'),
      verdict.passed ? word : `${word} — ${describeFailedChecks(verdict)}`,
      (line) =>
        line.startsWith(word) ? paintVerdict(color, word) + line.slice(word.length) : line,
    ]);
  }
  const certifiedAt = formatTimestamp(certification.certifiedAt, locale);
  figures.push(
    [
      modelLabel,
      t.t('cli.summary.modelValue', {
        modelId: certification.modelId,
        region: certification.region,
      }),
    ],
    [t.t('cli.summary.avgLatency'), formatDuration(certification.avgLatencyMs, locale)],
    [t.t('cli.summary.ttft'), formatDuration(certification.ttftMs, locale)],
    [t.t('cli.summary.outputSpeed'), formatRate(certification.outputTokensPerSecond, locale)],
    [
      t.t('cli.summary.tokens'),
      t.t('cli.summary.tokensValue', {
        input: formatCount(usage.inputTokens, locale),
        output: formatCount(usage.outputTokens, locale),
      }),
    ],
    [t.t('cli.summary.cost'), formatCost(certification.estimatedCostUsd, locale)],
    // A failed or unavailable model was checked, not certified, at that time.
    [
      t.t(
        certification.status === 'certified' ? 'cli.summary.certifiedAt' : 'cli.summary.checkedAt',
      ),
      certification.cached ? t.t('cli.summary.cachedAt', { at: certifiedAt }) : certifiedAt,
    ],
    [t.t('cli.summary.expiresAt'), formatTimestamp(certification.expiresAt, locale)],
  );
  const labelWidth = Math.max(...figures.map(([label]) => displayWidth(label))) + 2;

  let text = `${table.lines.join('\n')}\n\n`;
  for (const [label, value, paint] of figures) {
    // Ids (the model's ARN) break after their separators, prose at spaces.
    const [first = '', ...rest] =
      label === modelLabel
        ? wrapId(printable(value), width - labelWidth).map((line) => line.trimEnd())
        : wrapBlock(printable(value), { width: width - labelWidth, first: '', indent: '' }).lines;
    text += `${pad(label, labelWidth)}${paint ? paint(first) : first}\n`;
    for (const line of rest) text += `${' '.repeat(labelWidth)}${line}\n`;
  }
  const reasons = failureReasons(certification);
  let cut = table.cut;
  if (reasons.length > 0) {
    text += `\n${t.t(reasons.length === 1 ? 'cli.summary.reason' : 'cli.summary.reasons')}\n`;
    const hintLabel = t.t('cli.summary.hint');
    for (const reason of reasons) {
      const head = `${reason.code} (${describeTests(reason.tests, certification, t)}): `;
      const wrapped = wrapBlock(`${head}${printable(reason.message)}`, {
        width,
        first: '  ',
        indent: '    ',
        maxLines: REASON_MAX_LINES,
      });
      cut ||= wrapped.cut;
      const [first = '', ...more] = wrapped.lines;
      // The code is the line's first word: colour it after wrapping.
      text += `  ${color.fail(reason.code)}${first.slice(2 + reason.code.length)}\n`;
      for (const line of more) text += `${line}\n`;
      if (reason.hint !== undefined) {
        const hint = wrapBlock(printable(reason.hint), {
          width,
          first: `    ${hintLabel} `,
          indent: '      ',
          maxLines: REASON_MAX_LINES,
        });
        cut ||= hint.cut;
        const [hintFirst = '', ...hintMore] = hint.lines;
        text += `    ${color.dim(hintLabel)}${hintFirst.slice(`    ${hintLabel}`.length)}\n`;
        for (const line of hintMore) text += `${line}\n`;
      }
    }
  }
  if (cut) text += `\n${formatNote(t.t('cli.summary.cutNote'), width, color)}`;
  return text;
}

/** Messages may carry line breaks; a reason takes one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
