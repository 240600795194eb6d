import {
  BedrockClient,
  GetFoundationModelAvailabilityCommand,
  ThrottlingException,
} from '@aws-sdk/client-bedrock';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { BedrockModelAvailability } from '../../../shared/catalog/bedrock-model-availability.js';
import { CachedModelListing } from '../../../shared/catalog/cached-model-listing.js';
import { CatalogService } from '../../../shared/catalog/catalog-service.js';
import {
  CachedModelAvailability,
  type ModelAvailabilitySource,
} from '../../../shared/catalog/model-availability.js';
import { CatalogUnavailableError, StoreUnavailableError } from '../../../shared/errors.js';
import type { Certification, ModelAccess } from '../../../shared/types.js';
import { unknownModelCertification } from '../../support/certification-fixture.js';
import { MemoryCache, MemoryHistory, sampleCertification } from '../../support/in-memory-ports.js';
import { manualClock } from '../store/fixtures.js';
import {
  applicationProfile,
  FakeAvailability,
  FakeListingSource,
  foundationModel,
  systemProfile,
} from './fixtures.js';

const NOVA = 'amazon.nova-lite-v1:0';
const MICRO = 'amazon.nova-micro-v1:0';

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
    foundationModels: [foundationModel(NOVA), foundationModel(MICRO)],
    inferenceProfiles: [systemProfile('us', NOVA)],
  });
  const cache = new CountingCache();
  const listing = new CachedModelListing({ source, ttlMs: 300_000, clock: manualClock() });
  const availability = new FakeAvailability();
  const catalog = new CatalogService({
    region: 'us-east-1',
    listing: () => listing,
    availability,
    certifications: cache,
  });
  return { source, cache, availability, catalog };
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
      availability: new FakeAvailability(),
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
      availability: new FakeAvailability(),
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

