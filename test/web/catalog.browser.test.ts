/**
 * The catalog, the page's landing view, in Chromium against the local stack (the simulator's
 * control plane lists the models): visible without typing an id, filtered and sorted, certified
 * from a row and all at once within a rate limit small enough to be hit.
 */
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { axeViolations } from '../support/axe.js';
import { CHROMIUM_INSTALL_TIMEOUT_MS, launchChromium } from '../support/chromium.js';

const NOVA = 'amazon.nova-lite-v1:0';
const SONNET_45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
/** Per user: two certifications per 4 s, so "Certify all" of three models has to wait once. */
const RATE_LIMIT = { RATE_LIMIT_PER_MINUTE: '2', RATE_LIMIT_WINDOW_SECONDS: '4' };
const QUOTA = { MONTHLY_CERTIFICATION_QUOTA: '50' };

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startLocalStack({ env: { POWERTOOLS_LOG_LEVEL: 'SILENT', ...RATE_LIMIT, ...QUOTA } }),
    launchChromium(),
  ]);
  return async () => {
    await browser.close();
    await stack.close();
  };
}, CHROMIUM_INSTALL_TIMEOUT_MS);

/** The landing page for a new user, with the catalog loaded; records problems and every row progress text. */
async function landing(sub: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A 429 the queue waits out is logged by Chromium as a failed resource.
    if (message.type() === 'error' && !message.text().includes('status of 429'))
      problems.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    const lines: string[] = [];
    Object.assign(window, { __rowProgress: seen, __batchLines: lines });
    new MutationObserver(() => {
      for (const node of document.querySelectorAll('#catalog-table .row-progress')) {
        const row = node.closest('tr')?.dataset.modelId ?? '';
        const entry = `${row}: ${node.textContent}`;
        if (!seen.includes(entry)) seen.push(entry);
      }
      const line = document.getElementById('batch-status')?.textContent ?? '';
      if (line !== '' && lines.at(-1) !== line) lines.push(line);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  expect((await page.goto(`${stack.url}/#token=${stack.token(sub)}`))?.status()).toBe(200);
  await page.waitForSelector('#catalog-table:not([hidden]) tbody tr');
  return { page, problems };
}

const row = (page: Page, modelId: string) =>
  page.locator(`#catalog-table tbody tr[data-model-id="${modelId}"]`);
const rowProgress = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { __rowProgress: string[] }).__rowProgress);
/** Every text the batch status line showed, in order. */
const batchLines = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { __batchLines: string[] }).__batchLines);
const columnTexts = (page: Page, label: string): Promise<string[]> =>
  page.$$eval(`#catalog-table tbody td[data-label="${label}"]`, (cells) =>
    cells.map((cell) => (cell as HTMLElement).innerText.trim()),
  );

