import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  sign,
} from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import https from 'node:https';
import tls from 'node:tls';
import { ReservedPort, type ListenTarget } from './reserved-port.js';
import { startIssuerKeyServer, type IssuerKeyServerStats } from './issuer-key-server.js';
import { createSelfSignedCertificate } from './self-signed-certificate.js';

/** Where `npm start` and `npm run token` keep the shared signing key (gitignored). */
export const DEFAULT_ISSUER_KEY_FILE = '.local/dev-issuer.json';
/** App client id of the local issuer, standing in for a Cognito app client id. */
export const DEFAULT_LOCAL_CLIENT_ID = 'local-dev-client';

/**
 * The issuer port `npm start` and `npm run token` agree on: `ISSUER_PORT`, else `PORT + 1`
 * (3001 by default). The issuer URL is part of every token, so it has to be stable.
 */
export function defaultIssuerPort(
  env: Readonly<Record<string, string | undefined>> = process.env,
): number {
  const explicit = Number(env.ISSUER_PORT);
  if (Number.isInteger(explicit) && explicit > 0) return explicit;
  const port = Number(env.PORT);
  return (Number.isInteger(port) && port > 0 ? port : 3000) + 1;
}

/**
 * Connections the default agent keeps per host locally. In AWS every execution environment
 * fetches the pool's keys on its own CPU; here a hundred environments share one event loop, and
 * a hundred TLS handshakes at once on it held fetches past the verifier's timeout. A few
 * kept-alive connections carry them all instead.
 */
const LOCAL_AGENT_MAX_SOCKETS = 8;

/** What {@link trustLocalCertificate} made the default agent trust: the public roots and local certificates. */
const trusted: string[] = [];

/**
 * Makes this process's default HTTPS agent trust `pem` as well as the usual public roots, over at
 * most `LOCAL_AGENT_MAX_SOCKETS` connections per host. aws-jwt-verify fetches the JWKS through
 * node's default agent, so this is what lets the unchanged production verifier talk to the local
 * issuer. Local code only: production keeps node's default agent and trust store.
 *
 * The agent gets one secure context built from the list, not the list as `ca`: given `ca`, node
 * parses all of it (some 150 roots) for every new connection and writes it into every connection
 * pool key, and a cold burst of a hundred environments fetching keys at once spent seconds of
 * the shared event loop there.
 */
export function trustLocalCertificate(pem: string): void {
  if (trusted.includes(pem)) return;
  const next = [...(trusted.length === 0 ? tls.rootCertificates : trusted), pem];
  https.globalAgent.options.secureContext = tls.createSecureContext({ ca: next });
  https.globalAgent.maxSockets = LOCAL_AGENT_MAX_SOCKETS;
  trusted.splice(0, trusted.length, ...next);
}

/** The certificates the default agent trusts since {@link trustLocalCertificate}; empty before. */
export function trustedCertificates(): readonly string[] {
  return [...trusted];
}

/** Claims for `mint`: `sub` plus anything to add or override. */
export type MintClaims = { sub: string; expiresInSeconds?: number } & Record<string, unknown>;

/** The signing side of the local issuer: works with or without the HTTPS server running. */
export interface TokenMinter {
  /** `https://127.0.0.1:<port>`, the `iss` of every token. */
  issuer: string;
  clientId: string;
  /** Key id in every token header and in the JWKS. */
  kid: string;
  /** A Cognito-shaped access token; `expiresInSeconds` (default 3600) may be negative for an expired one. */
  mint(claims: MintClaims): string;
  /** A Cognito-shaped ID token (`token_use: 'id'`, `aud` = client id), which the API must refuse. */
  mintIdToken(claims: MintClaims): string;
  /** Signs any payload with the issuer key (RS256 unless `header.alg` says RS384/RS512), for tests that forge tokens. */
  sign(payload: Record<string, unknown>, header?: Record<string, unknown>): string;
  /** The public key set as Cognito publishes it. */
  jwks(): { keys: JsonWebKey[] };
}

