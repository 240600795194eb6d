import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyNumber } from '../../support/matchers.js';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { DependencyUnavailableError, UnauthorizedError } from '../../../shared/errors.js';
import { createTokenVerifier } from '../../../shared/auth/token-verifier.js';
import type { TokenVerifierOptions } from '../../../shared/auth/token-verifier.js';
import type { LogSink } from '../../../shared/logger.js';
import { NonRetryableFetchError } from 'aws-jwt-verify/error';
import { SimpleFetcher, type Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { startJwtIssuer } from '../../../local/jwt-issuer.js';
import { forgeCredentials } from '../../support/forged-credentials.js';
import type { JwtIssuer, TokenMinter } from '../../../local/jwt-issuer.js';

interface LogLine {
  level: string;
  message: string;
  extra: object[];
}

function recordingLogger(): LogSink & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: string) =>
    (message: string, ...extra: object[]) => {
      lines.push({ level, message, extra });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('createTokenVerifier against the local issuer over HTTPS', () => {
  let issuer: JwtIssuer;
  const verifierFor = (overrides: Partial<TokenVerifierOptions> = {}) =>
    createTokenVerifier({
      issuer: issuer.issuer,
      clientId: issuer.clientId,
      jwksUri: issuer.jwksUri,
      ...overrides,
    });

  beforeAll(async () => {
    issuer = await startJwtIssuer();
  });
  afterAll(async () => {
    await issuer.close();
  });

  it('accepts a valid access token and returns its subject and when it expires', async () => {
    const verifier = verifierFor();
    const token = issuer.mint({ sub: 'alice', expiresInSeconds: 600 });
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      exp: number;
    };
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toEqual({
      sub: 'alice',
      username: 'alice',
      expiresAt: exp * 1000,
    });
  });

  it("returns the user's Cognito groups from cognito:groups, and none from a claim of another shape", async () => {
    const verifier = verifierFor();
    const withGroups = (groups: unknown) =>
      verifier.verify(`Bearer ${issuer.mint({ sub: 'olga', 'cognito:groups': groups })}`);
    await expect(withGroups(['admins', 'billing'])).resolves.toEqual({
      sub: 'olga',
      username: 'olga',
      groups: ['admins', 'billing'],
      expiresAt: anyNumber(),
    });
    // Authorization fails closed: anything but a list of names grants no group.
    for (const odd of ['admins', [], ['admins', 7], { admins: true }, null]) {
      await expect(withGroups(odd)).resolves.toEqual({
        sub: 'olga',
        username: 'olga',
        expiresAt: anyNumber(),
      });
    }
  });

  it('takes the scheme in any case, as RFC 7235 says', async () => {
    const verifier = verifierFor();
    const token = issuer.mint({ sub: 'bob', username: undefined });
    const bob = { sub: 'bob', expiresAt: anyNumber() };
    await expect(verifier.verify(`bearer ${token}`)).resolves.toEqual(bob);
    await expect(verifier.verify(`BEARER  ${token}`)).resolves.toEqual(bob);
  });

  it('tolerates a few seconds of clock skew in iat', async () => {
    const verifier = verifierFor();
    const iat = Math.floor(Date.now() / 1000) + 3;
    await expect(
      verifier.verify(`Bearer ${issuer.mint({ sub: 'skewed', iat })}`),
    ).resolves.toMatchObject({ sub: 'skewed' });
  });

  /** Why each forged credential must fail: a 401 for the wrong reason would hide a hole. */
  const expectedReasons: Record<string, RegExp> = {
    'alg none, no signature': /not a single Bearer token/,
    'alg none with a dummy signature': /algorithm none not accepted/,
    'HS256 signed with the issuer public key as secret': /algorithm HS256 not accepted/,
    'RS512 instead of RS256': /algorithm RS512 not accepted/,
    expired: /JwtExpiredError/,
    'not yet valid (nbf in the future)': /JwtNotBeforeError/,
    'issued in the future (iat)': /iat missing or in the future/,
    'no expiry': /exp missing/,
    'foreign issuer claim': /JwtInvalidIssuerError/,
    'foreign key with an unknown kid': /KidNotFoundInJwksError/,
    'foreign key claiming our kid': /JwtInvalidSignatureError/,
    'wrong client_id': /client_id mismatch/,
    'ID token instead of access token': /token_use id/,
    'access token with an audience instead of client_id': /client_id mismatch/,
    'tampered payload (sub changed after signing)': /JwtInvalidSignatureError/,
    'truncated signature': /JwtInvalidSignatureError/,
    'truncated token (two parts)': /not a single Bearer token/,
    'empty subject': /sub missing or malformed/,
    'wrong scheme': /not a single Bearer token/,
    'token without scheme': /not a single Bearer token/,
    'scheme without token': /not a single Bearer token/,
    'two tokens in one header': /not a single Bearer token/,
    'two tokens after one scheme': /not a single Bearer token/,
    'oversized header': /too long/,
  };

  it('refuses every forged credential with the same generic 401, for the right reason', async () => {
    // Prepare
    const logger = recordingLogger();
    const verifier = verifierFor({ logger });
    const forged = forgeCredentials(issuer, 'mallory');
    expect(forged.map((f) => f.name).sort()).toEqual(Object.keys(expectedReasons).sort());

    for (const { name, authorization } of forged) {
      // Act
      logger.lines.length = 0;
      const error = await failure(verifier.verify(authorization));
      // Assess
      expect(JSON.stringify(logger.lines), name).toMatch(expectedReasons[name] as RegExp);
      expect(error, name).toBeInstanceOf(UnauthorizedError);
      expect((error as UnauthorizedError).statusCode, name).toBe(401);
      expect((error as UnauthorizedError).toJSON(), name).toEqual({
        error: { code: 'UNAUTHORIZED', message: 'A valid bearer token is required.' },
      });
      expect((error as UnauthorizedError).headers(), name).toEqual({
        'www-authenticate': 'Bearer',
      });
      expect(
        logger.lines.map((line) => line.level),
        name,
      ).toEqual(['debug']);
      // The reason is logged, never the token.
      const secret = authorization.slice(-40);
      if (secret.trim().length === 40)
        expect(JSON.stringify(logger.lines), name).not.toContain(secret);
    }
  });

  it('refuses a missing or empty header', async () => {
    const verifier = verifierFor();
    await expect(verifier.verify(undefined)).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(verifier.verify('')).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('refuses tokens of another issuer that really exists', async () => {
    const other = await startJwtIssuer();
    try {
      const verifier = verifierFor();
      await expect(
        verifier.verify(`Bearer ${other.mint({ sub: 'alice' })}`),
      ).rejects.toBeInstanceOf(UnauthorizedError);
      // Same key id scheme, same claims, but our issuer and client id: still not signed by our key.
      const claims = JSON.parse(
        Buffer.from(issuer.mint({ sub: 'x' }).split('.')[1] ?? '', 'base64url').toString(),
      ) as Record<string, unknown>;
      const spoof = other.sign(claims, { kid: issuer.kid });
      await expect(verifier.verify(`Bearer ${spoof}`)).rejects.toBeInstanceOf(UnauthorizedError);
    } finally {
      await other.close();
    }
  });

  it('refetches the JWKS at most once for an unknown kid, then refuses without fetching', async () => {
    // Prepare: a verifier with its own cache, warmed by one valid token
    const verifier = verifierFor();
    const before = issuer.stats.jwksRequests;
    await verifier.verify(`Bearer ${issuer.mint({ sub: 'alice' })}`);
    expect(issuer.stats.jwksRequests - before).toBe(1);

    // Act: two tokens with kids the issuer does not have
    const unknown1 = issuer.sign({ sub: 'alice' }, { kid: 'rotated-away-1' });
    const unknown2 = issuer.sign({ sub: 'alice' }, { kid: 'rotated-away-2' });
    await expect(verifier.verify(`Bearer ${unknown1}`)).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(verifier.verify(`Bearer ${unknown2}`)).rejects.toBeInstanceOf(UnauthorizedError);

    // Assess: one refetch for the first, none for the second; known keys still verify from cache
    expect(issuer.stats.jwksRequests - before).toBe(2);
    await verifier.verify(`Bearer ${issuer.mint({ sub: 'alice' })}`);
    expect(issuer.stats.jwksRequests - before).toBe(2);
  });

  it('does not fetch keys for a token whose algorithm is refused', async () => {
    const verifier = verifierFor();
    const before = issuer.stats.jwksRequests;
    await expect(
      verifier.verify(`Bearer ${issuer.sign({ sub: 'a' }, { alg: 'RS512' })}`),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    expect(issuer.stats.jwksRequests).toBe(before);
  });

  it('answers 503, not 401, when the JWKS cannot be fetched', async () => {
    const logger = recordingLogger();
    const token = `Bearer ${issuer.mint({ sub: 'alice' })}`;

    const nobodyListening = verifierFor({
      jwksUri: `https://127.0.0.1:${await closedPort()}/.well-known/jwks.json`,
      logger,
    });
    const refused = await failure(nobodyListening.verify(token));
    expect(refused).toBeInstanceOf(DependencyUnavailableError);
    expect((refused as DependencyUnavailableError).statusCode).toBe(503);

    const notFound = verifierFor({ jwksUri: `${issuer.issuer}/no-such-jwks.json` });
    await expect(notFound.verify(token)).rejects.toBeInstanceOf(DependencyUnavailableError);

    expect(logger.lines.map((l) => l.level)).toEqual(['warn']);
  });

  it('does not trust an HTTPS server whose certificate it was not told to trust', async () => {
    const untrusted = await startJwtIssuer({ trust: false });
    try {
      const verifier = createTokenVerifier({
        issuer: untrusted.issuer,
        clientId: untrusted.clientId,
        jwksUri: untrusted.jwksUri,
      });
      const error = await failure(verifier.verify(`Bearer ${untrusted.mint({ sub: 'alice' })}`));
      expect(error).toBeInstanceOf(DependencyUnavailableError);
      expect(String((error as Error).cause)).toMatch(/certificate/);
    } finally {
      await untrusted.close();
    }
  });
});

describe('createTokenVerifier for a Cognito user pool, with both issuer forms', () => {
  const userPoolId = 'eu-west-1_AbCdEf123';
  const ORIGINAL = `https://cognito-idp.eu-west-1.amazonaws.com/${userPoolId}`;
  const UPDATED = `https://issuer-cognito-idp.eu-west-1.amazonaws.com/${userPoolId}`;
  /** Holds the pool's signing key; its JWKS is what Cognito would publish at either form. */
  let keys: JwtIssuer;
  let fetched: string[];
  let jwksAvailable: boolean;

  // Cognito's hosts are out of reach here (and must be in tests): the fetcher serves both of the
  // pool's JWKS addresses from the local issuer over real HTTPS, and records what was asked for.
  const cognitoFetcher: Fetcher = {
    fetch: (uri, requestOptions) => {
      fetched.push(uri);
      const known = [ORIGINAL, UPDATED].some((form) => uri === `${form}/.well-known/jwks.json`);
      if (!known || !jwksAvailable)
        return Promise.reject(new NonRetryableFetchError(uri, 'HTTP 503'));
      return new SimpleFetcher().fetch(keys.jwksUri, requestOptions);
    },
  };
  const verifierFor = (
    overrides: { logger?: LogSink; userPoolId?: string; clientId?: string } = {},
  ) =>
    createTokenVerifier({
      userPoolId: overrides.userPoolId ?? userPoolId,
      clientId: overrides.clientId ?? keys.clientId,
      jwksCache: new SimpleJwksCache({ fetcher: cognitoFetcher }),
      logger: overrides.logger,
    });
  /** Mints as the pool would under `issuer`: same key, Cognito's claims. */
  const poolMinter = (issuer: string): TokenMinter => ({
    ...keys,
    issuer,
    mint: (claims) => keys.mint({ iss: issuer, ...claims }),
    mintIdToken: (claims) => keys.mintIdToken({ iss: issuer, ...claims }),
  });

  beforeAll(async () => {
    keys = await startJwtIssuer();
  });
  afterAll(async () => {
    await keys.close();
  });

  it.each([
    ['original', () => ORIGINAL],
    ['updated', () => UPDATED],
  ])(
    'accepts an access token of the %s issuer form, with keys from that form',
    async (_form, issuer) => {
      // Prepare
      fetched = [];
      jwksAvailable = true;
      const verifier = verifierFor();
      // Act + Assess
      await expect(
        verifier.verify(`Bearer ${poolMinter(issuer()).mint({ sub: 'alice' })}`),
      ).resolves.toEqual({ sub: 'alice', username: 'alice', expiresAt: anyNumber() });
      expect(fetched).toEqual([`${issuer()}/.well-known/jwks.json`]);
    },
  );

  it('returns the groups of a user pool token (cognito:groups), in either issuer form', async () => {
    fetched = [];
    jwksAvailable = true;
    const verifier = verifierFor();
    for (const form of [ORIGINAL, UPDATED]) {
      await expect(
        verifier.verify(
          `Bearer ${poolMinter(form).mint({ sub: 'olga', 'cognito:groups': ['admins'] })}`,
        ),
      ).resolves.toEqual({
        sub: 'olga',
        username: 'olga',
        groups: ['admins'],
        expiresAt: anyNumber(),
      });
    }
  });

  it('refuses a token of another pool, another region, another client or the local issuer, in either form', async () => {
    fetched = [];
    jwksAvailable = true;
    const verifier = verifierFor();
    const refused = [
      poolMinter(`https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other0000`).mint({
        sub: 'alice',
      }),
      poolMinter(`https://issuer-cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other0000`).mint({
        sub: 'alice',
      }),
      poolMinter(`https://issuer-cognito-idp.us-east-1.amazonaws.com/${userPoolId}`).mint({
        sub: 'alice',
      }),
      poolMinter(UPDATED).mint({ sub: 'alice', client_id: 'another-app-client' }),
      poolMinter(UPDATED).mintIdToken({ sub: 'alice' }),
      keys.mint({ sub: 'alice' }),
    ];
    for (const token of refused)
      await expect(verifier.verify(`Bearer ${token}`)).rejects.toBeInstanceOf(UnauthorizedError);
    // Foreign issuers are refused by name, before any key is fetched for them.
    expect(fetched.every((uri) => uri === `${UPDATED}/.well-known/jwks.json`)).toBe(true);
  });

  it('refuses every forged credential of the updated form with the same generic 401', async () => {
    fetched = [];
    jwksAvailable = true;
    const logger = recordingLogger();
    const verifier = verifierFor({ logger });
    for (const { name, authorization } of forgeCredentials(poolMinter(UPDATED), 'mallory')) {
      logger.lines.length = 0;
      const error = await failure(verifier.verify(authorization));
      expect(error, name).toBeInstanceOf(UnauthorizedError);
      expect(
        logger.lines.map((line) => line.level),
        name,
      ).toEqual(['debug']);
    }
    // One fetch, plus the one refetch the unknown kid is allowed.
    expect(fetched.length).toBeLessThanOrEqual(2);
  });

  it("answers 503, not 401, when the pool's JWKS cannot be fetched", async () => {
    fetched = [];
    jwksAvailable = false;
    const logger = recordingLogger();
    const error = await failure(
      verifierFor({ logger }).verify(`Bearer ${poolMinter(UPDATED).mint({ sub: 'alice' })}`),
    );
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(fetched).toEqual([`${UPDATED}/.well-known/jwks.json`]);
    expect(logger.lines.map((line) => [line.level, line.message])).toEqual([
      ['warn', 'Token issuer keys unavailable'],
    ]);
  });
});
