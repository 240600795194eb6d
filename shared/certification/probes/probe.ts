import type { Capabilities, TestName } from '../../types.js';
import type { ProbeSession } from '../probe-session.js';

/** What a passing probe learned beyond "passed". */
export interface ProbeFindings {
  ttftMs?: number;
  outputTokensPerSecond?: number;
  /** Tool use also worked through ConverseStream. */
  streamingToolUse?: boolean;
}

/** A capability a passing probe proves (`streamingToolUse` comes from the tool-use probe's findings). */
export type ProbeCapability = Exclude<keyof Capabilities, 'streamingToolUse'>;

/**
 * The code that runs one certification test. The API says "test" (`testName`, `testsPassed`,
 * the results' `TestResult`); the code that produces a result says "probe". `run` resolves
 * when the model passed and throws a `ProbeError` (`WRONG_ANSWER` for an answer that ignores
 * the instruction) when it did not.
 */
export interface Probe {
  readonly testName: TestName;
  /** What it shows, in a few words for people ("tool use"); the page lists these. */
  readonly feature: string;
  /** The capability a pass proves, if any. */
  readonly capability?: ProbeCapability;
  run(session: ProbeSession): Promise<ProbeFindings>;
}
