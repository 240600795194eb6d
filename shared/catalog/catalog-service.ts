import type { CertificationCachePort } from '../service/ports.js';
import type { CapabilityName } from '../suites.js';
import type { CatalogEntry, CatalogResponse, CatalogStatusFilter, ModelAccess } from '../types.js';
import {
  accessModelIdOf,
  buildCatalog,
  certificationIdsOf,
  filterCatalog,
  withAccess,
} from './build-catalog.js';
import type { ModelAvailabilitySource } from './model-availability.js';
import type { ModelListingSource } from './model-listing.js';

/**
 * Access questions a catalog answer has in flight at once. A cold container asks one per listed
 * foundation model (dozens in a large Region); all at once would invite the control plane's
 * throttling, and a throttled answer is `UNKNOWN` until asked again.
 */
export const CATALOG_ACCESS_CONCURRENCY = 8;

/** Options of {@link CatalogService}. */
export interface CatalogServiceOptions {
  /** The Region listed when a request names none. */
  region: string;
  /**
   * The control plane listing of a Region, usually a `CachedModelListing` over a
   * `BedrockModelListing` with that Region's client.
   */
  listing: (region: string) => ModelListingSource;
  /**
   * Whether the account may invoke a model in a Region: the container's one
   * `CachedModelAvailability`, shared with the Regions view so both agree and a warm answer
   * asks the control plane nothing.
   */
  availability: ModelAvailabilitySource;
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
  /** Default {@link CATALOG_ACCESS_CONCURRENCY}. */
  accessConcurrency?: number;
}

/**
 * The catalog: a Region's models merged with their certifications there and the account's access
 * to them. The listing and the access answers may come from caches; the certifications are read
 * fresh on every answer, so a model certified a moment ago shows its result at once. What an
 * answer reads follows what it lists (each entry's certification, under its id and its ARN, and
 * its last change) and access is asked only for the models it returns, never for what else was
 * ever certified: ids nobody lists cost the catalog nothing.
 */
export class CatalogService {
  constructor(private readonly options: CatalogServiceOptions) {}

  /**
   * The catalog of `region` (default: the default Region), optionally only the entries of one
   * certification status, and only those whose latest certification shows every capability of
   * `requires` (`true`). Throws `CatalogUnavailableError` when the control plane cannot list,
   * `StoreUnavailableError` when the store cannot be read; a model whose access the control plane
   * does not tell is `UNKNOWN`, never a failed answer.
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
    const entries = filterCatalog(
      buildCatalog(models, certified, region, changes),
      status,
      requires,
    );
    return { region, models: withAccess(entries, await this.accessOf(entries, region)) };
  }

  /** The access of each model `entries` show, asked a few at a time. */
  private async accessOf(
    entries: readonly CatalogEntry[],
    region: string,
  ): Promise<Map<string, ModelAccess>> {
    const modelIds = [...new Set(entries.map(accessModelIdOf))];
    const answers = new Map<string, ModelAccess>();
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < modelIds.length) {
        const modelId = modelIds[next++] as string;
        // A source never rejects by contract; should one, this entry is unknown, not the catalog.
        const access = await this.options.availability
          .access(region, modelId)
          .catch((): ModelAccess => 'UNKNOWN');
        answers.set(modelId, access);
      }
    };
    const lanes = Math.min(
      this.options.accessConcurrency ?? CATALOG_ACCESS_CONCURRENCY,
      modelIds.length,
    );
    await Promise.all(Array.from({ length: lanes }, lane));
    return answers;
  }
}
