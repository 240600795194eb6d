/**
 * The certification page's script: reads the form, certifies through the typed client and
 * renders progress and the result. Built by `web/build.ts` into an inline script; it uses
 * DOM APIs and `textContent` only (no `innerHTML`), so nothing the server or the URL sends
 * can become markup, and no inline handlers, so a hash-based CSP lets it run.
 */
import { certifyModel, TEST_NAMES, type Certification, type ProgressEvent, type TestResult } from '../client/index.js';
import { isValidModelId } from '../shared/model-id.js';
import { PAGE_IDS } from '../shared/web/page-ids.js';
import { formatCost, formatDuration, formatRate, formatTimestamp } from '../client/format.js';
import { parseFragment } from './fragment.js';
import { describeError, type UserMessage } from './messages.js';

/** sessionStorage: the token lives as long as the tab, never in localStorage or a cookie. */
const TOKEN_KEY = 'bedrock-certification.token';

type RowStatus = 'pending' | 'running' | 'passed' | 'failed' | 'skipped';

function byId<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`The page has no #${id}.`);
  return found;
}

const form = byId(PAGE_IDS.form, HTMLFormElement);
const modelInput = byId(PAGE_IDS.modelId, HTMLInputElement);
const tokenInput = byId(PAGE_IDS.token, HTMLInputElement);
const reuseCache = byId(PAGE_IDS.reuseCache, HTMLInputElement);
const submitButton = byId(PAGE_IDS.submit, HTMLButtonElement);
const cancelButton = byId(PAGE_IDS.cancel, HTMLButtonElement);
const progressSection = byId(PAGE_IDS.progressSection, HTMLElement);
const progressBar = byId(PAGE_IDS.progressBar, HTMLElement);
const progressFill = byId(PAGE_IDS.progressFill, HTMLElement);
const progressCount = byId(PAGE_IDS.progressCount, HTMLElement);
const progressStatus = byId(PAGE_IDS.progressStatus, HTMLElement);
const probeList = byId(PAGE_IDS.probeList, HTMLOListElement);
const messageBox = byId(PAGE_IDS.message, HTMLElement);
const resultSection = byId(PAGE_IDS.result, HTMLElement);

const rows = new Map<string, HTMLLIElement>();
let running: AbortController | undefined;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className !== undefined) node.className = className;
  return node;
}

// --- token and model from the URL fragment --------------------------------------------------

function restoreInputs(): void {
  const fragment = parseFragment(location.hash);
  if (fragment.token) {
    sessionStorage.setItem(TOKEN_KEY, fragment.token);
    // The fragment never reached a server; drop it from the address bar and history too, so the
    // token is not left on screen or in a bookmark.
    history.replaceState(null, '', `${location.pathname}${location.search}`);
  }
  tokenInput.value = fragment.token ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
  if (fragment.model) modelInput.value = fragment.model;
}

// --- progress -------------------------------------------------------------------------------

function resetProgress(total: number, names: readonly string[]): void {
  rows.clear();
  probeList.replaceChildren();
  for (const name of names) addRow(name);
  setBar(0, total);
  progressStatus.textContent = 'Starting…';
  progressSection.hidden = false;
}

function addRow(name: string): HTMLLIElement {
  const row = el('li', undefined, 'probe');
  row.dataset.test = name;
  row.append(el('span', name, 'probe-name'), el('span', '', 'probe-status'), el('span', '', 'probe-latency'));
  probeList.append(row);
  rows.set(name, row);
  setRow(name, 'pending');
  return row;
}

function setRow(name: string, status: RowStatus, latencyMs?: number, detail?: string): void {
  const row = rows.get(name) ?? addRow(name);
  row.dataset.status = status;
  const [, statusCell, latencyCell] = row.children;
  if (statusCell) statusCell.textContent = status;
  if (latencyCell) latencyCell.textContent = latencyMs === undefined ? '' : formatDuration(latencyMs);
  row.title = detail ?? '';
}

