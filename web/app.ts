/**
 * The certification page's script: the catalog (landing view), one model's detail view
 * (progress, result, history), recent results and the month's usage. Built by `web/build.ts`
 * into an inline script; it uses DOM APIs and `textContent` only (no `innerHTML`), so nothing
 * the server or the URL sends can become markup, and no inline handlers, so a hash-based CSP
 * lets it run.
 */
import {
  ApiError,
  certifyBatch,
  certifyModel,
  checkCertification,
  getCatalog,
  getCertificationHistory,
  getRegions,
  getUsage,
  listCertificationsPage,
  MAX_BATCH_ITEMS,
  RateLimitedApiError,
  isSuiteName,
  testNamesOf,
  QuotaExceededApiError,
  UnauthorizedApiError,
  type BatchItemEvent,
  type BatchItemRequest,
  type Certification,
  type CertificationRun,
  type ClientOptions,
  type SuiteName,
  type UsageResponse,
} from '../client/index.js';
import { isSupportedLocale } from '../shared/i18n/locale.js';
import { isValidModelId } from '../shared/model-id.js';
import { PAGE_IDS } from '../shared/web/page-ids.js';
import { catalogCaption, pageLead } from '../shared/web/page-text.js';
import { itemFor, type BatchItem, type BatchItemSpec } from './batch-state.js';
import { BatchView } from './batch-view.js';
import { CatalogView } from './catalog-view.js';
import { breakableId, byId, el } from './dom.js';
import { modelFragment, parseFragment } from './fragment.js';
import { renderHistory } from './history-view.js';
import { applyLocale, initialLocale, LANGUAGE_KEY, pageLocale, t } from './i18n.js';
import { count, dateTime } from './locale-format.js';
import {
  badModelLinkMessage,
  CANCELLED_MESSAGE,
  describeError,
  invalidModelIdMessage,
  rateLimitParts,
  tokenRequiredMessage,
  type UserMessage,
} from './messages.js';
import { ProgressView } from './progress-view.js';
import { RegionView } from './region-view.js';
import { badge, renderResult, statusLabel } from './result-view.js';
import { tokenExpiry } from './token-expiry.js';
import { usageText } from './usage-view.js';

/** sessionStorage: the token lives as long as the tab, never in localStorage or a cookie. */
const TOKEN_KEY = 'bedrock-certification.token';
const RECENT_COUNT = 8;
const HISTORY_LIMIT = 20;
/** A rate-limit 429 on a batch request is waited out at most this often per request ... */
const MAX_RATE_LIMIT_WAITS = 5;
/** ... and not when it asks for longer than this (the CLI's bounds too). */
const MAX_WAIT_SECONDS = 600;

const form = byId(PAGE_IDS.form, HTMLFormElement);
const languageSelect = byId(PAGE_IDS.language, HTMLSelectElement);
const modelInput = byId(PAGE_IDS.modelId, HTMLInputElement);
const tokenInput = byId(PAGE_IDS.token, HTMLInputElement);
const reuseCache = byId(PAGE_IDS.reuseCache, HTMLInputElement);
const suiteSelect = byId(PAGE_IDS.suite, HTMLSelectElement);
const transport = byId(PAGE_IDS.transport, HTMLSelectElement);
const submitButton = byId(PAGE_IDS.submit, HTMLButtonElement);
const cancelButton = byId(PAGE_IDS.cancel, HTMLButtonElement);
const usageLine = byId(PAGE_IDS.usage, HTMLElement);
const messageBox = byId(PAGE_IDS.message, HTMLElement);
const announcer = byId(PAGE_IDS.announcer, HTMLElement);
const catalogSection = byId(PAGE_IDS.catalogView, HTMLElement);
const catalogHeading = byId(PAGE_IDS.catalogHeading, HTMLElement);
const catalogSummary = byId(PAGE_IDS.catalogSummary, HTMLElement);
const certifyAllButton = byId(PAGE_IDS.certifyAll, HTMLButtonElement);
const batchStopButton = byId(PAGE_IDS.batchStop, HTMLButtonElement);
const batchStatus = byId(PAGE_IDS.batchStatus, HTMLElement);
const recentSection = byId(PAGE_IDS.recent, HTMLElement);
const recentList = byId(PAGE_IDS.recentList, HTMLUListElement);
const recentMore = byId(PAGE_IDS.recentMore, HTMLButtonElement);
const detailView = byId(PAGE_IDS.detailView, HTMLElement);
const resultSection = byId(PAGE_IDS.result, HTMLElement);
const historySection = byId(PAGE_IDS.history, HTMLElement);

