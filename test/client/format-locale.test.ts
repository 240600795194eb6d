import { describe, expect, it } from 'vitest';
import { formatCost, formatDuration, formatRate, formatTimestamp } from '../../client/format.js';

describe('client/format.ts by locale', () => {
  it('keeps the English output of today by default and for "en"', () => {
    for (const locale of [undefined, 'en'] as const) {
      expect(formatDuration(12_345, locale)).toBe('12.3 s');
      expect(formatRate(48.54, locale)).toBe('48.5 tok/s');
      expect(formatCost(0.0689275, locale)).toBe('$0.07');
      expect(formatCost(0.00123, locale)).toBe('$0.0012');
      expect(formatCost(null, locale)).toBe('unknown');
      expect(formatTimestamp('2026-11-24T12:00:00Z', locale)).toBe('2026-11-24 12:00:00 UTC');
    }
  });

  it('formats numbers, money and dates the Brazilian way through Intl', () => {
    expect(formatDuration(12_345, 'pt-BR')).toBe('12,3 s');
    expect(formatDuration(1_234, 'pt-BR')).toBe('1,23 s');
    expect(formatRate(48.54, 'pt-BR')).toBe('48,5 tok/s');
    expect(formatCost(0.0689275, 'pt-BR')).toBe('US$\u00a00,07');
    expect(formatCost(0.00123, 'pt-BR')).toBe('US$\u00a00,0012');
    expect(formatCost(undefined, 'pt-BR')).toBe('desconhecido');
    expect(formatTimestamp('2026-11-24T12:00:00Z', 'pt-BR')).toMatch(
      /^24 de nov\. de 2026,? 12:00:00 UTC$/,
    );
    expect(formatTimestamp('not a date', 'pt-BR')).toBe('not a date');
  });
});
