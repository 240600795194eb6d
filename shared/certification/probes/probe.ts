import type { CapabilityName, TestName } from '../../suites.js';
import type { ProbeSession } from '../probe-session.js';

/** What a passing probe learned beyond "passed". */
export interface ProbeFindings {
  ttftMs?: number;
  outputTokensPerSecond?: number;
  /**
   * Capabilities the registry marks `fromFindings` that this run showed or not (tool use through
   * ConverseStream, from the tool-use probe).
   */
  capabilities?: Partial<Record<CapabilityName, boolean>>;
}

/**
 * The code that runs one certification test. The API says "test" (`testName`, `testsPassed`,
 * the results' `TestResult`); the code that produces a result says "probe". `run` resolves
 * when the model passed and throws a `ProbeError` (`WRONG_ANSWER` for an answer that ignores
 * the instruction, `FEATURE_IGNORED` for a feature Bedrock accepted and the model then ignored)
 * when it did not. What it shows and which capabilities it proves are its entry in
 * `shared/suites.ts`.
 */
export interface Probe {
  readonly testName: TestName;
  run(session: ProbeSession): Promise<ProbeFindings>;
}
