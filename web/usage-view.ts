/** The caller's month at a glance: "This month: 12 certifications, ~$0.04 · quota: 38 of 50 left". */
import type { UsageResponse } from '../client/index.js';
import { t } from './i18n.js';
import { cost as formatCost, count, wholeDollars } from './locale-format.js';

/** The usage line. */
export function usageText(usage: UsageResponse): string {
  const runs = t(usage.certifications === 1 ? 'web.usage.runsOne' : 'web.usage.runsOther', {
    count: count(usage.certifications),
  });
  const cost =
    usage.estimatedCostUsd === 0 ? wholeDollars(0) : `~${formatCost(usage.estimatedCostUsd)}`;
  const quota =
    usage.quota === null
      ? ''
      : t('web.usage.quota', {
          remaining: count(usage.quota.remaining),
          limit: count(usage.quota.limit),
        });
  return t('web.usage.line', { runs, cost, quota });
}
