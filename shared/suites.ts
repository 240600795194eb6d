/**
 * The probes of a certification and what each one proves, one entry per probe. Adding a probe is
 * one entry here (its name, suite, words for people and the capabilities it proves) plus its
 * implementation registered under the same name in `shared/certification/probes/index.ts` (the
 * compiler insists on both). The engine, the summary, the CLI's gates and reports, the web page,
 * the catalog's `requires` filter and the simulator's feature switches all read this list.
 *
 * Pure data: no Node, Lambda or SDK imports, so the browser bundle and the typed client use it too.
 */

/** The suites, smallest first: each one runs its own probes and those of every suite before it. */
export const SUITE_NAMES = ['core', 'full'] as const;

/** Name of a suite: `core` (the six original probes) or `full` (thirteen). */
export type SuiteName = (typeof SUITE_NAMES)[number];

/** The suite a request runs when it names none: the original six probes and event sequence. */
export const DEFAULT_SUITE: SuiteName = 'core';

/** One capability a passing probe proves. */
export interface CapabilityDefinition {
  /** Its key in the certification's `capabilities`. */
  readonly key: string;
  /** A short label for people ("Tool use"). */
  readonly label: string;
  /**
   * True when the probe's findings decide it rather than its pass (tool use through
   * ConverseStream is shown by the tool-use probe, which passes without it too).
   */
  readonly fromFindings?: boolean;
}

/** One probe of the registry. */
export interface ProbeDefinition {
  /** The `testName` of its results and progress events. */
  readonly testName: string;
  /** The smallest suite that runs it. */
  readonly suite: SuiteName;
  /** What it shows, in a few words for people ("tool use"); the page lists these. */
  readonly feature: string;
  /** What passes, in one sentence (the page's help says it; so does docs/api.md's tests table). */
  readonly checks: string;
  readonly capabilities: readonly CapabilityDefinition[];
}

/** Every probe, in report order: the core suite's six in the original order, then the full suite's seven. */
export const PROBE_REGISTRY = [
  {
    testName: 'basic-completion',
    suite: 'core',
    feature: 'completion',
    checks: 'Converse answers a one-line instruction with the expected text.',
    capabilities: [],
  },
  {
    testName: 'streaming-test',
    suite: 'core',
    feature: 'streaming',
    checks: 'ConverseStream delivers text deltas, a stop reason and usage metadata.',
    capabilities: [{ key: 'streaming', label: 'Streaming' }],
  },
  {
    testName: 'system-prompt',
    suite: 'core',
    feature: 'system prompt',
    checks: 'A system instruction is obeyed.',
    capabilities: [{ key: 'systemPrompt', label: 'System prompt' }],
  },
  {
    testName: 'multi-turn',
    suite: 'core',
    feature: 'multi-turn',
    checks: 'A fact from an earlier turn is recalled.',
    capabilities: [{ key: 'multiTurn', label: 'Multi-turn' }],
  },
  {
    testName: 'tool-use',
    suite: 'core',
    feature: 'tool use',
    checks: 'The model calls the offered tool with valid arguments (streamed when it can).',
    capabilities: [
      { key: 'toolUse', label: 'Tool use' },
      { key: 'streamingToolUse', label: 'Streaming tool use', fromFindings: true },
    ],
  },
  {
    testName: 'json-output',
    suite: 'core',
    feature: 'JSON output',
    checks: 'The answer parses as JSON with the asked keys.',
    capabilities: [{ key: 'jsonOutput', label: 'JSON output' }],
  },
  {
    testName: 'image-input',
    suite: 'full',
    feature: 'image input',
    checks: 'A PNG made at run time shows a code; the answer reads it back.',
    capabilities: [{ key: 'imageInput', label: 'Image input' }],
  },
  {
    testName: 'document-input',
    suite: 'full',
    feature: 'document input',
    checks: 'A text document holds a code; the answer quotes it.',
    capabilities: [{ key: 'documentInput', label: 'Document input' }],
  },
  {
    testName: 'citations',
    suite: 'full',
    feature: 'citations',
    checks: 'With citations enabled, the answer carries citations pointing into the document.',
    capabilities: [{ key: 'citations', label: 'Citations' }],
  },
  {
    testName: 'reasoning',
    suite: 'full',
    feature: 'reasoning',
    checks:
      "Reasoning enabled the way the model's family takes it returns a reasoning block (or redacted reasoning).",
    capabilities: [{ key: 'reasoning', label: 'Reasoning' }],
  },
  {
    testName: 'prompt-caching',
    suite: 'full',
    feature: 'prompt caching',
    checks:
      "A cache point after a prefix of the model's documented minimum, sent twice: the second answer reads cached tokens.",
    capabilities: [{ key: 'promptCaching', label: 'Prompt caching' }],
  },
  {
    testName: 'structured-output',
    suite: 'full',
    feature: 'structured output',
    checks:
      "A JSON schema (an enum, required fields) through Converse's outputConfig: the answer validates and holds the code.",
    capabilities: [{ key: 'structuredOutput', label: 'Structured output' }],
  },
  {
    testName: 'tool-choice',
    suite: 'full',
    feature: 'tool choice',
    checks: 'Two tools and toolChoice "any": the model must call one of them.',
    capabilities: [{ key: 'toolChoice', label: 'Tool choice' }],
  },
] as const satisfies readonly ProbeDefinition[];