function setBar(current: number, total: number): void {
  const safeTotal = Math.max(total, 1);
  const done = Math.min(Math.max(current, 0), safeTotal);
  progressBar.setAttribute('aria-valuemin', '0');
  progressBar.setAttribute('aria-valuemax', String(safeTotal));
  progressBar.setAttribute('aria-valuenow', String(done));
  progressBar.setAttribute('aria-valuetext', `${done} of ${safeTotal} tests finished`);
  // A CSSOM property, not a style attribute: allowed by a CSP without 'unsafe-inline'.
  progressFill.style.width = `${(done / safeTotal) * 100}%`;
  progressCount.textContent = `${done}/${safeTotal}`;
}

function onProgress(event: ProgressEvent): void {
  if (Number(progressBar.getAttribute('aria-valuemax')) !== event.total) setBar(event.current, event.total);
  if (event.testName && event.status) {
    setRow(event.testName, event.status, event.status === 'running' ? undefined : event.latencyMs);
    progressStatus.textContent =
      event.status === 'running' ? `Running ${event.testName}…` : `${event.testName} ${event.status} (${event.current} of ${event.total} finished)`;
  } else if (event.message) {
    progressStatus.textContent = event.message;
  }
  setBar(event.current, event.total);
}

function showFinalProgress(certification: Certification): void {
  for (const result of certification.results) setRow(result.testName, result.status, result.latencyMs, result.error?.message);
  for (const [name, row] of rows) {
    if (!certification.results.some((result) => result.testName === name) && row.dataset.status !== 'passed') setRow(name, 'skipped');
  }
  const total = Math.max(rows.size, certification.results.length);
  setBar(certification.results.length, total);
  progressStatus.textContent = certification.cached ? 'Served from the cache.' : `Finished: ${certification.testsPassed} of ${total} passed.`;
}

// --- result ---------------------------------------------------------------------------------

/** Labels of the statuses this page knows; another one (from a newer service) shows as sent. */
const STATUS_LABEL: Readonly<Partial<Record<string, string>>> = { certified: 'Certified', failed: 'Failed', unavailable: 'Unavailable' };

function summaryList(entries: readonly [string, string][]): HTMLDListElement {
  const list = el('dl', undefined, 'summary');
  for (const [term, value] of entries) {
    const item = el('div');
    item.append(el('dt', term), el('dd', value));
    list.append(item);
  }
  return list;
}

function resultsTable(results: readonly TestResult[]): HTMLTableElement {
  const table = el('table', undefined, 'results');
  table.append(el('caption', 'Per-test results'));
  const head = el('tr');
  for (const label of ['Test', 'Result', 'Latency', 'Detail']) {
    const th = el('th', label, label === 'Latency' ? 'num' : undefined);
    th.scope = 'col';
    head.append(th);
  }
  table.createTHead().append(head);
  const body = table.createTBody();
  for (const result of results) {
    const row = el('tr');
    row.dataset.status = result.status;
    const name = el('th', result.testName);
    name.scope = 'row';
    const detail = result.error ? `${result.error.code}: ${result.error.message}` : result.ttftMs !== undefined ? `first token after ${formatDuration(result.ttftMs)}` : '';
    row.append(name, el('td', result.status, 'status'), el('td', formatDuration(result.latencyMs), 'num'), el('td', detail));
    body.append(row);
  }
  return table;
}

