import { inspect } from 'node:util';
import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { FetchError, JwksValidationError } from 'aws-jwt-verify/error';
import { SimpleFetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwksCache } from 'aws-jwt-verify/jwk';
import { decomposeUnverifiedJwt } from 'aws-jwt-verify/jwt';
import type { JwtHeader, JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { TokenIssuerConfig } from '../config.js';
import { DependencyUnavailableError, UnauthorizedError } from '../errors.js';
import { silentLogger } from '../logger.js';
import type { LogSink } from '../logger.js';
import { message } from '../i18n/translate.js';

/** The caller a valid access token proves; every request and run is on behalf of one. */
export interface AuthenticatedUser {
  /** The user's stable id (Cognito `sub`); rate limits and usage are keyed by it. */
  sub: string;
  username?: string;
  /**
   * The user pool groups the user belongs to (the access token's `cognito:groups`), when the
   * token names any. Cognito writes them into tokens it issues, so a change of membership shows
   * from the user's next token on.
   */
  groups?: readonly string[];
  /**
   * Epoch milliseconds when the token expires (its `exp`): nothing it grants may outlive it, a
   * stream ticket included. Absent only for callers not proven by a token (tests' fakes).
   */
  expiresAt?: number;
}

/** Checks the `Authorization` header of a request. */
export interface TokenVerifier {
  /**
   * Resolves the caller of a valid `Bearer` access token. Throws `UnauthorizedError` (401) for
   * anything else, and `DependencyUnavailableError` (503) when the issuer's keys cannot be fetched.
   */
  verify(authorizationHeader: string | undefined): Promise<AuthenticatedUser>;
}

/**
 * Options for `createTokenVerifier`: the issuer (a Cognito `userPoolId`, or an `issuer` with its
 * `jwksUri`), the app `clientId` access tokens must carry as `client_id`, and the knobs below.
 */
export type TokenVerifierOptions = TokenIssuerConfig & {
  /** Where keys are cached; default a `SimpleJwksCache` with short fetch timeouts. */
  jwksCache?: JwksCache;
  /** Where rejection reasons go (never to the client). */
  logger?: LogSink;
  /** Longest `Authorization` header considered; Cognito access tokens are 1-2 KB. Default 8192. */
  maxHeaderLength?: number;
  /** How far in the future `iat` may be, for clock skew between issuer and us. Default 5 s. */
  iatToleranceSeconds?: number;
  /** Per JWKS request (the fetcher retries once). Default 1500 ms. */
  jwksTimeoutMs?: number;
};

/** One scheme, one token of three base64url parts: anything else (a list, extra words) is refused. */
const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+) *$/i;
/** DynamoDB keys embed the subject; Cognito's are 36-character UUIDs. */
const MAX_SUB_LENGTH = 256;

/**
 * A claim check of ours failed; its message is for the log only. Private to this module (not in
 * errors.ts) on purpose: it never leaves `verify`, which turns it into the one generic 401.
 */
class TokenClaimError extends Error {
  override name = 'TokenClaimError';
}

