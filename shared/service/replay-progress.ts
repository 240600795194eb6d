import { startingEvent } from '../certification/engine.js';
import type { Certification, ProgressEvent } from '../types.js';

/**
 * The progress sequence of a finished run, rebuilt from its result for a request that waited on
 * another instance's run (it saw none of the runner's events): the opening event, every test
 * `running`, then every test `passed`/`failed` with `current` counting finished tests, as the
 * engine emits them. Tests start together, so they finish in order of latency; replaying them
 * in that order makes the follower's stream read like the runner's.
 */
export function replayProgress(certification: Certification): ProgressEvent[] {
  const { results } = certification;
  const total = results.length;
  const finishing = [...results].sort((a, b) => a.latencyMs - b.latencyMs);
  return [
    startingEvent(total),
    ...results.map((result): ProgressEvent => ({
      type: 'progress',
      current: 0,
      total,
      testName: result.testName,
      status: 'running',
    })),
    ...finishing.map((result, i): ProgressEvent => ({
      type: 'progress',
      current: i + 1,
      total,
      testName: result.testName,
      status: result.status,
      latencyMs: result.latencyMs,
    })),
  ];
}
