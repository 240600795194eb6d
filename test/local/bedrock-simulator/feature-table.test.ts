import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../local/bedrock-simulator/catalog.js';
import {
  FEATURE_TABLE_MARKERS,
  FEATURE_TABLE_PAGE,
  featureTable,
  withFeatureTable,
} from '../../../local/bedrock-simulator/feature-table.js';

describe("the docs' table of simulated features", () => {
  it('is the one the simulator catalog renders (run `npm run docs:features` after changing it)', async () => {
    expect(FEATURE_TABLE_PAGE).toBe('docs/architecture.md');
    const page = await readFile(new URL(`../../../${FEATURE_TABLE_PAGE}`, import.meta.url), 'utf8');
    expect(page).toContain(FEATURE_TABLE_MARKERS.start);
    expect(
      withFeatureTable(page) === page,
      `${FEATURE_TABLE_PAGE} is stale: run \`npm run docs:features\``,
    ).toBe(true);
  });

  it('stands under its own heading, and nowhere else', async () => {
    const page = await readFile(new URL(`../../../${FEATURE_TABLE_PAGE}`, import.meta.url), 'utf8');
    const heading = page.indexOf("### The simulated models' features");
    expect(heading).toBeGreaterThanOrEqual(0);
    expect(page.indexOf(FEATURE_TABLE_MARKERS.start)).toBeGreaterThan(heading);
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(readme.includes(FEATURE_TABLE_MARKERS.start), 'README.md has a second copy').toBe(false);
  });

  it('is written between the markers and refuses a page without them', () => {
    const page = `# Page\n${FEATURE_TABLE_MARKERS.start}\nold\n${FEATURE_TABLE_MARKERS.end}\nafter\n`;
    expect(withFeatureTable(page, '| new |')).toBe(
      `# Page\n${FEATURE_TABLE_MARKERS.start}\n| new |\n${FEATURE_TABLE_MARKERS.end}\nafter\n`,
    );
    expect(() => withFeatureTable('# no markers')).toThrow(/docs\/architecture\.md has no/);
  });

  it('has a row per invocable text model, and marks what each switch says', () => {
    const table = featureTable().split('\n');
    expect(table[0]).toBe(
      '| Model | Image input | Document input | Citations | Reasoning | Prompt caching | Structured output | Tool choice |',
    );
    const sonnet = table.find((row) => row.includes('`anthropic.claude-sonnet-4-5-20250929-v1:0`'));
    expect(sonnet).toBe(
      '| Claude Sonnet 4.5 (`anthropic.claude-sonnet-4-5-20250929-v1:0`) | ✓ | ✓ | ✓ | ✓ | ✓ (≥ 1,024) | ✓ | ✓ |',
    );
    expect(table.some((row) => row.includes('sim.'))).toBe(false);
    expect(table.some((row) => row.includes('titan-embed'))).toBe(false);
    const ignored = MODELS.map((model) =>
      model.modelId === 'amazon.nova-pro-v1:0'
        ? { ...model, features: { ...model.features, promptCaching: 'ignored' as const } }
        : model,
    );
    expect(featureTable(ignored)).toMatch(
      /`amazon\.nova-pro-v1:0`\) \| ✓ \| ✓ \| ✗ \| ✗ \| ignored \|/,
    );
  });
});
