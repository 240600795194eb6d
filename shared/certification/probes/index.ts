import { TEST_NAMES, type TestName } from '../../types.js';
import type { Probe } from './probe.js';
import { basicCompletion } from './basic-completion.js';
import { jsonOutput } from './json-output.js';
import { multiTurn } from './multi-turn.js';
import { streamingTest } from './streaming-test.js';
import { systemPrompt } from './system-prompt.js';
import { toolUse } from './tool-use.js';

export type { Probe, ProbeCapability, ProbeFindings } from './probe.js';

/**
 * Every probe, by the test name it reports: the one place a probe is registered. The compiler
 * refuses a name of `TEST_NAMES` without a probe, and a probe filed under another name.
 */
const PROBES = {
  'basic-completion': basicCompletion,
  'streaming-test': streamingTest,
  'system-prompt': systemPrompt,
  'multi-turn': multiTurn,
  'tool-use': toolUse,
  'json-output': jsonOutput,
} satisfies { readonly [Name in TestName]: Probe & { readonly testName: Name } };

/** The default suite, in the API's order (`TEST_NAMES`), which results are reported in. */
export const DEFAULT_PROBES: readonly Probe[] = TEST_NAMES.map((name) => PROBES[name]);
