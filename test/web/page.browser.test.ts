/**
 * The page in a real browser: Debian's Chromium driven by playwright-core loads `GET /` from the
 * local stack and is used as a person would: certify, watch the parallel probes, act on the
 * result, cancel, hit the rate limit, reload, and all of it on a phone in dark mode.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack } from '../../local/stack.js';
import { CertificationCache } from '../../shared/store/certification-cache.js';
import { capabilitiesOf, testNamesOf } from '../../shared/suites.js';
import { TEST_NAMES } from '../../shared/types.js';
import { sampleCertification } from '../support/certification-fixture.js';
import { stackStore } from '../support/stack-store.js';
import { CHROMIUM_INSTALL_TIMEOUT_MS, startStackAndBrowser } from '../support/chromium.js';
import { measureContrast } from './contrast.js';

/** The core suite's size, from the registry. */
const N = TEST_NAMES.length;

const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const NOVA = 'amazon.nova-lite-v1:0';
const SONNET_45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  // A short deadline: the hanging model's run, which goes on after Cancel as it would in AWS, ends soon.
  const started = await startStackAndBrowser({
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', CERTIFICATION_DEADLINE_MS: '4000' },
  });
  ({ stack, browser } = started);
  await mkdir(ARTIFACTS, { recursive: true });
  return started.close;
}, CHROMIUM_INSTALL_TIMEOUT_MS);

interface OpenPage {
  page: Page;
  problems: string[];
  /** Paths and queries of the API requests the page made. */
  requests: string[];
}

