/**
 * The Region × model view in Chromium against a local stack that certifies in three Regions:
 * one row per model, one column per Region, each cell the model's status there, certified with
 * one click through the batch route.
 */
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack } from '../../local/stack.js';
import { CHROMIUM_INSTALL_TIMEOUT_MS, startStackAndBrowser } from '../support/chromium.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-northeast-1'];
const QWEN = 'qwen.qwen3-32b-v1:0';
/** Offered in the US Regions only (the simulated account's data file). */
const US_ONLY = 'meta.llama4-scout-17b-instruct-v1:0';
const NOVA_LITE = 'amazon.nova-lite-v1:0';

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  const started = await startStackAndBrowser({
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', CERTIFICATION_REGIONS: REGIONS.join(',') },
  });
  ({ stack, browser } = started);
  return started.close;
}, CHROMIUM_INSTALL_TIMEOUT_MS);

async function landing(
  sub: string,
): Promise<{ page: Page; problems: string[]; batches: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  const batches: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/certification/batches')
      batches.push(request.postData() ?? '');
  });
  expect((await page.goto(`${stack.url}/#token=${stack.token(sub)}`))?.status()).toBe(200);
  await page.waitForSelector('#regions:not([hidden]) #region-table tbody tr');
  return { page, problems, batches };
}

const cell = (page: Page, modelId: string, region: string) =>
  page.locator(`#region-table tbody tr[data-model-id="${modelId}"] td[data-region="${region}"]`);

describe('Region view in Chromium', () => {
  it('shows every model in every listed Region: its status where offered, nothing to certify where not', async () => {
    const { page, problems } = await landing('regions-browse');

    expect(
      await page.$$eval('#region-table thead th', (cells) => cells.map((c) => c.textContent)),
    ).toEqual(['Model', ...REGIONS]);
    expect(await page.textContent('#region-summary')).toMatch(
      /^\d+ models and profiles across 3 Regions \(offered: us-east-1 \d+, eu-west-1 \d+, ap-northeast-1 \d+\)\.$/,
    );
    // Llama 4 Scout is a US model: offered in us-east-1 only of these three.
    expect(await cell(page, US_ONLY, 'us-east-1').getAttribute('data-status')).toBe('uncertified');
    for (const region of ['eu-west-1', 'ap-northeast-1']) {
      expect(await cell(page, US_ONLY, region).getAttribute('data-status')).toBe('not-offered');
      expect(await cell(page, US_ONLY, region).locator('button').count()).toBe(0);
    }
    // A profile-only model's cell certifies the Region's own profile.
    expect(await cell(page, NOVA_LITE, 'eu-west-1').locator('button').getAttribute('title')).toBe(
      `Certify eu.${NOVA_LITE} in eu-west-1`,
    );
    // On a phone the table is cards, each cell labelled with its Region: nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(
      await page.evaluate(
        () => (document.scrollingElement?.scrollWidth ?? Infinity) <= window.innerWidth,
      ),
    ).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('certifies one cell with one click, in that Region only, through the batch route', async () => {
    const { page, problems, batches } = await landing('regions-cell');
    const target = cell(page, QWEN, 'eu-west-1');
    const progress: string[] = [];
    await page.exposeFunction('__sawProgress', (text: string) => progress.push(text));
    await page.evaluate(() => {
      new MutationObserver(() => {
        for (const node of document.querySelectorAll('#region-table .row-progress'))
          (window as unknown as { __sawProgress: (t: string) => void }).__sawProgress(
            node.textContent,
          );
      }).observe(document.getElementById('region-table') as Node, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });

    await target.locator('button').click();
    await page.waitForFunction(
      () =>
        document
          .querySelector(
            '#region-table tr[data-model-id="qwen.qwen3-32b-v1:0"] td[data-region="eu-west-1"]',
          )
          ?.getAttribute('data-status') === 'certified',
      undefined,
      { timeout: 30_000 },
    );
    expect(progress.some((text) => /^running \d\/6$/.test(text))).toBe(true);
    expect(batches.map((body) => JSON.parse(body) as unknown)).toEqual([
      { items: [{ modelId: QWEN, region: 'eu-west-1' }] },
    ]);
    for (const region of ['us-east-1', 'ap-northeast-1'])
      expect(await cell(page, QWEN, region).getAttribute('data-status')).toBe('uncertified');
    // The default Region's catalog above is untouched: the run was in eu-west-1.
    expect(
      await page
        .locator(`#catalog-table tr[data-model-id="${QWEN}"] td[data-label="Status"]`)
        .innerText(),
    ).toBe('Not certified');
    // Focus returns to the cell's button, which the redraw replaced.
    expect(
      await page.evaluate(() => {
        const active = document.activeElement as HTMLElement | null;
        return [active?.dataset.modelId, active?.dataset.region];
      }),
    ).toEqual([QWEN, 'eu-west-1']);

    // The service agrees: GET /regions/{id} shows the certification there and nowhere else.
    const answer = (await (
      await fetch(`${stack.url}/api/certification/regions/${QWEN}`, {
        headers: { authorization: `Bearer ${stack.token('regions-cell')}` },
      })
    ).json()) as { regions: { region: string; certification: { status: string } | null }[] };
    expect(
      answer.regions.map((entry) => [entry.region, entry.certification?.status ?? null]),
    ).toEqual([
      ['us-east-1', null],
      ['eu-west-1', 'certified'],
      ['ap-northeast-1', null],
    ]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