describe('catalog view in Chromium', () => {
  it('is the landing view: every model without typing an id, filtered by status and provider, sorted by any column', async () => {
    const { page, problems } = await landing('catalog-browse');

    expect(await page.inputValue('#model-id')).toBe('');
    expect(await page.isHidden('#detail')).toBe(true);
    const count = await page.locator('#catalog-table tbody tr').count();
    expect(count).toBeGreaterThanOrEqual(10);
    expect(await page.textContent('#catalog-summary')).toBe(
      `${count} models and profiles in us-east-1: 0 certified, 0 failed, 0 unavailable, ${count} not certified.`,
    );
    expect(await row(page, NOVA).locator('td[data-label="Access"]').innerText()).toBe('on demand');
    expect(await row(page, SONNET_45).locator('td[data-label="Access"]').innerText()).toBe(
      'profile only',
    );
    expect(
      await row(page, 'anthropic.claude-3-haiku-20240307-v1:0')
        .locator('td[data-label="Lifecycle"]')
        .innerText(),
    ).toBe('Legacy');
    expect(new Set(await columnTexts(page, 'Last changed'))).toEqual(new Set(['—']));
    expect(
      await page.$$eval('#provider-filter option', (options) =>
        options.map((option) => option.textContent),
      ),
    ).toEqual(expect.arrayContaining(['All providers', 'Amazon', 'Anthropic', 'Meta']));

    await page.selectOption('#provider-filter', 'Meta');
    expect(new Set(await columnTexts(page, 'Provider'))).toEqual(new Set(['Meta']));
    await page.selectOption('#status-filter', 'certified');
    expect(await page.isVisible('#catalog-empty')).toBe(true);
    await page.selectOption('#status-filter', '');
    await page.selectOption('#provider-filter', '');

    // At 1,280 px provider, lifecycle and access fold under each id, and so do their sort
    // buttons under the Model header; from about 1,410 px they are columns of their own.
    for (const width of [1280, 1500]) {
      await page.setViewportSize({ width, height: 900 });
      const sortByProvider = page.locator('#catalog-table button[data-sort="provider"]:visible');
      expect(await sortByProvider.count()).toBe(1);
      expect(await sortByProvider.evaluate((button) => button.closest('th')?.dataset.col)).toBe(
        width === 1280 ? 'model' : 'provider',
      );
      await sortByProvider.click();
      const ascending = await columnTexts(page, 'Provider');
      expect(ascending).toEqual([...ascending].sort((a, b) => a.localeCompare(b)));
      await sortByProvider.click();
      const descending = await columnTexts(page, 'Provider');
      expect(descending).toEqual([...ascending].reverse().sort((a, b) => b.localeCompare(a)));
      expect(await page.getAttribute('#catalog-table th[data-col="provider"]', 'aria-sort')).toBe(
        'descending',
      );
      // The control pressed says so, folded or not, and keeps focus.
      expect(await sortByProvider.innerText()).toMatch(/^Provider ▼/);
      expect(
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.sort),
      ).toBe('provider');
      expect(await page.evaluate(() => document.activeElement?.getClientRects().length)).toBe(1);
      await page.click('#catalog-table button[data-sort="status"]:visible');
    }

    // On a phone the rows are cards and the sortable headers a wrapping bar: nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(
      await page.evaluate(
        () => (document.scrollingElement?.scrollWidth ?? Infinity) <= window.innerWidth,
      ),
    ).toBe(true);
    expect(await page.isVisible('#catalog-table button[data-sort="status"]')).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('certifies from a row, in place, and a profile-only row through its profile', async () => {
    const { page, problems } = await landing('catalog-row');

    await row(page, NOVA).locator('button[data-model-id]').click();
    await row(page, NOVA).locator('.badge-certified').waitFor({ timeout: 30_000 });
    expect(
      (await rowProgress(page)).some((entry) =>
        /^amazon\.nova-lite-v1:0: running \d\/6$/.test(entry),
      ),
    ).toBe(true);
    expect(
      await row(page, NOVA).locator('.caps-compact .cap[data-ok="true"]').count(),
    ).toBeGreaterThanOrEqual(5);
    expect(await row(page, NOVA).locator('td[data-label="TTFT"]').innerText()).toMatch(/^\d+ m?s$/);
    // Its first recorded run is when it last changed.
    await page.waitForFunction(
      (id) =>
        /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/.test(
          document.querySelector(
            `#catalog-table tr[data-model-id="${id}"] td[data-label="Last changed"]`,
          )?.textContent ?? '',
        ),
      NOVA,
    );
    await page.waitForFunction(
      () => document.getElementById('batch-status')?.textContent === 'Done: 1 certified.',
    );
    // Focus returns to the row's action, which the redraw replaced.
    expect(
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.modelId),
    ).toBe(NOVA);

    const profileAction = row(page, SONNET_45).locator('button[data-model-id]');
    // The visible label, and an accessible name that starts with it and names the id in full.
    expect(
      await profileAction.evaluate((action) =>
        [...action.childNodes]
          .filter((node) => !(node instanceof HTMLElement && node.matches('.visually-hidden')))
          .map((node) => node.textContent)
          .join(''),
      ),
    ).toBe('Certify us. profile');
    expect(await profileAction.getAttribute('aria-label')).toBeNull();
    expect(
      await row(page, SONNET_45)
        .getByRole('button', { name: `Certify us. profile us.${SONNET_45}`, exact: true })
        .count(),
    ).toBe(1);
    await profileAction.click();
    await row(page, `us.${SONNET_45}`).locator('.badge-certified').waitFor({ timeout: 30_000 });
    expect(await row(page, SONNET_45).locator('td[data-label="Status"]').innerText()).toBe(
      `Certified via us.${SONNET_45}`,
    );

    // Selecting a row opens today's detailed view of that model, with its cached result.
    await row(page, NOVA).locator('a').click();
    await page.waitForFunction(
      (id) => document.querySelector('#result:not([hidden]) .model-id')?.textContent === id,
      NOVA,
    );
    expect(new URL(page.url()).hash).toBe(`#model=${NOVA}`);
    expect(await page.isHidden('#catalog')).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('"Certify all uncertified" runs the filtered rows two at a time and waits out the rate limit', async () => {
    const { page, problems } = await landing('catalog-all');

    await page.selectOption('#provider-filter', 'Meta');
    // Three profile-only Llama models and their three us. profiles: three runs, not six.
    expect(await page.innerText('#certify-all')).toBe('Certify all uncertified (3)');
    await page.click('#certify-all');
    expect(await page.isVisible('#batch-stop')).toBe(true);
    expect(await page.isDisabled('#certify-button')).toBe(true);
    // The month's usage follows each run, while the batch still runs (here: waits).
    await page.waitForFunction(
      () =>
        !(document.getElementById('batch-stop')?.hidden ?? true) &&
        /^This month: [12] certifications?/.test(
          document.getElementById('usage')?.textContent ?? '',
        ),
      undefined,
      { timeout: 30_000 },
    );
    await page.waitForFunction(
      () => document.getElementById('batch-status')?.textContent.startsWith('Done:'),
      undefined,
      { timeout: 60_000 },
    );

    expect(await page.textContent('#batch-status')).toBe('Done: 3 certified.');
    // While nothing ran, the line said it waited (and for how long), not "Certifying…".
    const lines = await batchLines(page);
    expect(lines[0]).toBe('Certifying 3 models: 0 of 3 finished · 2 running · 1 queued');
    expect(
      lines.some((line) =>
        /^Waiting for the rate limit: the next model starts in \d+ s · 2 of 3 finished \(2 certified\) · 1 to go$/.test(
          line,
        ),
      ),
    ).toBe(true);
    const statuses = await columnTexts(page, 'Status');
    expect(statuses).toHaveLength(6);
    expect(statuses.filter((status) => status.startsWith('Certified'))).toEqual(statuses);
    // Two per window: the third waited for the rate limit instead of failing.
    expect(
      (await rowProgress(page)).some((entry) => entry.includes('waiting for the rate limit')),
    ).toBe(true);
    expect(await page.isHidden('#batch-stop')).toBe(true);
    expect(await page.innerText('#certify-all')).toBe('Certify all uncertified');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Stop during a rate-limit wait says that nothing goes on in the background, and what never started', async () => {
    const { page, problems } = await landing('catalog-stop');

    await page.selectOption('#provider-filter', 'Anthropic');
    const planned = Number(/\((\d+)\)/.exec(await page.innerText('#certify-all'))?.[1]);
    expect(planned).toBeGreaterThan(3);
    await page.click('#certify-all');
    await page.waitForFunction(
      () =>
        document
          .getElementById('batch-status')
          ?.textContent.startsWith('Waiting for the rate limit'),
      undefined,
      { timeout: 30_000 },
    );
    // The line and Stop stay in view while the rows scroll by, legible in both themes.
    expect(await page.$eval('.batch-bar', (bar) => getComputedStyle(bar).position)).toBe('sticky');
    for (const colorScheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await axeViolations(page), colorScheme).toEqual([]);
    }
    // Stop well inside a wait (this one, or the next if the checks outlasted it).
    await page.waitForFunction(
      () =>
        /^Waiting for the rate limit: the next model starts in [2-9] s/.test(
          document.getElementById('batch-status')?.textContent ?? '',
        ),
      undefined,
      { timeout: 30_000 },
    );
    await page.click('#batch-stop');
    await page.waitForFunction(() =>
      document.getElementById('batch-status')?.textContent.startsWith('Stopped:'),
    );
    const stopped = await page.textContent('#batch-status');
    const finished = Number(/^Stopped: (\d+) of/.exec(stopped ?? '')?.[1]);
    expect(finished).toBeGreaterThanOrEqual(2);
    expect(stopped).toMatch(
      new RegExp(
        `^Stopped: ${finished} of ${planned} finished \\([^)]*\\)\\. Nothing was running, so nothing goes on in the background\\. ${planned - finished} not started\\.$`,
      ),
    );
    expect(await page.locator('#catalog-table td[data-batch="not-run"]').count()).toBe(
      planned - finished,
    );
    expect(await page.locator('#catalog-table td[data-batch="detached"]').count()).toBe(0);
    // No alert claims a run goes on.
    expect(await page.isHidden('#message')).toBe(true);
    expect(await page.isHidden('#batch-stop')).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows the month's usage and quota, and a model's recent runs as a timeline", async () => {
    const { page, problems } = await landing('catalog-usage');
    const usage = page.locator('#usage');
    await page.waitForFunction(() => document.getElementById('usage')?.hidden === false);
    expect(await usage.innerText()).toBe('This month: 0 certifications, $0 · quota: 50 of 50 left');

    await page.uncheck('#reuse-cache');
    await row(page, 'amazon.nova-micro-v1:0').locator('button[data-model-id]').click();
    await page.waitForFunction(
      () => document.getElementById('batch-status')?.textContent === 'Done: 1 certified.',
    );
    await page.waitForFunction(() =>
      document.getElementById('usage')?.textContent.startsWith('This month: 1 certification,'),
    );
    expect(await usage.innerText()).toMatch(
      /^This month: 1 certification, ~\$[\d.]+ · quota: 49 of 50 left$/,
    );

    await row(page, 'amazon.nova-micro-v1:0').locator('a').click();
    await page.waitForSelector('#history:not([hidden]) .timeline li');
    expect(await page.locator('#history .timeline li').count()).toBe(1);
    // A second, fresh run from the form joins the timeline, and with two timed runs the TTFT trend appears.
    await page.click('#certify-button');
    await page.waitForFunction(
      () => document.querySelectorAll('#history .timeline li').length === 2,
      undefined,
      { timeout: 30_000 },
    );
    expect(
      await page.$$eval('#history .timeline li', (marks) =>
        marks.map((mark) => (mark as HTMLElement).dataset.status),
      ),
    ).toEqual(['certified', 'certified']);
    expect(await page.getAttribute('#history svg.trend', 'aria-label')).toMatch(
      /^Time to first token, oldest to newest: \d+ m?s, \d+ m?s$/,
    );
    expect(await page.innerText('#history .last-changed')).toBe('No change in the last 2 runs.');
    await page.waitForFunction(() =>
      document.getElementById('usage')?.textContent.includes('quota: 48 of 50 left'),
    );
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says when a model last changed, from its history: a lost feature is a changed run', async () => {
    const modelId = 'amazon.nova-pro-v1:0';
    const { page, problems } = await landing('catalog-changed');
    await page.uncheck('#reuse-cache');
    await row(page, modelId).locator('a').click();
    await page.click('#certify-button');
    await page.waitForSelector('#result[data-status="certified"]');
    stack.simulator.models.patch(modelId, { features: { toolUse: false } });
    try {
      await page.click('#certify-button');
      await page.waitForFunction(
        () => document.querySelectorAll('#history .timeline li').length === 2,
        undefined,
        { timeout: 30_000 },
      );
    } finally {
      stack.simulator.models.reset(modelId);
    }
    expect(
      await page.$$eval('#history .timeline li', (marks) =>
        marks.map((mark) => [
          (mark as HTMLElement).dataset.status,
          (mark as HTMLElement).dataset.changed ?? '',
        ]),
      ),
    ).toEqual([
      ['certified', ''],
      ['failed', 'true'],
    ]);
    expect(await page.innerText('#history .last-changed')).toMatch(
      /^Last changed: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/,
    );
    expect(problems).toEqual([]);
    await page.close();
  });
});
