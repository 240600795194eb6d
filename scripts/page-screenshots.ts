/**
 * Retakes the README's screenshots of the web page (`npx tsx scripts/page-screenshots.ts`): a
 * local stack of its own (simulated Bedrock, nothing leaves the machine) and Debian's Chromium at
 * 1,280 px, light theme. It certifies the Amazon models from the catalog, then one model from the
 * form, and writes `docs/images/catalog.png` and `docs/images/result.png`.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startLocalStack } from '../local/stack.js';
import { launchChromium } from '../test/support/chromium.js';

const IMAGES = fileURLToPath(new URL('../docs/images/', import.meta.url));
const RESULT_MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

// Realistic timings would only make the run slower; the figures shown stay plausible.
const stack = await startLocalStack({ env: { POWERTOOLS_LOG_LEVEL: 'SILENT' }, timeScale: 0.05 });
const browser = await launchChromium();
try {
  await mkdir(IMAGES, { recursive: true });
  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
  await page.goto(`${stack.url}/#token=${stack.token('screenshots')}`);
  await page.waitForSelector('#catalog-table:not([hidden]) tbody tr');
  await page.selectOption('#provider-filter', 'Amazon');
  await page.click('#certify-all');
  await page.waitForFunction(
    () => document.getElementById('batch-status')?.textContent.startsWith('Done:'),
    undefined,
    { timeout: 120_000 },
  );
  await page.evaluate(() => document.getElementById('catalog')?.scrollIntoView());
  await page.screenshot({ path: `${IMAGES}catalog.png` });

  // The batch was one request: the rate limit leaves room for this run.
  await page.fill('#model-id', RESULT_MODEL);
  await page.click('#certify-button');
  await page.waitForSelector('#result:not([hidden])', { timeout: 60_000 });
  await page.evaluate(() => document.getElementById('result')?.scrollIntoView());
  await page.screenshot({ path: `${IMAGES}result.png` });
  process.stdout.write(`wrote ${IMAGES}catalog.png and ${IMAGES}result.png\n`);
} finally {
  await browser.close();
  await stack.close();
}
