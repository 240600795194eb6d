import type { CertificationCachePort } from '../service/ports.js';
import type { CapabilityName } from '../suites.js';
import type { CatalogResponse, CatalogStatusFilter } from '../types.js';
import { buildCatalog, certificationIdsOf, filterCatalog } from './build-catalog.js';
import type { ModelListingSource } from './model-listing.js';

/** Options of {@link CatalogService}. */
export interface CatalogServiceOptions {
  /** The region listed and whose certifications are merged. */
  region: string;
  /** The control plane listing, usually a `CachedModelListing` over a `BedrockModelListing`. */
  listing: ModelListingSource;
  /** Where certifications are read: those of the listed ids only, by key. */
  certifications: Pick<CertificationCachePort, 'getMany'>;
  /**
   * When each of the given models last changed status or capabilities (the service's
   * `lastChanges`, read by key). Unset: `lastChangedAt` is null.
   */
  lastChanges?: (modelIds: readonly string[]) => Promise<ReadonlyMap<string, string>>;
}

/**
 * The catalog: the region's models merged with their certifications. The listing may come from
 * a cache; the certifications are read fresh on every answer, so a model certified a moment ago
 * shows its result at once. What an answer reads follows what it lists (each entry's
 * certification, under its id and its ARN, and its last change), never what else was ever
 * certified: ids nobody lists cost the catalog nothing.
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
    const { region, listing, certifications, lastChanges } = this.options;
    const models = await listing.list();
    const ids = certificationIdsOf(models, region);
    const [certified, changes] = await Promise.all([
      certifications.getMany(region, ids.certifications),
      lastChanges?.(ids.entries),
    ]);
    return {
      region,
      models: filterCatalog(buildCatalog(models, certified, region, changes), status, requires),
    };
  }
}
