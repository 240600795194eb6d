/**
 * The page in English and Brazilian Portuguese in a real Chromium: the browser's languages pick
 * one, the switch changes it and is remembered, `<html lang>` follows (checked by axe-core), the
 * views the script builds (catalog, batch status, progress, result) speak the page's language
 * with its number and date formats, and the service's error messages come back in it.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack } from '../../local/stack.js';
import { axeViolations } from '../support/axe.js';
import {
  CHROMIUM_INSTALL_TIMEOUT_MS,
  startStackAndBrowser,
  type StackAndBrowser,
} from '../support/chromium.js';

const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const NOVA_MICRO = 'amazon.nova-micro-v1:0';
const NOVA_LITE = 'amazon.nova-lite-v1:0';

let stack: LocalStack;
let browser: Browser;
let axeSource: string;

beforeAll(async () => {
  let started: StackAndBrowser;
  [started, axeSource] = await Promise.all([
    startStackAndBrowser({ env: { POWERTOOLS_LOG_LEVEL: 'SILENT' } }),
    readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'),
  ]);
  ({ stack, browser } = started);
  return started.close;
}, CHROMIUM_INSTALL_TIMEOUT_MS);

async function open(
  locale: string,
  fragment = '',
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 401/.test(message.text()))
      problems.push(`console: ${message.text()}`);
  });
  // Every text the batch line, the progress line and the probe rows showed, in order.
  await page.addInitScript(() => {
    const seen: Record<string, string[]> = { batch: [], progress: [], probes: [], rows: [] };
    Object.assign(window, { __seen: seen });
    const keep = (list: string[] | undefined, value: string | undefined): void => {
      if (list && value && list.at(-1) !== value) list.push(value);
    };
    new MutationObserver(() => {
      keep(seen.batch, document.getElementById('batch-status')?.textContent);
      keep(seen.progress, document.getElementById('progress-status')?.textContent);
      for (const node of document.querySelectorAll('#probe-list .probe-status'))
        if (!seen.probes?.includes(node.textContent)) seen.probes?.push(node.textContent);
      for (const node of document.querySelectorAll('#catalog-table .row-progress'))
        if (!seen.rows?.includes(node.textContent)) seen.rows?.push(node.textContent);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
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
const seen = (page: Page, what: 'batch' | 'progress' | 'probes' | 'rows'): Promise<string[]> =>
  page.evaluate(
    (key) => (window as unknown as { __seen: Record<string, string[]> }).__seen[key] ?? [],
    what,
  );
const row = (page: Page, modelId: string) =>
  page.locator(`#catalog-table tbody tr[data-model-id="${modelId}"]`);

/** No serious or critical axe-core finding in either theme, and the language rules hold. */
async function accessible(page: Page, where: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await axeViolations(page), `${where}, ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await languageViolations(page), where).toEqual([]);
}

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

  it('switched to Português, the catalog, a batch, the progress and a result speak it, with its formats, and pass axe-core', async () => {
    const { context, page, problems } = await open('en-US', `#token=${stack.token('lang-views')}`);
    await page.waitForSelector('#catalog-table:not([hidden]) tbody tr');
    expect(await text(page, '#catalog-summary')).toMatch(/^\d+ models and profiles in us-east-1:/);

    await page.selectOption('#language', 'pt-BR');
    expect(await page.getAttribute('html', 'lang')).toBe('pt-BR');
    // The catalog the script built, redrawn in place without a request.
    const models = await page.locator('#catalog-table tbody tr').count();
    expect(await text(page, '#catalog-summary')).toBe(
      `${models} modelos e perfis em us-east-1: 0 certificados, 0 com falha, 0 indisponíveis, ${models} não certificados.`,
    );
    expect(
      await text(page, '#catalog-table th[data-col="model"] button[data-sort="model"]'),
    ).toMatch(/^Modelo/);
    expect(await text(page, '#certify-all')).toMatch(
      /^Certificar todos os não certificados \(\d+\)$/,
    );
    expect(await row(page, NOVA_MICRO).locator('.badge').innerText()).toBe('Não certificado');
    // Its label, then the id for screen readers.
    expect(await row(page, NOVA_MICRO).locator('button[data-model-id]').innerText()).toBe(
      `Certificar\n${NOVA_MICRO}`,
    );
    expect(
      await page.$$eval('#catalog-table thead .caps-legend-item', (items) =>
        items.slice(0, 3).map((item) => item.textContent),
      ),
    ).toEqual(['Streaming', 'Prompt de sistema', 'Várias rodadas']);
    expect(await text(page, '.lead')).toContain('os 6 testes do conjunto básico');
    expect(await page.locator('#suite option[value="full"]').innerText()).toBe(
      'Completo (13 testes)',
    );
    await accessible(page, 'catalog in pt-BR');
    // Longer words, same room: nothing scrolls sideways from a 320 px phone to 1,920 px.
    for (let width = 320; width <= 1920; width += 80) {
      await page.setViewportSize({ width, height: 900 });
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
        `${width} px`,
      ).toBe(0);
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    // A row's Certify: the batch line and the row's marker in Portuguese.
    await row(page, NOVA_MICRO).locator('button[data-model-id]').click();
    await page.waitForFunction(
      () => document.getElementById('batch-status')?.textContent === 'Concluído: 1 certificado.',
      undefined,
      { timeout: 30_000 },
    );
    expect((await seen(page, 'batch'))[0]).toBe(`Certificando ${NOVA_MICRO}…`);
    expect((await seen(page, 'rows')).some((marker) => /^em execução \d\/6$/.test(marker))).toBe(
      true,
    );
    expect(await row(page, NOVA_MICRO).locator('.badge').innerText()).toBe('Certificado');
    // The month's usage in Portuguese, its amount as Intl writes dollars in pt-BR.
    await page.waitForFunction(() =>
      /^Este mês: 1 certificação, ~US\$\s?0,\d+$/.test(
        document.getElementById('usage')?.textContent ?? '',
      ),
    );
    await accessible(page, 'batch done in pt-BR');

    // A model's view: the progress while it runs, then the result.
    await page.fill('#model-id', NOVA_LITE);
    await page.click('#certify-button');
    await page.waitForSelector('#result:not([hidden])', { timeout: 30_000 });
    const lines = await seen(page, 'progress');
    expect(lines[0]).toBe('Iniciando…');
    expect(lines.some((line) => /^\d+ testes? em execução · \d de 6 concluídos$/.test(line))).toBe(
      true,
    );
    expect(lines.at(-1)).toBe('Concluído: 6 de 6 aprovados.');
    expect(await seen(page, 'probes')).toEqual(expect.arrayContaining(['em execução', 'aprovado']));
    expect(await page.getAttribute('#progress-bar', 'aria-valuetext')).toBe(
      '6 de 6 testes concluídos',
    );
    const result = await text(page, '#result');
    expect(result).toContain('Certificado');
    expect(result).toMatch(/Taxa de sucesso\s+100\s?% \(6\/6 aprovados\)/);
    // Dates and decimals as pt-BR writes them: "24 de nov. de 2026, 12:00:00 UTC", "1,23 s".
    expect(result).toMatch(
      /Certificado em\s+\d{1,2} de [a-zç]{3,4}\.? de \d{4}, \d\d:\d\d:\d\d UTC/,
    );
    expect(result).toMatch(/Custo estimado\s+US\$\s?0,\d+/);
    expect(result).toContain('Resultados por teste');
    expect(await text(page, '#result .caps')).toContain('Uso de ferramentas');
    // Model ids and status codes shown as data stay as they are.
    expect(await text(page, '#result .model-id')).toBe(NOVA_LITE);
    expect(await page.getAttribute('#result', 'data-status')).toBe('certified');
    await page.waitForSelector('#history:not([hidden])');
    expect(await text(page, '#history h2')).toBe('Execuções recentes');
    await accessible(page, 'result in pt-BR');

    // Back to English: the result shown is redrawn, the language switch asks nothing again.
    await page.selectOption('#language', 'en');
    expect(await text(page, '#result')).toMatch(/Success rate\s+100% \(6\/6 passed\)/);
    expect(await text(page, '#progress-status')).toBe('Finished: 6 of 6 passed.');
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

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

  it('falls back to English for a stored choice it does not know, and keeps working', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    await context.addInitScript(() =>
      localStorage.setItem('bedrock-certification.language', 'tlh'),
    );
    const page = await context.newPage();
    await page.goto(`${stack.url}/#token=${stack.token('lang-bad')}`);
    await page.waitForSelector('#catalog-table:not([hidden]) tbody tr');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.inputValue('#language')).toBe('en');
    expect(await text(page, '#catalog-summary')).toMatch(/^\d+ models and profiles in us-east-1:/);
    await context.close();
  });
});
