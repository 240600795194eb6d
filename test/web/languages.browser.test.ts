/**
 * The page in English and Brazilian Portuguese in a real Chromium: the browser's languages pick
 * one, the switch changes it and is remembered, `<html lang>` follows (checked by axe-core), and
 * the service's error messages come back in the page's language.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { CHROMIUM_INSTALL_TIMEOUT_MS, launchChromium } from '../support/chromium.js';

const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

let stack: LocalStack;
let browser: Browser;
let axeSource: string;

beforeAll(async () => {
  [stack, browser, axeSource] = await Promise.all([
    startLocalStack({ env: { POWERTOOLS_LOG_LEVEL: 'SILENT' } }),
    launchChromium(),
    readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'),
  ]);
  return async () => {
    await browser.close();
    await stack.close();
  };
}, CHROMIUM_INSTALL_TIMEOUT_MS);

async function open(
  locale: string,
  fragment = '',
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(`${stack.url}/${fragment}`);
  await page.waitForSelector('html[data-ready="true"]');
  return { context, page, problems };
}

/** axe-core's language rules; evaluated through DevTools, outside the page's CSP. */
async function languageViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (...args: unknown[]) => Promise<{ violations: { id: string }[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: {
        type: 'rule',
        values: ['html-has-lang', 'html-lang-valid', 'valid-lang', 'html-xml-lang-mismatch'],
      },
    });
    return result.violations.map((violation) => violation.id);
  });
}

const text = (page: Page, selector: string) => page.locator(selector).innerText();

describe('page languages in Chromium', () => {
  it('speaks Portuguese to a pt-BR browser, and the switch changes it and is remembered', async () => {
    const { context, page, problems } = await open('pt-BR', `#token=${stack.token('lang-pt')}`);
    expect(await page.getAttribute('html', 'lang')).toBe('pt-BR');
    expect(await page.inputValue('#language')).toBe('pt-BR');
    expect(await text(page, 'h1')).toBe('Certificação de modelos do Bedrock');
    expect(await text(page, '#certify-button')).toBe('Certificar');
    expect(await text(page, '#token-help')).toContain('Fica só nesta aba do navegador');
    // The code span of the help text is still a <code>, built from text.
    expect(await text(page, '#token-help code')).toBe('Authorization: Bearer');
    expect(await page.title()).toBe('Certificação de modelos do Bedrock');
    await page.waitForFunction(() =>
      /Este mês:/.test(document.querySelector('#usage')?.textContent ?? ''),
    );
    expect(await languageViolations(page)).toEqual([]);

    await page.selectOption('#language', 'en');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await text(page, 'h1')).toBe('Bedrock model certification');
    expect(await text(page, '#certify-button')).toBe('Certify');
    await page.waitForFunction(() =>
      /This month:/.test(document.querySelector('#usage')?.textContent ?? ''),
    );
    expect(await languageViolations(page)).toEqual([]);

    // Remembered over the browser's languages.
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.inputValue('#language')).toBe('en');
    expect(problems).toEqual([]);
    await context.close();
  });

  it("shows the service's error message in the page's language, with the same code", async () => {
    const { context, page, problems } = await open('pt-BR');
    await page.fill('#token', 'not-a-valid-token');
    await page.fill('#model-id', CLAUDE);
    await page.click('#certify-button');
    const message = page.locator('#message');
    await message.waitFor({ state: 'visible' });
    expect(await message.getAttribute('data-kind')).toBe('unauthorized');
    const shown = await message.innerText();
    expect(shown).toContain('Sem autenticação (401)');
    expect(shown).toContain('É preciso um token bearer válido.');
    expect(shown).not.toContain('A valid bearer token is required.');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('falls back to English for a browser in a language it does not speak', async () => {
    const { context, page } = await open('fr-FR');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.inputValue('#language')).toBe('en');
    expect(await text(page, 'h1')).toBe('Bedrock model certification');
    expect(await languageViolations(page)).toEqual([]);
    await context.close();
  });
});