/** What runs now. Only one certification flow at a time: a detail run or a catalog batch. */
const state: {
  run?: { modelId: string; controller: AbortController };
  batch?: AbortController;
  /** Until when (epoch ms) the rate limit refuses certifications. */
  cooldownUntil: number;
  /** The model the detail view shows; `undefined` in the catalog view. */
  detailModel?: string;
  ticker?: ReturnType<typeof setInterval>;
} = { cooldownUntil: 0 };

/**
 * What the views built by the script show, kept so that a language switch redraws them in the
 * new language without asking the service again. Messages are functions for the same reason.
 */
const shown: {
  message?: () => UserMessage;
  catalogSummary?: () => string;
  recent: Certification[];
  usage?: UsageResponse;
  result?: Certification;
  history?: { modelId: string; runs: CertificationRun[] };
} = { recent: [] };

const announce = (text: string): void => {
  announcer.textContent = text;
};

const progress = new ProgressView(
  {
    section: byId(PAGE_IDS.progressSection, HTMLElement),
    bar: byId(PAGE_IDS.progressBar, HTMLElement),
    fill: byId(PAGE_IDS.progressFill, HTMLElement),
    count: byId(PAGE_IDS.progressCount, HTMLElement),
    status: byId(PAGE_IDS.progressStatus, HTMLElement),
    elapsed: byId(PAGE_IDS.progressElapsed, HTMLElement),
    list: byId(PAGE_IDS.probeList, HTMLOListElement),
  },
  announce,
);

const catalog = new CatalogView(
  {
    section: catalogSection,
    summary: catalogSummary,
    statusFilter: byId(PAGE_IDS.statusFilter, HTMLSelectElement),
    providerFilter: byId(PAGE_IDS.providerFilter, HTMLSelectElement),
    certifyAll: certifyAllButton,
    batchStatus,
    table: byId(PAGE_IDS.catalogTable, HTMLTableElement),
    empty: byId(PAGE_IDS.catalogEmpty, HTMLElement),
  },
  {
    // The catalog's rows are its Region's, the service's default: the request names none.
    certify: (targets) =>
      void runBatch(targets.map(({ modelId, target }) => ({ key: modelId, target, row: modelId }))),
    canCertify,
  },
);

const regionView = new RegionView(
  {
    section: byId(PAGE_IDS.regionView, HTMLElement),
    summary: byId(PAGE_IDS.regionSummary, HTMLElement),
    table: byId(PAGE_IDS.regionTable, HTMLTableElement),
  },
  {
    certify: ({ modelId, region, row }) =>
      void runBatch([{ key: `${region}\n${row}`, target: modelId, row, region }]),
    canCertify,
  },
);

const batchView = new BatchView(
  { section: catalogSection, status: batchStatus, stop: batchStopButton },
  [catalog, regionView],
  announce,
);

// --- shared state ---------------------------------------------------------------------------

function token(): string {
  return tokenInput.value.trim();
}

function clientOptions(signal?: AbortSignal): ClientOptions {
  // The page is served by the service itself, so the API lives next to it.
  return {
    baseUrl: new URL('.', location.href).href,
    token: token(),
    // The service's error messages in the page's language, whatever the browser's own.
    language: pageLocale(),
    ...(signal ? { signal } : {}),
  };
}

/** The suite the form asks for. */
function suite(): SuiteName {
  return isSuiteName(suiteSelect.value) ? suiteSelect.value : 'core';
}

