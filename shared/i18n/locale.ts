/**
 * The languages the service, the page and the CLI speak, and how each picks one: the API from
 * `Accept-Language`, the page from `navigator.languages`, the CLI from `--lang`, `LC_ALL`,
 * `LC_MESSAGES` or `LANG`. No dependencies (no DOM, no Node), so all three can import it.
 */

/** A language of the message catalogs. */
export type Locale = 'en' | 'pt-BR';

/** Every supported locale, English (the fallback) first. */
export const LOCALES: readonly Locale[] = ['en', 'pt-BR'];

/** What an unknown or missing language falls back to. */
export const DEFAULT_LOCALE: Locale = 'en';

/**
 * The supported locale a language tag means, or `undefined`. Takes BCP 47 tags (`pt-BR`, `pt`,
 * `en-US`) and POSIX locale names (`pt_BR.UTF-8`, `en_US@euro`); any Portuguese is served in
 * Brazilian Portuguese, the only Portuguese there is. `C` and `POSIX` are English.
 */
export function toLocale(tag: string | null | undefined): Locale | undefined {
  if (!tag) return undefined;
  const base = tag.trim().split(/[.@]/, 1)[0]?.replace(/_/g, '-').toLowerCase() ?? '';
  const language = base.split('-', 1)[0];
  if (language === 'pt') return 'pt-BR';
  if (language === 'en' || base === 'c' || base === 'posix') return 'en';
  return undefined;
}

/** Whether `value` is a supported locale, spelled exactly. */
export function isSupportedLocale(value: unknown): value is Locale {
  return (LOCALES as readonly unknown[]).includes(value);
}

/** The first supported locale of `tags` in order of preference; English when none is. */
export function pickLocale(tags: Iterable<string | null | undefined>): Locale {
  for (const tag of tags) {
    const locale = toLocale(tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}

const MAX_ACCEPT_LANGUAGE_ENTRIES = 32;

/**
 * The locale an `Accept-Language` header asks for (RFC 9110 §12.5.4): entries by descending
 * `q` (equal weights keep their order), `q=0` meaning "not this one", `*` meaning anything
 * (English). A malformed entry is skipped; a missing or useless header is English.
 */
export function negotiateAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const entries: { tag: string; q: number; index: number }[] = [];
  for (const [index, part] of header.split(',').slice(0, MAX_ACCEPT_LANGUAGE_ENTRIES).entries()) {
    const [rawTag, ...parameters] = part.split(';');
    const tag = rawTag?.trim() ?? '';
    if (!/^(?:\*|[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)$/.test(tag)) continue;
    let q = 1;
    for (const parameter of parameters) {
      const match = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(parameter);
      if (match?.[1] !== undefined) q = Math.min(1, Number(match[1]));
    }
    if (q > 0) entries.push({ tag, q, index });
  }
  entries.sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of entries) {
    if (tag === '*') return DEFAULT_LOCALE;
    const locale = toLocale(tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}

/**
 * The CLI's locale: `--lang` when given, else the first set of `LC_ALL`, `LC_MESSAGES`, `LANG`
 * (the POSIX order of precedence); English when the one that is set names another language.
 */
export function localeFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  lang?: string,
): Locale {
  if (lang !== undefined) return toLocale(lang) ?? DEFAULT_LOCALE;
  const setting = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value);
  return toLocale(setting) ?? DEFAULT_LOCALE;
}
