/**
 * The page in a real browser: Debian's Chromium driven by playwright-core loads `GET /` from the
 * local stack, certifies the catalog's Claude model and shows the 401 message for a bad token.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { TEST_NAMES } from '../../shared/types.js';

const CHROMIUM = '/usr/bin/chromium';
const CLAUDE = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const INSTALL_TIMEOUT_MS = 15 * 60_000;

/**
 * Installs Debian's chromium package when it is missing (never a downloaded browser build).
 * Fails with a message saying what to do when it cannot.
 */
async function ensureChromium(): Promise<void> {
  if (existsSync(CHROMIUM)) return;
  const asRoot = process.getuid?.() === 0;
  const command = 'apt-get update && apt-get install -y chromium';
  const child = spawn(asRoot ? 'sh' : 'sudo', asRoot ? ['-c', command] : ['-n', 'sh', '-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const exitCode = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('close', resolve);
  });
  if (exitCode !== 0 || !existsSync(CHROMIUM)) {
    throw new Error(
      `The browser test needs Debian's Chromium at ${CHROMIUM}. Installing it with \`${command}\` failed (exit ${exitCode}). ` +
        `Install it yourself (as root) and rerun.\n${output}`,
    );
  }
}

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  await ensureChromium();
  [stack, browser] = await Promise.all([
    startLocalStack(),
    chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    }),
  ]);
  await mkdir(ARTIFACTS, { recursive: true });
  return async () => {
    await browser.close();
    await stack.close();
  };
}, INSTALL_TIMEOUT_MS);

/** A page that records problems and every state the probe rows and the bar pass through. */
async function openPage(fragment: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A 401 answer is logged by Chromium as a failed resource; anything else is a problem.
    if (message.type() === 'error' && !message.text().includes('status of 401')) problems.push(`console: ${message.text()}`);
  });
  // Runs through the DevTools protocol, outside the page's CSP: observation only.
  await page.addInitScript(() => {
    const seen: Record<string, string[]> = {};
    const values: string[] = [];
    Object.assign(window, { __rowStates: seen, __barValues: values });
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        const target = mutation.target as HTMLElement;
        if (mutation.attributeName === 'data-status' && target.dataset.test) {
          const states = (seen[target.dataset.test] ??= []);
          if (states.at(-1) !== target.dataset.status) states.push(target.dataset.status ?? '');
        }
        if (mutation.attributeName === 'aria-valuenow' && target.getAttribute('role') === 'progressbar') {
          const value = target.getAttribute('aria-valuenow') ?? '';
          if (values.at(-1) !== value) values.push(value);
        }
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-status', 'aria-valuenow'] });
  });
  const response = await page.goto(`${stack.url}/${fragment}`);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'/);
  await page.waitForSelector('html[data-ready="true"]');
  return { page, problems };
}

describe('certification page in Chromium', () => {
  it('certifies the Claude model: the bar reaches 6/6, rows go running → passed, the result shows', async () => {
    const { page, problems } = await openPage(`#token=${stack.token('page-alice')}`);

    // The token came from the fragment, which is then dropped from the address bar.
    expect(await page.inputValue('#token')).not.toBe('');
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.$$eval('#model-suggestions option', (options) => options.map((option) => (option as HTMLOptionElement).value))).toContain(CLAUDE);

    await page.fill('#model-id', CLAUDE);
    await page.click('#certify-button');
    await page.waitForSelector('#result:not([hidden])', { timeout: 30_000 });

    const bar = page.locator('[role="progressbar"]');
    expect(await bar.getAttribute('aria-valuenow')).toBe('6');
    expect(await bar.getAttribute('aria-valuemax')).toBe('6');
    expect(await page.textContent('#progress-count')).toBe('6/6');
    const rowStates = await page.$$eval('#probe-list li', (rows) => rows.map((row) => [(row as HTMLElement).dataset.test, (row as HTMLElement).dataset.status]));
    expect(rowStates).toEqual(TEST_NAMES.map((name) => [name, 'passed']));

    // Live: every row was seen running before it passed, and the bar climbed step by step.
    const history = await page.evaluate(() => (window as unknown as { __rowStates: Record<string, string[]> }).__rowStates);
    for (const name of TEST_NAMES) expect(history[name]?.slice(-2)).toEqual(['running', 'passed']);
    const barValues = await page.evaluate(() => (window as unknown as { __barValues: string[] }).__barValues.map(Number));
    expect(barValues.at(-1)).toBe(6);
    expect(barValues.length).toBeGreaterThan(2);

    const result = page.locator('#result');
    expect(await result.getAttribute('data-status')).toBe('certified');
    const text = await result.innerText();
    expect(text).toContain('Certified');
    expect(text).toContain(CLAUDE);
    expect(text).toMatch(/Success rate\s+100% \(6\/6 passed\)/);
    expect(text).toMatch(/Time to first token\s+\d+(\.\d+)? m?s/);
    // Null when the simulated stream is too short to measure (time-scaled in tests).
    expect(text).toMatch(/Output speed\s+([\d.]+ tok\/s|—)/);
    expect(text).toMatch(/Estimated cost\s+\$[\d.]+/);
    expect(await page.isHidden('#message')).toBe(true);
    expect(await page.isEnabled('#certify-button')).toBe(true);

    // The visible bar is full too (after its short width transition), not just its ARIA value.
    await page.waitForFunction(() => {
      const bar = document.querySelector('[role="progressbar"]');
      const fill = bar?.firstElementChild;
      return bar && fill ? fill.getBoundingClientRect().width >= bar.clientWidth - 1 : false;
    });
    await page.screenshot({ path: `${ARTIFACTS}page-certified.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows the 401 message for a bad token', async () => {
    const { page, problems } = await openPage('');

    await page.fill('#model-id', CLAUDE);
    await page.fill('#token', 'not-a-valid-token');
    await page.click('#certify-button');
    const message = page.locator('#message');
    await message.waitFor({ state: 'visible' });

    expect(await message.getAttribute('data-kind')).toBe('unauthorized');
    expect(await message.getAttribute('role')).toBe('alert');
    expect(await message.innerText()).toMatch(/Not signed in \(401\)[\s\S]*rejected the access token/);
    expect(await page.isHidden('#result')).toBe(true);

    await page.screenshot({ path: `${ARTIFACTS}page-unauthorized.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