function canCertify(): boolean {
  return state.run === undefined && state.batch === undefined && Date.now() >= state.cooldownUntil;
}

/** Enables or disables every Certify control from {@link canCertify}. */
function refreshControls(): void {
  const enabled = canCertify();
  submitButton.disabled = !enabled;
  for (const action of resultSection.querySelectorAll<HTMLButtonElement>('button.suggested'))
    action.disabled = !enabled;
  catalog.refreshActions();
  regionView.refreshActions();
}

/** The width at which the catalog's rows become cards and the form fills a screen. */
function isPhone(): boolean {
  return matchMedia('(max-width: 48rem)').matches;
}

/**
 * On a phone the form fills the first screen, so what a run or a link opens (progress, a result,
 * a message) starts below the fold: scroll it to the top. Wider screens show it in place.
 */
function revealOnPhone(element: HTMLElement): void {
  if (!isPhone()) return;
  const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
  element.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
}

/**
 * Shows `message` in the alert box (or clears it). A function is called again when the language
 * changes, so the message is said in the new one.
 */
function showMessage(message: UserMessage | (() => UserMessage) | undefined, reveal = false): void {
  shown.message = typeof message === 'function' ? message : message && (() => message);
  drawMessage();
  if (message && reveal) revealOnPhone(messageBox);
}

function drawMessage(): void {
  const message = shown.message?.();
  if (!message) {
    messageBox.hidden = true;
    messageBox.replaceChildren();
    delete messageBox.dataset.kind;
    return;
  }
  messageBox.replaceChildren(
    el('strong', message.title),
    message.kind === 'rate-limited' ? countdownParagraph() : el('p', message.detail),
  );
  messageBox.dataset.kind = message.kind;
  messageBox.hidden = false;
}

/**
 * The 429 detail with its wait in a span the ticker updates. The span is `aria-live="off"`, so the
 * alert is announced once rather than every second; the final "now" replaces the whole paragraph
 * and is announced.
 */
function countdownParagraph(
  secondsLeft = Math.ceil((state.cooldownUntil - Date.now()) / 1000),
): HTMLParagraphElement {
  const { before, wait, after } = rateLimitParts(secondsLeft);
  const paragraph = el('p', before);
  if (wait !== '') {
    const span = el('span', wait, 'countdown');
    span.setAttribute('aria-live', 'off');
    paragraph.append(span, after);
  }
  return paragraph;
}

/** The message for `error`, knowing the token's expiry (to say "expired" rather than "invalid"). */
function describe(error: unknown): UserMessage {
  const expiresAt = tokenExpiry(token());
  return describeError(error, expiresAt ? { tokenExpiresAt: expiresAt } : {});
}

// --- the rate-limit countdown ---------------------------------------------------------------

/** One timer for every countdown on the page; runs only while something counts down. */
function tick(): void {
  const left = Math.ceil((state.cooldownUntil - Date.now()) / 1000);
  if (messageBox.dataset.kind === 'rate-limited') {
    const countdown = messageBox.querySelector('.countdown');
    if (left > 0 && countdown) countdown.textContent = rateLimitParts(left).wait;
    else if (countdown) messageBox.querySelector('p')?.replaceWith(countdownParagraph(0));
  }
  batchView.tick();
  if (left <= 0 && state.batch === undefined && state.ticker !== undefined) {
    clearInterval(state.ticker);
    state.ticker = undefined;
    refreshControls();
  }
}

function ensureTicker(): void {
  state.ticker ??= setInterval(tick, 1000);
}

function startCooldown(error: RateLimitedApiError): void {
  state.cooldownUntil = Date.now() + error.retryAfterSeconds * 1000;
  ensureTicker();
  refreshControls();
}

// --- views ----------------------------------------------------------------------------------

/**
 * Shows the view the address names. `reveal`: a link was opened (page load, a `#model=` link), so
 * on a phone what it opens is scrolled into view; not when the token field changed under the
 * person's fingers.
 */