type Registered = (typeof PROBE_REGISTRY)[number];
type CapabilityEntry<P> = P extends { readonly capabilities: readonly (infer C)[] } ? C : never;
type KeyOf<C> = C extends { readonly key: infer K extends string } ? K : never;

/** Name of one probe. */
export type TestName = Registered['testName'];

/** A key of the certification's `capabilities`. */
export type CapabilityName = KeyOf<CapabilityEntry<Registered>>;

/** The capabilities the core suite proves: present in every certification. */
export type CoreCapabilityName = KeyOf<CapabilityEntry<Extract<Registered, { suite: 'core' }>>>;

/**
 * What a certification found about one capability: `true` (it works), `false` (the model refused
 * or ignored it; the diagnosis says how) or `null` (not determined: throttled after retries,
 * timed out, a service error, or the model could not be invoked at all).
 */
export type CapabilityValue = boolean | null;

/**
 * The certification's `capabilities`: every core capability, and the full suite's when it ran.
 */
export type Capabilities = { [K in CoreCapabilityName]: CapabilityValue } & {
  [K in Exclude<CapabilityName, CoreCapabilityName>]?: CapabilityValue;
};

/** A capability with the probe and suite that prove it. */
export interface RegisteredCapability extends CapabilityDefinition {
  readonly key: CapabilityName;
  readonly testName: TestName;
  readonly suite: SuiteName;
}

/** Every capability, in registry order. */
export const CAPABILITIES: readonly RegisteredCapability[] = PROBE_REGISTRY.flatMap((probe) =>
  probe.capabilities.map((capability): RegisteredCapability => ({
    ...capability,
    testName: probe.testName,
    suite: probe.suite,
  })),
);

/** Every capability key, in registry order. */
export const CAPABILITY_NAMES: readonly CapabilityName[] = CAPABILITIES.map(({ key }) => key);

/** True when `name` is a capability key. */
export function isCapabilityName(name: string): name is CapabilityName {
  return (CAPABILITY_NAMES as readonly string[]).includes(name);
}

/** True when `name` is a suite. */
export function isSuiteName(name: unknown): name is SuiteName {
  return typeof name === 'string' && (SUITE_NAMES as readonly string[]).includes(name);
}

/** True when a result of suite `have` answers a request for suite `want` (a `full` result answers `core`). */
export function suiteCovers(have: SuiteName, want: SuiteName): boolean {
  return SUITE_NAMES.indexOf(have) >= SUITE_NAMES.indexOf(want);
}

/** The probes suite `suite` runs, in report order. */
export function probesOf(suite: SuiteName): readonly (typeof PROBE_REGISTRY)[number][] {
  return PROBE_REGISTRY.filter((probe) => suiteCovers(suite, probe.suite));
}

/** The test names suite `suite` runs, in report order. */
export function testNamesOf(suite: SuiteName): readonly TestName[] {
  return probesOf(suite).map((probe) => probe.testName);
}

/** The capabilities suite `suite` determines, in registry order. */
export function capabilitiesOf(suite: SuiteName): readonly RegisteredCapability[] {
  return CAPABILITIES.filter((capability) => suiteCovers(suite, capability.suite));
}

/** The smallest suite that determines every capability of `names`. */
export function suiteFor(names: readonly CapabilityName[]): SuiteName {
  const needed = CAPABILITIES.filter((capability) => names.includes(capability.key));
  return SUITE_NAMES.find((suite) => needed.every((c) => suiteCovers(suite, c.suite))) ?? 'full';
}

/** The suite of a certification that predates suites (its JSON has no `suite`): the core one. */
export function suiteOf(certification: { suite?: unknown }): SuiteName {
  return isSuiteName(certification.suite) ? certification.suite : DEFAULT_SUITE;
}
