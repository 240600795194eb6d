import type { Locale } from './locale.js';
import { MESSAGES_EN, type MessageKey } from './messages-en.js';
import { MESSAGES_PT_BR } from './messages-pt-br.js';

export type { MessageKey } from './messages-en.js';

/** A catalog for one language: every key of the English one, nothing else. */
export type MessageCatalog = { readonly [K in MessageKey]: string };

/** The names of the `{name}` parameters in a message template. */
export type ParamNames<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | ParamNames<Rest>
  : never;

/**
 * A parameter's value: text and numbers as given, or a message of its own rendered in the same
 * language (e.g. the problem with one item of a list, under the item's index).
 */
export type MessageParam = string | number | LocalizedMessage;

/** The parameters message `K` takes (by its English template). */
export type MessageParams<K extends MessageKey> = {
  readonly [P in ParamNames<(typeof MESSAGES_EN)[K]>]: MessageParam;
};

/** A message not yet rendered: a key and its parameters, rendered in the reader's language. */
export interface LocalizedMessage<K extends MessageKey = MessageKey> {
  readonly key: K;
  readonly params: MessageParams<K>;
}

/** Every catalog by locale. */
export const CATALOGS: Readonly<Record<Locale, MessageCatalog>> = {
  en: MESSAGES_EN,
  'pt-BR': MESSAGES_PT_BR,
};

/** Arguments after the key: none for a message without parameters, the parameters otherwise. */
export type ParamArgs<K extends MessageKey> = [ParamNames<(typeof MESSAGES_EN)[K]>] extends [never]
  ? []
  : [params: MessageParams<K>];

/** Builds a {@link LocalizedMessage}; the compiler checks the parameters against the template. */
export function message<K extends MessageKey>(key: K, ...args: ParamArgs<K>): LocalizedMessage<K> {
  return { key, params: (args[0] ?? {}) as MessageParams<K> };
}

const PARAMETER = /\{(\w+)\}/g;

/**
 * Fills `template`'s `{name}` parameters. A parameter the template names but `params` lacks is
 * left as written, so a mistake shows up in the text instead of as "undefined".
 */
export function interpolate(
  template: string,
  params: Readonly<Record<string, string | number>>,
): string {
  return template.replace(PARAMETER, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** Message `key` in `locale` with its parameters filled in (numbers as given, not formatted). */
export function translate<K extends MessageKey>(
  locale: Locale,
  key: K,
  ...args: ParamArgs<K>
): string {
  return interpolate(CATALOGS[locale][key], renderParams(locale, args[0] ?? {}));
}

/** Renders a {@link LocalizedMessage} in `locale`. */
export function render(locale: Locale, localized: LocalizedMessage): string {
  return interpolate(CATALOGS[locale][localized.key], renderParams(locale, localized.params));
}

/** Parameters that are messages themselves, rendered in `locale`. */
function renderParams(
  locale: Locale,
  params: Readonly<Record<string, MessageParam>>,
): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [
      name,
      typeof value === 'object' ? render(locale, value) : value,
    ]),
  );
}

/** The names of the parameters a template uses, sorted, for comparing two languages. */
export function parameterNames(template: string): string[] {
  return [...new Set([...template.matchAll(PARAMETER)].map((match) => match[1] ?? ''))].sort();
}

/** A translator bound to one locale, for code that renders many messages. */
export interface Translator {
  readonly locale: Locale;
  t<K extends MessageKey>(key: K, ...args: ParamArgs<K>): string;
}

/** A {@link Translator} for `locale`. */
export function translator(locale: Locale): Translator {
  return { locale, t: (key, ...args) => translate(locale, key, ...args) };
}
