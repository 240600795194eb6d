/**
 * AWS Region names and the list of Regions a deployment certifies in (`regions`: stack context,
 * `CERTIFICATION_REGIONS` for the service and `npm start`). Pure: shared by the configuration,
 * the stack's context, the HTTP routes and the CLI, so each refuses the same names.
 */
import { RegionListError } from './errors.js';

/** `us-east-1`, `eu-central-2`, `us-gov-west-1`, `eusc-de-east-1`, ... */
const REGION_NAME = /^(?:[a-z]{2}|eusc)(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/** Largest list a deployment may name: each listed Region costs IAM statements and a column on the page. */
export const MAX_REGIONS = 16;

/** True for a string shaped like an AWS Region name. */
export function isRegionName(value: string): boolean {
  return REGION_NAME.test(value);
}

/**
 * Parses a comma-separated Region list (spaces around names ignored, repeats dropped, order
 * kept). Throws {@link RegionListError} for an empty list, a malformed name or too many names.
 */
export function parseRegionList(raw: string): string[] {
  const names = [
    ...new Set(
      raw
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== ''),
    ),
  ];
  if (names.length === 0) throw new RegionListError('must name at least one Region');
  const bad = names.find((name) => !isRegionName(name));
  if (bad !== undefined)
    throw new RegionListError(`"${bad}" is not an AWS Region name like us-east-1`);
  if (names.length > MAX_REGIONS)
    throw new RegionListError(`names ${names.length} Regions; at most ${MAX_REGIONS}`);
  return names;
}
