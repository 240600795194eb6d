import { probesOf, type SuiteName, type TestName } from '../../suites.js';
import type { Probe } from './probe.js';
import { basicCompletion } from './basic-completion.js';
import { citations } from './citations.js';
import { documentInput } from './document-input.js';
import { imageInput } from './image-input.js';
import { jsonOutput } from './json-output.js';
import { multiTurn } from './multi-turn.js';
import { promptCaching } from './prompt-caching.js';
import { reasoning } from './reasoning.js';
import { streamingTest } from './streaming-test.js';
import { structuredOutput } from './structured-output.js';
import { systemPrompt } from './system-prompt.js';
import { toolChoice } from './tool-choice.js';
import { toolUse } from './tool-use.js';

export type { Probe, ProbeFindings } from './probe.js';

/**
 * Every probe's implementation, by the test name it reports (its suite, words and capabilities
 * are its entry in `shared/suites.ts`). The compiler refuses a registered name without a probe,
 * and a probe filed under another name.
 */
const PROBES = {
  'basic-completion': basicCompletion,
  'streaming-test': streamingTest,
  'system-prompt': systemPrompt,
  'multi-turn': multiTurn,
  'tool-use': toolUse,
  'json-output': jsonOutput,
  'image-input': imageInput,
  'document-input': documentInput,
  citations,
  reasoning,
  'prompt-caching': promptCaching,
  'structured-output': structuredOutput,
  'tool-choice': toolChoice,
} satisfies { readonly [Name in TestName]: Probe & { readonly testName: Name } };

/** The probes of `suite`, in report order. */
export function suiteProbes(suite: SuiteName): readonly Probe[] {
  return probesOf(suite).map((definition) => PROBES[definition.testName]);
}

/** The default (`core`) suite, in the API contract's order, which results are reported in. */
export const DEFAULT_PROBES: readonly Probe[] = suiteProbes('core');
