import { describe, expect, it } from 'vitest';
import { tokenExpiry } from '../../web/token-expiry.js';

const base64url = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: unknown): string =>
  `${base64url({ alg: 'RS256', kid: 'k' })}.${base64url(claims)}.c2lnbmF0dXJl`;

describe('tokenExpiry', () => {
  it('reads exp from a JWT payload, base64url without padding', () => {
    expect(tokenExpiry(jwt({ sub: 'alice', exp: 1_800_000_000 }))).toEqual(
      new Date(1_800_000_000_000),
    );
    // Lengths that need one and two padding characters.
    expect(tokenExpiry(jwt({ exp: 1, s: 'ab' }))?.getTime()).toBe(1000);
    expect(tokenExpiry(jwt({ exp: 2, s: 'abc' }))?.getTime()).toBe(2000);
    expect(tokenExpiry(jwt({ exp: 3, s: '~~?>' }))?.getTime()).toBe(3000);
  });

  it('is undefined for anything that is not a JWT with a numeric exp', () => {
    expect(tokenExpiry('not-a-valid-token')).toBeUndefined();
    expect(tokenExpiry('a.%%%.c')).toBeUndefined();
    expect(tokenExpiry(jwt({ sub: 'no-exp' }))).toBeUndefined();
    expect(tokenExpiry(jwt({ exp: '1800000000' }))).toBeUndefined();
    expect(tokenExpiry(jwt(null))).toBeUndefined();
    expect(tokenExpiry('')).toBeUndefined();
  });
});
