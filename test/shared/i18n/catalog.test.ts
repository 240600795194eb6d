import { describe, expect, it } from 'vitest';
import {
  CATALOGS,
  interpolate,
  LOCALES,
  MESSAGES_EN,
  parameterNames,
  translate,
  type MessageKey,
} from '../../../shared/i18n/index.js';

const KEYS = Object.keys(MESSAGES_EN) as MessageKey[];

describe('message catalogs', () => {
  it('have exactly the same keys in every language', () => {
    for (const locale of LOCALES)
      expect(Object.keys(CATALOGS[locale]).sort()).toEqual([...KEYS].sort());
  });

  it('have no empty Portuguese message, none equal to its key, and Portuguese that is not the English text', () => {
    // A message may read the same in both languages only when listed here, on purpose.
    // Punctuation around parameters:
    const punctuation: MessageKey[] = ['api.atField', 'cli.listJoin'];
    // Words Brazilian Portuguese takes as they are (Status, Tokens, Streaming, via, the TTFT
    // abbreviation), and `error`, a model's outcome in every format, as `certified` is:
    const loanWords: MessageKey[] = [
      'cli.certify.itemError',
      'cli.summary.status',
      'cli.summary.ttft',
      'cli.summary.tokens',
      'cli.gate.ttft',
      'cli.report.status',
      'cli.report.ttft',
      'cli.report.md.status',
      'cli.report.md.ttft',
      'cli.capability.streaming',
      'cli.myUsage.tokens',
      'cli.catalog.status',
      'cli.catalog.ttft',
      'cli.catalog.md.status',
      'cli.catalog.md.ttft',
      'web.column.ttft',
      'web.catalog.via',
      'web.capability.streaming',
      'web.feature.streaming-test',
      'web.result.tokens',
      'web.history.ttft',
    ];
    const sameInBoth = [...punctuation, ...loanWords];
    expect(KEYS.filter((key) => CATALOGS['pt-BR'][key] === MESSAGES_EN[key]).sort()).toEqual(
      sameInBoth.sort(),
    );
    for (const key of KEYS) {
      const text = CATALOGS['pt-BR'][key];
      expect(text.trim(), key).not.toBe('');
      expect(text, key).not.toBe(key);
    }
  });

  it('use the same {parameters} in every language', () => {
    for (const key of KEYS) {
      for (const locale of LOCALES)
        expect(parameterNames(CATALOGS[locale][key]), `${locale} ${key}`).toEqual(
          parameterNames(MESSAGES_EN[key]),
        );
    }
  });

  it('interpolates named parameters and leaves a missing one visible', () => {
    expect(translate('en', 'api.historyLimit', { max: 100 })).toBe(
      'limit must be a whole number from 1 to 100.',
    );
    expect(translate('pt-BR', 'api.historyLimit', { max: 100 })).toBe(
      'limit deve ser um número inteiro de 1 a 100.',
    );
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    // A value is not interpolated again: a parameter that contains braces stays as given.
    expect(interpolate('{a}', { a: '{b}', b: 'x' })).toBe('{b}');
    expect(interpolate('{toString}', {})).toBe('{toString}');
  });
});
