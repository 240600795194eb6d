/**
 * Reading the text of a prompt: the probes' nonce convention, the few content words an answer
 * talks "about", and deterministic choices seeded by the request, so the same request always
 * gets the same phrasing and a fresh nonce always gets a fresh answer.
 */

/** The nonce convention shared with the probes (`ABCD-1234`). */
export const NONCE = /\b[A-Z]{4}-\d{4}\b/;
const NONCE_GLOBAL = /\b[A-Z]{4}-\d{4}\b/g;

/** The first nonce in `text`. */
export function findNonce(text: string): string | undefined {
  return NONCE.exec(text)?.[0];
}

/** FNV-1a, to pick phrasings deterministically from the request. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** One of `options`, chosen by `seed`. */
export function pick<T>(options: readonly T[], seed: number): T {
  return options[seed % options.length] as T;
}

const STOP_WORDS = new Set(
  (
    'the a an and or but of to in on at for with about from by is are was were be been this that these those it its ' +
    'what which who whom how why when where do does did can could would should will shall may might must please ' +
    'reply respond answer say tell give me my you your i we our us one only just exactly word words nothing else ' +
    'using use call tool json object keys key with without other than into short sentence'
  ).split(' '),
);

/** A few content words of the text, nonces removed: what the answer talks "about". */
export function topicOf(text: string): string {
  const words = text
    .replace(NONCE_GLOBAL, ' ')
    .replace(/[`"'{}[\]()]/g, ' ')
    .split(/[^A-Za-z0-9-]+/)
    .filter((word) => word.length > 2 && !STOP_WORDS.has(word.toLowerCase()));
  const unique = [...new Set(words.map((word) => word.toLowerCase()))].slice(0, 3);
  return unique.length > 0 ? unique.join(' ') : 'your question';
}

/** `text` with every regular-expression metacharacter escaped. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
