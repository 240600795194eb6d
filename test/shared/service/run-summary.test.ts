import { describe, expect, it } from 'vitest';
import { differs, summarizeRun } from '../../../shared/service/run-summary.js';
import type { Capabilities } from '../../../shared/types.js';
import { sampleCertification } from '../../support/certification-fixture.js';

const CAPABILITIES: Capabilities = sampleCertification().capabilities;

describe('differs', () => {
  it('is a change when the status differs, or any capability both runs know', () => {
    expect(
      differs(
        { status: 'certified', capabilities: CAPABILITIES },
        { status: 'certified', capabilities: { ...CAPABILITIES } },
      ),
    ).toBe(false);
    expect(
      differs(
        { status: 'certified', capabilities: CAPABILITIES },
        { status: 'unavailable', capabilities: CAPABILITIES },
      ),
    ).toBe(true);
    for (const name of Object.keys(CAPABILITIES) as (keyof Capabilities)[]) {
      expect(
        differs(
          { status: 'failed', capabilities: CAPABILITIES },
          { status: 'failed', capabilities: { ...CAPABILITIES, [name]: !CAPABILITIES[name] } },
        ),
        name,
      ).toBe(true);
    }
  });

  it('does not compare a capability only one of the runs knows (a probe added to the suite later)', () => {
    const before = { status: 'certified' as const, capabilities: CAPABILITIES };
    const after = {
      status: 'certified' as const,
      capabilities: { ...CAPABILITIES, vision: true } as Capabilities,
    };
    expect(differs(before, after)).toBe(false);
    expect(differs(after, before)).toBe(false);
  });
});

describe('summarizeRun', () => {
  it('keeps the fields the history shows, and a first run is no change', () => {
    const certification = sampleCertification({
      status: 'failed',
      testsPassed: 4,
      testsFailed: 2,
      ttftMs: null,
      estimatedCostUsd: null,
    });
    expect(summarizeRun(certification, 'schedule', undefined)).toEqual({
      certifiedAt: certification.certifiedAt,
      status: 'failed',
      testsPassed: 4,
      testsFailed: 2,
      capabilities: certification.capabilities,
      ttftMs: null,
      estimatedCostUsd: null,
      trigger: 'schedule',
      changed: false,
    });
    const previous = summarizeRun(sampleCertification(), 'request', undefined);
    expect(summarizeRun(certification, 'request', previous).changed).toBe(true);
    expect(summarizeRun(sampleCertification(), 'request', previous).changed).toBe(false);
  });
});