/** A running local issuer. */
export interface JwtIssuer extends TokenMinter {
  /** `<issuer>/.well-known/jwks.json`. */
  jwksUri: string;
  /** PEM of the server's self-signed certificate, for clients in other processes. */
  certificate: string;
  /** Requests served, so tests can count JWKS fetches. */
  stats: IssuerKeyServerStats;
  close(): Promise<void>;
}

/** Options for `startJwtIssuer`. */
export interface JwtIssuerOptions {
  /** Port to listen on, or a reservation to take over. Default: the port in the key file's issuer URL, else 0 (any). */
  port?: ListenTarget;
  /** Loads (or creates) the signing key and issuer URL here, to share them with `npm run token`. */
  keyFile?: string;
  /** Default `DEFAULT_LOCAL_CLIENT_ID`, or the key file's. */
  clientId?: string;
  /** Trust the server certificate in this process (`trustLocalCertificate`). Default true. */
  trust?: boolean;
}

interface KeyFileContents {
  kid: string;
  privateKeyPem: string;
  issuer: string;
  clientId: string;
}

const HOST = '127.0.0.1';
/** `sign` honours an RS384/RS512 header so tests can offer correctly signed tokens of the wrong algorithm. */
const RSA_HASHES: Record<string, string> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };

/**
 * Starts a local stand-in for a Cognito user pool's token side: an RSA key with a `kid`, its JWKS
 * (and OpenID configuration) served over HTTPS on 127.0.0.1 with a self-signed certificate (the
 * verifier's fetcher speaks HTTPS only), and a minter of Cognito-shaped tokens.
 */
export async function startJwtIssuer(options: JwtIssuerOptions = {}): Promise<JwtIssuer> {
  const stored = options.keyFile ? readKeyFile(options.keyFile) : undefined;
  const privateKey = stored
    ? createPrivateKey(stored.privateKeyPem)
    : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const storedPort = stored ? Number(new URL(stored.issuer).port) : undefined;
  const certificate = await createSelfSignedCertificate({ commonName: 'local JWT issuer' });
  // The key server listens in a worker thread, which cannot take over this thread's socket: a
  // reservation is released just before the worker binds the same port, and a busy port fails
  // here, before the key file is written.
  const target = options.port ?? storedPort;
  const port = target instanceof ReservedPort ? target.port : (target ?? 0);
  if (target instanceof ReservedPort) await target.release();
  const server = await startIssuerKeyServer({
    cert: certificate.cert,
    key: certificate.key,
    jwks: JSON.stringify(publicJwks(privateKey)),
    host: HOST,
    port,
  });

  const issuer = `https://${HOST}:${server.port}`;
  const clientId = options.clientId ?? stored?.clientId ?? DEFAULT_LOCAL_CLIENT_ID;
  const minter = createTokenMinter({ privateKey, issuer, clientId });
  if (options.keyFile && (stored?.issuer !== issuer || stored.clientId !== clientId)) {
    writeKeyFile(options.keyFile, {
      kid: minter.kid,
      privateKeyPem: pem(privateKey),
      issuer,
      clientId,
    });
  }
  if (options.trust ?? true) trustLocalCertificate(certificate.cert);

  return {
    ...minter,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    certificate: certificate.cert,
    stats: server.stats,
    close: () => server.close(),
  };
}

/**
 * The minter `npm run token` uses: the key and issuer URL from `keyFile`, created (for
 * `https://127.0.0.1:<defaultIssuerPort()>`) when absent so that `npm start` picks up the same key.
 */
export function loadTokenMinter(
  keyFile: string = DEFAULT_ISSUER_KEY_FILE,
  port: number = defaultIssuerPort(),
): TokenMinter {
  let stored = readKeyFile(keyFile);
  if (!stored) {
    const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const issuer = `https://${HOST}:${port}`;
    stored = {
      kid: thumbprint(privateKey),
      privateKeyPem: pem(privateKey),
      issuer,
      clientId: DEFAULT_LOCAL_CLIENT_ID,
    };
    writeKeyFile(keyFile, stored);
  }
  return createTokenMinter({
    privateKey: createPrivateKey(stored.privateKeyPem),
    issuer: stored.issuer,
    clientId: stored.clientId,
  });
}

