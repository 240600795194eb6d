import { describe, expect, it } from 'vitest';
import {
  comparedRun,
  differs,
  nextLatest,
  summarizeRun,
} from '../../../shared/service/run-summary.js';
import type { LatestRun } from '../../../shared/service/ports.js';
import { CAPABILITY_NAMES, capabilitiesOf } from '../../../shared/suites.js';
import type { Capabilities, CertificationRun } from '../../../shared/types.js';
import { sampleCertification } from '../../support/certification-fixture.js';

const CAPABILITIES: Capabilities = sampleCertification().capabilities;
const FULL: Capabilities = {
  ...CAPABILITIES,
  imageInput: true,
  documentInput: true,
  citations: false,
  reasoning: true,
  promptCaching: true,
  structuredOutput: false,
  toolChoice: true,
};

let clock = Date.parse('2026-11-24T12:00:00.000Z');
function run(overrides: Partial<CertificationRun> = {}): CertificationRun {
  clock += 60_000;
  return {
    certifiedAt: new Date(clock).toISOString(),
    suite: 'core',
    status: 'certified',
    testsPassed: 6,
    testsFailed: 0,
    capabilities: CAPABILITIES,
    ttftMs: 200,
    estimatedCostUsd: 0.001,
    trigger: 'request',
    changed: false,
    ...overrides,
  };
}

/** The latest-run record after recording `runs` in order. */
function recorded(...runs: CertificationRun[]): LatestRun {
  let latest: LatestRun | undefined;
  for (const each of runs) latest = nextLatest(latest, each);
  if (latest === undefined) throw new Error('no runs');
  return latest;
}

describe('differs', () => {
  it('is a change when the status differs from the same suite, or any capability both runs determined', () => {
    const previous = recorded(run());
    expect(differs(previous, run())).toBe(false);
    expect(differs(previous, run({ status: 'unavailable' }))).toBe(true);
    for (const name of Object.keys(CAPABILITIES) as (keyof typeof CAPABILITIES)[]) {
      expect(
        differs(previous, run({ capabilities: { ...CAPABILITIES, [name]: !CAPABILITIES[name] } })),
        name,
      ).toBe(true);
    }
  });

  it('reads null (throttled, timed out) as nothing determined, in either run', () => {
    const previous = recorded(run());
    expect(differs(previous, run({ capabilities: { ...CAPABILITIES, toolUse: null } }))).toBe(
      false,
    );
    const undetermined = recorded(run({ capabilities: { ...CAPABILITIES, toolUse: null } }));
    expect(differs(undetermined, run({ capabilities: { ...CAPABILITIES, toolUse: false } }))).toBe(
      false,
    );
  });

  it('compares status only within a suite: a full run failing a new probe after a certified core run is no change', () => {
    const previous = recorded(run());
    expect(differs(previous, run({ suite: 'full', status: 'failed', capabilities: FULL }))).toBe(
      false,
    );
  });

  it('treats a changed new capability as a change, even with a core run in between', () => {
    const full = run({ suite: 'full', status: 'failed', capabilities: FULL });
    const previous = recorded(full, run());
    const lostImages = { ...FULL, imageInput: false };
    expect(
      differs(previous, run({ suite: 'full', status: 'failed', capabilities: lostImages })),
    ).toBe(true);
    expect(differs(previous, run({ suite: 'full', status: 'failed', capabilities: FULL }))).toBe(
      false,
    );
    // The core run's own capabilities count as the newest known value of the core ones.
    expect(comparedRun(previous, 'full')).toBe(full);
    expect(comparedRun(previous, 'core').suite).toBe('core');
  });

  it('does not compare a capability no earlier run determined (a probe added later)', () => {
    const previous = recorded(run());
    expect(differs(previous, run({ suite: 'full', capabilities: FULL }))).toBe(false);
    expect(Object.keys(FULL).sort()).toEqual([...CAPABILITY_NAMES].sort());
    expect(capabilitiesOf('full')).toHaveLength(CAPABILITY_NAMES.length);
  });
});

describe('summarizeRun', () => {
  it('keeps the fields the history shows, with the suite, and a first run is no change', () => {
    const certification = sampleCertification({
      status: 'failed',
      testsPassed: 4,
      testsFailed: 2,
      ttftMs: null,
      estimatedCostUsd: null,
    });
    expect(summarizeRun(certification, 'schedule', undefined)).toEqual({
      certifiedAt: certification.certifiedAt,
      suite: 'core',
      status: 'failed',
      testsPassed: 4,
      testsFailed: 2,
      capabilities: certification.capabilities,
      ttftMs: null,
      estimatedCostUsd: null,
      trigger: 'schedule',
      changed: false,
    });
    const previous = nextLatest(
      undefined,
      summarizeRun(sampleCertification(), 'request', undefined),
    );
    expect(summarizeRun(certification, 'request', previous).changed).toBe(true);
    expect(summarizeRun(sampleCertification(), 'request', previous).changed).toBe(false);
  });

  it('reads a certification cached before suites existed as a core run', () => {
    const { suite: _suite, ...old } = sampleCertification();
    expect(summarizeRun(old as never, 'request', undefined).suite).toBe('core');
  });
});

describe('nextLatest', () => {
  it('keeps the latest run of each suite and moves changedAt only on a change', () => {
    const first = run();
    const full = run({ suite: 'full', capabilities: FULL, changed: true });
    const core = run();
    const latest = recorded(first, full, core);
    expect(latest.run).toBe(core);
    expect(latest.changedAt).toBe(full.certifiedAt);
    expect(latest.suiteRuns).toEqual({ core, full });
  });
});
