import { randomInt } from 'node:crypto';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Matches a nonce anywhere in a text, e.g. `QXTR-4821` (the convention the simulator keys on). */
export const NONCE_PATTERN = /\b[A-Z]{4}-\d{4}\b/;

/** Source of randomness for nonces: an integer in `[0, max)`. */
export type RandomInt = (max: number) => number;

/**
 * A fresh unguessable token such as `QXTR-4821`, so no cache or canned answer can pass a probe.
 * Uses `crypto.randomInt`; tests may inject a deterministic source.
 */
export function createNonce(random: RandomInt = randomInt): string {
  let letters = '';
  for (let i = 0; i < 4; i++) letters += LETTERS[random(LETTERS.length)];
  const digits = String(random(10_000)).padStart(4, '0');
  return `${letters}-${digits}`;
}
