import type { Locale } from './locale.js';

/**
 * Locale-aware formatting through `Intl` (in Node, browsers and Lambda alike; Node ships full
 * ICU). Formatters are cached per locale and options: building one is far dearer than using it.
 */

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(
  kind: string,
  locale: Locale,
  options: object,
  build: () => T,
): T {
  const key = `${kind}|${locale}|${JSON.stringify(options)}`;
  let formatter = cache.get(key) as T | undefined;
  if (!formatter) {
    formatter = build();
    cache.set(key, formatter);
  }
  return formatter;
}

/** `22,418` in English, `22.418` in Portuguese. */
export function formatNumber(
  locale: Locale,
  value: number,
  options: Intl.NumberFormatOptions = {},
): string {
  return cached('n', locale, options, () => new Intl.NumberFormat(locale, options)).format(value);
}

/**
 * US dollars: cents for amounts of a cent or more (`$0.07`, `US$ 0,07`), two significant
 * digits below that so a fraction of a cent still shows (`$0.0069`, `US$ 0,0069`).
 */
export function formatUsd(locale: Locale, usd: number): string {
  const options: Intl.NumberFormatOptions =
    usd === 0 || Math.abs(usd) >= 0.01
      ? { style: 'currency', currency: 'USD' }
      : { style: 'currency', currency: 'USD', maximumSignificantDigits: 2 };
  return formatNumber(locale, usd, options);
}

/** Date and time in UTC, e.g. `Nov 24, 2026, 12:00:00 PM UTC` / `24 de nov. de 2026, 12:00:00 UTC`. */
export function formatDateTime(locale: Locale, date: Date): string {
  const options: Intl.DateTimeFormatOptions = {
    dateStyle: 'medium',
    timeStyle: 'long',
    timeZone: 'UTC',
  };
  return cached('d', locale, options, () => new Intl.DateTimeFormat(locale, options)).format(date);
}

/** A date in UTC, e.g. `Nov 24, 2026` / `24 de nov. de 2026`. */
export function formatDate(locale: Locale, date: Date): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeZone: 'UTC' };
  return cached('d', locale, options, () => new Intl.DateTimeFormat(locale, options)).format(date);
}

const RELATIVE_UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['week', 7 * 86_400],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/**
 * `seconds` from now (negative: in the past) in the largest whole unit: `in 5 minutes`,
 * `3 days ago`, `em 5 minutos`, `há 3 dias`.
 */
export function formatRelativeTime(locale: Locale, seconds: number): string {
  const options: Intl.RelativeTimeFormatOptions = { numeric: 'auto' };
  const format = cached('r', locale, options, () => new Intl.RelativeTimeFormat(locale, options));
  const size = Math.abs(seconds);
  for (const [unit, unitSeconds] of RELATIVE_UNITS) {
    if (size >= unitSeconds || unit === 'second')
      return format.format(Math.round(seconds / unitSeconds), unit);
  }
  return format.format(Math.round(seconds), 'second');
}

/** `a, b or c` / `a, b ou c`. */
export function formatList(
  locale: Locale,
  items: readonly string[],
  type: 'conjunction' | 'disjunction' = 'conjunction',
): string {
  return new Intl.ListFormat(locale, { type, style: 'long' }).format(items);
}
