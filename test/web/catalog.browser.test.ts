/**
 * The catalog, the page's landing view, in Chromium against the local stack (the simulator's
 * control plane lists the models): visible without typing an id, filtered and sorted, certified
 * from a row and all at once through the batch route, under a rate limit small enough to be hit.
 */
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack } from '../../local/stack.js';
import { axeViolations } from '../support/axe.js';
import { CHROMIUM_INSTALL_TIMEOUT_MS, startStackAndBrowser } from '../support/chromium.js';
import { TEST_NAMES } from '../../shared/types.js';

/** The core suite's size, from the registry. */
const N = TEST_NAMES.length;

const NOVA = 'amazon.nova-lite-v1:0';
const SONNET_45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const PIXTRAL = 'mistral.pixtral-large-2502-v1:0';
/**
 * Per user: two certify requests per 30 s. A batch of many models is one of them; a third
 * request in the window meets a 429 whose wait outlasts the checks made during it.
 */
const RATE_LIMIT = { RATE_LIMIT_PER_MINUTE: '2', RATE_LIMIT_WINDOW_SECONDS: '30' };
const QUOTA = { MONTHLY_CERTIFICATION_QUOTA: '50' };

/** A batch item the test holds open (one of the three Meta profiles). */
const HELD_IN_BATCH = 'us.meta.llama4-scout-17b-instruct-v1:0';

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  const started = await startStackAndBrowser({
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', ...RATE_LIMIT, ...QUOTA },
  });
  ({ stack, browser } = started);
  return started.close;
}, CHROMIUM_INSTALL_TIMEOUT_MS);

