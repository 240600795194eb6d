import type { Probe } from './probe.js';
import { basicCompletion } from './basic-completion.js';
import { jsonOutput } from './json-output.js';
import { multiTurn } from './multi-turn.js';
import { streamingTest } from './streaming-test.js';
import { systemPrompt } from './system-prompt.js';
import { toolUse } from './tool-use.js';

export type { Probe, ProbeFindings } from './probe.js';

/** The default suite, in DESIGN.md's order (results are reported in this order). */
export const DEFAULT_PROBES: readonly Probe[] = [basicCompletion, streamingTest, systemPrompt, multiTurn, toolUse, jsonOutput];
