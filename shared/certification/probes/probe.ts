import type { TestName } from '../../types.js';
import type { ProbeSession } from '../probe-session.js';

/** What a passing probe learned beyond "passed". */
export interface ProbeFindings {
  ttftMs?: number;
  outputTokensPerSecond?: number;
  /** Tool use also worked through ConverseStream. */
  streamingToolUse?: boolean;
}

/**
 * One certification test. `run` resolves when the model passed and throws a `ProbeError`
 * (`WRONG_ANSWER` for an answer that ignores the instruction) when it did not.
 */
export interface Probe {
  readonly testName: TestName;
  run(session: ProbeSession): Promise<ProbeFindings>;
}
