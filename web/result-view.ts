/**
 * The result card, in the order a person acts on it: status, then what to do first (the
 * diagnosis, with one-click actions for a suggested inference profile), then the figures, the
 * capability matrix and the per-test table. Server text is only ever set as text; hint code
 * spans become `<code>` elements built from text nodes.
 */
import type { Certification, Diagnosis, TestResult } from '../client/index.js';
import { capabilityList } from './capabilities.js';
import { splitCodeSpans } from './code-spans.js';
import { breakableId, button, el, modelIdSpan } from './dom.js';
import { t } from './i18n.js';
import { cost, count, dateTime, duration, percent } from './locale-format.js';
import { describeOutputSpeed } from './output-speed.js';

/**
 * A status as the page names it, in its language; a status it does not know (from a newer
 * service) shows as sent.
 */
export function statusLabel(status: string): string {
  switch (status) {
    case 'certified':
      return t('web.status.certified');
    case 'failed':
      return t('web.status.failed');
    case 'unavailable':
      return t('web.status.unavailable');
    case 'uncertified':
      return t('web.status.uncertified');
    default:
      return status;
  }
}

/** A status badge. */
export function badge(status: string): HTMLSpanElement {
  return el('span', statusLabel(status), `badge badge-${status}`);
}

/** What the result card needs besides the certification. */
export interface ResultActions {
  /** Certifies another id (a suggested inference profile). */
  certify: (modelId: string) => void;
  /** Whether certifying is possible now (false during a run or a 429 wait). */
  canCertify: () => boolean;
}

/** `text` with its code spans as `<code>`. */
export function withCodeSpans(text: string): Node[] {
  return splitCodeSpans(text).map((segment) =>
    segment.code ? el('code', segment.text) : document.createTextNode(segment.text),
  );
}

/**
 * The one reason behind every test of a diagnosis, when they share it: a message every other
 * test's message contains. When the model cannot be invoked, the first probe carries Bedrock's
 * message and the engine stops the rest "because the model cannot be invoked: <that message>",
 * so the root message is said once instead of six times.
 */
export function rootMessage(
  results: readonly TestResult[],
  diagnosis: Pick<Diagnosis, 'code' | 'tests'>,
): string | undefined {
  const messages = results
    .filter(
      (result) =>
        diagnosis.tests.includes(result.testName) && result.error?.code === diagnosis.code,
    )
    .map((result) => result.error?.message ?? '');
  return messages
    .filter(
      (candidate) => candidate !== '' && messages.every((message) => message.includes(candidate)),
    )
    .sort((a, b) => a.length - b.length)[0];
}

/** True when every probe failed with one code and one message: say it once, skip the table. */
function failedForOneReason(certification: Certification): boolean {
  const [first] = certification.diagnosis ?? [];
  return (
    certification.testsPassed === 0 &&
    certification.diagnosis?.length === 1 &&
    first !== undefined &&
    first.tests.length === certification.results.length &&
    rootMessage(certification.results, first) !== undefined
  );
}

function adviceBlock(
  certification: Certification,
  diagnosis: Diagnosis,
  actions: ResultActions,
): HTMLElement {
  const block = el('div', undefined, 'advice');
  block.dataset.code = diagnosis.code;
  const all =
    diagnosis.tests.length === certification.results.length && certification.results.length > 1;
  const scope = all
    ? t('web.result.allProbes', { count: count(diagnosis.tests.length) })
    : diagnosis.tests.join(', ');
  const title = el('p', undefined, 'advice-title');
  title.append(el('strong', diagnosis.code), ` · ${scope}`);
  block.append(title);
  const message = rootMessage(certification.results, diagnosis);
  if (message !== undefined) block.append(el('p', message, 'reason'));
  const hint = el('p', undefined, 'hint');
  hint.append(...withCodeSpans(diagnosis.hint));
  block.append(hint);
  const suggestions = diagnosis.suggestedModelIds ?? [];
  if (suggestions.length > 0) {
    const row = el('div', undefined, 'actions');
    suggestions.forEach((modelId, index) => {
      const action = button(
        `${t('web.result.certify')} `,
        index === 0 ? 'suggested' : 'secondary suggested',
      );
      action.append(...breakableId(modelId));
      action.dataset.modelId = modelId;
      action.disabled = !actions.canCertify();
      action.addEventListener('click', () => actions.certify(modelId));
      row.append(action);
    });
    block.append(row);
  }
  return block;
}

function summaryList(entries: readonly [string, string][]): HTMLDListElement {
  const list = el('dl', undefined, 'summary');
  for (const [term, value] of entries) {
    const item = el('div');
    item.append(el('dt', term), el('dd', value));
    list.append(item);
  }
  return list;
}

