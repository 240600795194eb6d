import { describe, expect, it } from 'vitest';
import { buildCatalog, filterCatalog } from '../../../shared/catalog/build-catalog.js';
import type { ModelListing } from '../../../shared/catalog/model-listing.js';
import { CATALOG_STATUS_FILTERS, type CatalogEntry } from '../../../shared/types.js';
import { sampleCertification } from '../../support/certification-fixture.js';
import { applicationProfile, foundationModel, systemProfile } from './fixtures.js';

const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const NOVA = 'amazon.nova-lite-v1:0';
const APP_ARN = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/k3m9x2p7q4za';

const LISTING: ModelListing = {
  foundationModels: [
    foundationModel(SONNET, {
      modelName: 'Claude Sonnet 4.5',
      providerName: 'Anthropic',
      inferenceTypesSupported: ['INFERENCE_PROFILE'],
    }),
    foundationModel(NOVA, {
      modelName: 'Nova Lite',
      inferenceTypesSupported: ['ON_DEMAND', 'INFERENCE_PROFILE'],
    }),
    foundationModel('amazon.titan-text-express-v1', {
      modelName: 'Titan Text G1 - Express',
      lifecycle: 'LEGACY',
    }),
    foundationModel('amazon.titan-embed-text-v2:0', {
      modelName: 'Titan Text Embeddings V2',
      outputModalities: ['EMBEDDING'],
    }),
    foundationModel('amazon.nova-canvas-v1:0', {
      modelName: 'Nova Canvas',
      outputModalities: ['IMAGE'],
    }),
    foundationModel('amazon.nova-pro-v1:0:300k', {
      modelName: 'Nova Pro',
      inferenceTypesSupported: ['PROVISIONED'],
    }),
    foundationModel('meta.llama3-3-70b-instruct-v1:0', {
      modelName: 'Llama 3.3 70B Instruct',
      providerName: 'Meta',
      inferenceTypesSupported: ['INFERENCE_PROFILE'],
    }),
  ],
  inferenceProfiles: [
    systemProfile('us', SONNET, { inferenceProfileName: 'US Anthropic Claude Sonnet 4.5' }),
    systemProfile('global', SONNET, { inferenceProfileName: 'Global Anthropic Claude Sonnet 4.5' }),
    systemProfile('us', NOVA, { inferenceProfileName: 'US Nova Lite' }),
    // Routes to a model this Region's listing does not show (the provider is still known by its prefix).
    systemProfile('us', 'anthropic.claude-opus-4-5-20251101-v1:0', {
      inferenceProfileName: 'US Anthropic Claude Opus 4.5',
    }),
    // Non-text models have profiles too; they are no more offerable than their models.
    systemProfile('us', 'amazon.nova-canvas-v1:0'),
    applicationProfile('k3m9x2p7q4za', SONNET, 'team-a sonnet'),
  ],
};

const byId = (entries: CatalogEntry[]) => new Map(entries.map((entry) => [entry.modelId, entry]));

