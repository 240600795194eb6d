import { isValidModelId, uncertifiableReason } from '../model-id.js';
import type { CapabilityName } from '../suites.js';
import type {
  CatalogEntry,
  CatalogStatusFilter,
  Certification,
  CertificationSummary,
  ModelAccess,
  ModelLifecycle,
} from '../types.js';
import type {
  ListedFoundationModel,
  ListedInferenceProfile,
  ModelListing,
} from './model-listing.js';

/**
 * The catalog of one region: every text-output foundation model the service can invoke (on
 * demand or through a profile) and every inference profile routing to one, each with its latest
 * unexpired certification. Pure: the listing and the certifications come in, entries go out.
 *
 * Left out: models without text output and the profiles routing to them; foundation models
 * offered only as Provisioned Throughput (no `ON_DEMAND` or `INFERENCE_PROFILE`), and any id the
 * service would refuse to certify (`UNSUPPORTED_MODEL_ID`, `INVALID_MODEL_ID`): a catalog row
 * that cannot be certified would only fail the page's "certify all" and a CI gate.
 *
 * Order: provider, then model name, each foundation model followed by its profiles
 * (system-defined by id, then application ones), so a profile sits next to its model.
 *
 * `access` comes from another control plane call per model, not from the listing: it is
 * `UNKNOWN` here until {@link withAccess} fills it in.
 */
export function buildCatalog(
  listing: ModelListing,
  certifications: readonly Certification[],
  region: string,
  lastChanges: ReadonlyMap<string, string> = new Map(),
): CatalogEntry[] {
  const models = new Map(listing.foundationModels.map((model) => [model.modelId, model]));
  const providers = providersByVendor(listing.foundationModels);
  const latest = latestCertifications(certifications, region);

  const rows: Row[] = [];
  for (const model of listing.foundationModels) {
    if (!isTextModel(model) || !canCertify(model.modelId)) continue;
    if (
      !model.inferenceTypesSupported.some(
        (type) => type === 'ON_DEMAND' || type === 'INFERENCE_PROFILE',
      )
    )
      continue;
    rows.push({
      sortName: model.modelName,
      sortBase: model.modelId,
      entry: {
        modelId: model.modelId,
        modelName: model.modelName,
        provider: model.providerName,
        kind: 'foundation-model',
        lifecycle: lifecycleOf(model),
        onDemand: model.inferenceTypesSupported.includes('ON_DEMAND'),
        inferenceProfiles: [],
        baseModelId: null,
        access: 'UNKNOWN',
        certification: null,
        lastChangedAt: null,
      },
    });
  }
  for (const profile of listing.inferenceProfiles) {
    const baseModelId = profile.modelIds[0];
    if (baseModelId === undefined) continue;
    const base = models.get(baseModelId);
    if (base !== undefined && !isTextModel(base)) continue;
    // An application profile is invoked by its ARN; its short id is no model id Bedrock accepts.
    const modelId =
      profile.type === 'APPLICATION' ? profile.inferenceProfileArn : profile.inferenceProfileId;
    if (!canCertify(modelId)) continue;
    rows.push({
      sortName: base?.modelName ?? profile.inferenceProfileName,
      sortBase: baseModelId,
      profileType: profile.type,
      entry: {
        modelId,
        modelName: profile.inferenceProfileName,
        provider:
          base?.providerName ?? providers.get(vendorOf(baseModelId)) ?? vendorOf(baseModelId),
        kind: 'inference-profile',
        lifecycle: base ? lifecycleOf(base) : 'ACTIVE',
        onDemand: true,
        inferenceProfiles: [],
        baseModelId,
        access: 'UNKNOWN',
        certification: null,
        lastChangedAt: null,
      },
    });
  }

  rows.sort(compareRows);
  const byModelId = new Map(rows.map((row) => [row.entry.modelId, row.entry]));
  for (const { entry } of rows) {
    if (entry.baseModelId !== null)
      byModelId.get(entry.baseModelId)?.inferenceProfiles.push(entry.modelId);
    const certification = latest.get(entry.modelId);
    entry.certification = certification ? summarize(certification) : null;
    entry.lastChangedAt = lastChanges.get(entry.modelId) ?? null;
  }
  return rows.map((row) => row.entry);
}

/** The foundation model whose access an entry shows: its own, or for a profile its base model's. */
export function accessModelIdOf(entry: CatalogEntry): string {
  return entry.baseModelId ?? entry.modelId;
}

/**
 * `entries` with each one's `access` from `access` (by {@link accessModelIdOf}); `UNKNOWN` for a
 * model it has no answer for.
 */
export function withAccess(
  entries: readonly CatalogEntry[],
  access: ReadonlyMap<string, ModelAccess>,
): CatalogEntry[] {
  return entries.map((entry) => ({
    ...entry,
    access: access.get(accessModelIdOf(entry)) ?? 'UNKNOWN',
  }));
}

