import { describe, expect, it } from 'vitest';
import {
  formatCost,
  formatCount,
  formatDuration,
  formatElapsed,
  formatPercent,
  formatRate,
  formatTimestamp,
  formatWait,
} from '../../client/format.js';

describe('format', () => {
  it('formats durations in ms below a second and in seconds above, with fixed decimals', () => {
    expect([
      formatDuration(0),
      formatDuration(812.4),
      formatDuration(1234),
      formatDuration(2300),
      formatDuration(12_345),
      formatDuration(null),
    ]).toEqual(['0 ms', '812 ms', '1.23 s', '2.30 s', '12.3 s', '—']);
  });

  it('has one money format: cents from a dollar, two significant digits below, grouped', () => {
    expect([
      formatCost(0.0018),
      formatCost(0.00012345),
      // The usage report said $0.0689275 and the usage view $0.07 for the same month.
      formatCost(0.0689275),
      formatCost(0.07),
      formatCost(0.0999),
      formatCost(0.5),
      formatCost(1234.567),
      formatCost(0),
      formatCost(null),
    ]).toEqual([
      '$0.0018',
      '$0.00012',
      '$0.069',
      '$0.07',
      '$0.10',
      '$0.50',
      '$1,234.57',
      '$0.00',
      'unknown',
    ]);
  });

  it('has one number format: counts grouped, percentages whole', () => {
    expect([formatCount(22_418), formatCount(7), formatCount(null)]).toEqual(['22,418', '7', '—']);
    expect([formatPercent(83), formatPercent(100)]).toEqual(['83%', '100%']);
  });

  it('formats in another locale through Intl, separators and currency included', () => {
    expect(formatCount(22_418, 'pt-BR')).toBe('22.418');
    expect(formatDuration(1234, 'pt-BR')).toBe('1,23 s');
    expect(formatCost(0.0018, 'pt-BR')).toBe('US$\u00a00,0018');
  });

  it('formats token rates, waits and running timers', () => {
    expect([formatRate(48.46), formatRate(250.2), formatRate(48), formatRate(null)]).toEqual([
      '48.5 tok/s',
      '250 tok/s',
      '48.0 tok/s',
      '—',
    ]);
    expect([formatWait(0.2), formatWait(59), formatWait(60), formatWait(125)]).toEqual([
      '1 s',
      '59 s',
      '1 min',
      '2 min 5 s',
    ]);
    // A stopwatch: tenths rounded down while short, then minutes.
    expect([
      formatElapsed(0),
      formatElapsed(999),
      formatElapsed(12_345),
      formatElapsed(61_500),
    ]).toEqual(['0.0 s', '0.9 s', '12.3 s', '1 min 1 s']);
  });

  it('formats timestamps in UTC and leaves non-dates alone', () => {
    expect(formatTimestamp('2026-11-24T12:00:00.000Z')).toBe('2026-11-24 12:00:00 UTC');
    expect(formatTimestamp('soon')).toBe('soon');
  });
});
