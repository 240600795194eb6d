import { describe, expect, it } from 'vitest';
import { CachedModelAvailability, toAccess } from '../../../shared/catalog/model-availability.js';
import { RegionsService } from '../../../shared/catalog/regions-service.js';
import { CatalogUnavailableError, StoreUnavailableError } from '../../../shared/errors.js';
import { MemoryCache, sampleCertification } from '../../support/in-memory-ports.js';
import { manualClock } from '../store/fixtures.js';
import { FakeAvailability, FakeListingSource, foundationModel, systemProfile } from './fixtures.js';

const NOVA = 'amazon.nova-lite-v1:0';

function build() {
  const listings = {
    'us-east-1': new FakeListingSource({
      foundationModels: [foundationModel(NOVA)],
      inferenceProfiles: [systemProfile('us', NOVA)],
    }),
    'eu-west-1': new FakeListingSource({
      foundationModels: [foundationModel(NOVA, { inferenceTypesSupported: ['INFERENCE_PROFILE'] })],
      inferenceProfiles: [systemProfile('eu', NOVA)],
    }),
    'ap-south-1': new FakeListingSource(),
  };
  const availability = new FakeAvailability();
  const cache = new MemoryCache();
  const listingErrors: string[] = [];
  const service = new RegionsService({
    regions: Object.keys(listings),
    listing: (region) => listings[region as keyof typeof listings],
    availability,
    certifications: cache,
    onListingError: (_error, region) => listingErrors.push(region),
  });
  return { service, listings, availability, cache, listingErrors };
}

describe('RegionsService', () => {
  it('answers every listed Region in order: offered or not, how, access and certification', async () => {
    const { service, cache } = build();
    await cache.put(sampleCertification({ modelId: NOVA, region: 'eu-west-1' }));
    const { regions } = await service.regions(NOVA);
    expect(regions).toEqual([
      {
        region: 'us-east-1',
        offered: true,
        lifecycle: 'ACTIVE',
        onDemand: true,
        inferenceProfiles: [`us.${NOVA}`],
        access: 'AVAILABLE',
        certification: null,
      },
      expect.objectContaining({
        region: 'eu-west-1',
        offered: true,
        onDemand: false,
        inferenceProfiles: [`eu.${NOVA}`],
        certification: expect.objectContaining({ status: 'certified' }) as unknown,
      }),
      expect.objectContaining({ region: 'ap-south-1', offered: false, access: 'NOT_AVAILABLE' }),
    ]);
  });

  it("asks access of a profile's foundation model", async () => {
    const { service, availability } = build();
    const { regions } = await service.regions(`eu.${NOVA}`);
    expect(regions.map((entry) => entry.offered)).toEqual([false, true, false]);
    expect(availability.calls).toContain(`eu-west-1/${NOVA}`);
  });

  it('a Region whose control plane fails answers offered null and its access as asked; the others answer', async () => {
    const { service, listings, availability, listingErrors } = build();
    listings['eu-west-1'].failure = new CatalogUnavailableError();
    availability.answers.set('eu-west-1', 'UNKNOWN');
    const { regions } = await service.regions(NOVA);
    expect(regions[1]).toEqual({
      region: 'eu-west-1',
      offered: null,
      lifecycle: null,
      onDemand: null,
      inferenceProfiles: [],
      access: 'UNKNOWN',
      certification: null,
    });
    expect(regions[0]?.offered).toBe(true);
    expect(listingErrors).toEqual(['eu-west-1']);
  });

  it('fails as a whole when the store cannot be read', async () => {
    const { service, cache } = build();
    cache.get = () => Promise.reject(new StoreUnavailableError());
    await expect(service.regions(NOVA)).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});

describe('model access', () => {
  const answer = {
    authorizationStatus: 'AUTHORIZED',
    entitlementAvailability: 'AVAILABLE',
    regionAvailability: 'AVAILABLE',
    agreementAvailability: { status: 'NOT_AVAILABLE' },
  };

  it('is AVAILABLE only when authorized, entitled and offered; a missing agreement does not count, a failed one does', () => {
    expect(toAccess(answer)).toBe('AVAILABLE');
    expect(toAccess({ ...answer, authorizationStatus: 'NOT_AUTHORIZED' })).toBe('NOT_AVAILABLE');
    expect(toAccess({ ...answer, entitlementAvailability: 'NOT_AVAILABLE' })).toBe('NOT_AVAILABLE');
    expect(toAccess({ ...answer, regionAvailability: 'NOT_AVAILABLE' })).toBe('NOT_AVAILABLE');
    expect(toAccess({ ...answer, agreementAvailability: { status: 'ERROR' } })).toBe(
      'NOT_AVAILABLE',
    );
    expect(toAccess({})).toBe('UNKNOWN');
  });

  it('is kept per Region and model for the TTL, shared while in flight, and never kept when UNKNOWN', async () => {
    const source = new FakeAvailability();
    const clock = manualClock();
    const cached = new CachedModelAvailability({ source, ttlMs: 60_000, clock });
    await Promise.all([cached.access('us-east-1', NOVA), cached.access('us-east-1', NOVA)]);
    await cached.access('eu-west-1', NOVA);
    expect(source.calls).toEqual([`us-east-1/${NOVA}`, `eu-west-1/${NOVA}`]);
    clock.advance(60_000);
    await cached.access('us-east-1', NOVA);
    expect(source.calls).toHaveLength(3);

    source.answers.set('ap-south-1', 'UNKNOWN');
    await cached.access('ap-south-1', NOVA);
    await cached.access('ap-south-1', NOVA);
    expect(source.calls.filter((call) => call.startsWith('ap-south-1'))).toHaveLength(2);
  });
});