/** A page that records problems, API requests and every state the rows, bar and status line pass through. */
async function openPage(
  fragment: string,
  options: {
    width?: number;
    height?: number;
    colorScheme?: 'light' | 'dark';
    beforeLoad?: (page: Page) => Promise<void>;
  } = {},
): Promise<OpenPage> {
  const page = await browser.newPage({
    viewport: { width: options.width ?? 1100, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Refused requests (401, 429) are logged by Chromium as failed resources.
    if (message.type() === 'error' && !/status of (401|429)/.test(message.text()))
      problems.push(`console: ${message.text()}`);
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/'))
      requests.push(`${request.method()} ${url.pathname}${url.search}`);
  });
  // Runs through the DevTools protocol, outside the page's CSP: observation only.
  await page.addInitScript(() => {
    const seen: Record<string, string[]> = {};
    const values: string[] = [];
    const lines: string[] = [];
    Object.assign(window, { __rowStates: seen, __barValues: values, __statusLines: lines });
    new MutationObserver((mutations) => {
      // Every value an attribute was given, even several in one task: a record's successor on the
      // same element holds the value it set as its old value; the last one's is the current value.
      const setValue = (index: number): string => {
        const mutation = mutations[index] as MutationRecord;
        const name = mutation.attributeName ?? '';
        const next = mutations
          .slice(index + 1)
          .find((later) => later.target === mutation.target && later.attributeName === name);
        return next
          ? (next.oldValue ?? '')
          : ((mutation.target as Element).getAttribute(name) ?? '');
      };
      mutations.forEach((mutation, index) => {
        const target = mutation.target as HTMLElement;
        if (mutation.type !== 'attributes') return;
        if (mutation.attributeName === 'data-status' && target.dataset.test) {
          const states = (seen[target.dataset.test] ??= []);
          const value = setValue(index);
          if (states.at(-1) !== value) states.push(value);
        }
        if (
          mutation.attributeName === 'aria-valuenow' &&
          target.getAttribute('role') === 'progressbar'
        ) {
          const value = setValue(index);
          if (values.at(-1) !== value) values.push(value);
        }
      });
      const line = document.getElementById('progress-status')?.textContent ?? '';
      if (line !== '' && lines.at(-1) !== line) lines.push(line);
    }).observe(document, {
      subtree: true,
      attributes: true,
      childList: true,
      characterData: true,
      attributeOldValue: true,
      attributeFilter: ['data-status', 'aria-valuenow'],
    });
  });
  await options.beforeLoad?.(page);
  const response = await page.goto(`${stack.url}/${fragment}`);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toMatch(
    /script-src 'sha256-[A-Za-z0-9+/]+=*'/,
  );
  await page.waitForSelector('html[data-ready="true"]');
  return { page, problems, requests };
}

async function certify(page: Page, modelId: string): Promise<void> {
  await page.fill('#model-id', modelId);
  await page.click('#certify-button');
}

function resultReady(page: Page, modelId: string): Promise<unknown> {
  return page.waitForFunction(
    (id) => document.querySelector('#result:not([hidden]) .model-id')?.textContent === id,
    modelId,
    { timeout: 30_000 },
  );
}

const activeId = (page: Page): Promise<string> =>
  page.evaluate(() => document.activeElement?.id ?? '');

describe('certification page in Chromium', () => {
  it('certifies a model: parallel progress with counts and timers, then the result card with focus on it', async () => {
    const { page, problems } = await openPage(`#token=${stack.token('page-alice')}`);

    // The token came from the fragment, which is then dropped from the address bar.
    expect(await page.inputValue('#token')).not.toBe('');
    expect(new URL(page.url()).hash).toBe('');
    expect(
      await page.$$eval('#model-suggestions option', (options) =>
        options.map((option) => (option as HTMLOptionElement).value),
      ),
    ).toContain(CLAUDE);

    await certify(page, CLAUDE);
    await resultReady(page, CLAUDE);

    const bar = page.locator('[role="progressbar"]');
    expect(await bar.getAttribute('aria-valuenow')).toBe(String(N));
    expect(await bar.getAttribute('aria-valuetext')).toBe(`${N} of ${N} probes finished`);
    expect(await page.textContent('#progress-count')).toBe(`${N}/${N}`);
    expect(await page.textContent('#progress-elapsed')).toMatch(/^0:\d\d$/);
    const rowStates = await page.$$eval('#probe-list li', (rows) =>
      rows.map((row) => [(row as HTMLElement).dataset.test, (row as HTMLElement).dataset.status]),
    );
    expect(rowStates).toEqual(TEST_NAMES.map((name) => [name, 'passed']));

    // Live: every row was seen running before it passed, the bar counted finished probes, and the
    // status line said how many run at once instead of echoing the last event.
    const history = await page.evaluate(
      () => (window as unknown as { __rowStates: Record<string, string[]> }).__rowStates,
    );
    for (const name of TEST_NAMES) expect(history[name]?.slice(-2)).toEqual(['running', 'passed']);
    const barValues = await page.evaluate(() =>
      (window as unknown as { __barValues: string[] }).__barValues.map(Number),
    );
    expect(barValues.at(-1)).toBe(N);
    expect(barValues.length).toBeGreaterThan(2);
    const lines = await page.evaluate(
      () => (window as unknown as { __statusLines: string[] }).__statusLines,
    );
    expect(lines).toContain(`${N} probes running · 0 of ${N} finished`);
    expect(lines.some((line) => line.startsWith('Running '))).toBe(false);
    expect(lines.at(-1)).toBe(`Finished: ${N} of ${N} passed.`);

    const result = page.locator('#result');
    expect(await result.getAttribute('data-status')).toBe('certified');
    const text = await result.innerText();
    expect(text).toMatch(new RegExp(`Success rate\\s+100% \\(${N}/${N} passed\\)`));
    expect(text).toMatch(/Time to first token\s+\d+(\.\d+)? m?s/);
    // The streaming probe's answer is 3 tokens: too few for a speed worth showing.
    // (or none at all when the time-scaled simulator streams it within one millisecond).
    expect(text).toMatch(/Output speed\s+—( \(\d+ tokens?: too short an answer to measure\))?\n/);
    // The date in the page's language (English here), through Intl.
    expect(text).toMatch(
      /Certified at\s+[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d:\d\d [AP]M UTC/,
    );
    expect(text).toMatch(/Estimated cost\s+\$[\d.]+/);
    expect(
      await page.$$eval('#result .caps li', (items) =>
        items.map((item) => [
          item.textContent.replace(/:.*/, '').trim(),
          (item as HTMLElement).dataset.ok,
        ]),
      ),
    ).toEqual(capabilitiesOf('core').map(({ label }) => [`✓ ${label}`, 'true']));
    // Focus moved to the result, not to <body>; the announcement is one line, not the card.
    expect(await activeId(page)).toBe('result-heading');
    expect(await page.textContent('#announcer')).toBe(
      `${CLAUDE}: certified, ${N} of ${N} probes passed.`,
    );
    expect(await result.getAttribute('aria-live')).toBeNull();
    // The address bar links this model's view.
    expect(new URL(page.url()).hash).toBe(`#model=${CLAUDE}`);
    expect(await page.isHidden('#message')).toBe(true);
    expect(await page.isEnabled('#certify-button')).toBe(true);

    await page.screenshot({ path: `${ARTIFACTS}page-certified.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("offers the suite: the full suite runs its probes, shows the new capabilities, and a refused one with Bedrock's words", async () => {
    const { page, problems, requests } = await openPage(`#token=${stack.token('page-suites')}`);
    const full = testNamesOf('full');
    expect(await page.inputValue('#suite')).toBe('core');
    await page.selectOption('#suite', 'full');

    // Nova Pro: image and document input, caching and tool choice; no citations, no reasoning
    // setting, no structured output.
    await certify(page, 'amazon.nova-pro-v1:0');
    await resultReady(page, 'amazon.nova-pro-v1:0');
    expect(requests).toContain('GET /api/certification/check/amazon.nova-pro-v1%3A0?suite=full');
    expect(requests.some((path) => /\/stream\?(?:.*&)?suite=full/.test(path))).toBe(true);
    expect(await page.textContent('#progress-count')).toBe(`${full.length}/${full.length}`);
    expect(
      await page.$$eval('#probe-list li', (rows) =>
        rows.map((row) => (row as HTMLElement).dataset.test),
      ),
    ).toEqual([...full]);

    const caps = await page.$$eval('#result .caps li', (items) =>
      items.map((item) => [
        (item as HTMLElement).dataset.capability,
        (item as HTMLElement).dataset.ok,
      ]),
    );
    expect(caps).toEqual(
      capabilitiesOf('full').map(({ key }) => [
        key,
        ['citations', 'reasoning', 'structuredOutput'].includes(key) ? 'false' : 'true',
      ]),
    );
    // What a screen reader hears of a refused one.
    expect(await page.innerText('#result .caps li[data-capability="citations"]')).toMatch(
      /Citations\s*: does not work/,
    );
    const result = await page.innerText('#result');
    expect(result).toContain("This model doesn't support citations.");
    expect(result).toContain(
      "This model doesn't support the outputConfig field. Remove outputConfig and try again.",
    );

    // The catalog row shows every capability's mark, the full suite's included.
    await page.click('#back-link');
    await page.waitForSelector('#catalog-table:not([hidden])');
    const marks = await page.$$eval(
      '#catalog-table tr[data-model-id="amazon.nova-pro-v1:0"] .cap',
      (items) => items.map((item) => (item as HTMLElement).dataset.ok),
    );
    expect(marks).toHaveLength(capabilitiesOf('full').length);
    expect(marks.filter((mark) => mark === 'false')).toHaveLength(3);

    await page.screenshot({ path: `${ARTIFACTS}page-full-suite.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('on a phone in dark mode: no sideways scroll, the reason said once, a one-click profile, AA contrast in both themes', async () => {
    const { page, problems } = await openPage(`#token=${stack.token('page-phone')}`, {
      width: 390,
      height: 844,
      colorScheme: 'dark',
    });
    const noOverflow = () =>
      page.evaluate(
        () => (document.scrollingElement?.scrollWidth ?? Infinity) <= window.innerWidth,
      );
    expect(await noOverflow()).toBe(true);

    // The bare id of a profile-only model: every probe fails for the one reason Bedrock gives.
    await certify(page, SONNET_45);
    await resultReady(page, SONNET_45);
    expect(await page.getAttribute('#result', 'data-status')).toBe('unavailable');
    expect(await noOverflow()).toBe(true);

    const body = await page.innerText('body');
    const reason = await page.innerText('#result .advice .reason');
    expect(reason).toMatch(/on-demand throughput/);
    expect(body.split(reason).length - 1).toBe(1);
    expect(await page.$$eval('#result .advice', (blocks) => blocks.length)).toBe(1);
    expect(await page.innerText('#result .advice-title')).toBe(
      `INFERENCE_PROFILE_REQUIRED · all ${N} probes`,
    );
    expect(await page.locator('#result table.results').count()).toBe(0);
    // Failed and unavailable results were checked, not certified.
    expect(await page.innerText('#result')).toMatch(/Checked at\s+[A-Z][a-z]{2} \d{1,2}, \d{4}/);
    expect(await page.innerText('#result')).not.toMatch(/Certified at/);
    // What to do first comes before the figures.
    expect(
      await page.evaluate(() => {
        const advice = document.querySelector('#result .diagnosis');
        const summary = document.querySelector('#result .summary');
        return advice && summary
          ? Boolean(advice.compareDocumentPosition(summary) & Node.DOCUMENT_POSITION_FOLLOWING)
          : false;
      }),
    ).toBe(true);

    const suggested = page.locator('#result button.suggested');
    expect(await suggested.allInnerTexts()).toEqual([
      `Certify us.${SONNET_45}`,
      `Certify global.${SONNET_45}`,
    ]);
    // Both themes: badges and enabled buttons reach WCAG AA (4.5:1) as painted.
    for (const scheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const samples = [
        ...(await measureContrast(page, '.badge')),
        ...(await measureContrast(page, 'button:not([disabled])')),
      ];
      expect(samples.length).toBeGreaterThanOrEqual(3);
      expect(
        samples.filter((sample) => sample.ratio < 4.5),
        `${scheme}: ${JSON.stringify(samples)}`,
      ).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${ARTIFACTS}page-phone-unavailable.png`, fullPage: true });

    // One click certifies the suggested profile.
    await suggested.first().click();
    await resultReady(page, `us.${SONNET_45}`);
    expect(await page.getAttribute('#result', 'data-status')).toBe('certified');
    expect(await page.inputValue('#model-id')).toBe(`us.${SONNET_45}`);
    expect(await noOverflow()).toBe(true);
    // The per-test rows are cards here: each cell is a labelled block, none wider than the screen.
    expect(
      await page.$eval('#result table.results td.status', (cell) => [
        getComputedStyle(cell).display,
        getComputedStyle(cell, '::before').content,
      ]),
    ).toEqual(['block', '"Result: "']);
    const samples = [
      ...(await measureContrast(page, '.badge')),
      ...(await measureContrast(page, 'button:not([disabled])')),
    ];
    expect(samples.filter((sample) => sample.ratio < 4.5)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}page-phone-certified.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows hint code spans as <code>, never as markup or literal backticks', async () => {
    const { page, problems } = await openPage(`#token=${stack.token('page-codespans')}`);

    await certify(page, 'acme.nonexistent-v1:0');
    await resultReady(page, 'acme.nonexistent-v1:0');

    const hint = page.locator('#result .advice .hint');
    expect(await hint.locator('code').allInnerTexts()).toEqual([
      'aws bedrock list-foundation-models --region us-east-1',
    ]);
    expect(await hint.innerText()).not.toContain('`');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('tells an expired token from an invalid one, and a bad model id gets aria-invalid', async () => {
    const { page, problems } = await openPage('');

    await page.fill('#token', 'not-a-valid-token');
    await certify(page, CLAUDE);
    const message = page.locator('#message');
    await message.waitFor({ state: 'visible' });
    expect(await message.getAttribute('data-kind')).toBe('unauthorized');
    expect(await message.getAttribute('role')).toBe('alert');
    expect(await message.innerText()).toMatch(
      /Not signed in \(401\)[\s\S]*rejected the access token/,
    );
    expect(await activeId(page)).toBe('token');
    expect(await page.isHidden('#result')).toBe(true);

    await page.fill('#token', stack.token('page-expired', -120));
    await page.click('#certify-button');
    await page.waitForSelector('#message[data-kind="expired"]');
    expect(await message.innerText()).toMatch(
      /Your token expired[\s\S]*It expired at .* UTC \((2|3) minutes ago\)/,
    );

    await page.fill('#token', stack.token('page-valid'));
    await certify(page, 'not a model id!');
    await page.waitForSelector('#message[data-kind="invalid"]');
    expect(await page.getAttribute('#model-id', 'aria-invalid')).toBe('true');
    expect(await activeId(page)).toBe('model-id');
    await page.locator('#model-id').pressSequentially('x');
    expect(await page.getAttribute('#model-id', 'aria-invalid')).toBeNull();

    await page.screenshot({ path: `${ARTIFACTS}page-unauthorized.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('"Reuse a cached result" unticked certifies anew (fresh), ticked serves the cache', async () => {
    const { page, problems, requests } = await openPage(`#token=${stack.token('page-fresh')}`);

    await certify(page, NOVA);
    await resultReady(page, NOVA);
    const calls = (): number => stack.simulator.stats.byModel[NOVA] ?? 0;
    const afterFirst = calls();

    // Ticked (the default): the free check route answers from the cache; no stream opens.
    requests.length = 0;
    await page.click('#certify-button');
    await page.waitForFunction(() =>
      document.querySelector('#result')?.textContent.includes('(cached)'),
    );
    expect(requests).toContain(`GET /api/certification/check/${encodeURIComponent(NOVA)}`);
    expect(requests.some((request) => request.includes('/stream'))).toBe(false);
    expect(await page.textContent('#progress-status')).toBe('Served from the cache.');
    expect(calls()).toBe(afterFirst);

    // Unticked: the stream is opened with fresh=true and a new run answers.
    requests.length = 0;
    await page.uncheck('#reuse-cache');
    await page.click('#certify-button');
    await page.waitForFunction(() => {
      const text = document.querySelector('#result:not([hidden])')?.textContent ?? '';
      return text !== '' && !text.includes('(cached)');
    });
    expect(requests[0]).toBe(
      `GET /api/certification/certify-model/${encodeURIComponent(NOVA)}/stream?fresh=true`,
    );
    expect(requests.some((request) => request.includes('/check/'))).toBe(false);
    // Bedrock was called again: a new run, not the cached result.
    expect(calls()).toBeGreaterThanOrEqual(afterFirst + N);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('streams through a native EventSource on a single-use ticket when chosen', async () => {
    const { page, problems, requests } = await openPage(
      `#token=${stack.token('page-eventsource')}`,
    );

    await page.selectOption('#transport', 'eventsource');
    await page.uncheck('#reuse-cache');
    await certify(page, CLAUDE);
    await resultReady(page, CLAUDE);

    expect(requests).toContain('POST /api/certification/stream-tickets');
    expect(requests.find((request) => request.includes('/stream?'))).toMatch(
      new RegExp(
        `^GET /api/certification/certify-model/${encodeURIComponent(CLAUDE)}/stream\\?ticket=`,
      ),
    );
    expect(await page.getAttribute('#result', 'data-status')).toBe('certified');
    expect(await page.textContent('#progress-count')).toBe(`${N}/${N}`);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('marks a probe slow after 10 s; Cancel stops listening, says the run finishes in the background, stops the rows and returns focus', async () => {
    const { page, problems } = await openPage(`#token=${stack.token('page-cancel')}`, {
      beforeLoad: (page) => page.clock.install(),
    });

    await certify(page, 'sim.hang');
    await page.waitForFunction(
      (n) => document.querySelectorAll('#probe-list li[data-status="running"]').length === n,
      N,
    );
    expect(await activeId(page)).toBe('cancel-button');
    await page.clock.fastForward(11_000);
    await page.waitForFunction(
      (n) => document.querySelectorAll('#probe-list li[data-slow="true"]').length === n,
      N,
    );
    expect(await page.textContent('#progress-status')).toBe(
      `${N} probes running · 0 of ${N} finished`,
    );
    expect(await page.innerText('#probe-list li[data-test="tool-use"] .probe-status')).toBe(
      'running · slow',
    );
    expect(await page.textContent('#progress-elapsed')).toMatch(/^0:1\d$/);
    expect(await page.textContent('#announcer')).toMatch(/is slow: no answer after 10 seconds\./);

    await page.click('#cancel-button');
    await page.waitForSelector('#message[data-kind="cancelled"]');
    expect(await page.innerText('#message')).toMatch(
      /Stopped listening[\s\S]*goes on in the background[\s\S]*will be cached/,
    );
    expect(
      await page.$$eval('#probe-list li', (rows) =>
        rows.map((row) => (row as HTMLElement).dataset.status),
      ),
    ).toEqual(TEST_NAMES.map(() => 'stopped'));
    // Nothing spins or ticks any more.
    const elapsed = await page.textContent('#progress-elapsed');
    await page.clock.fastForward(5_000);
    expect(await page.textContent('#progress-elapsed')).toBe(elapsed);
    expect(await activeId(page)).toBe('certify-button');
    expect(await page.isHidden('#cancel-button')).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('counts the 429 wait down and keeps Certify disabled until it ends', async () => {
    const token = stack.token('page-limited');
    // Use up the minute's ten certifications (cached answers count too).
    for (let i = 0; i < 10; i += 1) {
      const response = await fetch(`${stack.url}/api/certification/certify-model`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ modelId: NOVA }),
      });
      expect(response.status).toBe(200);
    }
    const { page, problems } = await openPage(`#token=${token}`, {
      beforeLoad: (page) => page.clock.install(),
    });

    await page.uncheck('#reuse-cache');
    await certify(page, NOVA);
    await page.waitForSelector('#message[data-kind="rate-limited"]');
    const seconds = async () =>
      Number(
        /in (?:(\d+) min ?)?(?:(\d+) s)?\.$/
          .exec(await page.innerText('#message p'))
          ?.slice(1)
          .reduce(
            (sum, part, index) => sum + (part ? Number(part) * (index === 0 ? 60 : 1) : 0),
            0,
          ),
      );
    const before = await seconds();
    expect(before).toBeGreaterThan(30);
    expect(await page.isDisabled('#certify-button')).toBe(true);
    // The alert is announced once; the ticking seconds inside it are not live.
    expect(await page.getAttribute('#message', 'role')).toBe('alert');
    expect(await page.getAttribute('#message .countdown', 'aria-live')).toBe('off');

    await page.clock.runFor(10_000);
    const after = await seconds();
    expect(before - after).toBeGreaterThanOrEqual(9);
    expect(before - after).toBeLessThanOrEqual(11);
    expect(await page.isDisabled('#certify-button')).toBe(true);

    await page.clock.runFor((after + 1) * 1000);
    expect(await page.innerText('#message p')).toMatch(/You can certify again now\.$/);
    expect(await page.isEnabled('#certify-button')).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a reload or a shared #model= link shows the cached result; the landing view lists recent results', async () => {
    const token = stack.token('page-reload');
    const { page, problems } = await openPage(`#token=${token}`);
    await certify(page, NOVA);
    await resultReady(page, NOVA);

    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    await resultReady(page, NOVA);
    expect(await page.innerText('#result')).toContain('(cached)');
    expect(await page.inputValue('#model-id')).toBe(NOVA);

    // Back to the landing view: the recent results link to their models.
    await page.click('#back-link');
    await page.waitForSelector('#recent:not([hidden])');
    expect(await page.isHidden('#detail')).toBe(true);
    const link = page.locator('#recent-list a', { hasText: NOVA });
    expect(await link.getAttribute('href')).toBe(`#model=${NOVA}`);
    await link.click();
    await resultReady(page, NOVA);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('recent results: the newest page first, and "More" reads on from its cursor until there is no more', async () => {
    // Prepare: 20 results newer than anything the other tests left, or leave while this one runs
    // (a hung model's run ends at its deadline, up to a minute later): stamped ten minutes ahead.
    const store = stackStore(stack.dynamo);
    const cache = new CertificationCache(store);
    const now = Date.now();
    const mine = Array.from({ length: 20 }, (_, i) =>
      sampleCertification({
        modelId: `amazon.recent-${String(i).padStart(2, '0')}-v1:0`,
        certifiedAt: new Date(now + 600_000 + i).toISOString(),
        expiresAt: new Date(now + 3_600_000).toISOString(),
      }),
    );
    for (const certification of mine) await cache.put(certification);
    store.client.destroy();
    const newestFirst = mine.map((c) => c.modelId).reverse();
    const { page, problems, requests } = await openPage(`#token=${stack.token('page-recent')}`);
    const shown = () => page.locator('#recent-list a').allInnerTexts();

    // Act + Assess: one page of 8, then 8 more per click.
    await page.waitForSelector('#recent:not([hidden])');
    expect(await shown()).toEqual(newestFirst.slice(0, 8));
    await page.click('#recent-more');
    await page.waitForFunction(() => document.querySelectorAll('#recent-list li').length === 16);
    expect(await shown()).toEqual(newestFirst.slice(0, 16));
    while (await page.isVisible('#recent-more')) {
      const count = (await shown()).length;
      await page.click('#recent-more');
      await page.waitForFunction(
        (before) =>
          document.querySelectorAll('#recent-list li').length > before ||
          (document.getElementById('recent-more') as HTMLButtonElement).hidden,
        count,
      );
    }
    const all = await shown();
    expect(all.slice(0, 20)).toEqual(newestFirst);
    expect(new Set(all).size).toBe(all.length);
    const pages = requests.filter((request) => request.startsWith('GET /api/certification/models'));
    expect(pages[0]).toBe('GET /api/certification/models?limit=8');
    expect(pages.slice(1).every((request) => /\?limit=8&cursor=[\w.-]+$/.test(request))).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });
});