function route(reveal = true): void {
  const { model } = parseFragment(location.hash);
  if (model !== undefined && !isValidModelId(model)) {
    // A link with a bad id: say so once, drop it from the address bar, and land on the catalog
    // with the id in the field to fix.
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    showCatalog();
    modelInput.value = model;
    modelInput.setAttribute('aria-invalid', 'true');
    showMessage(() => badModelLinkMessage(model), reveal);
    return;
  }
  if (model !== undefined) void showDetail(model, true, reveal);
  else showCatalog(reveal);
}

function showCatalog(reveal = false): void {
  state.detailModel = undefined;
  detailView.hidden = true;
  catalogSection.hidden = false;
  void loadCatalog(reveal);
  void loadRegions();
  void loadRecent();
}

/**
 * Shows a model's view; `load` fetches its cached result and history (not when a run is about to
 * start); `reveal` scrolls it into view on a phone once loaded.
 */
async function showDetail(modelId: string, load = true, reveal = false): Promise<void> {
  state.detailModel = modelId;
  modelInput.value = modelId;
  modelInput.removeAttribute('aria-invalid');
  catalogSection.hidden = true;
  regionView.hide();
  recentSection.hidden = true;
  detailView.hidden = false;
  if (state.run?.modelId === modelId) return;
  progress.hide();
  resultSection.hidden = true;
  historySection.hidden = true;
  if (!load || !token() || !isValidModelId(modelId)) return;
  // A reload or a shared `#model=` link shows the cached result (the check route is free).
  try {
    const check = await checkCertification(modelId, { ...clientOptions(), suite: suite() });
    if (check.cached && state.detailModel === modelId && state.run?.modelId !== modelId)
      showResult(check.certification, false);
    if (reveal && state.detailModel === modelId && state.run === undefined)
      revealOnPhone(detailView);
  } catch (error) {
    if (state.detailModel === modelId) showLoadError(error, reveal);
  }
  void loadHistory(modelId);
}

async function loadCatalog(reveal = false): Promise<void> {
  if (!token()) return;
  try {
    catalog.show(await getCatalog(clientOptions()));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      showCatalogSummary(() => t('web.catalog.noCatalog'));
      return;
    }
    if (error instanceof UnauthorizedApiError) {
      showLoadError(error, reveal);
      return;
    }
    // A control plane outage is a 503 CATALOG_UNAVAILABLE: say so; typing an id still works.
    showCatalogSummary(() => {
      const message = describe(error);
      return `${message.title}. ${message.detail}`;
    });
  }
}

/** The catalog's summary line when there is no catalog to summarize (a function: see {@link shown}). */
function showCatalogSummary(text: () => string): void {
  shown.catalogSummary = text;
  delete catalogSummary.dataset.i18n;
  catalogSummary.textContent = text();
}

/**
 * A view that could not load. A rejected token (a bad or expired `#token=` link, a stale tab) is
 * said once, in the message box next to the token field, which is marked invalid; pasting a new
 * token reloads the view.
 */
function showLoadError(error: unknown, reveal: boolean): void {
  if (error instanceof UnauthorizedApiError) tokenInput.setAttribute('aria-invalid', 'true');
  showMessage(() => describe(error), reveal);
}

/**
 * The Region × model view, when the service certifies in more than one Region: each listed
 * Region's catalog, side by side. Hidden for one Region, or a service without the Regions route.
 */
async function loadRegions(): Promise<void> {
  if (!token()) return;
  try {
    const { regions } = await getRegions(clientOptions());
    if (regions.length < 2) {
      regionView.hide();
      return;
    }
    const catalogs = await Promise.all(
      regions.map((region) => getCatalog({ ...clientOptions(), region })),
    );
    if (state.detailModel === undefined) regionView.show(catalogs);
  } catch {
    // An older service, or a control plane outage the catalog above already explains.
    regionView.hide();
  }
}

/** Where "More" reads on from: the `nextCursor` of the recent results shown last. */
let recentCursor: string | null = null;

