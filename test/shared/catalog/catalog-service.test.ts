import { describe, expect, it } from 'vitest';
import { CachedModelListing } from '../../../shared/catalog/cached-model-listing.js';
import { CatalogService } from '../../../shared/catalog/catalog-service.js';
import { CatalogUnavailableError, StoreUnavailableError } from '../../../shared/errors.js';
import type { Certification } from '../../../shared/types.js';
import { unknownModelCertification } from '../../support/certification-fixture.js';
import { MemoryCache, MemoryHistory, sampleCertification } from '../../support/in-memory-ports.js';
import { manualClock } from '../store/fixtures.js';
import { FakeListingSource, foundationModel, systemProfile } from './fixtures.js';

const NOVA = 'amazon.nova-lite-v1:0';

/** A cache that counts the reads the catalog sends it and the ids they name. */
class CountingCache extends MemoryCache {
  reads = 0;
  idsRead: string[] = [];
  override getMany(region: string, modelIds: readonly string[]): Promise<Certification[]> {
    this.reads += 1;
    this.idsRead.push(...modelIds);
    return super.getMany(region, modelIds);
  }
}

function build() {
  const source = new FakeListingSource({
    foundationModels: [foundationModel(NOVA), foundationModel('amazon.nova-micro-v1:0')],
    inferenceProfiles: [systemProfile('us', NOVA)],
  });
  const cache = new CountingCache();
  const listing = new CachedModelListing({ source, ttlMs: 300_000, clock: manualClock() });
  const catalog = new CatalogService({
    region: 'us-east-1',
    listing: () => listing,
    certifications: cache,
  });
  return { source, cache, catalog };
}

describe('CatalogService', () => {
  it('answers the region and its entries, with one batch read of exactly the listed ids and their ARNs', async () => {
    const { catalog, cache } = build();
    await cache.put(sampleCertification({ modelId: NOVA }));
    const answer = await catalog.catalog();
    expect(answer.region).toBe('us-east-1');
    expect(answer.models.map((entry) => entry.modelId)).toEqual([
      NOVA,
      `us.${NOVA}`,
      'amazon.nova-micro-v1:0',
    ]);
    expect(cache.reads).toBe(1);
    expect([...cache.idsRead].sort()).toEqual(
      [
        NOVA,
        `arn:aws:bedrock:us-east-1::foundation-model/${NOVA}`,
        `us.${NOVA}`,
        `arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.${NOVA}`,
        'amazon.nova-micro-v1:0',
        'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0',
      ].sort(),
    );
  });

  it('reads as much after a thousand made-up ids were certified as before, and shows a certification by ARN', async () => {
    // Prepare
    const cache = new CountingCache();
    const history = new MemoryHistory();
    const changesAsked: string[] = [];
    const catalog = new CatalogService({
      region: 'us-east-1',
      listing: () =>
        new FakeListingSource({
          foundationModels: [foundationModel(NOVA)],
          inferenceProfiles: [],
        }),
      certifications: cache,
      lastChanges: (modelIds) => {
        changesAsked.push(...modelIds);
        return history.lastChanges('us-east-1', modelIds);
      },
    });
    await catalog.catalog();
    const before = { certifications: cache.idsRead.length, changes: changesAsked.length };
    for (let i = 0; i < 1_000; i += 1)
      await cache.put(unknownModelCertification({ modelId: `zz.junk${i}-v1:0` }));
    await cache.put(
      sampleCertification({
        modelId: `arn:aws:bedrock:us-east-1::foundation-model/${NOVA}`,
        status: 'failed',
      }),
    );
    cache.idsRead = [];
    changesAsked.length = 0;

    // Act
    const answer = await catalog.catalog();

    // Assess
    expect({ certifications: cache.idsRead.length, changes: changesAsked.length }).toEqual(before);
    expect(changesAsked).toEqual([NOVA]);
    expect(answer.models.map((entry) => entry.certification?.status)).toEqual(['failed']);
  });

  it('merges certifications afresh on every answer while the listing comes from the cache', async () => {
    const { catalog, cache, source } = build();
    expect((await catalog.catalog()).models.every((entry) => entry.certification === null)).toBe(
      true,
    );
    await cache.put(sampleCertification({ modelId: `us.${NOVA}`, status: 'failed' }));
    const entry = (await catalog.catalog()).models.find((model) => model.modelId === `us.${NOVA}`);
    expect(entry?.certification?.status).toBe('failed');
    expect(source.calls).toBe(1);
    expect(cache.reads).toBe(2);
  });

  it("lists another Region with that Region's listing and certifications", async () => {
    const { cache, source } = build();
    const european = new FakeListingSource({
      foundationModels: [foundationModel(NOVA)],
      inferenceProfiles: [systemProfile('eu', NOVA)],
    });
    const asked: string[] = [];
    const catalog = new CatalogService({
      region: 'us-east-1',
      listing: (region) => (asked.push(region), region === 'eu-west-1' ? european : source),
      certifications: cache,
      lastChanges: (_modelIds, region) =>
        Promise.resolve(
          new Map([[NOVA, region === 'eu-west-1' ? '2026-11-01T00:00:00.000Z' : 'x']]),
        ),
    });
    await cache.put(sampleCertification({ modelId: NOVA, region: 'eu-west-1', status: 'failed' }));
    const answer = await catalog.catalog(undefined, undefined, 'eu-west-1');
    expect(answer.region).toBe('eu-west-1');
    expect(answer.models.map((entry) => entry.modelId)).toEqual([NOVA, `eu.${NOVA}`]);
    expect(answer.models[0]).toMatchObject({
      certification: { status: 'failed' },
      lastChangedAt: '2026-11-01T00:00:00.000Z',
    });
    expect((await catalog.catalog()).models[0]?.certification).toBeNull();
    expect(asked).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('filters by status', async () => {
    const { catalog, cache } = build();
    await cache.put(sampleCertification({ modelId: NOVA, status: 'certified' }));
    expect((await catalog.catalog('certified')).models.map((entry) => entry.modelId)).toEqual([
      NOVA,
    ]);
    expect((await catalog.catalog('uncertified')).models.map((entry) => entry.modelId)).toEqual([
      `us.${NOVA}`,
      'amazon.nova-micro-v1:0',
    ]);
    expect((await catalog.catalog('failed')).models).toEqual([]);
  });

  it('passes on a control plane outage and a store outage as their own errors', async () => {
    const { catalog, source, cache } = build();
    source.failure = new CatalogUnavailableError({ cause: new Error('ThrottlingException') });
    await expect(catalog.catalog()).rejects.toBeInstanceOf(CatalogUnavailableError);
    source.failure = undefined;
    cache.getMany = () => Promise.reject(new StoreUnavailableError());
    await expect(catalog.catalog()).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
