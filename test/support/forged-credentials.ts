import { createHmac, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import type { TokenMinter } from '../../local/jwt-issuer.js';

/** One forged `Authorization` header value and what is wrong with it. */
export interface ForgedCredential {
  name: string;
  authorization: string;
}

/**
 * Headers that must all be refused with 401, for attack tests (unit and end to end): each is a
 * well-known way to slip a token past a careless verifier. `sub` is the subject they claim.
 */
export function forgeCredentials(minter: TokenMinter, sub = 'mallory'): ForgedCredential[] {
  const now = Math.floor(Date.now() / 1000);
  const valid = minter.mint({ sub });
  const [header = '', payload = '', signature = ''] = valid.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
    string,
    unknown
  >;
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const signWith = (
    key: KeyObject,
    headerJson: Record<string, unknown>,
    body: Record<string, unknown>,
  ) => {
    const input = `${base64url(JSON.stringify(headerJson))}.${base64url(JSON.stringify(body))}`;
    return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
  };
  // The classic confusion attack: HMAC keyed with the public key, hoping the verifier uses it as a secret.
  const publicPem = createPublicKey({ key: minter.jwks().keys[0] as JsonWebKey, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
  const hs256Input = `${base64url(JSON.stringify({ kid: minter.kid, alg: 'HS256' }))}.${payload}`;
  const hs256WithPublicKey = `${hs256Input}.${createHmac('sha256', publicPem).update(hs256Input).digest('base64url')}`;
  const bearer = (token: string) => `Bearer ${token}`;

  return [
    {
      name: 'alg none, no signature',
      authorization: bearer(
        `${base64url(JSON.stringify({ kid: minter.kid, alg: 'none' }))}.${payload}.`,
      ),
    },
    {
      name: 'alg none with a dummy signature',
      authorization: bearer(
        `${base64url(JSON.stringify({ kid: minter.kid, alg: 'none' }))}.${payload}.AA`,
      ),
    },
    {
      name: 'HS256 signed with the issuer public key as secret',
      authorization: bearer(hs256WithPublicKey),
    },
    // Correctly signed by the issuer key, but with an algorithm the verifier must not accept.
    {
      name: 'RS512 instead of RS256',
      authorization: bearer(minter.sign(claims, { alg: 'RS512' })),
    },
    { name: 'expired', authorization: bearer(minter.mint({ sub, expiresInSeconds: -60 })) },
    {
      name: 'not yet valid (nbf in the future)',
      authorization: bearer(
        minter.mint({ sub, nbf: now + 3600, iat: now + 3600, auth_time: now + 3600 }),
      ),
    },
    {
      name: 'issued in the future (iat)',
      authorization: bearer(minter.mint({ sub, iat: now + 3600 })),
    },
    { name: 'no expiry', authorization: bearer(minter.mint({ sub, exp: undefined })) },
    {
      name: 'foreign issuer claim',
      authorization: bearer(
        minter.mint({ sub, iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_attacker' }),
      ),
    },
    {
      name: 'foreign key with an unknown kid',
      authorization: bearer(
        signWith(stranger, { kid: 'attacker-key', alg: 'RS256' }, { ...claims, sub }),
      ),
    },
    {
      name: 'foreign key claiming our kid',
      authorization: bearer(
        signWith(stranger, { kid: minter.kid, alg: 'RS256' }, { ...claims, sub }),
      ),
    },
    {
      name: 'wrong client_id',
      authorization: bearer(minter.mint({ sub, client_id: 'another-app-client' })),
    },
    {
      name: 'ID token instead of access token',
      authorization: bearer(minter.mintIdToken({ sub })),
    },
    {
      name: 'access token with an audience instead of client_id',
      authorization: bearer(minter.mint({ sub, client_id: undefined, aud: minter.clientId })),
    },
    {
      name: 'tampered payload (sub changed after signing)',
      authorization: bearer(
        `${header}.${base64url(JSON.stringify({ ...claims, sub: 'admin' }))}.${signature}`,
      ),
    },
    {
      name: 'truncated signature',
      authorization: bearer(`${header}.${payload}.${signature.slice(0, -10)}`),
    },
    { name: 'truncated token (two parts)', authorization: bearer(`${header}.${payload}`) },
    { name: 'empty subject', authorization: bearer(minter.mint({ sub: '' })) },
    {
      name: 'wrong scheme',
      authorization: `Basic ${Buffer.from(`${sub}:password`).toString('base64')}`,
    },
    { name: 'token without scheme', authorization: valid },
    { name: 'scheme without token', authorization: 'Bearer ' },
    { name: 'two tokens in one header', authorization: `${bearer(valid)}, ${bearer(valid)}` },
    { name: 'two tokens after one scheme', authorization: `${bearer(valid)} ${valid}` },
    {
      name: 'oversized header',
      authorization: bearer(
        `${header}.${base64url(JSON.stringify({ ...claims, pad: 'x'.repeat(9000) }))}.${signature}`,
      ),
    },
  ];
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