/** One line of the recent results: status, id (a link to its view) and when. */
function recentItem(certification: Certification): HTMLLIElement {
  const item = el('li');
  const link = el('a');
  link.append(...breakableId(certification.modelId));
  link.href = modelFragment(certification.modelId);
  item.append(
    badge(certification.status),
    ' ',
    link,
    el('span', ` ${dateTime(certification.certifiedAt)}`, 'muted small'),
  );
  return item;
}

/** The newest cached results (a page of them), or with `more` the page after those shown. */
async function loadRecent(more = false): Promise<void> {
  if (!token()) return;
  const cursor = more ? recentCursor : null;
  if (more && cursor === null) return;
  recentMore.disabled = true;
  try {
    const page = await listCertificationsPage({
      ...clientOptions(),
      limit: RECENT_COUNT,
      ...(cursor === null ? {} : { cursor }),
    });
    const items = page.certifications.map(recentItem);
    if (more) {
      shown.recent.push(...page.certifications);
      recentList.append(...items);
    } else {
      shown.recent = page.certifications;
      recentList.replaceChildren(...items);
    }
    recentCursor = page.nextCursor;
    recentMore.hidden = page.nextCursor === null;
    recentSection.hidden = recentList.childElementCount === 0 || state.detailModel !== undefined;
  } catch {
    // The list is a convenience; the catalog or the form says what is wrong with the token.
    if (!more) recentSection.hidden = true;
  } finally {
    recentMore.disabled = false;
  }
}

async function loadUsage(): Promise<void> {
  if (!token()) return;
  try {
    shown.usage = await getUsage(clientOptions());
    usageLine.textContent = usageText(shown.usage);
    usageLine.hidden = false;
  } catch {
    // An older service without the usage route, or a bad token the next action will explain.
    usageLine.hidden = true;
  }
}

/** At most one usage request at a time; a refresh asked for meanwhile runs once after it. */
const usageRefresh = { running: false, again: false };

/** Reloads the month's usage, coalescing bursts (a batch finishes items back to back). */
function refreshUsage(): void {
  if (usageRefresh.running) {
    usageRefresh.again = true;
    return;
  }
  usageRefresh.running = true;
  void loadUsage().finally(() => {
    usageRefresh.running = false;
    if (usageRefresh.again) {
      usageRefresh.again = false;
      refreshUsage();
    }
  });
}

async function loadHistory(modelId: string): Promise<void> {
  try {
    const history = await getCertificationHistory(modelId, {
      ...clientOptions(),
      limit: HISTORY_LIMIT,
    });
    if (state.detailModel !== modelId) return;
    shown.history = { modelId, runs: history.runs };
    renderHistory(historySection, history.runs);
  } catch {
    historySection.hidden = true;
  }
}

function showResult(certification: Certification, focus: boolean): void {
  shown.result = certification;
  const heading = renderResult(resultSection, certification, {
    certify: (modelId) => void certifyInDetail(modelId),
    canCertify,
  });
  if (focus) {
    // On a phone the whole card comes to the top; elsewhere focus scrolls as far as needed.
    heading.focus({ preventScroll: isPhone() });
    revealOnPhone(resultSection);
  }
}

// --- certifying one model (the detail view) -------------------------------------------------

function setRunning(running: boolean): void {
  modelInput.readOnly = running;
  tokenInput.readOnly = running;
  suiteSelect.disabled = running;
  cancelButton.hidden = !running;
  form.setAttribute('aria-busy', String(running));
  refreshControls();
}

/** Where focus goes after a run that ended without a result. */
function focusAfter(message: UserMessage): void {
  if (message.kind === 'unauthorized' || message.kind === 'expired') tokenInput.focus();
  else if (message.kind === 'invalid') modelInput.focus();
  else if (!submitButton.disabled) submitButton.focus();
  else modelInput.focus();
}