describe('CatalogService access', () => {
  /** Nova Lite with its US profile and an application profile; Nova Micro on its own. */
  const listing = () =>
    new FakeListingSource({
      foundationModels: [foundationModel(NOVA), foundationModel(MICRO)],
      inferenceProfiles: [systemProfile('us', NOVA), applicationProfile('abcdef123456', NOVA)],
    });
  const APP_PROFILE =
    'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcdef123456';
  const accessById = (models: { modelId: string; access: ModelAccess }[]) =>
    Object.fromEntries(models.map((entry) => [entry.modelId, entry.access]));

  function catalogWith(availability: ModelAvailabilitySource, accessConcurrency?: number) {
    const source = listing();
    return new CatalogService({
      region: 'us-east-1',
      listing: () => source,
      availability,
      certifications: new MemoryCache(),
      ...(accessConcurrency === undefined ? {} : { accessConcurrency }),
    });
  }

  it("shows each entry's access, a profile its foundation model's, asking once per model in the entry's Region", async () => {
    const availability = new FakeAvailability();
    availability.answers.set(`us-east-1/${MICRO}`, 'NOT_AVAILABLE');
    const answer = await catalogWith(availability).catalog();
    expect(accessById(answer.models)).toEqual({
      [NOVA]: 'AVAILABLE',
      [`us.${NOVA}`]: 'AVAILABLE',
      [APP_PROFILE]: 'AVAILABLE',
      [MICRO]: 'NOT_AVAILABLE',
    });
    expect([...availability.calls].sort()).toEqual([`us-east-1/${NOVA}`, `us-east-1/${MICRO}`]);

    availability.calls = [];
    availability.answers.set(`eu-west-1/${NOVA}`, 'NOT_AVAILABLE');
    const european = await catalogWith(availability).catalog(undefined, undefined, 'eu-west-1');
    expect(european.models.find((entry) => entry.modelId === NOVA)?.access).toBe('NOT_AVAILABLE');
    expect(availability.calls.every((call) => call.startsWith('eu-west-1/'))).toBe(true);
  });

  it('asks access only for the entries it returns', async () => {
    const availability = new FakeAvailability();
    const source = listing();
    const cache = new MemoryCache();
    const catalog = new CatalogService({
      region: 'us-east-1',
      listing: () => source,
      availability,
      certifications: cache,
    });
    await cache.put(sampleCertification({ modelId: MICRO, status: 'failed' }));
    const answer = await catalog.catalog('failed');
    expect(answer.models.map((entry) => [entry.modelId, entry.access])).toEqual([
      [MICRO, 'AVAILABLE'],
    ]);
    expect(availability.calls).toEqual([`us-east-1/${MICRO}`]);
    expect((await catalog.catalog('certified')).models).toEqual([]);
    expect(availability.calls).toHaveLength(1);
  });

  it('makes an entry UNKNOWN when the control plane fails for its model, and asks again next time; the rest of the catalog stands', async () => {
    // Prepare: the real availability chain over a control plane client that throttles one model.
    const client = new BedrockClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const mock = mockClient(client);
    mock.on(GetFoundationModelAvailabilityCommand).resolves({
      agreementAvailability: { status: 'AVAILABLE' },
      authorizationStatus: 'AUTHORIZED',
      entitlementAvailability: 'AVAILABLE',
      regionAvailability: 'AVAILABLE',
    });
    mock
      .on(GetFoundationModelAvailabilityCommand, { modelId: MICRO })
      .rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));
    const errors: string[] = [];
    const availability = new CachedModelAvailability({
      source: new BedrockModelAvailability({
        client: () => Promise.resolve(client),
        onError: (_error, { region, modelId }) => errors.push(`${region}/${modelId}`),
      }),
      ttlMs: 300_000,
      clock: manualClock(),
    });
    const catalog = catalogWith(availability);

    // Act
    const first = await catalog.catalog();
    const second = await catalog.catalog();

    // Assess
    const expected = {
      [NOVA]: 'AVAILABLE',
      [`us.${NOVA}`]: 'AVAILABLE',
      [APP_PROFILE]: 'AVAILABLE',
      [MICRO]: 'UNKNOWN',
    };
    expect(accessById(first.models)).toEqual(expected);
    expect(accessById(second.models)).toEqual(expected);
    expect(errors).toEqual([`us-east-1/${MICRO}`, `us-east-1/${MICRO}`]);
    // Nova Lite's answer was kept; Nova Micro's failure was not.
    const asked = mock
      .commandCalls(GetFoundationModelAvailabilityCommand)
      .map((call) => call.args[0].input.modelId);
    expect(asked.sort()).toEqual([NOVA, MICRO, MICRO]);
  });

  it('still answers when a source breaks its promise never to reject', async () => {
    const answer = await catalogWith({
      access: () => Promise.reject(new Error('broken source')),
    }).catalog();
    expect(answer.models.map((entry) => entry.access)).toEqual(answer.models.map(() => 'UNKNOWN'));
  });

  it('has at most accessConcurrency questions in flight', async () => {
    const models = ['a', 'b', 'c', 'd', 'e'].map((letter) => `amazon.model-${letter}-v1:0`);
    let inFlight = 0;
    let most = 0;
    // Each answer comes a turn of the event loop later, so unbounded questions would overlap.
    const slow: ModelAvailabilitySource = {
      access: async () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight -= 1;
        return 'AVAILABLE';
      },
    };
    const catalog = (accessConcurrency: number) =>
      new CatalogService({
        region: 'us-east-1',
        listing: () =>
          new FakeListingSource({
            foundationModels: models.map((modelId) => foundationModel(modelId)),
            inferenceProfiles: [],
          }),
        availability: slow,
        certifications: new MemoryCache(),
        accessConcurrency,
      });
    const answer = await catalog(2).catalog();
    expect(answer.models.map((entry) => entry.access)).toEqual(models.map(() => 'AVAILABLE'));
    expect(most).toBe(2);
    most = 0;
    await catalog(10).catalog();
    expect(most).toBe(models.length);
  });
});
