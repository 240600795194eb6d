import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barFraction, EXPECTED_PROBE_MS, runningShare } from '../../web/progress-model.js';

describe('runningShare', () => {
  it('is nothing at the start, half at the expected time, and never a whole probe', () => {
    expect(runningShare(0)).toBe(0);
    expect(runningShare(EXPECTED_PROBE_MS)).toBe(0.5);
    expect(runningShare(20_000)).toBeGreaterThan(0.8);
    expect(runningShare(20_000)).toBeLessThan(1);
    expect(runningShare(-5)).toBe(0);
  });

  it('grows with elapsed time and stays below 1', () => {
    fc.assert(
      fc.property(fc.nat(600_000), fc.integer({ min: 1, max: 600_000 }), (elapsed, more) => {
        const before = runningShare(elapsed);
        const after = runningShare(elapsed + more);
        expect(after).toBeGreaterThan(before);
        expect(after).toBeLessThan(1);
      }),
    );
  });
});

describe('barFraction', () => {
  it('moves for six probes that all run for 20 s before any finishes (a slow model)', () => {
    const at = (ms: number) =>
      barFraction({ finished: 0, total: 6, runningElapsedMs: Array<number>(6).fill(ms) });
    expect(at(0)).toBe(0);
    expect(at(1_000)).toBeGreaterThan(0.2);
    expect(at(10_000)).toBeGreaterThan(at(1_000));
    expect(at(20_000)).toBeGreaterThan(at(10_000));
    expect(at(20_000)).toBeLessThan(1);
  });

  it('counts finished probes whole and is full only when all finished', () => {
    expect(barFraction({ finished: 3, total: 6, runningElapsedMs: [] })).toBe(0.5);
    expect(barFraction({ finished: 6, total: 6, runningElapsedMs: [] })).toBe(1);
    expect(barFraction({ finished: 5, total: 6, runningElapsedMs: [1e9] })).toBeLessThan(1);
  });

  it('never counts more running probes than are left, nor exceeds 1', () => {
    expect(barFraction({ finished: 6, total: 6, runningElapsedMs: [50_000, 50_000] })).toBe(1);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.nat(25),
        fc.array(fc.nat(120_000), { maxLength: 25 }),
        (total, finished, running) => {
          const fraction = barFraction({ finished, total, runningElapsedMs: running });
          expect(fraction).toBeGreaterThanOrEqual(Math.min(finished, total) / total);
          expect(fraction).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});