function renderResult(certification: Certification): void {
  const heading = el('h2');
  heading.id = 'result-heading';
  heading.append(el('span', STATUS_LABEL[certification.status] ?? certification.status, `badge badge-${certification.status}`), ` ${certification.modelId}`);
  const finished = certification.testsPassed + certification.testsFailed;
  const usage = certification.usage;
  const children: Node[] = [
    heading,
    summaryList([
      ['Status', certification.status],
      ['Success rate', `${certification.successRate}% (${certification.testsPassed}/${finished} passed)`],
      ['Average latency', formatDuration(certification.avgLatencyMs)],
      ['Time to first token', formatDuration(certification.ttftMs)],
      ['Output speed', formatRate(certification.outputTokensPerSecond)],
      ['Tokens', `${usage.inputTokens} in / ${usage.outputTokens} out`],
      ['Estimated cost', formatCost(certification.estimatedCostUsd)],
      ['Region', certification.region],
      ['Certified at', `${formatTimestamp(certification.certifiedAt)}${certification.cached ? ' (cached)' : ''}`],
      ['Expires at', formatTimestamp(certification.expiresAt)],
    ]),
    resultsTable(certification.results),
  ];
  if (certification.diagnosis && certification.diagnosis.length > 0) {
    const section = el('div', undefined, 'diagnosis');
    section.append(el('h3', 'Diagnosis'));
    const list = el('ul');
    for (const item of certification.diagnosis) {
      const entry = el('li');
      entry.append(el('strong', item.code), ` (${item.tests.join(', ')}): ${item.hint}`);
      list.append(entry);
    }
    section.append(list);
    children.push(section);
  }
  resultSection.replaceChildren(...children);
  resultSection.dataset.status = certification.status;
  resultSection.hidden = false;
}

// --- messages -------------------------------------------------------------------------------

function showMessage(message: UserMessage | undefined): void {
  if (!message) {
    messageBox.hidden = true;
    messageBox.replaceChildren();
    delete messageBox.dataset.kind;
    return;
  }
  messageBox.replaceChildren(el('strong', message.title), el('p', message.detail));
  messageBox.dataset.kind = message.kind;
  messageBox.hidden = false;
}

// --- the run --------------------------------------------------------------------------------

function setBusy(busy: boolean): void {
  submitButton.disabled = busy;
  modelInput.readOnly = busy;
  tokenInput.readOnly = busy;
  cancelButton.hidden = !busy;
  form.setAttribute('aria-busy', String(busy));
}

async function run(): Promise<void> {
  const modelId = modelInput.value.trim();
  const token = tokenInput.value.trim();
  showMessage(undefined);
  if (!isValidModelId(modelId)) {
    showMessage({ kind: 'invalid', title: 'Invalid model id', detail: 'Enter a Bedrock model id (anthropic.claude-…), an inference profile id (us.…) or a model ARN.' });
    modelInput.focus();
    return;
  }
  if (!token) {
    showMessage({ kind: 'unauthorized', title: 'Access token required', detail: 'Paste an access token to certify a model.' });
    tokenInput.focus();
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);

  const controller = new AbortController();
  running = controller;
  setBusy(true);
  resultSection.hidden = true;
  resetProgress(TEST_NAMES.length, TEST_NAMES);
  // An object, not a `let`: set in the progress callback, which TypeScript's narrowing does not follow.
  const progress = { started: false };
  try {
    const certification = await certifyModel(modelId, {
      // The page is served by the service itself, so the API lives next to it.
      baseUrl: new URL('.', location.href).href,
      token,
      signal: controller.signal,
      checkCacheFirst: reuseCache.checked,
      onProgress: (event) => {
        progress.started = true;
        onProgress(event);
      },
    });
    showFinalProgress(certification);
    renderResult(certification);
  } catch (error) {
    const message = describeError(error);
    progressStatus.textContent = message.title;
    // Rejected before any probe ran (401, 429, network): empty progress rows would only confuse.
    if (!progress.started) progressSection.hidden = true;
    showMessage(message);
  } finally {
    running = undefined;
    setBusy(false);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!running) void run();
});
cancelButton.addEventListener('click', () => running?.abort());
tokenInput.addEventListener('change', () => sessionStorage.setItem(TOKEN_KEY, tokenInput.value.trim()));
restoreInputs();
document.documentElement.dataset.ready = 'true';
