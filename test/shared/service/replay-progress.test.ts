import { describe, expect, it } from 'vitest';
import { replayProgress } from '../../../shared/service/replay-progress.js';
import { TEST_NAMES, type TestResult } from '../../../shared/types.js';
import { sampleCertification } from '../../support/in-memory-ports.js';

/** The core suite's size, from the registry. */
const N = TEST_NAMES.length;

const latencies = [300, 100, 600, 200, 500, 400];
const results: TestResult[] = TEST_NAMES.map((testName, i) =>
  i === 4
    ? {
        testName,
        status: 'failed',
        latencyMs: latencies[i] ?? 0,
        error: { code: 'FEATURE_UNSUPPORTED', message: 'no tools' },
      }
    : { testName, status: 'passed', latencyMs: latencies[i] ?? 0 },
);
const certification = sampleCertification({
  results,
  status: 'failed',
  testsPassed: 5,
  testsFailed: 1,
});

describe('replayProgress', () => {
  it('rebuilds the engine sequence: the opening event, every test running, then finished in latency order', () => {
    const events = replayProgress(certification);
    expect(events).toHaveLength(1 + 2 * N);
    expect(events[0]).toEqual({
      type: 'progress',
      current: 0,
      total: N,
      message: `Starting ${N} certification tests`,
    });
    expect(events.slice(1, 7)).toEqual(
      TEST_NAMES.map((testName) => ({
        type: 'progress',
        current: 0,
        total: N,
        testName,
        status: 'running',
      })),
    );
    expect(
      events
        .slice(7)
        .map((event) => [event.current, event.testName, event.status, event.latencyMs]),
    ).toEqual([
      [1, 'streaming-test', 'passed', 100],
      [2, 'multi-turn', 'passed', 200],
      [3, 'basic-completion', 'passed', 300],
      [4, 'json-output', 'passed', 400],
      [5, 'tool-use', 'failed', 500],
      [6, 'system-prompt', 'passed', 600],
    ]);
  });

  it('counts the tests a result actually has', () => {
    const unavailable = sampleCertification({
      results: results.slice(0, 2),
      status: 'unavailable',
    });
    expect(replayProgress(unavailable).map((event) => event.total)).toEqual([2, 2, 2, 2, 2]);
  });
});
