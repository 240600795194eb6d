/**
 * Numbers, money, durations, dates and relative times in the page's language, through `Intl`
 * (client/format.ts and shared/i18n/format.ts hold the formats; this binds them to the page's
 * locale). Codes and API values shown as data (model ids, status codes) are not formatted here.
 */
import {
  formatCost,
  formatCount,
  formatDuration,
  formatPercent,
  formatRate,
  formatWait,
} from '../client/format.js';
import {
  formatDate,
  formatDateTime,
  formatList,
  formatNumber,
  formatRelativeTime,
} from '../shared/i18n/format.js';
import type { MessageKey } from '../shared/i18n/index.js';
import { pageLocale, t } from './i18n.js';

/** `22,418` / `22.418`; an em dash when unknown. */
export function count(value: number | null | undefined): string {
  return formatCount(value, pageLocale());
}

/** `812 ms`, `1.23 s` / `1,23 s`; an em dash when unknown. */
export function duration(ms: number | null | undefined): string {
  return formatDuration(ms, pageLocale());
}

/** `1 min 5 s`: a wait, rounded up to the second. */
export function wait(seconds: number): string {
  return formatWait(seconds, pageLocale());
}

/** `48.5 tok/s` / `48,5 tok/s`. */
export function rate(tokensPerSecond: number | null | undefined): string {
  return formatRate(tokensPerSecond, pageLocale());
}

/** `83%`. */
export function percent(value: number): string {
  return formatPercent(value, pageLocale());
}

/** `$0.0069` / `US$ 0,0069`; "unknown" in the page's language when the price is not known. */
export function cost(usd: number | null | undefined): string {
  return usd === null || usd === undefined || !Number.isFinite(usd)
    ? t('format.unknownCost')
    : formatCost(usd, pageLocale());
}

/** `$0` / `US$ 0`: a whole-dollar amount (nothing spent yet). */
export function wholeDollars(usd: number): string {
  return formatNumber(pageLocale(), usd, {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: 0,
  });
}

function parsed(iso: string): Date | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `Nov 24, 2026, 12:00:00 PM UTC` / `24 de nov. de 2026, 12:00:00 UTC`; the input when it is no date. */
export function dateTime(iso: string): string {
  const date = parsed(iso);
  return date ? formatDateTime(pageLocale(), date) : iso;
}

/** `Nov 24, 2026` / `24 de nov. de 2026`; the input when it is no date. */
export function date(iso: string): string {
  const day = parsed(iso);
  return day ? formatDate(pageLocale(), day) : iso;
}

/** `10 minutes ago` / `há 10 minutos` for `seconds` in the past. */
export function ago(seconds: number): string {
  return formatRelativeTime(pageLocale(), -Math.max(0, Math.round(seconds)));
}

/** `a, b and c` / `a, b e c`. */
export function list(items: readonly string[]): string {
  return formatList(pageLocale(), items);
}

/** A message with a `{count}` parameter, in its singular and plural forms. */
export interface PluralKeys {
  one: MessageKey;
  other: MessageKey;
}

/**
 * Message `one` for a count of 1, `other` for any other count, with the count formatted and
 * `extra` parameters. Zero takes the plural in both languages ("0 certifications",
 * "0 certificações").
 */
export function plural(
  value: number,
  keys: PluralKeys,
  extra: Readonly<Record<string, string>> = {},
): string {
  // Typed loosely: both forms take `{count}` and `extra`, which the catalog test checks.
  const render = t as (key: MessageKey, params: Readonly<Record<string, string>>) => string;
  return render(value === 1 ? keys.one : keys.other, { ...extra, count: count(value) });
}