async function certifyInDetail(modelId: string): Promise<void> {
  showMessage(undefined);
  if (!isValidModelId(modelId)) {
    modelInput.setAttribute('aria-invalid', 'true');
    showMessage(invalidModelIdMessage);
    modelInput.focus();
    return;
  }
  if (!token()) {
    showMessage(tokenRequiredMessage);
    tokenInput.focus();
    return;
  }
  if (!canCertify()) return;
  sessionStorage.setItem(TOKEN_KEY, token());
  if (parseFragment(location.hash).model !== modelId)
    history.pushState(null, '', modelFragment(modelId));
  void showDetail(modelId, false);

  const controller = new AbortController();
  state.run = { modelId, controller };
  setRunning(true);
  resultSection.hidden = true;
  const chosen = suite();
  const testNames = testNamesOf(chosen);
  progress.start(testNames);
  // Cancel sits in the progress section: focus it without jumping, then bring the whole section
  // (bar, probes, Cancel) into view on a phone, where the form above fills the screen.
  cancelButton.focus({ preventScroll: true });
  revealOnPhone(byId(PAGE_IDS.progressSection, HTMLElement));
  announce(t('web.announce.certifying', { modelId, count: count(testNames.length) }));
  // An object, not a `let`: set in the progress callback, which TypeScript's narrowing does not follow.
  const seen = { progress: false };
  try {
    const certification = await certifyModel(modelId, {
      ...clientOptions(controller.signal),
      // Unticked: certify anew even when a result is cached (docs/api.md).
      checkCacheFirst: reuseCache.checked,
      fresh: !reuseCache.checked,
      suite: chosen,
      transport: transport.value === 'eventsource' ? 'eventsource' : 'fetch',
      onProgress: (event) => {
        seen.progress = true;
        progress.update(event);
      },
    });
    state.run = undefined;
    setRunning(false);
    catalog.applyCertification(certification);
    if (state.detailModel === modelId) {
      progress.finish(certification);
      showResult(certification, true);
      void loadHistory(modelId);
    }
    announce(
      t('web.announce.result', {
        modelId: certification.modelId,
        status: statusLabel(certification.status).toLocaleLowerCase(pageLocale()),
        passed: count(certification.testsPassed),
        total: count(certification.results.length),
      }),
    );
    refreshUsage();
  } catch (error) {
    state.run = undefined;
    if (error instanceof RateLimitedApiError) startCooldown(error);
    setRunning(false);
    const message = describe(error);
    if (message.kind === 'invalid') modelInput.setAttribute('aria-invalid', 'true');
    // Refused before any probe ran (401, 429, network): empty progress rows would only confuse.
    if (seen.progress || message === CANCELLED_MESSAGE) progress.stop(() => describe(error).title);
    else progress.hide();
    // The message box is an alert: announced once, so no second announcement here.
    showMessage(() => describe(error));
    focusAfter(message);
  }
}

// --- certifying many: the catalog and the Region view ----------------------------------------

/** An item error of the batch stream that means it never ran: the batch's time ran out first. */
const NOT_RUN_CODE = 'TIME_BUDGET_EXCEEDED';

/** Waits `ms`, or less if `signal` aborts first. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Certifies items through the service's batch route: one request per 50, each one rate-limit
 * slot; the service runs the items a few at a time, cached ones free unless "Reuse a cached
 * result" is unticked. Its events feed the one batch state (web/batch-state.ts), which draws the
 * status line and each item's row or cell. A rate-limit 429 on a request is waited out (the
 * items show the wait), as the CLI does; a rejected token or the month's quota stops the batch.
 */
