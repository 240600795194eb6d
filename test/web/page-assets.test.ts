import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CATALOGS, MESSAGES_EN, translate, type MessageKey } from '../../shared/i18n/index.js';
import { CAPABILITIES, probesOf } from '../../shared/suites.js';
import { TEST_NAMES } from '../../shared/types.js';
import { PAGE_SCRIPT, PAGE_STYLES } from '../../shared/web/page-assets.generated.js';
import {
  PAGE_CONTENT_SECURITY_POLICY,
  PAGE_SCRIPT_SHA256,
  PAGE_STYLES_SHA256,
  renderPage,
} from '../../shared/web/page.js';
import { catalogCaption, pageLead } from '../../shared/web/page-text.js';
import { GENERATED_MODULE_PATH, generatePageAssetsModule } from '../../web/build.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

describe('generated page assets', () => {
  it('are up to date with web/ (run `npm run build:web` after changing it)', async () => {
    const committed = await readFile(
      new URL(`../../${GENERATED_MODULE_PATH}`, import.meta.url),
      'utf8',
    );

    const rebuilt = await generatePageAssetsModule();

    expect(
      committed === rebuilt,
      'shared/web/page-assets.generated.ts is stale: run `npm run build:web`',
    ).toBe(true);
  });

  it('leave the command-line messages out of the page, which never shows one', async () => {
    // The bundle carries the page's own messages ...
    expect(PAGE_SCRIPT).toContain(JSON.stringify(MESSAGES_EN['web.title']));
    // ... and none of the CLI's, in either language.
    for (const key of ['cli.certify.help', 'cli.error'] as const) {
      expect(PAGE_SCRIPT).not.toContain(JSON.stringify(MESSAGES_EN[key]).slice(1, 40));
      expect(PAGE_SCRIPT).not.toContain(JSON.stringify(CATALOGS['pt-BR'][key]).slice(1, 40));
    }
    // So the page may not ask for one: web/ names no `cli.` key.
    const sources = await Promise.all(
      (await readdir(new URL('../../web/', import.meta.url)))
        // build.ts bundles the page; it is not part of it.
        .filter((name) => name.endsWith('.ts') && name !== 'build.ts')
        .map((name) => readFile(new URL(`../../web/${name}`, import.meta.url), 'utf8')),
    );
    for (const source of sources) expect(source).not.toMatch(/['`"]cli\./);
  });

  it('export the SHA-256 of exactly the script and styles the page inlines', () => {
    const html = renderPage({ modelSuggestions: [] });
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1];
    const styles = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1];

    expect(script).toBe(PAGE_SCRIPT);
    expect(styles).toBe(PAGE_STYLES);
    expect(PAGE_SCRIPT_SHA256).toBe(sha256(PAGE_SCRIPT));
    expect(PAGE_STYLES_SHA256).toBe(sha256(PAGE_STYLES));
    expect(PAGE_CONTENT_SECURITY_POLICY).toContain(`script-src 'sha256-${PAGE_SCRIPT_SHA256}'`);
    expect(PAGE_CONTENT_SECURITY_POLICY).toContain(`style-src 'sha256-${PAGE_STYLES_SHA256}'`);
    expect(PAGE_CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });
});

describe('renderPage', () => {
  it('offers the suggestions in a datalist tied to the model field, escaped and deduplicated', () => {
    const html = renderPage({
      modelSuggestions: [
        'anthropic.claude-3-5-sonnet-20241022-v2:0',
        ' amazon.titan-text-express-v1 ',
        '"><script>alert(1)</script>',
        'amazon.titan-text-express-v1',
        '',
      ],
    });

    const datalist = /<datalist id="model-suggestions">(.*?)<\/datalist>/.exec(html)?.[1];
    expect(datalist).toBe(
      '<option value="anthropic.claude-3-5-sonnet-20241022-v2:0"></option>' +
        '<option value="amazon.titan-text-express-v1"></option>' +
        '<option value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"></option>',
    );
    expect(html).toMatch(/<input type="text" id="model-id"[^>]* list="model-suggestions"/);
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('is accessible and CSP-friendly: labels, a progressbar, live regions, no inline handlers or style attributes', () => {
    const html = renderPage({ modelSuggestions: [] });
    const markup = html
      .replace(/<script>[\s\S]*?<\/script>/, '')
      .replace(/<style>[\s\S]*?<\/style>/, '');

    expect(markup).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(markup).toMatch(/<label for="model-id"[ >]/);
    expect(markup).toMatch(/<label for="token"[ >]/);
    expect(markup).toMatch(
      new RegExp(
        `role="progressbar"[^>]* aria-valuemin="0" aria-valuemax="${TEST_NAMES.length}" aria-valuenow="0"`,
      ),
    );
    // One concise live region for progress; the result card and the probe rows are not live.
    expect(markup.match(/aria-live=/g)).toEqual(['aria-live=']);
    expect(markup).toMatch(/id="announcer" aria-live="polite"/);
    expect(markup).toMatch(/role="alert"/);
    expect(markup).not.toMatch(/\son[a-z]+=/i);
    expect(markup).not.toMatch(/\sstyle=/i);
    // Nothing to fetch but the API: the empty data: icon keeps browsers from asking for /favicon.ico;
    // the other links stay on the page (the skip link to the models, the back link).
    expect(markup.match(/(src|href)="[^"]*"/gi)).toEqual([
      'href="data:,"',
      'href="#catalog-heading"',
      'href="#"',
    ]);
    // The skip link comes first, before anything else to tab through.
    expect(markup).toMatch(
      /<body>\n<a class="skip-link" href="#catalog-heading"[^>]*>Skip to the models<\/a>/,
    );
  });

  it('introduces both suites by their features from the registry, offers them, and sizes the progress bar to the default', () => {
    const markup = renderPage({ modelSuggestions: [] });
    const core = probesOf('core');
    const full = probesOf('full');
    expect(markup).toContain(
      `the core suite&#39;s ${core.length} (completion, streaming, system prompt, multi-turn, tool use, JSON output), or the full suite&#39;s ${full.length}, which adds image input, document input, citations, reasoning, prompt caching, structured output, tool choice.`,
    );
    // Each suite's label in English, marked for the script to say it in the page's language.
    expect(markup).toContain(
      `<select id="suite"><option value="core" selected data-i18n="web.suite.core" data-i18n-params="{&quot;count&quot;:&quot;${core.length}&quot;}">Core (${core.length} probes)</option><option value="full" data-i18n="web.suite.full" data-i18n-params="{&quot;count&quot;:&quot;${full.length}&quot;}">Full (${full.length} probes)</option></select>`,
    );
    expect(markup).toMatch(
      new RegExp(
        `aria-valuemax="${core.length}" aria-valuenow="0" aria-valuetext="0 of ${core.length} probes finished"`,
      ),
    );
    expect(markup).toContain(
      `in order: ${CAPABILITIES.map((capability) => capability.label.toLowerCase()).join(', ')}.`,
    );
  });
  it('says in English, without the script, exactly what the English catalog says for each marked element', () => {
    const markup = renderPage({ modelSuggestions: [] });
    const unescape = (html: string): string =>
      html
        .replace(/<\/?code>/g, '`')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
    const marked = [
      ...markup.matchAll(
        /<(\w+)[^>]* data-i18n="([^"]+)"(?: data-i18n-params="([^"]*)")?[^>]*>(.*?)<\/\1>/g,
      ),
    ];
    expect(marked.length).toBeGreaterThan(30);
    for (const [, , key, params, inner] of marked) {
      expect(Object.hasOwn(MESSAGES_EN, key ?? ''), `${key} is a catalog key`).toBe(true);
      const values = params ? (JSON.parse(unescape(params)) as Record<string, string>) : {};
      expect(unescape(inner ?? ''), key).toBe(
        (translate as (locale: 'en', key: MessageKey, params: object) => string)(
          'en',
          key as MessageKey,
          values,
        ),
      );
    }
    // Built from the registry, in English here and in the reader's language by the script.
    expect(markup).toContain(
      `<p class="lead" id="lead">${pageLead('en').replace(/'/g, '&#39;')}</p>`,
    );
    expect(pageLead('pt-BR')).toContain(
      'os 6 testes do conjunto básico (resposta simples, streaming',
    );
    expect(catalogCaption('pt-BR')).toContain(
      'nesta ordem: streaming, prompt de sistema, várias rodadas',
    );
  });
});
