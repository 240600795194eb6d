/**
 * The table of which simulated models support which of the full suite's features
 * (docs/architecture.md, "The simulated models' features"), rendered from the catalog itself:
 * `npm run docs:features` writes it between its markers, and a test fails when the page and the
 * catalog disagree, so the table cannot drift.
 */
import { CAPABILITIES } from '../../shared/suites.js';
import { MODELS, type Features, type SimulatedModel } from './catalog.js';

/** The page the table stands in, relative to the repository's root. */
export const FEATURE_TABLE_PAGE = 'docs/architecture.md';

/** Where the table stands in {@link FEATURE_TABLE_PAGE}. */
export const FEATURE_TABLE_MARKERS = {
  start: '<!-- simulated-features:start (npm run docs:features) -->',
  end: '<!-- simulated-features:end -->',
} as const;

/** The full suite's capabilities, which the simulator names its feature switches after. */
const FULL = CAPABILITIES.filter(
  (capability): capability is typeof capability & { key: keyof Features } =>
    capability.suite === 'full',
);

/** The models worth a row: text models the account can invoke, the fault injectors left out. */
function listed(model: SimulatedModel): boolean {
  return (
    model.providerName !== 'Simulator' &&
    model.lifecycle !== 'END_OF_LIFE' &&
    model.access === 'granted' &&
    model.provisionedOnly !== true &&
    model.outputModalities.includes('TEXT') &&
    (model.features.systemPrompt || model.features.toolUse)
  );
}

function mark(model: SimulatedModel, key: keyof Features): string {
  const value = model.features[key];
  if (value === 'ignored') return 'ignored';
  if (key === 'promptCaching' && value === true)
    return `✓ (≥ ${(model.promptCacheMinTokens ?? 1024).toLocaleString('en-US')})`;
  return value ? '✓' : '✗';
}

/** The Markdown table, one row per listed model in catalog order. */
export function featureTable(models: readonly SimulatedModel[] = MODELS): string {
  const header = ['Model', ...FULL.map((capability) => capability.label)];
  const rows = models
    .filter(listed)
    .map((model) => [
      `${model.modelName} (\`${model.modelId}\`)`,
      ...FULL.map(({ key }) => mark(model, key)),
    ]);
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [
    line(header),
    line(['---', ...FULL.map(() => ':---:')]),
    ...rows.map((row) => line(row)),
  ].join('\n');
}

/** `page` with the table between its markers replaced by `table`. */
export function withFeatureTable(page: string, table: string = featureTable()): string {
  const start = page.indexOf(FEATURE_TABLE_MARKERS.start);
  const end = page.indexOf(FEATURE_TABLE_MARKERS.end);
  if (start < 0 || end < start)
    throw new Error(`${FEATURE_TABLE_PAGE} has no simulated-features markers.`);
  return `${page.slice(0, start + FEATURE_TABLE_MARKERS.start.length)}\n${table}\n${page.slice(end)}`;
}