/**
 * Verifies Cognito access tokens with aws-jwt-verify: RS256 only, the configured issuer,
 * `token_use: access`, the app's `client_id`, a present `exp` and an `iat` not in the future.
 *
 * With a `userPoolId`, aws-jwt-verify's `CognitoJwtVerifier` accepts both issuer forms Cognito
 * uses, the original `https://cognito-idp.<region>.amazonaws.com/<poolId>` and the updated
 * `https://issuer-cognito-idp.<region>.amazonaws.com/<poolId>`, each with its own JWKS. With an
 * `issuer` (any other issuer of Cognito-shaped tokens, such as the local one) exactly that `iss`
 * is accepted, with keys from `jwksUri`.
 *
 * Every rejection is the same generic 401 for the client; the reason is logged at debug level.
 * The issuer's JWKS is fetched on first use and cached; a token with an unknown `kid` causes one
 * refetch (for key rotation), after which aws-jwt-verify refuses further refetches for 10 s, so
 * forged `kid`s cannot make us hammer the issuer. A JWKS that cannot be fetched is a 503, not a
 * 401: the token may be fine and the client should retry.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const logger = options.logger ?? silentLogger;
  const maxHeaderLength = options.maxHeaderLength ?? 8192;
  const iatTolerance = options.iatToleranceSeconds ?? 5;
  const timeout = options.jwksTimeoutMs ?? 1500;
  const jwksCache =
    options.jwksCache ??
    new SimpleJwksCache({
      fetcher: new SimpleFetcher({ defaultRequestOptions: { timeout, responseTimeout: timeout } }),
    });

  const verifyJwt = jwtVerifier(options, jwksCache, ({ header, payload }) => {
    // JwtVerifier would also accept RS384/RS512 and EC keys; Cognito signs with RS256 only.
    if (header.alg !== 'RS256') throw new TokenClaimError(`alg ${String(header.alg)}`);
    if (
      typeof payload.sub !== 'string' ||
      payload.sub.length === 0 ||
      payload.sub.length > MAX_SUB_LENGTH
    ) {
      throw new TokenClaimError('sub missing or malformed');
    }
    // aws-jwt-verify checks exp only when present; a token that never expires is not Cognito's.
    if (typeof payload.exp !== 'number') throw new TokenClaimError('exp missing');
    if (typeof payload.iat !== 'number' || payload.iat > Date.now() / 1000 + iatTolerance) {
      throw new TokenClaimError('iat missing or in the future');
    }
  });
  const issuer = 'userPoolId' in options ? options.userPoolId : options.issuer;

  const reject = (reason: string, detail?: unknown): never => {
    logger.debug('Bearer token rejected', { reason, detail: describe(detail) });
    throw new UnauthorizedError();
  };

  return {
    async verify(authorizationHeader) {
      if (!authorizationHeader) return reject('missing Authorization header');
      if (authorizationHeader.length > maxHeaderLength)
        return reject('Authorization header too long');
      const token = BEARER.exec(authorizationHeader)?.[1];
      if (!token) return reject('Authorization header is not a single Bearer token');

      // Refuse other algorithms before any key lookup, so junk never costs a JWKS fetch.
      let alg: unknown;
      try {
        alg = decomposeUnverifiedJwt(token).header.alg;
      } catch (error) {
        return reject('token does not parse', error);
      }
      if (alg !== 'RS256') return reject(`algorithm ${String(alg)} not accepted`);

      let payload: JwtPayload;
      try {
        payload = await verifyJwt(token);
      } catch (error) {
        if (error instanceof FetchError || error instanceof JwksValidationError) {
          logger.warn('Token issuer keys unavailable', { issuer, detail: describe(error) });
          throw new DependencyUnavailableError(message('api.issuerUnavailable'), {
            cause: error,
          });
        }
        return reject('token verification failed', error);
      }
      const username = typeof payload.username === 'string' ? payload.username : undefined;
      const groups = groupsOf(payload);
      return {
        sub: payload.sub as string,
        ...(username ? { username } : {}),
        ...(groups ? { groups } : {}),
        // A number: checkClaims refused a token without one.
        expiresAt: (payload.exp as number) * 1000,
      };
    },
  };
}

/**
 * `cognito:groups`, a list of group names in Cognito's tokens. Anything else there (a string, a
 * list with non-strings) grants no group: authorization fails closed.
 */
function groupsOf(payload: JwtPayload): string[] | undefined {
  const claim = payload['cognito:groups'];
  if (
    !Array.isArray(claim) ||
    claim.length === 0 ||
    !claim.every((group): group is string => typeof group === 'string')
  )
    return undefined;
  return claim;
}

type ClaimCheck = (jwt: { header: JwtHeader; payload: JwtPayload }) => void;

/** aws-jwt-verify's verifier for the configured issuer, reduced to what is used here. */
function jwtVerifier(
  issuer: TokenIssuerConfig,
  jwksCache: JwksCache,
  checkClaims: ClaimCheck,
): (token: string) => Promise<JwtPayload> {
  if ('userPoolId' in issuer) {
    const verifier = CognitoJwtVerifier.create(
      {
        userPoolId: issuer.userPoolId,
        tokenUse: 'access',
        clientId: issuer.clientId,
        customJwtCheck: checkClaims,
      },
      { jwksCache },
    );
    return (token) => verifier.verify(token);
  }
  const verifier = JwtVerifier.create(
    {
      issuer: issuer.issuer,
      jwksUri: issuer.jwksUri,
      // Cognito access tokens carry no `aud`; the app is named by `client_id`.
      audience: null,
      customJwtCheck: (jwt) => {
        checkClaims(jwt);
        // What CognitoJwtVerifier's `tokenUse` and `clientId` check for a user pool.
        const tokenUse = jwt.payload.token_use;
        if (tokenUse !== 'access')
          throw new TokenClaimError(
            `token_use ${typeof tokenUse === 'string' ? tokenUse : 'missing'}`,
          );
        if (jwt.payload.client_id !== issuer.clientId)
          throw new TokenClaimError('client_id mismatch');
      },
    },
    { jwksCache },
  );
  return (token) => verifier.verify(token);
}

function describe(error: unknown): string | undefined {
  if (error === undefined) return undefined;
  // aws-jwt-verify's errors keep name "Error"; the class says what failed (JwtExpiredError, ...).
  const text =
    error instanceof Error ? `${error.constructor.name}: ${error.message}` : inspect(error);
  return text.slice(0, 300);
}
