/**
 * The page's views at the widths people use (a 390 px phone, 900 and 1,024 px tablets and small
 * laptops, a 1,280 px desktop), in both themes, in Chromium against the local stack: every state
 * a person meets (landing, running, certified, failed, unavailable, expired token, 429) fits the
 * window without sideways scroll and has no serious or critical axe-core violation; the progress
 * bar moves while a model is slow; bad links say one clear thing and the page keeps working; and
 * a batch's counts are the rows'.
 */
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack } from '../../local/stack.js';
import { CAPABILITIES } from '../../shared/suites.js';
import { axeViolations } from '../support/axe.js';
import { CHROMIUM_INSTALL_TIMEOUT_MS, startStackAndBrowser } from '../support/chromium.js';

const NOVA = 'amazon.nova-lite-v1:0';
const SONNET_45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const WRONG_ANSWERS = 'sim.wrong-answers';
/** A model made to hang for the Stop test, in no other test. */
const HANGING_IN_BATCH = 'qwen.qwen3-coder-30b-a3b-v1:0';
/** One model per width made to hang through the simulator's admin API: no run joins another's. */
const HANGING: Readonly<Record<number, string>> = {
  390: 'openai.gpt-oss-120b-1:0',
  900: 'openai.gpt-oss-20b-1:0',
  1024: 'qwen.qwen3-32b-v1:0',
  1280: 'mistral.mistral-large-3-675b-instruct',
};
const WIDTHS = [390, 900, 1024, 1280] as const;
const THEMES = ['light', 'dark'] as const;

let stack: LocalStack;
let browser: Browser;

/** Calls the simulator's admin API (`/_simulator/models/{id}`), as a person testing by hand would with curl. */
async function simulatorAdmin(
  method: 'PUT' | 'DELETE',
  modelId: string,
  patch?: object,
): Promise<void> {
  const response = await fetch(
    `${stack.simulator.url}/_simulator/models/${encodeURIComponent(modelId)}`,
    {
      method,
      ...(patch
        ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) }
        : {}),
    },
  );
  expect(response.status, await response.clone().text()).toBe(200);
}

beforeAll(async () => {
  // Long enough that a hanging model's run outlasts the checks made while it runs.
  const started = await startStackAndBrowser({
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', CERTIFICATION_DEADLINE_MS: '30000' },
  });
  ({ stack, browser } = started);
  for (const modelId of [...Object.values(HANGING), HANGING_IN_BATCH])
    await simulatorAdmin('PUT', modelId, { fault: 'hang' });
  return started.close;
}, CHROMIUM_INSTALL_TIMEOUT_MS);

interface OpenPage {
  page: Page;
  problems: string[];
}

async function openPage(fragment: string, width: number): Promise<OpenPage> {
  const page = await browser.newPage({ viewport: { width, height: 844 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of (401|429)/.test(message.text()))
      problems.push(`console: ${message.text()}`);
  });
  expect((await page.goto(`${stack.url}/${fragment}`))?.status()).toBe(200);
  await page.waitForSelector('html[data-ready="true"]');
  return { page, problems };
}

/** Fits the window: no sideways scroll, and every visible Certify button inside it. */
function layout(page: Page): Promise<{ overflow: number; buttonsOutside: string[] }> {
  return page.evaluate(() => {
    const buttons = [
      ...document.querySelectorAll<HTMLButtonElement>(
        'button[data-model-id], #certify-button, #certify-all',
      ),
    ].filter((button) => button.checkVisibility());
    return {
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      buttonsOutside: buttons
        .filter((button) => {
          const box = button.getBoundingClientRect();
          return box.left < 0 || box.right > window.innerWidth;
        })
        .map((button) => button.dataset.modelId ?? button.id),
    };
  });
}

