import { describe, expect, it } from 'vitest';
import type { CatalogEntry, CertificationSummary } from '../../shared/types.js';
import {
  catalogStatus,
  certifyTarget,
  filterCatalog,
  providers,
  sortCatalog,
  uncertifiedTargets,
} from '../../web/catalog-model.js';

const CAPS = {
  streaming: true,
  systemPrompt: true,
  toolUse: true,
  streamingToolUse: true,
  jsonOutput: true,
  multiTurn: true,
};

function certification(
  status: CertificationSummary['status'],
  ttftMs: number | null,
  estimatedCostUsd: number | null = 0.001,
): CertificationSummary {
  return {
    status,
    certifiedAt: '2026-11-24T12:00:00.000Z',
    expiresAt: '2026-11-25T12:00:00.000Z',
    capabilities: CAPS,
    ttftMs,
    estimatedCostUsd,
    successRate: 100,
  };
}

function entry(modelId: string, overrides: Partial<CatalogEntry> = {}): CatalogEntry {
  return {
    modelId,
    modelName: modelId,
    provider: 'Amazon',
    kind:
      modelId.includes('.') && /^(us|eu|apac|global|jp|au)\./.test(modelId)
        ? 'inference-profile'
        : 'foundation-model',
    lifecycle: 'ACTIVE',
    onDemand: true,
    inferenceProfiles: [],
    baseModelId: null,
    access: 'AVAILABLE',
    certification: null,
    lastChangedAt: null,
    ...overrides,
  };
}

const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const sonnet = entry(SONNET, {
  provider: 'Anthropic',
  onDemand: false,
  inferenceProfiles: [`global.${SONNET}`, `eu.${SONNET}`, `us.${SONNET}`],
});
const usSonnet = entry(`us.${SONNET}`, { provider: 'Anthropic', baseModelId: SONNET });
const nova = entry('amazon.nova-lite-v1:0', {
  certification: certification('certified', 330),
  lastChangedAt: '2026-11-20T08:00:00.000Z',
});
const llama = entry('meta.llama3-3-70b-instruct-v1:0', {
  provider: 'Meta',
  lifecycle: 'LEGACY',
  certification: certification('failed', 900, null),
});
const titan = entry('amazon.titan-text-express-v1', {
  certification: certification('unavailable', null, null),
  lastChangedAt: '2026-11-24T12:00:00.000Z',
});
const ALL = [sonnet, usSonnet, nova, llama, titan];

describe('catalog model', () => {
  it('certifies a bare profile-only model through the profile of the region, geographic before global', () => {
    expect(certifyTarget(sonnet, 'us-east-1')).toBe(`us.${SONNET}`);
    expect(certifyTarget(sonnet, 'eu-west-1')).toBe(`eu.${SONNET}`);
    expect(certifyTarget(sonnet, 'sa-east-1')).toBe(`global.${SONNET}`);
    expect(certifyTarget(nova, 'us-east-1')).toBe(nova.modelId);
    expect(certifyTarget(entry('x.y-v1:0', { onDemand: false }), 'us-east-1')).toBe('x.y-v1:0');
  });

  it('filters by status (uncertified = no certification) and provider', () => {
    expect(catalogStatus(sonnet)).toBe('uncertified');
    expect(filterCatalog(ALL, { status: 'uncertified' }).map((e) => e.modelId)).toEqual([
      SONNET,
      `us.${SONNET}`,
    ]);
    expect(filterCatalog(ALL, { status: 'failed' })).toEqual([llama]);
    expect(filterCatalog(ALL, { provider: 'Amazon' })).toEqual([nova, titan]);
    expect(filterCatalog(ALL, { provider: 'Amazon', status: 'certified' })).toEqual([nova]);
    expect(providers(ALL)).toEqual(['Amazon', 'Anthropic', 'Meta']);
  });

  it('sorts by any column, stable, missing values last in both directions', () => {
    const ids = (entries: CatalogEntry[]) => entries.map((e) => e.modelId);
    expect(ids(sortCatalog(ALL, { key: 'ttft', direction: 'ascending' }))).toEqual([
      nova.modelId,
      llama.modelId,
      SONNET,
      `us.${SONNET}`,
      titan.modelId,
    ]);
    expect(ids(sortCatalog(ALL, { key: 'ttft', direction: 'descending' }))).toEqual([
      llama.modelId,
      nova.modelId,
      SONNET,
      `us.${SONNET}`,
      titan.modelId,
    ]);
    expect(ids(sortCatalog(ALL, { key: 'status', direction: 'ascending' }))).toEqual([
      nova.modelId,
      llama.modelId,
      titan.modelId,
      SONNET,
      `us.${SONNET}`,
    ]);
    expect(ids(sortCatalog(ALL, { key: 'provider', direction: 'descending' }))).toEqual([
      llama.modelId,
      SONNET,
      `us.${SONNET}`,
      nova.modelId,
      titan.modelId,
    ]);
    expect(ids(sortCatalog(ALL, { key: 'lifecycle', direction: 'descending' }))[0]).toBe(
      llama.modelId,
    );
    expect(ids(sortCatalog(ALL, { key: 'cost', direction: 'ascending' }))).toEqual([
      nova.modelId,
      SONNET,
      `us.${SONNET}`,
      llama.modelId,
      titan.modelId,
    ]);
    expect(ids(sortCatalog(ALL, { key: 'access', direction: 'ascending' }))[0]).toBe(nova.modelId);
    expect(ids(sortCatalog(ALL, { key: 'changed', direction: 'descending' }))).toEqual([
      titan.modelId,
      nova.modelId,
      SONNET,
      `us.${SONNET}`,
      llama.modelId,
    ]);
    // The input is left alone.
    expect(ids(ALL)[0]).toBe(SONNET);
  });

  it('"Certify all uncertified" runs a profile-only model and its own profile once', () => {
    expect(uncertifiedTargets(ALL, 'us-east-1')).toEqual([
      { modelId: SONNET, target: `us.${SONNET}` },
    ]);
    // Once the profile has a certification, the bare model is covered by it.
    const certifiedProfile = { ...usSonnet, certification: certification('certified', 700) };
    expect(uncertifiedTargets([sonnet, certifiedProfile, nova], 'us-east-1')).toEqual([]);
    expect(
      uncertifiedTargets([entry('a.b-v1:0'), entry('c.d-v1:0')], 'us-east-1').map((t) => t.target),
    ).toEqual(['a.b-v1:0', 'c.d-v1:0']);
  });
});