async function runBatch(items: readonly BatchItemSpec[]): Promise<void> {
  if (!token()) {
    showMessage(tokenRequiredMessage);
    tokenInput.focus();
    return;
  }
  if (!canCertify() || items.length === 0) return;
  showMessage(undefined);
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
  const controller = new AbortController();
  state.batch = controller;
  refreshControls();
  const batch = batchView.start(items);
  // A function, not the property: TypeScript's narrowing does not see Stop abort it meanwhile.
  const stopped = (): boolean => controller.signal.aborted;
  batchStopButton.focus();
  ensureTicker();

  const unfinished = (chunk: readonly BatchItem[]): BatchItem[] =>
    chunk.flatMap((item) => {
      const now = batchView.state?.items.find((candidate) => candidate.key === item.key);
      return now && now.phase !== 'finished' ? [now] : [];
    });
  const requestOf = (item: BatchItem): BatchItemRequest => ({
    modelId: item.target,
    ...(item.region === undefined ? {} : { region: item.region }),
  });
  const onEvent = (event: BatchItemEvent): void => {
    const current = batchView.state;
    const item = current && itemFor(current, event.modelId, event.region);
    if (item === undefined) return;
    const { key } = item;
    if (event.type === 'progress') {
      batchView.dispatch({ type: 'progress', key, current: event.current, total: event.total });
    } else if (event.type === 'complete') {
      const { certification } = event;
      catalog.applyCertification(certification);
      regionView.applyCertification(certification);
      batchView.dispatch({
        type: 'complete',
        key,
        status: certification.status,
        cached: certification.cached,
      });
      // The month's usage counts each run as it finishes, not when the batch ends.
      if (!certification.cached) refreshUsage();
    } else if (event.code === NOT_RUN_CODE) {
      batchView.dispatch({ type: 'abandoned', key });
    } else {
      batchView.dispatch({ type: 'error', key, reason: event.message });
    }
  };

  /** A failure of the request itself, other than Stop: shown once, as an alert. */
  let alert: unknown;
  for (let start = 0; start < batch.items.length; start += MAX_BATCH_ITEMS) {
    const chunk = batch.items.slice(start, start + MAX_BATCH_ITEMS);
    if (stopped() || batchView.state?.haltReason !== undefined) break;
    for (let waits = 0; ; waits++) {
      for (const item of unfinished(chunk)) batchView.dispatch({ type: 'sent', key: item.key });
      try {
        await certifyBatch(chunk.map(requestOf), {
          ...clientOptions(controller.signal),
          // Unticked: certify anew even when a result is cached.
          fresh: !reuseCache.checked,
          // The client leaves the default suite out of the request, as the CLI's does.
          suite: suite(),
          onEvent,
        });
        break;
      } catch (error) {
        if (stopped()) break;
        // A quota refusal is another class: the month's end is not worth waiting for.
        const rateLimited = error instanceof RateLimitedApiError;
        if (
          rateLimited &&
          waits < MAX_RATE_LIMIT_WAITS &&
          error.retryAfterSeconds <= MAX_WAIT_SECONDS
        ) {
          // Refused before anything ran: the items wait, and the request goes again by itself.
          startCooldown(error);
          const retryAt = Date.now() + error.retryAfterSeconds * 1000;
          for (const item of unfinished(chunk))
            batchView.dispatch({ type: 'waiting', key: item.key, retryAt });
          await sleep(retryAt - Date.now(), controller.signal);
          if (stopped()) break;
          continue;
        }
        alert ??= error;
        const reason = describe(error).title;
        // Runs that had started go on on the service (it is not told that the page left);
        // the others could not be certified by this request.
        for (const item of unfinished(chunk))
          batchView.dispatch(
            item.progress === undefined
              ? { type: 'error', key: item.key, reason }
              : { type: 'abandoned', key: item.key },
          );
        // Every later request would meet these too.
        if (
          error instanceof UnauthorizedApiError ||
          error instanceof QuotaExceededApiError ||
          error instanceof RateLimitedApiError
        )
          batchView.dispatch({ type: 'halt', reason });
        break;
      }
    }
  }
  // Stopped or halted: what did not finish is let go (a run that had started goes on on the service).
  for (const item of unfinished(batch.items))
    batchView.dispatch({ type: 'abandoned', key: item.key });

  state.batch = undefined;
  refreshControls();
  // Stop needs no alert: the status line says what it did. A refused request does.
  if (alert !== undefined) {
    const error = alert;
    showMessage(() => describe(error));
  }
  // Back to the control that started it; a row's action was redrawn, so find it again by its model.
  const again = opener?.isConnected ? opener : findAgain(opener);
  (again instanceof HTMLButtonElement && !again.disabled ? again : catalogHeading).focus();
  refreshUsage();
  void loadRecent();
  // The service's own merge: certifications and when each model last changed, from its history.
  void loadCatalog();
}

