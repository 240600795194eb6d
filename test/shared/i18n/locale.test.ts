import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatRelativeTime,
  formatUsd,
  localeFromEnvironment,
  negotiateAcceptLanguage,
  pickLocale,
  toLocale,
} from '../../../shared/i18n/index.js';

describe('toLocale', () => {
  it.each([
    ['pt', 'pt-BR'],
    ['pt-BR', 'pt-BR'],
    ['pt-PT', 'pt-BR'],
    ['PT_br.UTF-8', 'pt-BR'],
    ['pt_BR.UTF-8@euro', 'pt-BR'],
    ['en', 'en'],
    ['en_US.UTF-8', 'en'],
    ['C', 'en'],
    ['C.UTF-8', 'en'],
    ['POSIX', 'en'],
  ])('%s → %s', (tag, locale) => expect(toLocale(tag)).toBe(locale));

  it.each(['fr', 'de-DE', 'es_ES.UTF-8', '', 'portuguese', undefined])('%s → none', (tag) =>
    expect(toLocale(tag)).toBeUndefined(),
  );
});

describe('negotiateAcceptLanguage', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['pt-BR', 'pt-BR'],
    ['pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7', 'pt-BR'],
    ['en-US,en;q=0.9,pt;q=0.8', 'en'],
    ['fr, pt;q=0.5', 'pt-BR'],
    ['en;q=0.1, pt;q=0.2', 'pt-BR'],
    ['pt;q=0, en', 'en'],
    ['pt;q=0', 'en'],
    ['*', 'en'],
    ['fr;q=1, *;q=0.5, pt;q=0.4', 'en'],
    ['x'.repeat(400), 'en'],
    ['pt;q=abc, en;q=0.5', 'pt-BR'],
    ['<script>, pt', 'pt-BR'],
  ])('%s → %s', (header, locale) => expect(negotiateAcceptLanguage(header)).toBe(locale));
});

describe('pickLocale and localeFromEnvironment', () => {
  it('takes the first supported browser language', () => {
    expect(pickLocale(['fr-FR', 'pt-BR', 'en'])).toBe('pt-BR');
    expect(pickLocale(['fr-FR', 'de'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });

  it('reads --lang, then LC_ALL, LC_MESSAGES and LANG in POSIX order', () => {
    expect(localeFromEnvironment({ LANG: 'pt_BR.UTF-8' })).toBe('pt-BR');
    expect(localeFromEnvironment({ LANG: 'pt_BR.UTF-8', LC_ALL: 'en_US.UTF-8' })).toBe('en');
    expect(localeFromEnvironment({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'pt_BR' })).toBe('pt-BR');
    expect(localeFromEnvironment({ LANG: 'pt_BR.UTF-8', LC_ALL: '' })).toBe('pt-BR');
    expect(localeFromEnvironment({ LANG: 'pt_BR.UTF-8' }, 'en')).toBe('en');
    expect(localeFromEnvironment({}, 'pt')).toBe('pt-BR');
    expect(localeFromEnvironment({ LANG: 'fr_FR.UTF-8' })).toBe('en');
    expect(localeFromEnvironment({})).toBe('en');
  });
});

describe('Intl formatting per locale', () => {
  it('formats numbers and US dollars', () => {
    expect(formatNumber('en', 22_418)).toBe('22,418');
    expect(formatNumber('pt-BR', 22_418)).toBe('22.418');
    expect(formatUsd('en', 0.0689275)).toBe('$0.07');
    expect(formatUsd('pt-BR', 0.0689275)).toBe('US$\u00a00,07');
    expect(formatUsd('en', 0.00123)).toBe('$0.0012');
    expect(formatUsd('pt-BR', 0.00123)).toBe('US$\u00a00,0012');
    expect(formatUsd('en', 0)).toBe('$0.00');
  });

  it('formats dates in UTC and relative times', () => {
    const date = new Date('2026-11-24T12:00:00Z');
    expect(formatDate('en', date)).toBe('Nov 24, 2026');
    expect(formatDate('pt-BR', date)).toBe('24 de nov. de 2026');
    expect(formatDateTime('pt-BR', date)).toContain('12:00:00');
    expect(formatRelativeTime('en', -3 * 86_400)).toBe('3 days ago');
    expect(formatRelativeTime('pt-BR', -3 * 86_400)).toBe('há 3 dias');
    expect(formatRelativeTime('pt-BR', 300)).toBe('em 5 minutos');
    expect(formatRelativeTime('en', 0)).toBe('now');
  });
});
