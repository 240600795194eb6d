/** The caller's month at a glance: "This month: 12 certifications, ~$0.04 · quota: 38 of 50 left". */
import { formatCost } from '../client/format.js';
import type { UsageResponse } from '../client/index.js';

/** The usage line. */
export function usageText(usage: UsageResponse): string {
  const runs = `${usage.certifications} certification${usage.certifications === 1 ? '' : 's'}`;
  const cost = usage.estimatedCostUsd === 0 ? '$0' : `~${formatCost(usage.estimatedCostUsd)}`;
  const quota =
    usage.quota === null ? '' : ` · quota: ${usage.quota.remaining} of ${usage.quota.limit} left`;
  return `This month: ${runs}, ${cost}${quota}`;
}
