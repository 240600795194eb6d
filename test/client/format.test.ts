import { describe, expect, it } from 'vitest';
import {
  formatCost,
  formatDuration,
  formatRate,
  formatTimestamp,
  formatWait,
} from '../../client/format.js';

describe('format', () => {
  it('formats durations in ms below a second and in seconds above', () => {
    expect([
      formatDuration(0),
      formatDuration(812.4),
      formatDuration(1234),
      formatDuration(12_345),
      formatDuration(null),
    ]).toEqual(['0 ms', '812 ms', '1.23 s', '12.3 s', '—']);
  });

  it('formats token rates, costs and waits', () => {
    expect([formatRate(48.46), formatRate(250.2), formatRate(null)]).toEqual([
      '48.5 tok/s',
      '250 tok/s',
      '—',
    ]);
    expect([
      formatCost(0.0018),
      formatCost(0.00012345),
      formatCost(0.5),
      formatCost(0),
      formatCost(null),
    ]).toEqual(['$0.0018', '$0.00012', '$0.50', '$0', 'unknown']);
    expect([formatWait(0.2), formatWait(59), formatWait(60), formatWait(125)]).toEqual([
      '1 s',
      '59 s',
      '1 min',
      '2 min 5 s',
    ]);
  });

  it('formats timestamps in UTC and leaves non-dates alone', () => {
    expect(formatTimestamp('2026-11-24T12:00:00.000Z')).toBe('2026-11-24 12:00:00 UTC');
    expect(formatTimestamp('soon')).toBe('soon');
  });
});
