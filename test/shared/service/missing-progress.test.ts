import { describe, expect, it } from 'vitest';
import { missingProgress } from '../../../shared/service/missing-progress.js';
import { TEST_NAMES, type ProgressEvent, type TestResult } from '../../../shared/types.js';
import { sampleCertification } from '../../support/in-memory-ports.js';

const results: TestResult[] = TEST_NAMES.map((testName, i) =>
  i === 4
    ? { testName, status: 'failed', latencyMs: 10 * i, error: { code: 'FEATURE_UNSUPPORTED', message: 'no tools' } }
    : { testName, status: 'passed', latencyMs: 10 * i },
);
const certification = sampleCertification({ results, status: 'failed', testsPassed: 5, testsFailed: 1 });
const opening: ProgressEvent = { type: 'progress', current: 0, total: 6, message: 'Starting 6 certification tests' };
const running = TEST_NAMES.map((testName): ProgressEvent => ({ type: 'progress', current: 0, total: 6, testName, status: 'running' }));

describe('missingProgress', () => {
  it('rebuilds the per-test sequence for a follower that saw nothing: six running, six finished, no second opening event', () => {
    const events = missingProgress([], certification);
    expect(events.some((event) => event.message !== undefined)).toBe(false);
    expect(events.slice(0, 6)).toEqual(running);
    expect(events.slice(6)).toEqual(
      results.map((result, i) => ({ type: 'progress', current: i + 1, total: 6, testName: result.testName, status: result.status, latencyMs: result.latencyMs })),
    );
  });

  it('adds only what was not forwarded, counting on from the tests already finished', () => {
    const seen: ProgressEvent[] = [
      opening,
      ...running,
      { type: 'progress', current: 1, total: 6, testName: 'multi-turn', status: 'passed', latencyMs: 30 },
      { type: 'progress', current: 2, total: 6, testName: 'basic-completion', status: 'passed', latencyMs: 0 },
    ];
    const events = missingProgress(seen, certification);
    expect(events.map((event) => [event.testName, event.status, event.current])).toEqual([
      ['streaming-test', 'passed', 3],
      ['system-prompt', 'passed', 4],
      ['tool-use', 'failed', 5],
      ['json-output', 'passed', 6],
    ]);
  });

  it('adds nothing when every event was forwarded', () => {
    const finished = results.map((result, i): ProgressEvent => ({ type: 'progress', current: i + 1, total: 6, testName: result.testName, status: result.status }));
    expect(missingProgress([opening, ...running, ...finished], certification)).toEqual([]);
  });
});