describe('buildCatalog', () => {
  it("describes a profile-only foundation model with the API's fields: not on demand, its profiles listed", () => {
    const entry = byId(buildCatalog(LISTING, [], 'us-east-1')).get(SONNET);
    expect(entry).toEqual({
      modelId: SONNET,
      modelName: 'Claude Sonnet 4.5',
      provider: 'Anthropic',
      kind: 'foundation-model',
      lifecycle: 'ACTIVE',
      onDemand: false,
      inferenceProfiles: [`global.${SONNET}`, `us.${SONNET}`, APP_ARN],
      baseModelId: null,
      // Not in the listing: the catalog service asks the control plane (withAccess).
      access: 'UNKNOWN',
      certification: null,
      lastChangedAt: null,
    });
  });

  it('lists each profile as its own entry, invocable on demand, with its base model, provider and lifecycle', () => {
    const entries = byId(buildCatalog(LISTING, [], 'us-east-1'));
    expect(entries.get(`us.${SONNET}`)).toEqual({
      modelId: `us.${SONNET}`,
      modelName: 'US Anthropic Claude Sonnet 4.5',
      provider: 'Anthropic',
      kind: 'inference-profile',
      lifecycle: 'ACTIVE',
      onDemand: true,
      inferenceProfiles: [],
      baseModelId: SONNET,
      access: 'UNKNOWN',
      certification: null,
      lastChangedAt: null,
    });
    // An application profile is certified by its ARN: its short id is not a model id Bedrock takes.
    expect(entries.get(APP_ARN)).toMatchObject({
      kind: 'inference-profile',
      modelName: 'team-a sonnet',
      baseModelId: SONNET,
      provider: 'Anthropic',
    });
    expect(entries.has('k3m9x2p7q4za')).toBe(false);
    expect(entries.get('us.anthropic.claude-opus-4-5-20251101-v1:0')).toMatchObject({
      provider: 'Anthropic',
      lifecycle: 'ACTIVE',
      baseModelId: 'anthropic.claude-opus-4-5-20251101-v1:0',
    });
  });

  it('marks on-demand models and Legacy ones as the listing says', () => {
    const entries = byId(buildCatalog(LISTING, [], 'us-east-1'));
    expect(entries.get(NOVA)).toMatchObject({ onDemand: true, inferenceProfiles: [`us.${NOVA}`] });
    expect(entries.get('amazon.titan-text-express-v1')).toMatchObject({
      onDemand: true,
      lifecycle: 'LEGACY',
      inferenceProfiles: [],
    });
    // A profile-only model without a profile in this Region still shows, as not on demand.
    expect(entries.get('meta.llama3-3-70b-instruct-v1:0')).toMatchObject({
      onDemand: false,
      inferenceProfiles: [],
    });
  });

  it('leaves out non-text models, their profiles, and Provisioned Throughput-only variants', () => {
    const ids = buildCatalog(LISTING, [], 'us-east-1').map((entry) => entry.modelId);
    expect(ids).not.toContain('amazon.titan-embed-text-v2:0');
    expect(ids).not.toContain('amazon.nova-canvas-v1:0');
    expect(ids).not.toContain('us.amazon.nova-canvas-v1:0');
    expect(ids).not.toContain('amazon.nova-pro-v1:0:300k');
  });

  it('orders by provider, then model name, each model followed by its system profiles, then its application ones', () => {
    expect(buildCatalog(LISTING, [], 'us-east-1').map((entry) => entry.modelId)).toEqual([
      NOVA,
      `us.${NOVA}`,
      'amazon.titan-text-express-v1',
      SONNET,
      `global.${SONNET}`,
      `us.${SONNET}`,
      APP_ARN,
      // Its model is not listed, so it sorts by its own name.
      'us.anthropic.claude-opus-4-5-20251101-v1:0',
      'meta.llama3-3-70b-instruct-v1:0',
    ]);
  });

  it('merges each entry with its certification summary: exactly the fields the API lists', () => {
    const certification = sampleCertification({
      modelId: `us.${SONNET}`,
      status: 'failed',
      successRate: 83,
      ttftMs: 420,
      estimatedCostUsd: 0.0031,
    });
    const entries = byId(buildCatalog(LISTING, [certification], 'us-east-1'));
    expect(entries.get(`us.${SONNET}`)?.certification).toEqual({
      status: 'failed',
      certifiedAt: certification.certifiedAt,
      expiresAt: certification.expiresAt,
      capabilities: certification.capabilities,
      ttftMs: 420,
      estimatedCostUsd: 0.0031,
      successRate: 83,
    });
    // Certifying a profile certifies the profile, not the model behind it.
    expect(entries.get(SONNET)?.certification).toBeNull();
  });

  it('gives each entry the time its model last changed, from the history, and null for a model with no recorded run', () => {
    const entries = byId(
      buildCatalog(
        LISTING,
        [],
        'us-east-1',
        new Map([[`us.${SONNET}`, '2026-11-20T08:00:00.000Z']]),
      ),
    );
    expect(entries.get(`us.${SONNET}`)?.lastChangedAt).toBe('2026-11-20T08:00:00.000Z');
    expect(entries.get(SONNET)?.lastChangedAt).toBeNull();
  });

  it("shows the newer of a model's certifications by id and by ARN of this region, and ignores other regions' ARNs", () => {
    const older = sampleCertification({
      modelId: NOVA,
      status: 'failed',
      certifiedAt: '2026-11-24T10:00:00.000Z',
    });
    const newer = sampleCertification({
      modelId: `arn:aws:bedrock:us-east-1::foundation-model/${NOVA}`,
      status: 'certified',
      certifiedAt: '2026-11-24T11:00:00.000Z',
    });
    const profileByArn = sampleCertification({
      modelId: `arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.${NOVA}`,
      status: 'unavailable',
    });
    const elsewhere = sampleCertification({
      modelId: `arn:aws:bedrock:eu-west-1::foundation-model/amazon.titan-text-express-v1`,
    });
    const entries = byId(
      buildCatalog(LISTING, [older, newer, profileByArn, elsewhere], 'us-east-1'),
    );
    expect(entries.get(NOVA)?.certification).toMatchObject({
      status: 'certified',
      certifiedAt: '2026-11-24T11:00:00.000Z',
    });
    expect(entries.get(`us.${NOVA}`)?.certification?.status).toBe('unavailable');
    expect(entries.get('amazon.titan-text-express-v1')?.certification).toBeNull();
    const reversed = byId(buildCatalog(LISTING, [newer, older], 'us-east-1'));
    expect(reversed.get(NOVA)?.certification?.status).toBe('certified');
  });
});

describe('filterCatalog', () => {
  const entries = buildCatalog(
    LISTING,
    [
      sampleCertification({ modelId: NOVA, status: 'certified' }),
      sampleCertification({ modelId: `us.${SONNET}`, status: 'failed' }),
      sampleCertification({ modelId: SONNET, status: 'unavailable' }),
    ],
    'us-east-1',
  );

  it.each([
    ['certified', [NOVA]],
    ['failed', [`us.${SONNET}`]],
    ['unavailable', [SONNET]],
  ] as const)('keeps only the %s entries', (status, expected) => {
    expect(filterCatalog(entries, status).map((entry) => entry.modelId)).toEqual(expected);
  });

  it('keeps the entries without a certification for uncertified, and everything without a filter', () => {
    const uncertified = filterCatalog(entries, 'uncertified');
    expect(uncertified.length).toBe(entries.length - 3);
    expect(uncertified.every((entry) => entry.certification === null)).toBe(true);
    expect(filterCatalog(entries, undefined)).toEqual(entries);
    // Every entry lands in exactly one filter.
    expect(
      CATALOG_STATUS_FILTERS.reduce(
        (sum, status) => sum + filterCatalog(entries, status).length,
        0,
      ),
    ).toBe(entries.length);
  });
});
