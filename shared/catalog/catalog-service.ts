import type { CertificationCachePort } from '../service/ports.js';
import type { CapabilityName } from '../suites.js';
import type { CatalogResponse, CatalogStatusFilter } from '../types.js';
import { buildCatalog, certificationIdsOf, filterCatalog } from './build-catalog.js';
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
  /** Where certifications are read: those of the listed ids only, by key. */
  certifications: Pick<CertificationCachePort, 'getMany'>;
  /**
   * When each of the given models last changed status or capabilities in a Region (the
   * service's `lastChanges`, read by key). Unset: `lastChangedAt` is null.
   */
  lastChanges?: (
    modelIds: readonly string[],
    region: string,
  ) => Promise<ReadonlyMap<string, string>>;
}

/**
 * The catalog: a Region's models merged with their certifications there. The listing may come
 * from a cache; the certifications are read fresh on every answer, so a model certified a moment
 * ago shows its result at once. What an answer reads follows what it lists (each entry's
 * certification, under its id and its ARN, and its last change), never what else was ever
 * certified: ids nobody lists cost the catalog nothing.
 */
export class CatalogService {
  constructor(private readonly options: CatalogServiceOptions) {}

  /**
   * The catalog of `region` (default: the default Region), optionally only the entries of one
   * certification status, and only those whose latest certification shows every capability of
   * `requires` (`true`). Throws `CatalogUnavailableError` when the control plane cannot list,
   * `StoreUnavailableError` when the store cannot be read.
   */
  async catalog(
    status?: CatalogStatusFilter,
    requires?: readonly CapabilityName[],
    region: string = this.options.region,
  ): Promise<CatalogResponse> {
    const { listing, certifications, lastChanges } = this.options;
    const models = await listing(region).list();
    const ids = certificationIdsOf(models, region);
    const [certified, changes] = await Promise.all([
      certifications.getMany(region, ids.certifications),
      lastChanges?.(ids.entries, region),
    ]);
    return {
      region,
      models: filterCatalog(buildCatalog(models, certified, region, changes), status, requires),
    };
  }
}
