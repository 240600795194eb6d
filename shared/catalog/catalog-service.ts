import type { CertificationCachePort } from '../service/ports.js';
import type { CatalogResponse, CatalogStatusFilter } from '../types.js';
import { buildCatalog, filterCatalog } from './build-catalog.js';
import type { ModelListingSource } from './model-listing.js';

/** Options of {@link CatalogService}. */
export interface CatalogServiceOptions {
  /** The Region listed when a request names none. */
  region: string;
  /**
   * The control plane listing of a Region, usually a `CachedModelListing` over a
   * `BedrockModelListing` with that Region's client.
   */
  listing: (region: string) => ModelListingSource;
  /** Where certifications are read: one `list` (one Query) per answer, never a read per model. */
  certifications: Pick<CertificationCachePort, 'list'>;
  /**
   * When each model of a Region last changed status or capabilities (the service's
   * `lastChanges`, one Query per answer). Unset: `lastChangedAt` is null.
   */
  lastChanges?: (region: string) => Promise<ReadonlyMap<string, string>>;
}

/**
 * DESIGN.md's catalog: a Region's models merged with their certifications there. The listing
 * may come from a cache; the certifications are read fresh on every answer, so a model
 * certified a moment ago shows its result at once.
 */
export class CatalogService {
  constructor(private readonly options: CatalogServiceOptions) {}

  /**
   * The catalog of `region` (default: the default Region), optionally only the entries of one
   * certification status. Throws `CatalogUnavailableError` when the control plane cannot list,
   * `StoreUnavailableError` when the store cannot be read.
   */
  async catalog(
    status?: CatalogStatusFilter,
    region: string = this.options.region,
  ): Promise<CatalogResponse> {
    const { listing, certifications } = this.options;
    const [models, certified, lastChanges] = await Promise.all([
      listing(region).list(),
      certifications.list(region),
      this.options.lastChanges?.(region),
    ]);
    return {
      region,
      models: filterCatalog(buildCatalog(models, certified, region, lastChanges), status),
    };
  }
}
