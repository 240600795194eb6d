/**
 * Formatting of certification numbers shared by the CLIs and the web page: one money format, one
 * number format, both through `Intl.NumberFormat`. Pure (no DOM, no Node), so both can use it and
 * tests run it in Node. Every function takes a BCP 47 locale (default {@link DEFAULT_LOCALE});
 * machine formats (JSON, CSV, JUnit) keep the raw numbers instead.
 */

import { toLocale } from '../shared/i18n/locale.js';
import { translate } from '../shared/i18n/translate.js';

/** The locale of every format unless one is passed. */
export const DEFAULT_LOCALE = 'en-US';

/** What a missing figure reads as. */
const UNKNOWN = '—';

const formats = new Map<string, Intl.NumberFormat>();

/** Building an `Intl.NumberFormat` costs far more than using one: one per locale and options. */
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}\n${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

function known(value: number | null | undefined): value is number {
  return value !== null && value !== undefined && Number.isFinite(value);
}

/**
 * `22,418`, `0.5`: a plain number, grouped, at most `maximumFractionDigits` decimals (default 2),
 * or exactly that many with `fixed` (figures that line up in a column).
 */
export function formatNumber(
  value: number,
  locale: string = DEFAULT_LOCALE,
  maximumFractionDigits = 2,
  fixed = false,
): string {
  return numberFormat(locale, {
    maximumFractionDigits,
    ...(fixed ? { minimumFractionDigits: maximumFractionDigits } : {}),
  }).format(value);
}

/** `22,418`: a count (tokens, certifications, runs), grouped; an em dash when unknown. */
export function formatCount(count: number | null | undefined, locale = DEFAULT_LOCALE): string {
  return known(count) ? formatNumber(count, locale, 0) : UNKNOWN;
}

/** `83%` from a percentage 0..100. */
export function formatPercent(percent: number, locale = DEFAULT_LOCALE): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
}

/** `812 ms`, `1.23 s`, `12.3 s`; an em dash when unknown. */
export function formatDuration(ms: number | null | undefined, locale = DEFAULT_LOCALE): string {
  if (!known(ms)) return UNKNOWN;
  if (ms < 1000) return `${formatNumber(Math.round(ms), locale, 0)} ms`;
  return `${formatNumber(ms / 1000, locale, ms < 10_000 ? 2 : 1, true)} s`;
}

/**
 * A running timer: `0.4 s`, `12.3 s`, then `1 min 5 s`. One decimal while it is short enough for
 * the tenths to mean something.
 */
export function formatElapsed(ms: number, locale = DEFAULT_LOCALE): string {
  const clamped = Math.max(0, ms);
  // Tenths rounded down, as a stopwatch shows them.
  if (clamped < 60_000) return `${formatNumber(Math.floor(clamped / 100) / 10, locale, 1, true)} s`;
  return formatWait(Math.floor(clamped / 1000), locale);
}

/** `48.5 tok/s`; an em dash when unknown. */
export function formatRate(
  tokensPerSecond: number | null | undefined,
  locale = DEFAULT_LOCALE,
): string {
  if (!known(tokensPerSecond)) return UNKNOWN;
  return `${formatNumber(tokensPerSecond, locale, tokensPerSecond >= 100 ? 0 : 1, true)} tok/s`;
}

/**
 * US dollars: cents from a dollar up (`$1,234.57`), two significant digits below it, so a
 * certification's fraction of a cent still shows (`$0.0018`, `$0.069`, `$0.50`); `unknown`
 * (`desconhecido`) when the model's price is not in the table.
 */
export function formatCost(usd: number | null | undefined, locale = DEFAULT_LOCALE): string {
  if (!known(usd)) return translate(toLocale(locale) ?? 'en', 'format.unknownCost');
  const magnitude = Math.abs(usd);
  // Two significant digits: the first non-zero decimal and the one after it.
  const fractionDigits =
    magnitude >= 1 || magnitude === 0
      ? 2
      : Math.min(20, Math.max(2, 1 - Math.floor(Math.log10(magnitude))));
  return numberFormat(locale, {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: fractionDigits,
  }).format(usd);
}

/**
 * A moment in UTC, or the input when it is not a date: in English `2026-11-24 12:00:00 UTC`
 * (ISO 8601's order, sortable, as the CLI's English output always read); in another language the
 * way `Intl` writes it there (`24/11/2026, 12:00:00 UTC`).
 */
export function formatTimestamp(iso: string, locale = DEFAULT_LOCALE): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if ((toLocale(locale) ?? 'en') === 'en')
    return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return dateTimeFormat(locale).format(date);
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(locale: string): Intl.DateTimeFormat {
  let format = dateTimeFormats.get(locale);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, {
      dateStyle: 'short',
      timeStyle: 'long',
      timeZone: 'UTC',
    });
    dateTimeFormats.set(locale, format);
  }
  return format;
}

/** `1 s`, `2 min 5 s`: a wait, rounded up to the second. */
export function formatWait(seconds: number, locale = DEFAULT_LOCALE): string {
  const whole = Math.max(0, Math.ceil(seconds));
  if (whole < 60) return `${formatNumber(whole, locale, 0)} s`;
  const minutes = formatNumber(Math.floor(whole / 60), locale, 0);
  const rest = whole % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
