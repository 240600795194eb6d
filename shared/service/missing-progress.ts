import type { Certification, ProgressEvent } from '../types.js';

/**
 * The per-test progress events a follower of another instance's run has not forwarded yet,
 * rebuilt from the finished certification. A follower polls the runner's mirror, so the last
 * events (or, for a run shorter than one poll, all of them) can be published after its last
 * look and vanish with the lock. Completing the sequence from the result keeps the follower's
 * stream shaped like the runner's: every test `running` then `passed`/`failed`, `current`
 * counting finished tests, then `complete`. The opening "Starting N tests" event is not the
 * run's but each stream's own (sent when the stream opens), so it is never added here.
 */
export function missingProgress(seen: readonly ProgressEvent[], certification: Certification): ProgressEvent[] {
  const total = seen[0]?.total ?? certification.results.length;
  const missing: ProgressEvent[] = [];
  const running = new Set(seen.filter((event) => event.status === 'running').map((event) => event.testName));
  const finished = new Set(seen.filter((event) => event.status === 'passed' || event.status === 'failed').map((event) => event.testName));
  const left = certification.results.filter((result) => !finished.has(result.testName));
  let current = finished.size;
  for (const result of left) {
    if (!running.has(result.testName)) missing.push({ type: 'progress', current, total, testName: result.testName, status: 'running' });
  }
  for (const result of left) {
    current += 1;
    missing.push({ type: 'progress', current, total, testName: result.testName, status: result.status, latencyMs: result.latencyMs });
  }
  return missing;
}
