import { describe, expect, it } from 'vitest';
import { CachedModelListing } from '../../../shared/catalog/cached-model-listing.js';
import type { ModelListing } from '../../../shared/catalog/model-listing.js';
import { CatalogUnavailableError } from '../../../shared/errors.js';
import { manualClock } from '../store/fixtures.js';
import { FakeListingSource, foundationModel } from './fixtures.js';

const listingOf = (...ids: string[]): ModelListing => ({
  foundationModels: ids.map((id) => foundationModel(id)),
  inferenceProfiles: [],
});

describe('CachedModelListing', () => {
  it('serves one listing until its TTL has passed, then lists again', async () => {
    // Prepare
    const clock = manualClock();
    const source = new FakeListingSource(listingOf('amazon.nova-lite-v1:0'));
    const cached = new CachedModelListing({ source, ttlMs: 300_000, clock });
    // Act + Assess
    expect(await cached.list()).toEqual(listingOf('amazon.nova-lite-v1:0'));
    source.listing = listingOf('amazon.nova-lite-v1:0', 'amazon.nova-micro-v1:0');
    clock.advance(299_999);
    expect((await cached.list()).foundationModels).toHaveLength(1);
    expect(source.calls).toBe(1);
    clock.advance(1);
    expect((await cached.list()).foundationModels).toHaveLength(2);
    expect(source.calls).toBe(2);
  });

  it('ages a listing from when it was asked for, not from when the answer came', async () => {
    const clock = manualClock();
    let release: (listing: ModelListing) => void = () => undefined;
    const slow = {
      calls: 0,
      list: () => {
        slow.calls += 1;
        return new Promise<ModelListing>((resolve) => {
          release = resolve;
        });
      },
    };
    const cached = new CachedModelListing({ source: slow, ttlMs: 1_000, clock });
    const first = cached.list();
    clock.advance(600);
    release(listingOf('a.b-v1'));
    await first;
    clock.advance(400);
    void cached.list();
    expect(slow.calls).toBe(2);
  });

  it('shares one fetch among concurrent callers', async () => {
    const source = new FakeListingSource(listingOf('amazon.nova-lite-v1:0'));
    const cached = new CachedModelListing({ source, ttlMs: 60_000, clock: manualClock() });
    const answers = await Promise.all([cached.list(), cached.list(), cached.list()]);
    expect(source.calls).toBe(1);
    expect(new Set(answers).size).toBe(1);
  });

  it('does not cache a failure: the next call asks the control plane again', async () => {
    const source = new FakeListingSource(listingOf('amazon.nova-lite-v1:0'));
    source.failure = new CatalogUnavailableError();
    const cached = new CachedModelListing({ source, ttlMs: 60_000, clock: manualClock() });
    await expect(cached.list()).rejects.toBeInstanceOf(CatalogUnavailableError);
    source.failure = undefined;
    expect((await cached.list()).foundationModels).toHaveLength(1);
    expect(source.calls).toBe(2);
  });

  it('asks every time with a TTL of 0', async () => {
    const source = new FakeListingSource();
    const cached = new CachedModelListing({ source, ttlMs: 0, clock: manualClock() });
    await cached.list();
    await cached.list();
    expect(source.calls).toBe(2);
  });
});