/** Checks one state in both themes: it fits the window and axe finds nothing serious. */
async function checkState(page: Page, name: string): Promise<void> {
  for (const colorScheme of THEMES) {
    await page.emulateMedia({ colorScheme });
    const where = `${name} at ${page.viewportSize()?.width} px, ${colorScheme}`;
    expect(await layout(page), where).toEqual({ overflow: 0, buttonsOutside: [] });
    expect(await axeViolations(page), where).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function certify(page: Page, modelId: string): Promise<void> {
  await page.fill('#model-id', modelId);
  await page.click('#certify-button');
}

async function resultFor(page: Page, modelId: string, status: string): Promise<void> {
  await page.waitForFunction(
    (id) => document.querySelector('#result:not([hidden]) .model-id')?.textContent === id,
    modelId,
    { timeout: 30_000 },
  );
  expect(await page.getAttribute('#result', 'data-status')).toBe(status);
}

/** The progress bar's fill, in percent of its width. */
const fillPercent = (page: Page): Promise<number> =>
  page.evaluate(() =>
    Number.parseFloat(document.getElementById('progress-fill')?.style.width ?? ''),
  );

/** Whether the top of `selector` is in the upper half of the window (scrolled into view). */
const inView = (selector: string): boolean => {
  const box = document.querySelector(selector)?.getBoundingClientRect();
  return box !== undefined && box.top >= 0 && box.top < window.innerHeight / 2;
};

describe('page views in Chromium, at four widths and in both themes', () => {
  for (const width of WIDTHS) {
    it(`at ${width} px: every state fits the window and passes axe; the bar moves while a model is slow`, async () => {
      const token = stack.token(`views-${width}`);
      const { page, problems } = await openPage(`#token=${token}`, width);

      await page.waitForSelector('#catalog-table:not([hidden]) tbody tr');
      await checkState(page, 'landing');

      // Running: a model that never answers. The bar moves with the running probes while the
      // count of finished ones stays at 0.
      const hanging = HANGING[width] ?? '';
      await certify(page, hanging);
      await page.waitForFunction(
        () => document.querySelectorAll('#probe-list li[data-status="running"]').length === 6,
      );
      await page.waitForFunction(
        () => Number.parseFloat(document.getElementById('progress-fill')?.style.width ?? '') > 0,
      );
      const first = await fillPercent(page);
      await page.waitForFunction(
        (before) =>
          Number.parseFloat(document.getElementById('progress-fill')?.style.width ?? '') >
          before + 5,
        first,
        { timeout: 20_000 },
      );
      expect(await page.textContent('#progress-count')).toBe('0/6');
      expect(await fillPercent(page)).toBeLessThan(100);
      expect(await page.getAttribute('#progress-bar', 'aria-valuetext')).toBe(
        '0 of 6 probes finished, 6 running',
      );
      // Each running probe shows its own ticking time.
      await page.waitForFunction(() =>
        [...document.querySelectorAll('#probe-list .probe-latency')].every((cell) =>
          /^[1-9]\d* s$/.test(cell.textContent),
        ),
      );
      if (width < 768) await page.waitForFunction(inView, '#progress');
      await checkState(page, 'running');
      await page.click('#cancel-button');
      await page.waitForSelector('#message[data-kind="cancelled"]');

      await certify(page, NOVA);
      await resultFor(page, NOVA, 'certified');
      if (width < 768) await page.waitForFunction(inView, '#result');
      await checkState(page, 'certified');

      await certify(page, WRONG_ANSWERS);
      await resultFor(page, WRONG_ANSWERS, 'failed');
      await checkState(page, 'failed');

      await certify(page, SONNET_45);
      await resultFor(page, SONNET_45, 'unavailable');
      await checkState(page, 'unavailable');

      await page.fill('#token', stack.token(`views-${width}`, -120));
      await page.click('#certify-button');
      await page.waitForSelector('#message[data-kind="expired"]');
      await checkState(page, 'expired token');

      // The minute's ten certifications used up (cached answers count too), then a fresh run.
      await page.fill('#token', token);
      // Committed (as leaving the field does) before the next click: the message it clears
      // shortens the page, which would move the checkbox under the pointer mid-click.
      await page.dispatchEvent('#token', 'change');
      for (let status = 200; status === 200;) {
        status = (
          await fetch(`${stack.url}/api/certification/certify-model`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ modelId: NOVA }),
          })
        ).status;
        expect([200, 429]).toContain(status);
      }
      await page.uncheck('#reuse-cache');
      await certify(page, NOVA);
      await page.waitForSelector('#message[data-kind="rate-limited"]');
      await checkState(page, '429');

      expect(problems).toEqual([]);
      await page.close();

      // A shared #model= link opens with its result in view, even on a phone.
      const link = await openPage(`#token=${token}&model=${NOVA}`, width);
      await resultFor(link.page, NOVA, 'certified');
      if (width < 768) await link.page.waitForFunction(inView, '#detail');
      else
        expect(
          await link.page.evaluate(
            () =>
              (document.getElementById('result')?.getBoundingClientRect().top ?? Infinity) <
              window.innerHeight,
          ),
        ).toBe(true);
      expect(await layout(link.page)).toEqual({ overflow: 0, buttonsOutside: [] });
      expect(link.problems).toEqual([]);
      await link.page.close();
    }, 180_000);
  }

  it('fits every width from 320 to 1,920 px, with ids wrapped between their parts', async () => {
    const { page, problems } = await openPage(`#token=${stack.token('views-widths')}`, 320);
    await page.waitForSelector('#catalog-table:not([hidden]) tbody tr');
    for (let width = 320; width <= 1920; width += 40) {
      await page.setViewportSize({ width, height: 900 });
      expect(await layout(page), `${width} px`).toEqual({ overflow: 0, buttonsOutside: [] });
    }
    // At 1,024 px the table keeps the columns that matter and folds the rest under the id.
    await page.setViewportSize({ width: 1024, height: 900 });
    const shown = await page.$$eval('#catalog-table thead th', (cells) =>
      cells
        .filter((cell) => cell.checkVisibility())
        .map((cell) => (cell as HTMLElement).dataset.col),
    );
    expect(shown).toEqual(['model', 'status', 'caps', 'ttft', 'cost', 'action']);
    const row = page.locator(`#catalog-table tr[data-model-id="${NOVA}"]`);
    expect(await row.locator('.row-meta').innerText()).toBe('Amazon · Active · on demand');
    // A long id breaks only after . - : /: it wraps, and no part between them is split.
    const wrapped = await page
      .locator(`#catalog-table tr[data-model-id="us.${SONNET_45}"] .model-id`)
      .evaluate((span) => {
        const lines = (node: Node): number => {
          const range = document.createRange();
          range.selectNodeContents(node);
          return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
        };
        return {
          lines: lines(span),
          splitParts: [...span.childNodes]
            .filter((node) => node.nodeType === Node.TEXT_NODE && lines(node) > 1)
            .map((node) => node.textContent),
        };
      });
    expect(wrapped.lines).toBeGreaterThan(1);
    expect(wrapped.splitParts).toEqual([]);
    expect(
      await row
        .locator('.model-id')
        .evaluate((span) => [...span.childNodes].filter((node) => node.nodeName === 'WBR').length),
    ).toBe(NOVA.split(/[.\-:/]/).length - 1);
    // The legend stands above the ticks it explains, one label per column of ticks.
    expect(
      await page.$$eval('#catalog-table thead .caps-legend-item', (items) =>
        items.map((item) => item.textContent),
      ),
    ).toEqual(CAPABILITIES.map((capability) => capability.label));
    // A model's view, with its long suggested-profile buttons, fits every width too.
    await certify(page, SONNET_45);
    await resultFor(page, SONNET_45, 'unavailable');
    expect(await page.locator('#result button.suggested').count()).toBe(2);
    for (let width = 320; width <= 1920; width += 40) {
      await page.setViewportSize({ width, height: 900 });
      expect(await layout(page), `result at ${width} px`).toEqual({
        overflow: 0,
        buttonsOutside: [],
      });
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a skip link leads past the form to the models', async () => {
    const { page, problems } = await openPage(
      `#token=${stack.token('views-skip')}&model=${NOVA}`,
      1280,
    );
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('skip-link');
    expect(await page.isVisible('#skip-link')).toBe(true);
    await page.keyboard.press('Enter');
    // From the model's view too: it opens the catalog and focuses its heading.
    await page.waitForFunction(() => document.activeElement?.id === 'catalog-heading');
    expect(await page.isHidden('#detail')).toBe(true);
    await page.waitForSelector('#catalog-table:not([hidden]) tbody tr');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('#catalog') !== null)).toBe(
      true,
    );
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a bad #model= or #token= link says one clear thing, and the page keeps working', async () => {
    const token = stack.token('views-bad');
    const bad = await openPage(`#token=${token}&model=not%20a%20model!`, 390);
    const message = bad.page.locator('#message');
    await message.waitFor({ state: 'visible' });
    expect(await message.getAttribute('data-kind')).toBe('invalid');
    expect(await message.innerText()).toMatch(
      /^This link names no valid model\s+"not a model!" is not a Bedrock model id/,
    );
    expect(await bad.page.getAttribute('#model-id', 'aria-invalid')).toBe('true');
    expect(new URL(bad.page.url()).hash).toBe('');
    // The catalog still loads; the message is the only one.
    await bad.page.waitForSelector('#catalog-table:not([hidden]) tbody tr');
    expect(await bad.page.locator('[role="alert"]:visible').count()).toBe(1);
    await bad.page.waitForFunction(inView, '#message');
    await checkState(bad.page, 'bad #model= link');
    // Fixing the id certifies it.
    await certify(bad.page, NOVA);
    await resultFor(bad.page, NOVA, 'certified');
    expect(await bad.page.isHidden('#message')).toBe(true);
    expect(bad.problems).toEqual([]);
    await bad.page.close();

    const rejected = await openPage('#token=not-a-token', 1024);
    await rejected.page.waitForSelector('#message[data-kind="unauthorized"]');
    expect(await rejected.page.innerText('#message')).toMatch(/^Not signed in \(401\)/);
    expect(await rejected.page.getAttribute('#token', 'aria-invalid')).toBe('true');
    // Said once: not again in the catalog's summary line.
    expect(await rejected.page.textContent('#catalog-summary')).not.toMatch(/401/);
    await checkState(rejected.page, 'rejected #token= link');
    // A good token brings the catalog back.
    await rejected.page.fill('#token', token);
    await rejected.page.dispatchEvent('#token', 'change');
    await rejected.page.waitForSelector('#catalog-table:not([hidden]) tbody tr');
    expect(await rejected.page.isHidden('#message')).toBe(true);
    expect(await rejected.page.getAttribute('#token', 'aria-invalid')).toBeNull();
    expect(rejected.problems).toEqual([]);
    await rejected.page.close();
  });

  it("Certify all: the status line's counts are the rows', by real outcome, and usage follows each run", async () => {
    // One Amazon model fails a probe, another cannot be invoked: a batch with three outcomes.
    await simulatorAdmin('PUT', 'amazon.nova-micro-v1:0', { features: { toolUse: false } });
    await simulatorAdmin('PUT', 'amazon.nova-pro-v1:0', { access: 'denied' });
    try {
      const { page, problems } = await openPage(`#token=${stack.token('views-batch')}`, 1280);
      await page.waitForSelector('#catalog-table:not([hidden]) tbody tr');
      await page.selectOption('#provider-filter', 'Amazon');
      const planned = Number(/\((\d+)\)/.exec(await page.innerText('#certify-all'))?.[1]);
      expect(planned).toBeGreaterThanOrEqual(3);
      await page.click('#certify-all');
      await page.waitForFunction(
        () => document.getElementById('batch-status')?.textContent.startsWith('Done:'),
        undefined,
        { timeout: 60_000 },
      );
      const line = await page.textContent('#batch-status');
      const said = (word: string): number =>
        Number(new RegExp(`(\\d+) ${word}`).exec(line ?? '')?.[1] ?? 0);
      const rows = (outcome: string): Promise<number> =>
        page.locator(`#catalog-table td[data-batch="${outcome}"]`).count();
      expect(said('certified')).toBeGreaterThan(0);
      expect(said('failed')).toBeGreaterThan(0);
      expect(said('unavailable')).toBeGreaterThan(0);
      for (const outcome of ['certified', 'failed', 'unavailable'])
        expect(await rows(outcome), `${outcome} in "${line}"`).toBe(said(outcome));
      expect(said('certified') + said('failed') + said('unavailable')).toBe(planned);
      // Each marked row shows the status it is counted under.
      for (const outcome of ['certified', 'failed', 'unavailable'])
        expect(
          await page
            .locator(`#catalog-table td[data-batch="${outcome}"] .badge-${outcome}`)
            .count(),
        ).toBe(said(outcome));
      // The month's usage counts the batch's runs.
      await page.waitForFunction(() =>
        /^This month: [1-9]\d* certifications?,/.test(
          document.getElementById('usage')?.textContent ?? '',
        ),
      );
      await checkState(page, 'batch done');
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      await simulatorAdmin('DELETE', 'amazon.nova-micro-v1:0');
      await simulatorAdmin('DELETE', 'amazon.nova-pro-v1:0');
    }
  }, 120_000);
  it('Stop while a model runs says truthfully that its run goes on in the background, cached and counted', async () => {
    const { page, problems } = await openPage(`#token=${stack.token('views-stop')}`, 1024);
    await page.waitForSelector('#catalog-table:not([hidden]) tbody tr');
    const row = page.locator(`#catalog-table tr[data-model-id="${HANGING_IN_BATCH}"]`);
    await row.locator('button[data-model-id]').click();
    // Its first progress event: the service started the run.
    await page.waitForFunction(
      (id) =>
        /^running \d\/6$/.test(
          document.querySelector(`#catalog-table tr[data-model-id="${id}"] .row-progress`)
            ?.textContent ?? '',
        ),
      HANGING_IN_BATCH,
    );
    expect(await page.isVisible('#batch-stop')).toBe(true);
    await page.click('#batch-stop');
    await page.waitForFunction(() =>
      document.getElementById('batch-status')?.textContent.startsWith('Stopped:'),
    );
    expect(await page.textContent('#batch-status')).toBe(
      "Stopped: 0 of 1 finished. 1 already running goes on in the background; its result will be cached and count toward this month's usage.",
    );
    expect(await row.locator('td[data-batch="detached"] .row-progress').innerText()).toBe(
      'still running in the background',
    );
    expect(await page.isHidden('#batch-stop')).toBe(true);
    await checkState(page, 'stopped batch');
    expect(problems).toEqual([]);
    await page.close();
  });
});