/** The landing page for a new user, with the catalog loaded; records problems and every row progress text. */
async function landing(sub: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A 429 the page waits out is logged by Chromium as a failed resource.
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

/** Uses up the window's two certify requests of `sub`, as another client of the same user would. */
async function usedUp(sub: string): Promise<void> {
  for (let sent = 0; sent < 2; sent++) {
    const response = await fetch(`${stack.url}/api/certification/batches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.token(sub)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ modelId: 'qwen.qwen3-32b-v1:0' }] }),
    });
    expect(response.status).toBe(200);
    await response.text();
  }
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
      await row(page, 'anthropic.claude-opus-4-1-20250805-v1:0')
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
        new RegExp(`^amazon\\.nova-lite-v1:0: running \\d/${N}$`).test(entry),
      ),
    ).toBe(true);
    expect(
      await row(page, NOVA).locator('.caps-compact .cap[data-ok="true"]').count(),
    ).toBeGreaterThanOrEqual(5);
    expect(await row(page, NOVA).locator('td[data-label="TTFT"]').innerText()).toMatch(/^\d+ m?s$/);
    // Its first recorded run is when it last changed.
    await page.waitForFunction(
      (id) =>
        /^[A-Z][a-z]{2} \d{1,2}, \d{4}$/.test(
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

  it('"Certify all uncertified" certifies the filtered rows through the batch route: one request, one rate-limit slot', async () => {
    const { page, problems } = await landing('catalog-all');
    const batches: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/certification/batches')
        batches.push(request.postData() ?? '');
    });

    await page.selectOption('#provider-filter', 'Meta');
    // Three profile-only Llama models and their three us. profiles: three runs, not six.
    expect(await page.innerText('#certify-all')).toBe('Certify all uncertified (3)');
    await page.evaluate(() => performance.mark('batch-start'));
    // Scout's calls wait until the test lets them go, so the batch is still running when the other
    // two have finished: the month's usage must be asked for then, not only once the batch ends.
    const release = stack.simulator.hold(HELD_IN_BATCH);
    try {
      await page.click('#certify-all');
      expect(await page.isVisible('#batch-stop')).toBe(true);
      expect(await page.isDisabled('#certify-button')).toBe(true);
      await page.waitForFunction(
        () =>
          /^Certifying 3 models: 2 of 3 finished/.test(
            document.getElementById('batch-status')?.textContent ?? '',
          ),
        undefined,
        { timeout: 60_000 },
      );
      await page.waitForFunction(
        () =>
          performance
            .getEntriesByType('resource')
            .some(
              (entry) =>
                new URL(entry.name).pathname === '/api/certification/usage' &&
                entry.startTime > (performance.getEntriesByName('batch-start')[0]?.startTime ?? 0),
            ),
        undefined,
        { timeout: 60_000 },
      );
      expect(await page.textContent('#batch-status')).not.toMatch(/^Done:/);
    } finally {
      release();
    }
    await page.waitForFunction(
      () => document.getElementById('batch-status')?.textContent.startsWith('Done:'),
      undefined,
      { timeout: 60_000 },
    );
    await page.waitForFunction(() =>
      /^This month: 3 certifications,/.test(document.getElementById('usage')?.textContent ?? ''),
    );

    expect(await page.textContent('#batch-status')).toBe('Done: 3 certified.');
    // The line followed the batch's own events: queued, then running and finishing, never waiting.
    const lines = await batchLines(page);
    expect(lines[0]).toBe('Certifying 3 models…');
    expect(
      lines.some((line) => /^Certifying 3 models: [012] of 3 finished.* running/.test(line)),
    ).toBe(true);
    expect(lines.some((line) => line.startsWith('Waiting'))).toBe(false);
    const statuses = await columnTexts(page, 'Status');
    expect(statuses).toHaveLength(6);
    expect(statuses.filter((status) => status.startsWith('Certified'))).toEqual(statuses);
    // One request for the three: the rate limit (two per window) is never met.
    expect(batches).toHaveLength(1);
    expect((JSON.parse(batches[0] ?? '{}') as { items: unknown[] }).items).toHaveLength(3);
    expect((await rowProgress(page)).some((entry) => /: running \d\/6$/.test(entry))).toBe(true);
    expect(await page.isHidden('#batch-stop')).toBe(true);
    expect(await page.innerText('#certify-all')).toBe('Certify all uncertified');
    // One Region: no Region view.
    expect(await page.isHidden('#regions')).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a 429 on the batch request is waited out in view, and Stop during the wait says that nothing goes on in the background', async () => {
    const sub = 'catalog-stop';
    const { page, problems } = await landing(sub);
    await usedUp(sub);

    await page.selectOption('#provider-filter', 'Anthropic');
    const planned = Number(/\((\d+)\)/.exec(await page.innerText('#certify-all'))?.[1]);
    expect(planned).toBeGreaterThan(3);
    await page.click('#certify-all');
    await page.waitForFunction(
      () =>
        /^Waiting for the rate limit: the batch is sent again in \d+ s · 0 of \d+ finished · \d+ to go$/.test(
          document.getElementById('batch-status')?.textContent ?? '',
        ),
      undefined,
      { timeout: 30_000 },
    );
    // Each row says it waits, and for how long; no alert: the line says it all.
    expect(
      await page
        .locator('#catalog-table td[data-batch="waiting"] .row-progress')
        .first()
        .innerText(),
    ).toMatch(/^waiting for the rate limit \(\d+ s\)$/);
    expect(await page.locator('#catalog-table td[data-batch="waiting"]').count()).toBe(planned);
    expect(await page.isHidden('#message')).toBe(true);
    // The line and Stop stay in view while the rows scroll by, legible in both themes.
    expect(await page.$eval('.batch-bar', (bar) => getComputedStyle(bar).position)).toBe('sticky');
    for (const colorScheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await axeViolations(page), colorScheme).toEqual([]);
    }
    // Stop well inside the wait (its Retry-After is up to 30 s).
    expect(await page.textContent('#batch-status')).toMatch(/sent again in (\d{2}|[3-9]) s/);
    await page.click('#batch-stop');
    await page.waitForFunction(() =>
      document.getElementById('batch-status')?.textContent.startsWith('Stopped:'),
    );
    expect(await page.textContent('#batch-status')).toBe(
      `Stopped: 0 of ${planned} finished. Nothing was running, so nothing goes on in the background. ${planned} not started.`,
    );
    expect(await page.locator('#catalog-table td[data-batch="not-run"]').count()).toBe(planned);
    expect(await page.locator('#catalog-table td[data-batch="detached"]').count()).toBe(0);
    // No alert claims a run goes on.
    expect(await page.isHidden('#message')).toBe(true);
    expect(await page.isHidden('#batch-stop')).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a batch request refused by the rate limit is sent again by itself once the wait is over', async () => {
    const sub = 'catalog-wait';
    const { page, problems } = await landing(sub);
    const batches: string[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/api/certification/batches')
        batches.push(String(response.status()));
    });
    await usedUp(sub);

    // A model no other test certifies: its result is a run, not the cache.
    const action = row(page, PIXTRAL).locator('button[data-model-id]');
    const target = (await action.getAttribute('data-target')) ?? '';
    await action.click();
    await page.waitForFunction(
      ([id, certified]) =>
        (document.getElementById('batch-status')?.textContent ?? '').startsWith(
          `Waiting for the rate limit: ${certified} is sent again in `,
        ) &&
        document.querySelector(
          `#catalog-table tr[data-model-id="${id}"] td[data-batch="waiting"]`,
        ) !== null,
      [PIXTRAL, target],
    );
    await page.waitForFunction(
      () => document.getElementById('batch-status')?.textContent === 'Done: 1 certified.',
      undefined,
      { timeout: 45_000 },
    );
    expect(batches).toEqual(['429', '200']);
    expect(await row(page, PIXTRAL).locator('td[data-label="Status"]').innerText()).toMatch(
      /^Certified/,
    );
    expect(await page.isHidden('#message')).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

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
      /^Last changed: [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d:\d\d [AP]M UTC$/,
    );
    expect(problems).toEqual([]);
    await page.close();
  });
});
