/**
 * The progress section. All the probes of a suite run at once: the count says how many finished, the bar
 * also fills with the running ones (web/progress-model.ts), the status line says how many are
 * running, and each running probe shows how long it has waited (marked slow after
 * {@link SLOW_PROBE_MS}), next to an elapsed timer for the whole run: a model that takes 20 s to
 * its first token looks slow, not hung.
 */
import type { Certification, ProgressEvent } from '../client/index.js';
import type { MessageKey } from '../shared/i18n/index.js';
import { el } from './dom.js';
import { t } from './i18n.js';
import { count, duration, plural, wait } from './locale-format.js';
import { progressValueText } from './messages.js';
import { barFraction } from './progress-model.js';

/** A probe waiting longer than this is marked slow. */
export const SLOW_PROBE_MS = 10_000;
/** How often the timers redraw. */
const TICK_MS = 250;

type RowStatus = 'pending' | 'running' | 'passed' | 'failed' | 'skipped' | 'stopped';

/** How a probe row names its status (the row's `data-status` keeps the code). */
const STATUS_KEYS = {
  pending: 'web.probe.pending',
  running: 'web.probe.running',
  passed: 'web.probe.passed',
  failed: 'web.probe.failed',
  skipped: 'web.probe.skipped',
  stopped: 'web.probe.stopped',
} as const satisfies Readonly<Record<RowStatus, MessageKey>>;

interface Row {
  element: HTMLLIElement;
  status: RowStatus;
  startedAt?: number;
}

/** The elements the view draws into. */
export interface ProgressElements {
  section: HTMLElement;
  bar: HTMLElement;
  fill: HTMLElement;
  count: HTMLElement;
  status: HTMLElement;
  elapsed: HTMLElement;
  list: HTMLOListElement;
}

/** Draws one run's progress; `announce` gets the few lines a screen reader should hear. */
export class ProgressView {
  private readonly rows = new Map<string, Row>();
  private total = 0;
  private finished = 0;
  private startedAt = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private slowAnnounced = false;
  /** The bar's fill (0 to 1) so far in this run. */
  private filled = 0;
  /** The status line once the run is over, kept as a function so a language switch redraws it. */
  private endLine: (() => string) | undefined;

