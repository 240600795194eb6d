import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../local/bedrock-simulator/catalog.js';
import {
  FEATURE_TABLE_MARKERS,
  featureTable,
  withFeatureTable,
} from '../../../local/bedrock-simulator/feature-table.js';

describe("the README's table of simulated features", () => {
  it('is the one the simulator catalog renders (run `npm run docs:features` after changing it)', async () => {
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(FEATURE_TABLE_MARKERS.start);
    expect(
      withFeatureTable(readme) === readme,
      'README.md is stale: run `npm run docs:features`',
    ).toBe(true);
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