function createTokenMinter(options: {
  privateKey: KeyObject;
  issuer: string;
  clientId: string;
}): TokenMinter {
  const { privateKey, issuer, clientId } = options;
  const jwks = publicJwks(privateKey);
  const kid = thumbprint(privateKey);

  const signJwt = (payload: Record<string, unknown>, header: Record<string, unknown> = {}) => {
    const fullHeader = { kid, alg: 'RS256', ...header };
    const signingInput = `${base64url(JSON.stringify(fullHeader))}.${base64url(JSON.stringify(payload))}`;
    const hash = RSA_HASHES[String(fullHeader.alg)] ?? 'sha256';
    return `${signingInput}.${sign(hash, Buffer.from(signingInput), privateKey).toString('base64url')}`;
  };

  const times = (expiresInSeconds: number) => {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + expiresInSeconds;
    // An expired token was issued an hour before it expired, as Cognito's would have been.
    const iat = expiresInSeconds > 0 ? now : exp - 3600;
    return { auth_time: iat, iat, exp };
  };

  return {
    issuer,
    clientId,
    kid,
    mint: ({ sub, expiresInSeconds = 3600, ...overrides }) =>
      signJwt({
        sub,
        iss: issuer,
        client_id: clientId,
        origin_jti: randomUUID(),
        event_id: randomUUID(),
        token_use: 'access',
        scope: 'aws.cognito.signin.user.admin',
        ...times(expiresInSeconds),
        jti: randomUUID(),
        username: sub,
        ...overrides,
      }),
    mintIdToken: ({ sub, expiresInSeconds = 3600, ...overrides }) =>
      signJwt({
        sub,
        aud: clientId,
        email_verified: true,
        iss: issuer,
        'cognito:username': sub,
        origin_jti: randomUUID(),
        event_id: randomUUID(),
        token_use: 'id',
        ...times(expiresInSeconds),
        jti: randomUUID(),
        ...overrides,
      }),
    sign: signJwt,
    jwks: () => jwks,
  };
}

/** The public key set as Cognito publishes it: the one RS256 signing key, by its thumbprint. */
function publicJwks(privateKey: KeyObject): { keys: JsonWebKey[] } {
  const publicJwk: JsonWebKey = {
    ...createPublicKey(privateKey).export({ format: 'jwk' }),
    kid: thumbprint(privateKey),
    alg: 'RS256',
    use: 'sig',
  };
  return { keys: [publicJwk] };
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

function pem(privateKey: KeyObject): string {
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** RFC 7638 JWK thumbprint: a stable `kid` derived from the public key itself. */
function thumbprint(privateKey: KeyObject): string {
  const { e, kty, n } = createPublicKey(privateKey).export({ format: 'jwk' });
  return createHash('sha256').update(JSON.stringify({ e, kty, n })).digest('base64url');
}

function readKeyFile(keyFile: string): KeyFileContents | undefined {
  let text: string;
  try {
    text = readFileSync(resolve(keyFile), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<KeyFileContents>;
  if (
    typeof parsed.privateKeyPem !== 'string' ||
    typeof parsed.issuer !== 'string' ||
    typeof parsed.clientId !== 'string'
  ) {
    throw new Error(`${keyFile} is not a local issuer key file; delete it to create a new one`);
  }
  return parsed as KeyFileContents;
}

function writeKeyFile(keyFile: string, contents: KeyFileContents): void {
  const path = resolve(keyFile);
  mkdirSync(dirname(path), { recursive: true });
  // Written aside and renamed, so a concurrent `npm run token` never reads half a file.
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(contents, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}
