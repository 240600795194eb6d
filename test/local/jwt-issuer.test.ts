import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyNumber } from '../support/matchers.js';
import { createPublicKey, verify as verifySignature, X509Certificate } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import https from 'node:https';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { createTokenVerifier } from '../../shared/auth/token-verifier.js';
import {
  DEFAULT_LOCAL_CLIENT_ID,
  defaultIssuerPort,
  loadTokenMinter,
  startJwtIssuer,
  trustedCertificates,
  trustLocalCertificate,
} from '../../local/jwt-issuer.js';
import { createSelfSignedCertificate } from '../../local/self-signed-certificate.js';
import type { JwtIssuer } from '../../local/jwt-issuer.js';

function getJson(url: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as unknown }),
        );
      })
      .on('error', reject);
  });
}

function decode(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const [header = '', payload = ''] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>,
  };
}

const tempKeyFile = () => join(mkdtempSync(join(tmpdir(), 'issuer-')), 'nested', 'dev-issuer.json');

describe('startJwtIssuer', () => {
  let issuer: JwtIssuer;
  beforeAll(async () => {
    issuer = await startJwtIssuer();
  });
  afterAll(async () => {
    await issuer.close();
  });

  it('publishes its public key (and only that) as a JWKS over HTTPS on 127.0.0.1', async () => {
    expect(issuer.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(issuer.jwksUri).toBe(`${issuer.issuer}/.well-known/jwks.json`);
    const { status, body } = await getJson(issuer.jwksUri);
    expect(status).toBe(200);
    const keys = (body as { keys: JsonWebKey[] }).keys;
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({
      kty: 'RSA',
      kid: issuer.kid,
      alg: 'RS256',
      use: 'sig',
      e: 'AQAB',
    });
    expect(keys[0]).not.toHaveProperty('d');
    expect(keys[0]).not.toHaveProperty('p');
  });

  it('publishes an OpenID configuration naming itself and its JWKS, and 404s elsewhere', async () => {
    const config = await getJson(`${issuer.issuer}/.well-known/openid-configuration`);
    expect(config.body).toMatchObject({
      issuer: issuer.issuer,
      jwks_uri: issuer.jwksUri,
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect((await getJson(`${issuer.issuer}/oauth2/token`)).status).toBe(404);
  });

  it('serves a certificate for 127.0.0.1 that this process now trusts', () => {
    const certificate = new X509Certificate(issuer.certificate);
    expect(certificate.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(trustedCertificates()).toContain(issuer.certificate);
  });

  it('mints Cognito-shaped access tokens signed with the published key', () => {
    const before = Math.floor(Date.now() / 1000);
    const token = issuer.mint({ sub: 'alice' });
    const { header, payload } = decode(token);

    expect(header).toEqual({ kid: issuer.kid, alg: 'RS256' });
    expect(payload).toMatchObject({
      sub: 'alice',
      iss: issuer.issuer,
      client_id: DEFAULT_LOCAL_CLIENT_ID,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      username: 'alice',
    });
    expect(payload).not.toHaveProperty('aud');
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(payload.auth_time).toBe(payload.iat);
    expect(payload.exp).toBe((payload.iat as number) + 3600);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(issuer.mint({ sub: 'alice' })).not.toBe(token); // fresh jti every time

    const jwk = issuer.jwks().keys[0] as JsonWebKey;
    const [h, p, s = ''] = token.split('.');
    expect(
      verifySignature(
        'sha256',
        Buffer.from(`${h}.${p}`),
        createPublicKey({ key: jwk, format: 'jwk' }),
        Buffer.from(s, 'base64url'),
      ),
    ).toBe(true);
  });

  it('mints expired tokens for a negative lifetime, and lets claims be overridden', () => {
    const now = Math.floor(Date.now() / 1000);
    const { payload } = decode(
      issuer.mint({ sub: 'late', expiresInSeconds: -120, scope: 'custom' }),
    );
    expect(payload.exp).toBeLessThanOrEqual(now - 119);
    expect(payload.iat).toBe((payload.exp as number) - 3600);
    expect(payload.scope).toBe('custom');
    expect(payload).not.toHaveProperty('expiresInSeconds');
  });

  it('mints ID tokens with an audience and token_use id', () => {
    const { payload } = decode(issuer.mintIdToken({ sub: 'alice' }));
    expect(payload).toMatchObject({
      sub: 'alice',
      aud: issuer.clientId,
      token_use: 'id',
      iss: issuer.issuer,
      'cognito:username': 'alice',
    });
    expect(payload).not.toHaveProperty('client_id');
  });

  it('counts JWKS requests', async () => {
    const before = issuer.stats.jwksRequests;
    await getJson(issuer.jwksUri);
    await getJson(`${issuer.issuer}/.well-known/openid-configuration`);
    expect(issuer.stats.jwksRequests).toBe(before + 1);
  });
});

describe('the issuer key file shared by npm start and npm run token', () => {
  it('keeps key, issuer URL and port across restarts', async () => {
    const keyFile = tempKeyFile();
    const first = await startJwtIssuer({ keyFile });
    const { issuer, kid } = first;
    const token = first.mint({ sub: 'alice' });
    await first.close();

    const stored = JSON.parse(readFileSync(keyFile, 'utf8')) as Record<string, string>;
    expect(stored).toMatchObject({ kid, issuer, clientId: DEFAULT_LOCAL_CLIENT_ID });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    const second = await startJwtIssuer({ keyFile });
    try {
      expect(second.issuer).toBe(issuer);
      expect(second.kid).toBe(kid);
      // A token minted before the restart still verifies against the restarted issuer.
      const verifier = createTokenVerifier({
        issuer: second.issuer,
        clientId: second.clientId,
        jwksUri: second.jwksUri,
      });
      await expect(verifier.verify(`Bearer ${token}`)).resolves.toMatchObject({ sub: 'alice' });
    } finally {
      await second.close();
    }
  });

  it('lets a token minted from the key file alone (the CLI) verify against the running issuer', async () => {
    const keyFile = tempKeyFile();
    const running = await startJwtIssuer({ keyFile });
    try {
      const minter = loadTokenMinter(keyFile);
      expect(minter.issuer).toBe(running.issuer);
      const verifier = createTokenVerifier({
        issuer: running.issuer,
        clientId: running.clientId,
        jwksUri: running.jwksUri,
      });
      await expect(verifier.verify(`Bearer ${minter.mint({ sub: 'cli-user' })}`)).resolves.toEqual({
        sub: 'cli-user',
        username: 'cli-user',
        expiresAt: anyNumber(),
      });
    } finally {
      await running.close();
    }
  });

  it('creates the key file from the CLI side first, and the issuer then listens where the file says', async () => {
    const keyFile = tempKeyFile();
    // A port that is free now.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));

    const minter = loadTokenMinter(keyFile, port);
    expect(minter.issuer).toBe(`https://127.0.0.1:${port}`);
    const running = await startJwtIssuer({ keyFile });
    try {
      expect(running.issuer).toBe(minter.issuer);
      expect(running.kid).toBe(minter.kid);
    } finally {
      await running.close();
    }
  });

  it('moves the issuer URL in the key file when told to listen elsewhere', async () => {
    const keyFile = tempKeyFile();
    loadTokenMinter(keyFile, 1); // an issuer URL nobody can listen on
    const running = await startJwtIssuer({ keyFile, port: 0 });
    try {
      expect(JSON.parse(readFileSync(keyFile, 'utf8'))).toMatchObject({ issuer: running.issuer });
      expect(loadTokenMinter(keyFile).issuer).toBe(running.issuer);
    } finally {
      await running.close();
    }
  });
});

describe('defaultIssuerPort', () => {
  it('is ISSUER_PORT, else PORT + 1, else 3001', () => {
    expect(defaultIssuerPort({})).toBe(3001);
    expect(defaultIssuerPort({ PORT: '8080' })).toBe(8081);
    expect(defaultIssuerPort({ PORT: '8080', ISSUER_PORT: '9443' })).toBe(9443);
    expect(defaultIssuerPort({ PORT: 'nonsense' })).toBe(3001);
  });
});

describe('trustLocalCertificate', () => {
  it('adds a certificate to the public roots once, keeping the roots', async () => {
    const { cert: pem } = await createSelfSignedCertificate({ commonName: 'trust test' });
    trustLocalCertificate(pem);
    trustLocalCertificate(pem);
    const ca = trustedCertificates();
    expect(ca.filter((entry) => entry === pem)).toHaveLength(1);
    expect(ca).toEqual(expect.arrayContaining([...tls.rootCertificates]));
  });

  it('gives the default agent one secure context instead of a ca list, and a few connections per host', async () => {
    const { cert: pem } = await createSelfSignedCertificate({ commonName: 'context test' });
    trustLocalCertificate(pem);
    const context = https.globalAgent.options.secureContext;
    expect(context).toBeInstanceOf(Object);
    // A ca list would be parsed per connection and written into every pool key.
    expect(https.globalAgent.options.ca).toBeUndefined();
    expect(https.globalAgent.maxSockets).toBeLessThanOrEqual(8);
    // Trusting the same certificate again builds nothing new.
    trustLocalCertificate(pem);
    expect(https.globalAgent.options.secureContext).toBe(context);
  });
});
