/**
 * How far the progress bar is filled, kept free of the DOM so it is tested in Node. The probes
 * run at once and a slow model finishes them all together after tens of seconds, so counting
 * finished probes alone leaves the bar at 0 until it jumps to the end. Each running probe
 * therefore fills part of its share, growing with its elapsed time.
 */

/**
 * The time a probe is expected to take (Bedrock answers one in a second or three). A running
 * probe has filled half its share at this age.
 */
export const EXPECTED_PROBE_MS = 3_000;

/**
 * The part (0 to 1, never 1) of its share a probe running for `elapsedMs` fills:
 * `elapsed / (elapsed + expected)`. It grows for as long as the probe runs and never claims the
 * probe finished, so the bar keeps moving for a slow model and never runs ahead of the count.
 */
export function runningShare(elapsedMs: number, expectedMs = EXPECTED_PROBE_MS): number {
  const elapsed = Math.max(0, elapsedMs);
  return elapsed / (elapsed + Math.max(1, expectedMs));
}

/** What {@link barFraction} needs to know about a run. */
export interface BarInput {
  /** Probes finished (passed or failed). */
  finished: number;
  total: number;
  /** How long each running probe has been running. */
  runningElapsedMs: readonly number[];
  expectedMs?: number;
}

/** The bar's fill, 0 to 1: finished probes count whole, running ones their {@link runningShare}. */
export function barFraction({ finished, total, runningElapsedMs, expectedMs }: BarInput): number {
  const safeTotal = Math.max(total, 1);
  const done = Math.min(Math.max(finished, 0), safeTotal);
  const open = safeTotal - done;
  const running = runningElapsedMs
    .slice(0, open)
    .reduce((sum, elapsed) => sum + runningShare(elapsed, expectedMs), 0);
  return Math.min(1, (done + running) / safeTotal);
}
