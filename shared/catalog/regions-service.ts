import { baseModelId } from '../certification/base-model-id.js';
import type { CertificationCachePort } from '../service/ports.js';
import type { CatalogEntry, ModelRegionStatus, RegionsResponse } from '../types.js';
import { buildCatalog, summarize } from './build-catalog.js';
import type { ModelAvailabilitySource } from './model-availability.js';
import type { ModelListing, ModelListingSource } from './model-listing.js';

/** Options of {@link RegionsService}. */
export interface RegionsServiceOptions {
  /** The listed Regions, the default first: the order of the answer. */
  regions: readonly string[];
  /** A Region's control plane listing (the catalog's, cached per container). */
  listing: (region: string) => ModelListingSource;
  /** Whether the account may invoke a model there (cached per container). */
  availability: ModelAvailabilitySource;
  /** Read fresh on every answer: one item read per Region. */
  certifications: Pick<CertificationCachePort, 'get'>;
  /** Where a listing that failed is noted; the Region then answers `offered: null`. */
  onListingError?: (error: unknown, region: string) => void;
}

/**
 * The Regions view of the API (docs/api.md): where a model can run. For every listed Region at once: whether the
 * control plane offers the model there (and how: on demand, through which profiles), whether the
 * account may invoke it, and its latest certification there. One Region whose control plane
 * does not answer does not hide the others: its `offered` is `null` and its `access` `UNKNOWN`.
 */
export class RegionsService {
  constructor(private readonly options: RegionsServiceOptions) {}

  /** Throws `StoreUnavailableError` when certifications cannot be read. */
  async regions(modelId: string): Promise<RegionsResponse> {
    const regions = await Promise.all(
      this.options.regions.map((region) => this.inRegion(modelId, region)),
    );
    return { modelId, regions };
  }

  private async inRegion(modelId: string, region: string): Promise<ModelRegionStatus> {
    const { listing, availability, certifications } = this.options;
    const base = baseModelId(modelId);
    const [listed, access, certification] = await Promise.all([
      listing(region)
        .list()
        .catch((error: unknown) => {
          this.options.onListingError?.(error, region);
          return undefined;
        }),
      // An application profile's ARN shows no model; its listing entry does, but waiting for the
      // listing first would put two control plane round trips in a row on a cold container.
      base === undefined ? Promise.resolve(undefined) : availability.access(region, base),
      certifications.get(region, modelId),
    ]);
    const entry = listed === undefined ? undefined : findEntry(listed, modelId, region);
    const offered = listed === undefined ? null : entry !== undefined;
    const entryAccess =
      access ??
      (entry?.baseModelId ? await availability.access(region, entry.baseModelId) : 'UNKNOWN');
    return {
      region,
      offered,
      lifecycle: entry?.lifecycle ?? null,
      onDemand: offered === null ? null : (entry?.onDemand ?? false),
      inferenceProfiles: entry?.inferenceProfiles ?? [],
      // Not offered there: nothing to invoke, whatever the account's entitlements say.
      access: offered === false ? 'NOT_AVAILABLE' : entryAccess,
      certification: certification ? summarize(certification) : null,
    };
  }
}

/** `arn:...:bedrock:<region>:<account>:(foundation-model|inference-profile)/<id>` of this Region. */
const ARN_OF_LISTED_ID =
  /^arn:aws(?:-[a-z]+)*:bedrock:([a-z0-9-]*):\d{0,12}:(?:foundation-model|inference-profile)\/(.+)$/;

/** The catalog entry of `modelId` in the Region's listing: by id, or by the ARN of a listed id. */
function findEntry(
  listing: ModelListing,
  modelId: string,
  region: string,
): CatalogEntry | undefined {
  const arn = ARN_OF_LISTED_ID.exec(modelId);
  const id = arn && (arn[1] === region || arn[1] === '') ? (arn[2] as string) : modelId;
  return buildCatalog(listing, [], region).find((entry) => entry.modelId === id);
}