/** The redrawn button that replaced `opener`: a catalog row's action, or a Region view cell. */
function findAgain(opener: HTMLElement | undefined): HTMLElement | null {
  const modelId = opener?.dataset.modelId;
  if (modelId === undefined) return null;
  const region = opener?.dataset.region;
  const selector =
    region === undefined
      ? `#${PAGE_IDS.catalogTable} button[data-model-id="${CSS.escape(modelId)}"]`
      : `#${PAGE_IDS.regionTable} button[data-model-id="${CSS.escape(modelId)}"][data-region="${CSS.escape(region)}"]`;
  return document.querySelector<HTMLElement>(selector);
}

// --- start ----------------------------------------------------------------------------------

function restoreInputs(): void {
  const fragment = parseFragment(location.hash);
  if (fragment.token) {
    sessionStorage.setItem(TOKEN_KEY, fragment.token);
    // The fragment never reached a server; drop the token from the address bar and history too,
    // so it is not left on screen or in a bookmark. A `#model=` link stays.
    history.replaceState(
      null,
      '',
      `${location.pathname}${location.search}${fragment.model ? modelFragment(fragment.model) : ''}`,
    );
  }
  tokenInput.value = fragment.token ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function onTokenChanged(): void {
  tokenInput.removeAttribute('aria-invalid');
  sessionStorage.setItem(TOKEN_KEY, token());
  showMessage(undefined);
  void loadUsage();
  route(false);
}

/** localStorage can be off (a privacy mode): the switch then lasts for this page only. */
function storedLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_KEY);
  } catch {
    return null;
  }
}

function onLanguageChanged(): void {
  const locale = languageSelect.value;
  if (!isSupportedLocale(locale)) return;
  try {
    localStorage.setItem(LANGUAGE_KEY, locale);
  } catch {
    // Not remembered; still applied below.
  }
  applyLocale(locale);
  relabel();
}

/**
 * Redraws every view the script built in the page's language now, from what they hold: no
 * request, and a run or a batch in flight goes on (its next words are in the new language).
 */
function relabel(): void {
  byId(PAGE_IDS.lead, HTMLElement).textContent = pageLead(pageLocale());
  byId(PAGE_IDS.catalogCaption, HTMLElement).textContent = catalogCaption(pageLocale());
  if (shown.catalogSummary) catalogSummary.textContent = shown.catalogSummary();
  catalog.refresh();
  regionView.refresh();
  batchView.redraw();
  progress.relabel();
  drawMessage();
  if (shown.usage) usageLine.textContent = usageText(shown.usage);
  recentList.replaceChildren(...shown.recent.map(recentItem));
  if (shown.result && !resultSection.hidden) showResult(shown.result, false);
  if (shown.history && state.detailModel === shown.history.modelId && !historySection.hidden)
    renderHistory(historySection, shown.history.runs);
  refreshControls();
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void certifyInDetail(modelInput.value.trim());
});
// The skip link leads to the catalog from either view (the detail view hides it).
byId(PAGE_IDS.skipLink, HTMLAnchorElement).addEventListener('click', (event) => {
  event.preventDefault();
  if (catalogSection.hidden) {
    history.pushState(null, '', `${location.pathname}${location.search}`);
    showCatalog();
  }
  catalogHeading.focus();
});
cancelButton.addEventListener('click', () => state.run?.controller.abort());
batchStopButton.addEventListener('click', () => {
  batchView.dispatch({ type: 'stop', at: Date.now() });
  state.batch?.abort();
});
recentMore.addEventListener('click', () => void loadRecent(true));
modelInput.addEventListener('input', () => modelInput.removeAttribute('aria-invalid'));
tokenInput.addEventListener('change', onTokenChanged);
window.addEventListener('hashchange', () => route());
languageSelect.addEventListener('change', onLanguageChanged);
applyLocale(initialLocale(storedLanguage(), navigator.languages));
languageSelect.value = pageLocale();
relabel();
restoreInputs();
route();
void loadUsage();
document.documentElement.dataset.ready = 'true';
