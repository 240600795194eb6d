import type { CertificationCachePort } from '../service/ports.js';
import type { CapabilityName } from '../suites.js';
import type { CatalogResponse, CatalogStatusFilter } from '../types.js';
import { buildCatalog, filterCatalog } from './build-catalog.js';
import type { ModelListingSource } from './model-listing.js';

/** Options of {@link CatalogService}. */
export interface CatalogServiceOptions {
  /** The region listed and whose certifications are merged. */
  region: string;
  /** The control plane listing, usually a `CachedModelListing` over a `BedrockModelListing`. */
  listing: ModelListingSource;
  /** Where certifications are read: one `list` (one Query) per answer, never a read per model. */
  certifications: Pick<CertificationCachePort, 'list'>;
  /**
   * When each model of the region last changed status or capabilities (the service's
   * `lastChanges`, one Query per answer). Unset: `lastChangedAt` is null.
   */
  lastChanges?: () => Promise<ReadonlyMap<string, string>>;
}

/**
 * DESIGN.md's catalog: the region's models merged with their certifications. The listing may
 * come from a cache; the certifications are read fresh on every answer, so a model certified a
 * moment ago shows its result at once.
 */
export class CatalogService {
  constructor(private readonly options: CatalogServiceOptions) {}

  /**
   * The catalog, optionally only the entries of one certification status, and only those whose
   * latest certification shows every capability of `requires` (`true`). Throws
   * `CatalogUnavailableError` when the control plane cannot list, `StoreUnavailableError` when
   * the store cannot be read.
   */
  async catalog(
    status?: CatalogStatusFilter,
    requires?: readonly CapabilityName[],
  ): Promise<CatalogResponse> {
    const { region, listing, certifications } = this.options;
    const [models, certified, lastChanges] = await Promise.all([
      listing.list(),
      certifications.list(region),
      this.options.lastChanges?.(),
    ]);
    return {
      region,
      models: filterCatalog(buildCatalog(models, certified, region, lastChanges), status, requires),
    };
  }
}
