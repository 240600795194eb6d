import { systemClock, type Clock } from '../clock.js';
import type { ModelListing, ModelListingSource } from './model-listing.js';

/** Options of {@link CachedModelListing}. */
export interface CachedModelListingOptions {
  source: ModelListingSource;
  /** How long a listing is served before the control plane is asked again; 0 asks every time. */
  ttlMs: number;
  /** Decides when a listing has expired; injected so tests can move time. */
  clock?: Clock;
}

/**
 * Keeps one listing in memory per container for `ttlMs`. The models an account sees change a
 * few times a month, while a page may ask for the catalog on every load: without this, each
 * answer would cost three control plane calls and their latency. Concurrent requests share one
 * fetch in flight. A failure is not cached, so the next request asks again.
 */
export class CachedModelListing implements ModelListingSource {
  private readonly source: ModelListingSource;
  private readonly ttlMs: number;
  private readonly clock: Clock;
  private cached: { listing: ModelListing; fetchedAt: number } | undefined;
  private inFlight: Promise<ModelListing> | undefined;

  constructor(options: CachedModelListingOptions) {
    this.source = options.source;
    this.ttlMs = options.ttlMs;
    this.clock = options.clock ?? systemClock;
  }

  list(): Promise<ModelListing> {
    if (this.cached !== undefined && this.clock.now() - this.cached.fetchedAt < this.ttlMs)
      return Promise.resolve(this.cached.listing);
    this.inFlight ??= this.fetch();
    return this.inFlight;
  }

  private async fetch(): Promise<ModelListing> {
    // Aged from when the question was asked, so a listing is never served past its TTL.
    const fetchedAt = this.clock.now();
    try {
      const listing = await this.source.list();
      this.cached = { listing, fetchedAt };
      return listing;
    } finally {
      this.inFlight = undefined;
    }
  }
}
