/**
 * The page's language: picked from the browser's languages unless the reader chose one with
 * the switch (kept in localStorage), applied to `<html lang>` and to every element the markup
 * marks with `data-i18n` (its text) or `data-i18n-label` (its `aria-label`).
 */
import {
  DEFAULT_LOCALE,
  isSupportedLocale,
  MESSAGES_EN,
  pickLocale,
  translate,
  type Locale,
  type MessageKey,
  type ParamArgs,
} from '../shared/i18n/index.js';
import { splitCodeSpans } from './code-spans.js';

/** localStorage: the language the reader chose with the switch (a preference, not a secret). */
export const LANGUAGE_KEY = 'bedrock-certification.language';

let current: Locale = DEFAULT_LOCALE;

/** The page's language now. */
export function pageLocale(): Locale {
  return current;
}

/** Sets the page's language for the messages and formats the script builds from now on. */
export function setPageLocale(locale: Locale): void {
  current = locale;
}

/** Message `key` in the page's language. */
export function t<K extends MessageKey>(key: K, ...args: ParamArgs<K>): string {
  return translate(current, key, ...args);
}

/** The stored choice if there is a valid one, else the browser's first supported language. */
export function initialLocale(stored: string | null, browserLanguages: readonly string[]): Locale {
  return isSupportedLocale(stored) ? stored : pickLocale(browserLanguages);
}

function isMessageKey(key: string | undefined): key is MessageKey {
  return key !== undefined && Object.hasOwn(MESSAGES_EN, key);
}

/** Fills `element` with `text`, quoting its `` `code` `` spans as `<code>` (built from text nodes). */
function fillText(element: Element, text: string): void {
  element.replaceChildren(
    ...splitCodeSpans(text).map((segment) => {
      if (!segment.code) return document.createTextNode(segment.text);
      const code = document.createElement('code');
      code.textContent = segment.text;
      return code;
    }),
  );
}

function paramsOf(element: HTMLElement): Record<string, string> {
  const raw = element.dataset.i18nParams;
  if (!raw) return {};
  const parsed: unknown = JSON.parse(raw);
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
}

/** Sets the page's language and re-renders every marked element of `root` in it. */
export function applyLocale(locale: Locale, root: Document = document): void {
  setPageLocale(locale);
  root.documentElement.lang = locale;
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = element.dataset.i18n;
    if (!isMessageKey(key)) continue;
    const text = translate(locale, key, ...([paramsOf(element)] as ParamArgs<typeof key>));
    fillText(element, text);
  }
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    const key = element.dataset.i18nLabel;
    if (!isMessageKey(key)) continue;
    element.setAttribute(
      'aria-label',
      translate(locale, key, ...([paramsOf(element)] as ParamArgs<typeof key>)),
    );
  }
  root.title = translate(locale, 'web.title');
}