function resultDetail(certification: Certification, result: TestResult): string {
  if (result.error) {
    const diagnosis = certification.diagnosis?.find((entry) => entry.code === result.error?.code);
    // Said once above, in the diagnosis.
    if (
      diagnosis &&
      result.error.message.includes(rootMessage(certification.results, diagnosis) ?? '\u0000')
    )
      return t('web.result.seeAbove', { code: result.error.code });
    return `${result.error.code}: ${result.error.message}`;
  }
  return result.ttftMs === undefined
    ? ''
    : t('web.result.firstToken', { duration: duration(result.ttftMs) });
}

/** A probe's result as a word in the page's language (the row's `data-status` keeps the code). */
function statusWord(status: TestResult['status']): string {
  return t(status === 'passed' ? 'web.probe.passed' : 'web.probe.failed');
}

function resultsTable(certification: Certification): HTMLTableElement {
  const table = el('table', undefined, 'results stack');
  table.append(el('caption', t('web.result.perTest')));
  const labels = [
    t('web.result.test'),
    t('web.result.result'),
    t('web.result.latency'),
    t('web.result.detail'),
  ];
  const head = el('tr');
  for (const [index, label] of labels.entries()) {
    const th = el('th', label, index === 2 ? 'num' : undefined);
    th.scope = 'col';
    head.append(th);
  }
  table.createTHead().append(head);
  const body = table.createTBody();
  for (const result of certification.results) {
    const row = el('tr');
    row.dataset.status = result.status;
    const name = el('th', result.testName);
    name.scope = 'row';
    const cells = [
      el('td', statusWord(result.status), 'status'),
      el('td', duration(result.latencyMs), 'num'),
      el('td', resultDetail(certification, result), 'detail'),
    ];
    // Card layout on narrow screens labels each cell from this attribute (CSS `attr()`).
    cells.forEach((cell, index) => (cell.dataset.label = labels[index + 1]));
    row.append(name, ...cells);
    body.append(row);
  }
  return table;
}

/** Draws `certification` into `section` and returns its heading (to move focus to). */
export function renderResult(
  section: HTMLElement,
  certification: Certification,
  actions: ResultActions,
): HTMLElement {
  const heading = el('h2');
  heading.id = 'result-heading';
  heading.tabIndex = -1;
  heading.append(badge(certification.status), ' ', modelIdSpan(certification.modelId));
  const children: Node[] = [heading];

  const diagnoses = certification.diagnosis ?? [];
  if (diagnoses.length > 0) {
    const advice = el('div', undefined, 'diagnosis');
    advice.append(el('h3', t('web.result.whatFirst')));
    for (const diagnosis of diagnoses)
      advice.append(adviceBlock(certification, diagnosis, actions));
    children.push(advice);
  }

  const finished = certification.testsPassed + certification.testsFailed;
  const usage = certification.usage;
  const checked = t(
    certification.status === 'certified' ? 'web.result.certifiedAt' : 'web.result.checkedAt',
  );
  const at = dateTime(certification.certifiedAt);
  children.push(
    summaryList([
      [
        t('web.result.successRate'),
        t('web.result.successRateValue', {
          rate: percent(certification.successRate),
          passed: count(certification.testsPassed),
          finished: count(finished),
        }),
      ],
      [t('web.result.avgLatency'), duration(certification.avgLatencyMs)],
      [t('web.result.ttft'), duration(certification.ttftMs)],
      [t('web.result.outputSpeed'), describeOutputSpeed(certification).text],
      [
        t('web.result.tokens'),
        t('web.result.tokensValue', {
          input: count(usage.inputTokens),
          output: count(usage.outputTokens),
        }),
      ],
      [t('web.result.cost'), cost(certification.estimatedCostUsd)],
      [t('web.result.region'), certification.region],
      [checked, certification.cached ? t('web.result.atCached', { at }) : at],
      [t('web.result.expiresAt'), dateTime(certification.expiresAt)],
    ]),
  );
  const caps = el('div', undefined, 'capabilities');
  caps.append(el('h3', t('web.result.capabilities')), capabilityList(certification.capabilities));
  children.push(caps);
  if (failedForOneReason(certification)) {
    children.push(
      el('p', t('web.result.allFailed', { count: count(certification.results.length) }), 'muted'),
    );
  } else {
    children.push(resultsTable(certification));
  }
  section.replaceChildren(...children);
  section.dataset.status = certification.status;
  section.hidden = false;
  return heading;
}
