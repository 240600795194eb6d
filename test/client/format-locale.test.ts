import { describe, expect, it } from 'vitest';
import { formatCost, formatDuration, formatRate } from '../../client/format.js';

describe('client/format.ts by locale', () => {
  it('formats numbers and money the Brazilian way through Intl', () => {
    expect(formatDuration(12_345, 'pt-BR')).toBe('12,3 s');
    expect(formatDuration(1_234, 'pt-BR')).toBe('1,23 s');
    expect(formatRate(48.54, 'pt-BR')).toBe('48,5 tok/s');
    expect(formatCost(0.0689275, 'pt-BR')).toBe('US$\u00a00,069');
    expect(formatCost(12.5, 'pt-BR')).toBe('US$\u00a012,50');
  });

  it('keeps English by default', () => {
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatCost(0.0689275)).toBe('$0.069');
  });
});