  constructor(
    private readonly elements: ProgressElements,
    private readonly announce: (text: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Shows empty rows for `names` and starts the timers. */
  start(names: readonly string[]): void {
    this.stopTimer();
    this.rows.clear();
    this.elements.list.replaceChildren();
    for (const name of names) this.row(name);
    this.total = names.length;
    this.finished = 0;
    this.startedAt = this.now();
    this.slowAnnounced = false;
    this.filled = 0;
    this.endLine = undefined;
    this.setBar(0, this.total);
    this.elements.status.textContent = t('web.progress.starting');
    this.elements.elapsed.textContent = formatElapsed(0);
    this.elements.section.hidden = false;
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** Applies one progress event. */
  update(event: ProgressEvent): void {
    this.total = Math.max(event.total, 1);
    this.finished = event.current;
    if (event.testName !== undefined && event.status !== undefined) {
      const row = this.row(event.testName);
      if (event.status === 'running') {
        row.startedAt = this.now();
        this.setRow(row, 'running', '');
      } else {
        this.setRow(row, event.status, duration(event.latencyMs));
        if (event.status === 'failed')
          this.announce(t('web.progress.probeFailed', { test: event.testName }));
      }
    }
    this.setBar(this.finished, this.total);
    this.tick();
  }

  /** Shows the final state of every row from the certification and stops the timers. */
  finish(certification: Certification): void {
    this.stopTimer();
    for (const result of certification.results)
      this.setRow(
        this.row(result.testName),
        result.status,
        duration(result.latencyMs),
        result.error?.message,
      );
    for (const [name, row] of this.rows) {
      if (!certification.results.some((result) => result.testName === name))
        this.setRow(row, 'skipped', '');
    }
    const total = Math.max(this.rows.size, certification.results.length);
    // The final count, not the running estimate.
    this.filled = 0;
    this.setBar(certification.results.length, total);
    this.elements.elapsed.textContent = certification.cached
      ? ''
      : formatElapsed(this.now() - this.startedAt);
    this.endLine = certification.cached
      ? () => t('web.progress.cached')
      : () =>
          t('web.progress.finished', {
            passed: count(certification.testsPassed),
            total: count(total),
          });
    this.elements.status.textContent = this.endLine();
  }

  /**
   * Stops the timers and every row that was still waiting (Cancel, a lost connection); `reason`
   * is the status line (a function, so a language switch redraws it).
   */
  stop(reason: () => string): void {
    this.stopTimer();
    for (const row of this.rows.values()) {
      if (row.status === 'running' || row.status === 'pending') this.setRow(row, 'stopped', '');
    }
    this.endLine = reason;
    this.elements.status.textContent = reason();
  }

  /** Redraws every word in the page's language now (after a language switch). */
  relabel(): void {
    for (const row of this.rows.values())
      this.cell(row, 'status').textContent = t(STATUS_KEYS[row.status]);
    this.setValueText(0);
    if (this.timer !== undefined) this.tick();
    else if (this.endLine) this.elements.status.textContent = this.endLine();
  }

  /** Hides the section (a request refused before any probe ran has nothing to show). */
  hide(): void {
    this.stopTimer();
    this.elements.section.hidden = true;
  }

  private tick(): void {
    const now = this.now();
    this.elements.elapsed.textContent = formatElapsed(now - this.startedAt);
    let running = 0;
    const runningElapsedMs: number[] = [];
    for (const [name, row] of this.rows) {
      if (row.status !== 'running' || row.startedAt === undefined) continue;
      running += 1;
      const waited = now - row.startedAt;
      runningElapsedMs.push(waited);
      const slow = waited > SLOW_PROBE_MS;
      if (slow && row.element.dataset.slow !== 'true') {
        row.element.dataset.slow = 'true';
        if (!this.slowAnnounced) {
          this.slowAnnounced = true;
          this.announce(
            t('web.progress.slow', { test: name, seconds: count(SLOW_PROBE_MS / 1000) }),
          );
        }
      }
      this.cell(row, 'status').textContent = t(
        slow ? 'web.probe.runningSlow' : 'web.probe.running',
      );
      this.cell(row, 'latency').textContent = wait(Math.floor(waited / 1000));
    }
    this.setFill(barFraction({ finished: this.finished, total: this.total, runningElapsedMs }));
    this.setValueText(running);
    const finished = t('web.progress.finishedCount', {
      done: count(this.finished),
      total: count(this.total),
    });
    this.elements.status.textContent =
      running > 0
        ? plural(
            running,
            { one: 'web.progress.running.one', other: 'web.progress.running.other' },
            { finished },
          )
        : this.finished > 0
          ? finished
          : t('web.progress.starting');
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private row(name: string): Row {
    const existing = this.rows.get(name);
    if (existing) return existing;
    const element = el('li', undefined, 'probe');
    element.dataset.test = name;
    element.append(
      el('span', name, 'probe-name'),
      el('span', '', 'probe-status'),
      el('span', '', 'probe-latency'),
    );
    this.elements.list.append(element);
    const row: Row = { element, status: 'pending' };
    this.rows.set(name, row);
    this.setRow(row, 'pending', '');
    return row;
  }

  private cell(row: Row, which: 'status' | 'latency'): HTMLElement {
    const cell = row.element.querySelector<HTMLElement>(`.probe-${which}`);
    if (!cell) throw new Error('A probe row lost a cell.');
    return cell;
  }

  private setRow(row: Row, status: RowStatus, latency: string, detail?: string): void {
    row.status = status;
    row.element.dataset.status = status;
    if (status !== 'running') delete row.element.dataset.slow;
    this.cell(row, 'status').textContent = t(STATUS_KEYS[status]);
    this.cell(row, 'latency').textContent = latency;
    row.element.title = detail ?? '';
  }

  /** The count and the bar's value: finished probes (the fill adds running ones, see {@link tick}). */
  private setBar(current: number, total: number): void {
    const safeTotal = Math.max(total, 1);
    const done = Math.min(Math.max(current, 0), safeTotal);
    const { bar, count } = this.elements;
    bar.setAttribute('aria-valuemax', String(safeTotal));
    bar.setAttribute('aria-valuenow', String(done));
    this.setValueText(0);
    this.setFill(done / safeTotal);
    count.textContent = `${done}/${safeTotal}`;
  }

  private setValueText(running: number): void {
    const { bar } = this.elements;
    const done = bar.getAttribute('aria-valuenow') ?? '0';
    const total = bar.getAttribute('aria-valuemax') ?? '0';
    bar.setAttribute(
      'aria-valuetext',
      running > 0
        ? progressValueText(Number(done), Number(total), running)
        : t('web.progress.valueText', { done: count(Number(done)), total: count(Number(total)) }),
    );
  }

  /** Never backwards within a run: a probe that finishes turns its partial share into a whole one. */
  private setFill(fraction: number): void {
    this.filled = Math.max(this.filled, Math.min(1, Math.max(0, fraction)));
    // A CSSOM property, not a style attribute: allowed by a CSP without 'unsafe-inline'.
    this.elements.fill.style.width = `${(this.filled * 100).toFixed(1)}%`;
  }
}

/** `0:07`, `1:02`: a run never lasts past a minute or two. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
