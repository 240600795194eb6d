import { beforeAll, describe, expect, it } from 'vitest';
import { startJwtIssuer, type JwtIssuer } from '../../local/jwt-issuer.js';
import { forgeCredentials, type ForgedCredential } from '../support/forged-credentials.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { paths, ServiceClient, STACK_TRACE_PATTERNS } from '../support/service-client.js';
import { StoreInspector } from '../support/store-inspector.js';
import { TEST_NAMES } from '../../shared/types.js';

/** The core suite's size, from the registry. */
const N = TEST_NAMES.length;

/**
 * Forged and foreign tokens against every authenticated route, through the real verifier
 * (aws-jwt-verify fetching the local issuer's JWKS over HTTPS). Each must be a 401 before the
 * service writes anything or calls Bedrock.
 */
const MODEL = 'amazon.nova-lite-v1:0';
const ATTACKER = 'mallory';

let stack: LocalStack;
let client: ServiceClient;
let store: StoreInspector;
let foreignIssuer: JwtIssuer;
let forged: ForgedCredential[];

beforeAll(async () => {
  stack = await startLocalStack({ env: { POWERTOOLS_LOG_LEVEL: 'SILENT' } });
  client = new ServiceClient(stack.url);
  store = new StoreInspector(stack.dynamo);
  // A real, working issuer that is simply not ours: valid signature, valid JWKS, wrong `iss`.
  foreignIssuer = await startJwtIssuer({ clientId: stack.issuer.clientId });
  forged = [
    ...forgeCredentials(stack.issuer, ATTACKER),
    {
      name: 'a valid token of a foreign issuer (same client id)',
      authorization: `Bearer ${foreignIssuer.mint({ sub: ATTACKER })}`,
    },
    {
      name: 'a foreign token claiming our issuer',
      authorization: `Bearer ${foreignIssuer.sign({ ...claimsOf(stack.token(ATTACKER)) }, { kid: foreignIssuer.kid })}`,
    },
  ];
  return async () => {
    store.close();
    await foreignIssuer.close();
    await stack.close();
  };
});

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

async function expectUnauthorized(response: Response, label: string): Promise<void> {
  expect(response.status, label).toBe(401);
  expect(response.headers.get('www-authenticate'), label).toBe('Bearer');
  expect(response.headers.get('content-type'), label).toMatch(/^application\/json/);
  const text = await response.text();
  expect(JSON.parse(text), label).toEqual({
    error: { code: 'UNAUTHORIZED', message: 'A valid bearer token is required.' },
  });
  for (const pattern of STACK_TRACE_PATTERNS) expect(text, label).not.toMatch(pattern);
}

describe('token attacks', () => {
  it('every forged token is a 401 with WWW-Authenticate on every authenticated route; nothing written, no Bedrock call', async () => {
    expect(forged.length).toBeGreaterThanOrEqual(20);
    const itemsBefore = await store.items();
    const bedrockBefore = stack.simulator.stats.requests;

    const routes = [
      {
        name: 'SSE',
        send: (authorization: string) =>
          fetch(`${stack.url}${paths.stream(MODEL)}`, { headers: { authorization } }),
      },
      {
        name: 'POST',
        send: (authorization: string) =>
          fetch(`${stack.url}${paths.certify}`, {
            method: 'POST',
            headers: { authorization, 'content-type': 'application/json' },
            body: JSON.stringify({ modelId: MODEL }),
          }),
      },
      {
        name: 'check',
        send: (authorization: string) =>
          fetch(`${stack.url}${paths.check(MODEL)}`, { headers: { authorization } }),
      },
      {
        name: 'models',
        send: (authorization: string) =>
          fetch(`${stack.url}${paths.models}`, { headers: { authorization } }),
      },
    ];
    let refused = 0;
    // All at once: a verifier that is only right when requests come one by one is not right.
    await Promise.all(
      forged.flatMap((credential) =>
        routes.map(async (route) => {
          await expectUnauthorized(
            await route.send(credential.authorization),
            `${route.name}: ${credential.name}`,
          );
          refused += 1;
        }),
      ),
    );
    expect(refused).toBe(forged.length * routes.length);

    expect(stack.simulator.stats.requests).toBe(bedrockBefore);
    expect(await store.items()).toEqual(itemsBefore);
    expect(await store.rateCount(ATTACKER)).toBeUndefined();
    expect(await store.rateCount('admin')).toBeUndefined();
  });

  it('forged key ids cannot make the service hammer the issuer: at most one JWKS refetch for a burst of unknown kids', async () => {
    // Warm: the verifier has the issuer's keys.
    expect((await client.fetch(paths.check(MODEL), stack.token('warm'))).status).toBe(200);
    const fetchesBefore = stack.issuer.stats.jwksRequests;
    const unknownKid = forged.find(
      (credential) => credential.name === 'foreign key with an unknown kid',
    );
    expect(unknownKid).toBeDefined();
    // One after another: each execution environment has its own key cache (as in AWS), and an idle
    // one is reused, so the burst meets the warm verifier every time.
    for (let i = 0; i < 30; i++) {
      const response = await fetch(`${stack.url}${paths.stream(MODEL)}`, {
        headers: { authorization: unknownKid?.authorization ?? '' },
      });
      await expectUnauthorized(response, 'unknown kid');
    }
    expect(stack.issuer.stats.jwksRequests - fetchesBefore).toBeLessThanOrEqual(1);
  });

  it('a control: the same routes accept a genuine token, and only then does the store see its subject', async () => {
    const bedrockBefore = stack.simulator.stats.requests;
    const outcome = await client.certify('stream', MODEL, stack.token('genuine'));
    expect(outcome.status).toBe(200);
    expect(outcome.certification).toMatchObject({ modelId: MODEL, status: 'certified' });
    expect(stack.simulator.stats.requests - bedrockBefore).toBe(N);
    expect(await store.rateCount('genuine')).toBe(1);
    expect(await store.rateCount(ATTACKER)).toBeUndefined();
    // LOCK: the lease, given back (it keeps what the run cached, for the next holder).
    expect(await store.countByKind()).toEqual({
      CERT: 1,
      RATE: 1,
      LOCK: 1,
      USAGE: 1,
      HIST: 1,
      LASTRUN: 1,
    });
  });
});
