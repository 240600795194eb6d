/**
 * What the catalog view computes from `GET /catalog`, kept free of the DOM so it is tested in
 * Node: each entry's status, filtering, sorting, and which id a row's Certify action certifies.
 */
import { inferenceProfilePrefixes } from '../shared/model-id.js';
import type { CatalogEntry } from '../client/index.js';

/** A catalog row's status: a certification's, or `uncertified` when there is none. */
export type CatalogStatus = 'certified' | 'failed' | 'unavailable' | 'uncertified';

/** Every status, in the order the filter offers them. */
export const CATALOG_STATUSES: readonly CatalogStatus[] = [
  'certified',
  'failed',
  'unavailable',
  'uncertified',
];

/** Columns the table sorts by. */
export type CatalogSortKey =
  'model' | 'provider' | 'lifecycle' | 'access' | 'status' | 'ttft' | 'cost' | 'changed';

/** A sort column and direction. */
export interface CatalogSort {
  key: CatalogSortKey;
  direction: 'ascending' | 'descending';
}

/** Which rows to show; `undefined` fields do not filter. */
export interface CatalogFilter {
  status?: CatalogStatus;
  provider?: string;
}

/** The row's status. */
export function catalogStatus(entry: CatalogEntry): CatalogStatus {
  return entry.certification?.status ?? 'uncertified';
}

/** A foundation model with no on-demand throughput: invocable only through one of its profiles. */
export function isProfileOnly(entry: CatalogEntry): boolean {
  return entry.kind === 'foundation-model' && !entry.onDemand;
}

/**
 * The id a row's Certify action certifies: the entry itself, or for a profile-only model the
 * inference profile for the service's region (the geographic one before `global.`), since the
 * bare id can only ever come back `unavailable`.
 */
export function certifyTarget(entry: CatalogEntry, region: string): string {
  if (!isProfileOnly(entry) || entry.inferenceProfiles.length === 0) return entry.modelId;
  const prefixes = inferenceProfilePrefixes(region);
  const rank = (id: string): number => {
    const index = prefixes.indexOf(id.slice(0, id.indexOf('.')));
    return index === -1 ? prefixes.length : index;
  };
  return [...entry.inferenceProfiles].sort((a, b) => rank(a) - rank(b))[0] ?? entry.modelId;
}

/** Providers present in the catalog, sorted, for the provider filter. */
export function providers(entries: readonly CatalogEntry[]): string[] {
  return [...new Set(entries.map((entry) => entry.provider))].sort((a, b) => a.localeCompare(b));
}

/** The entries that pass `filter`, in their original order. */
export function filterCatalog(
  entries: readonly CatalogEntry[],
  filter: CatalogFilter,
): CatalogEntry[] {
  return entries.filter(
    (entry) =>
      (filter.status === undefined || catalogStatus(entry) === filter.status) &&
      (filter.provider === undefined || entry.provider === filter.provider),
  );
}

/** Access column text: how the model is invoked. */
export function accessLabel(entry: CatalogEntry): string {
  if (entry.kind === 'inference-profile') return 'profile';
  return entry.onDemand ? 'on demand' : 'profile only';
}

const STATUS_ORDER: Readonly<Record<CatalogStatus, number>> = {
  certified: 0,
  failed: 1,
  unavailable: 2,
  uncertified: 3,
};

/** A comparable value per column; `undefined` (no data) always sorts last. */
function sortValue(entry: CatalogEntry, key: CatalogSortKey): string | number | undefined {
  switch (key) {
    case 'model':
      return entry.modelName.toLowerCase() + '\u0000' + entry.modelId;
    case 'provider':
      return entry.provider.toLowerCase();
    case 'lifecycle':
      return entry.lifecycle;
    case 'access':
      return accessLabel(entry);
    case 'status':
      return STATUS_ORDER[catalogStatus(entry)];
    case 'ttft':
      return entry.certification?.ttftMs ?? undefined;
    case 'cost':
      return entry.certification?.estimatedCostUsd ?? undefined;
    case 'changed': {
      const at = entry.lastChangedAt === null ? Number.NaN : Date.parse(entry.lastChangedAt);
      return Number.isNaN(at) ? undefined : at;
    }
  }
}

/**
 * The entries sorted by one column. Stable: ties keep the catalog's order, so sorting by status
 * keeps models grouped as the service lists them. Missing values go last in both directions.
 */
export function sortCatalog(entries: readonly CatalogEntry[], sort: CatalogSort): CatalogEntry[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return entries
    .map((entry, index) => ({ entry, index, value: sortValue(entry, sort.key) }))
    .sort((a, b) => {
      if (a.value === undefined || b.value === undefined) {
        return a.value === b.value ? a.index - b.index : a.value === undefined ? 1 : -1;
      }
      const order =
        typeof a.value === 'number' && typeof b.value === 'number'
          ? a.value - b.value
          : String(a.value).localeCompare(String(b.value));
      return order === 0 ? a.index - b.index : sign * order;
    })
    .map(({ entry }) => entry);
}

/**
 * What "Certify all uncertified" runs: one id per uncertified row, the profile for a bare
 * profile-only model, each id once (a profile-only model and its own profile row are one run).
 */
export function uncertifiedTargets(
  entries: readonly CatalogEntry[],
  region: string,
): { modelId: string; target: string }[] {
  const seen = new Set<string>();
  const targets: { modelId: string; target: string }[] = [];
  for (const entry of entries) {
    if (entry.certification !== null) continue;
    const target = certifyTarget(entry, region);
    if (seen.has(target)) continue;
    // The profile row may already carry a certification even though its bare model does not.
    const targetEntry = entries.find((candidate) => candidate.modelId === target);
    if (targetEntry !== undefined && targetEntry !== entry && targetEntry.certification !== null)
      continue;
    seen.add(target);
    targets.push({ modelId: entry.modelId, target });
  }
  return targets;
}
