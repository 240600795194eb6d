/**
 * A model's recent runs as a small timeline: one mark per run (oldest left, newest right,
 * coloured by status, ringed when it changed), the TTFT trend as a line under it, and the runs
 * as a list for screen readers and exact values.
 */
import type { CertificationRun } from '../client/index.js';
import { el } from './dom.js';
import { t } from './i18n.js';
import { count, dateTime, duration, plural } from './locale-format.js';
import { statusLabel } from './result-view.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 240;
const HEIGHT = 36;

/** The TTFT trend as an SVG polyline (oldest left); `undefined` with fewer than two timed runs. */
function ttftTrend(runs: readonly CertificationRun[]): SVGSVGElement | undefined {
  const timed = runs
    .map((run, index) => ({ index, ttft: run.ttftMs }))
    .filter((point): point is { index: number; ttft: number } => point.ttft !== null);
  if (timed.length < 2) return undefined;
  const max = Math.max(...timed.map((point) => point.ttft));
  const min = Math.min(...timed.map((point) => point.ttft));
  const span = Math.max(max - min, 1);
  const step = runs.length > 1 ? (WIDTH - 8) / (runs.length - 1) : 0;
  const points = timed.map(
    ({ index, ttft }) =>
      `${(4 + index * step).toFixed(1)},${(HEIGHT - 4 - ((ttft - min) / span) * (HEIGHT - 8)).toFixed(1)}`,
  );
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  svg.setAttribute('class', 'trend');
  svg.setAttribute('role', 'img');
  svg.setAttribute(
    'aria-label',
    t('web.history.trend', { values: timed.map((point) => duration(point.ttft)).join(', ') }),
  );
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', points.join(' '));
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke', 'currentColor');
  line.setAttribute('stroke-width', '2');
  svg.append(line);
  return svg;
}

/** Draws the runs (newest first, as the API returns them) into `section`. */
export function renderHistory(section: HTMLElement, runs: readonly CertificationRun[]): void {
  const heading = el('h2', t('web.history.heading'));
  heading.id = 'history-heading';
  if (runs.length === 0) {
    section.replaceChildren(heading, el('p', t('web.history.none'), 'muted'));
    section.hidden = false;
    return;
  }
  const oldestFirst = [...runs].reverse();
  const strip = el('ol', undefined, 'timeline');
  strip.setAttribute('aria-hidden', 'true');
  for (const run of oldestFirst) {
    const mark = el('li', undefined, `run badge-${run.status}`);
    mark.dataset.status = run.status;
    if (run.changed) mark.dataset.changed = 'true';
    const at = dateTime(run.certifiedAt);
    const status = statusLabel(run.status);
    mark.title = run.changed ? t('web.history.markChanged', { at, status }) : `${at}: ${status}`;
    strip.append(mark);
  }
  const visual = el('div', undefined, 'timeline-row');
  visual.append(strip);
  const trend = ttftTrend(oldestFirst);
  if (trend) visual.append(trend);

  const list = el('ul', undefined, 'runs');
  for (const run of runs) {
    const item = el('li');
    item.dataset.status = run.status;
    const parts = [
      dateTime(run.certifiedAt),
      `${statusLabel(run.status)} (${count(run.testsPassed)}/${count(run.testsPassed + run.testsFailed)})`,
      t('web.history.ttft', { duration: duration(run.ttftMs) }),
      t(run.trigger === 'schedule' ? 'web.history.scheduled' : 'web.history.requested'),
    ];
    item.append(parts.join(' · '));
    if (run.changed) item.append(' ', el('strong', t('web.history.changed'), 'changed'));
    list.append(item);
  }
  // The catalog does not carry when a model last changed; its history does (newest first).
  const lastChange = runs.find((run) => run.changed);
  const changed = el(
    'p',
    lastChange
      ? t('web.history.lastChanged', { at: dateTime(lastChange.certifiedAt) })
      : plural(runs.length, {
          one: 'web.history.noChange.one',
          other: 'web.history.noChange.other',
        }),
    'last-changed',
  );
  const details = el('details');
  details.append(
    el(
      'summary',
      plural(runs.length, { one: 'web.history.runs.one', other: 'web.history.runs.other' }),
    ),
    list,
  );
  section.replaceChildren(heading, changed, visual, details);
  section.hidden = false;
}