/** The ids a catalog answer reads for `listing`: see {@link certificationIdsOf}. */
export interface CatalogIds {
  /** Every entry's model id, in catalog order: what its last change is kept under. */
  entries: string[];
  /** Every id an entry's certification may be cached under: its model id and its ARN here. */
  certifications: string[];
}

/**
 * What a catalog answer reads: for each entry, its certification under its own id and under its
 * ARN in this region (a foundation model's `arn:<partition>:bedrock:<region>::foundation-model/<id>`,
 * a system-defined profile's ARN from the listing; an application profile's id is its ARN), and
 * its last change. Bounded by the listing, whatever else the store holds.
 */
export function certificationIdsOf(listing: ModelListing, region: string): CatalogIds {
  const profileArns = new Map(
    listing.inferenceProfiles.map((profile) => [
      profile.inferenceProfileId,
      profile.inferenceProfileArn,
    ]),
  );
  const entries = buildCatalog(listing, [], region);
  const certifications = entries.flatMap((entry) => {
    const arn =
      entry.kind === 'foundation-model'
        ? `arn:${partitionOf(region)}:bedrock:${region}::foundation-model/${entry.modelId}`
        : profileArns.get(entry.modelId);
    return arn === undefined || arn === entry.modelId ? [entry.modelId] : [entry.modelId, arn];
  });
  return { entries: entries.map((entry) => entry.modelId), certifications };
}

/** The ARN partition of a Region: `aws-cn` in China, `aws-us-gov` in GovCloud, else `aws`. */
function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/**
 * Keeps the entries `status` selects (those whose certification has that status, or none for
 * `uncertified`) whose certification shows every capability of `requires` as `true`.
 */
export function filterCatalog(
  entries: readonly CatalogEntry[],
  status: CatalogStatusFilter | undefined,
  requires: readonly CapabilityName[] = [],
): CatalogEntry[] {
  return entries.filter(
    (entry) =>
      (status === undefined ||
        (status === 'uncertified'
          ? entry.certification === null
          : entry.certification?.status === status)) &&
      requires.every((name) => entry.certification?.capabilities[name] === true),
  );
}

/**
 * The catalog's view of a certification (docs/api.md, "GET /api/certification/catalog").
 */
export function summarize(certification: Certification): CertificationSummary {
  const { status, certifiedAt, expiresAt, capabilities, ttftMs, estimatedCostUsd, successRate } =
    certification;
  return { status, certifiedAt, expiresAt, capabilities, ttftMs, estimatedCostUsd, successRate };
}

interface Row {
  entry: CatalogEntry;
  /** The foundation model's name, for a profile its base model's: profiles sort next to their model. */
  sortName: string;
  sortBase: string;
  profileType?: ListedInferenceProfile['type'];
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function compareRows(a: Row, b: Row): number {
  return (
    collator.compare(a.entry.provider, b.entry.provider) ||
    collator.compare(a.sortName, b.sortName) ||
    collator.compare(a.sortBase, b.sortBase) ||
    rank(a) - rank(b) ||
    collator.compare(a.entry.modelId, b.entry.modelId)
  );
}

function rank(row: Row): number {
  if (row.profileType === undefined) return 0;
  return row.profileType === 'SYSTEM_DEFINED' ? 1 : 2;
}

function isTextModel(model: ListedFoundationModel): boolean {
  return model.outputModalities.includes('TEXT');
}

function canCertify(modelId: string): boolean {
  return isValidModelId(modelId) && uncertifiableReason(modelId) === undefined;
}

function lifecycleOf(model: ListedFoundationModel): ModelLifecycle {
  return model.lifecycle === 'LEGACY' ? 'LEGACY' : 'ACTIVE';
}

/** `anthropic` of `anthropic.claude-...`. */
function vendorOf(modelId: string): string {
  return modelId.split('.')[0] ?? modelId;
}

/** Provider names by id prefix (`anthropic` → `Anthropic`), for a profile whose model is not listed. */
function providersByVendor(models: readonly ListedFoundationModel[]): Map<string, string> {
  return new Map(models.map((model) => [vendorOf(model.modelId), model.providerName]));
}

/** `arn:...:foundation-model/<id>` and `arn:...:inference-profile/<id>` of this region: certified by ARN, listed by id. */
const ARN_OF_LISTED_ID =
  /^arn:aws(?:-[a-z]+)*:bedrock:([a-z0-9-]+):\d{0,12}:(?:foundation-model|inference-profile)\/(.+)$/;

/**
 * The latest certification per catalog id. A model certified both by id and by ARN has two
 * cached certifications; the catalog shows the newer.
 */
function latestCertifications(
  certifications: readonly Certification[],
  region: string,
): Map<string, Certification> {
  const latest = new Map<string, Certification>();
  for (const certification of certifications) {
    const arn = ARN_OF_LISTED_ID.exec(certification.modelId);
    const key = arn?.[1] === region ? (arn[2] as string) : certification.modelId;
    const current = latest.get(key);
    if (
      current === undefined ||
      Date.parse(certification.certifiedAt) > Date.parse(current.certifiedAt)
    )
      latest.set(key, certification);
  }
  return latest;
}
