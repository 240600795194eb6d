/**
 * Formatting of certification numbers shared by the CLI and the web page. Pure (no DOM, no
 * Node), so both can use it and tests run it in Node. Each function takes an optional locale;
 * English (the default) keeps its established output, other locales go through `Intl`.
 */
import { formatDateTime, formatNumber, formatUsd } from '../shared/i18n/format.js';
import type { Locale } from '../shared/i18n/locale.js';
import { translate } from '../shared/i18n/translate.js';

/** `812 ms`, `12.3 s`; an em dash when unknown. */
export function formatDuration(ms: number | null | undefined, locale: Locale = 'en'): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const digits = ms < 10_000 ? 2 : 1;
  if (locale !== 'en')
    return `${formatNumber(locale, ms / 1000, { minimumFractionDigits: digits, maximumFractionDigits: digits })} s`;
  return `${(ms / 1000).toFixed(digits)} s`;
}

/** `48.5 tok/s`; an em dash when unknown. */
export function formatRate(
  tokensPerSecond: number | null | undefined,
  locale: Locale = 'en',
): string {
  if (
    tokensPerSecond === null ||
    tokensPerSecond === undefined ||
    !Number.isFinite(tokensPerSecond)
  )
    return '—';
  const digits = tokensPerSecond >= 100 ? 0 : 1;
  if (locale !== 'en')
    return `${formatNumber(locale, tokensPerSecond, { minimumFractionDigits: digits, maximumFractionDigits: digits })} tok/s`;
  return `${tokensPerSecond.toFixed(digits)} tok/s`;
}

/**
 * US dollars with enough digits to see a certification's cost (usually a fraction of a
 * cent); `unknown` when the model's price is not in the table.
 */
export function formatCost(usd: number | null | undefined, locale: Locale = 'en'): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd))
    return translate(locale, 'format.unknownCost');
  if (locale !== 'en') return formatUsd(locale, usd);
  if (usd === 0) return '$0';
  if (usd >= 0.01) return `$${usd.toFixed(2)}`;
  return `$${usd.toPrecision(2).replace(/0+$/, '').replace(/\.$/, '')}`;
}

/** `2026-11-24 12:00:00 UTC` (Intl's medium date and long time elsewhere), or the input when it is not a date. */
export function formatTimestamp(iso: string, locale: Locale = 'en'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (locale !== 'en') return formatDateTime(locale, date);
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `1 s`, `2 min 5 s`. */
export function formatWait(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
