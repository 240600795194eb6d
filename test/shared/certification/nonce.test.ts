import { describe, expect, it } from 'vitest';
import { NONCE_PATTERN, createNonce } from '../../../shared/certification/nonce.js';

describe('createNonce', () => {
  it('has the shared convention format: four capitals, a dash, four digits', () => {
    for (let i = 0; i < 50; i++) expect(createNonce()).toMatch(/^[A-Z]{4}-\d{4}$/);
  });

  it('is found by NONCE_PATTERN inside a sentence', () => {
    const nonce = createNonce();
    expect(`Reply with exactly ${nonce}.`.match(NONCE_PATTERN)?.[0]).toBe(nonce);
  });

  it('is fresh each time', () => {
    const nonces = new Set(Array.from({ length: 200 }, () => createNonce()));
    expect(nonces.size).toBeGreaterThan(195);
  });

  it('uses the injected random source, padding digits', () => {
    const draws = [0, 1, 2, 25, 7];
    expect(createNonce(() => draws.shift() ?? 0)).toBe('ABCZ-0007');
  });
});
