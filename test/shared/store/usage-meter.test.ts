import { describe, expect, it } from 'vitest';
import { monthOf, UsageMeter } from '../../../shared/store/usage-meter.js';
import { certification, manualClock, useStore } from './fixtures.js';

describe('UsageMeter', () => {
  const store = useStore();

  const meterAt = (clock = manualClock()) => ({ clock, meter: new UsageMeter({ client: store.client, tableName: store.tableName, clock }) });

  it('reports zeros for a subject with no usage', async () => {
    const { meter } = meterAt();
    expect(await meter.get('nobody', '2026-11')).toEqual({ certifications: 0, inputTokens: 0, outputTokens: 0, estimatedCostUsd: 0 });
  });

  it('adds up certifications, tokens and cost per subject and month, without losing concurrent increments', async () => {
    // Prepare
    const { meter } = meterAt();
    const run = certification({ usage: { inputTokens: 1200, outputTokens: 150, totalTokens: 1350 }, estimatedCostUsd: 0.00585 });
    // Act: 25 at once
    await Promise.all(Array.from({ length: 25 }, () => meter.record('alice', run)));
    // Assess: 25 × 0.00585 = 0.14625 exactly, thanks to integer micro-USD
    expect(await meter.get('alice', '2026-11')).toEqual({ certifications: 25, inputTokens: 30_000, outputTokens: 3_750, estimatedCostUsd: 0.14625 });
    expect(await meter.get('bob', '2026-11')).toMatchObject({ certifications: 0 });
  });

  it('bills by UTC month of the clock, and counts an unpriced model at zero cost', async () => {
    const { meter, clock } = meterAt(manualClock(Date.parse('2026-11-30T23:59:59.999Z')));
    await meter.record('carol', certification({ estimatedCostUsd: null, usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 } }));
    clock.advance(1);
    await meter.record('carol', certification({ estimatedCostUsd: 0.5, usage: { inputTokens: 20, outputTokens: 7, totalTokens: 27 } }));

    expect(await meter.get('carol', '2026-11')).toEqual({ certifications: 1, inputTokens: 10, outputTokens: 5, estimatedCostUsd: 0 });
    expect(await meter.get('carol', '2026-12')).toEqual({ certifications: 1, inputTokens: 20, outputTokens: 7, estimatedCostUsd: 0.5 });
  });

  it('does not count an answer that came from the cache', async () => {
    const { meter } = meterAt();
    await meter.record('dave', certification({ cached: true }));
    expect(await meter.get('dave', '2026-11')).toMatchObject({ certifications: 0 });
  });

  it('rejects a month that is not YYYY-MM', async () => {
    const { meter } = meterAt();
    await expect(meter.get('alice', '2026-13')).rejects.toThrow(RangeError);
    await expect(meter.get('alice', 'november')).rejects.toThrow(RangeError);
  });

  it('names months in UTC', () => {
    expect(monthOf(Date.parse('2027-01-01T00:00:00.000Z'))).toBe('2027-01');
    expect(monthOf(Date.parse('2026-12-31T23:59:59.999Z'))).toBe('2026-12');
  });
});
