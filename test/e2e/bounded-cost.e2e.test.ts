/**
 * What an answer costs, counted on the wire in front of dynalite, through the real handler
 * module behind the Function URL emulator: the catalog reads what it lists and nothing more
 * however many made-up ids were certified, `/models` reads about one page per page, the read
 * routes share a per-user limit, and a stream ticket ends with its token.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { FunctionUrlEmulator } from '../../local/function-url-emulator.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { CertificationCache } from '../../shared/store/certification-cache.js';
import type {
  CatalogResponse,
  Certification,
  ErrorBody,
  ModelsResponse,
  StreamTicketResponse,
} from '../../shared/types.js';
import { sampleCertification } from '../support/certification-fixture.js';
import { stackStore } from '../support/stack-store.js';
import { startHandlerInstance } from '../support/handler-instance.js';
import { StoreInspector } from '../support/store-inspector.js';
import { startStoreTraffic, type StoreTraffic } from '../support/store-traffic.js';

const CATALOG = '/api/certification/catalog';
const MODELS = '/api/certification/models';
const JUNK = Array.from({ length: 30 }, (_, i) => `zz.junk${i}-v1:0`);

let stack: LocalStack;
let store: StoreInspector;
let traffic: StoreTraffic;
/** A handler instance whose store traffic passes through `traffic`. */
let counted: FunctionUrlEmulator;
/** A handler instance with a read limit of 3 a minute. */
let strict: FunctionUrlEmulator;

/**
 * Starts a handler instance whose `environments` all initialise now, with `env` added to the
 * stack's (an environment reads its configuration when it initialises).
 */
async function instanceWith(
  env: Record<string, string>,
  environments: number,
): Promise<FunctionUrlEmulator> {
  const before = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return await startHandlerInstance(stack, { provisionedConcurrency: environments });
  } finally {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

beforeAll(async () => {
  stack = await startLocalStack({
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', CERTIFICATION_DEADLINE_MS: '5000' },
  });
  store = new StoreInspector(stack.dynamo);
  traffic = await startStoreTraffic(stack.dynamo.endpoint);
  // The requests below reach these one at a time, except three concurrent reads.
  counted = await instanceWith({ DYNAMODB_ENDPOINT: traffic.endpoint }, 1);
  strict = await instanceWith({ READ_RATE_LIMIT_PER_MINUTE: '3' }, 3);
  return async () => {
    store.close();
    await Promise.all([counted.close(), strict.close()]);
    await traffic.close();
    await stack.close();
  };
});

function get(base: string, path: string, token: string): Promise<Response> {
  return fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

/** What one request cost the store: operations by name, and the keys its batch reads named. */
async function costOf(request: () => Promise<Response>): Promise<{
  response: Response;
  operations: Readonly<Record<string, number>>;
  keysRead: number;
  queries: { IndexName?: string; Limit?: number; KeyConditionExpression?: string }[];
}> {
  traffic.reset();
  const response = await request();
  await response.clone().arrayBuffer();
  const bodies = traffic.requests.map((seen) => ({
    operation: seen.operation,
    body: JSON.parse(seen.body) as {
      RequestItems?: Record<string, { Keys: unknown[] }>;
      IndexName?: string;
      Limit?: number;
      KeyConditionExpression?: string;
    },
  }));
  return {
    response,
    operations: traffic.operations,
    keysRead: bodies
      .filter((seen) => seen.operation === 'BatchGetItem')
      .reduce(
        (sum, seen) =>
          sum + Object.values(seen.body.RequestItems ?? {}).reduce((n, t) => n + t.Keys.length, 0),
        0,
      ),
    queries: bodies.filter((seen) => seen.operation === 'Query').map((seen) => seen.body),
  };
}

describe('bounded cost', () => {
  it('the catalog reads what it lists, by key: as much after 30 made-up ids were certified as before, and none of them is kept', async () => {
    // Prepare
    const reader = stack.token('catalog-reader');
    const before = await costOf(() => get(counted.url, CATALOG, reader));
    expect(before.response.status, await before.response.clone().text()).toBe(200);
    const listed = ((await before.response.json()) as CatalogResponse).models.length;

    // Act: 30 ids Bedrock does not know, certified by three users (ten each, the rate limit).
    const lanes = await Promise.all(
      [0, 1, 2].map(async (lane) => {
        const token = stack.token(`junk-${lane}`);
        const certified: Certification[] = [];
        for (const modelId of JUNK.filter((_, i) => i % 3 === lane)) {
          const response = await fetch(`${stack.url}/api/certification/certify-model`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ modelId }),
          });
          expect(response.status, await response.clone().text()).toBe(200);
          certified.push(
            ((await response.json()) as { certification: Certification }).certification,
          );
        }
        return certified;
      }),
    );
    const answers = lanes.flat();
    const after = await costOf(() => get(counted.url, CATALOG, reader));

    // Assess: answered as unknown, then carried by nothing the catalog or history reads.
    for (const answer of answers) {
      expect(answer.status).toBe('unavailable');
      expect(answer.results.every((r) => r.error?.code === 'INVALID_MODEL_ID')).toBe(true);
    }
    expect(after.response.status).toBe(200);
    expect(((await after.response.json()) as CatalogResponse).models).toHaveLength(listed);
    expect(after.operations).toEqual(before.operations);
    expect(after.keysRead).toBe(before.keysRead);
    expect(after.queries).toEqual([]);
    // Each listed entry: its certification by id (and by ARN) and its last change.
    expect(after.keysRead).toBeLessThanOrEqual(3 * listed);
    const kept = [...(await store.items('HIST#')), ...(await store.items('LASTRUN#'))];
    expect(kept.filter((item) => JUNK.some((id) => `${item.pk}#${item.sk}`.includes(id)))).toEqual(
      [],
    );
    const page = (await (
      await get(stack.url, `${MODELS}?limit=200`, reader)
    ).json()) as ModelsResponse;
    expect(page.certifications.filter((c) => JUNK.includes(c.modelId))).toEqual([]);
    // The user who asked gets the answer again from the cache, without calling Bedrock.
    const bedrockBefore = stack.simulator.stats.requests;
    const again = await fetch(`${stack.url}/api/certification/check/${JUNK[0]}`, {
      headers: { authorization: `Bearer ${stack.token('junk-0')}` },
    });
    expect(await again.json()).toMatchObject({
      cached: true,
      certification: { status: 'unavailable' },
    });
    expect(stack.simulator.stats.requests).toBe(bedrockBefore);
  });

  it('/models answers 50 newest first with one Query of the recent index reading 51 items, and its cursor works on every instance', async () => {
    // Prepare: 120 cached results in another region's partition of the same table.
    const store = stackStore(stack.dynamo);
    const cache = new CertificationCache(store);
    const now = Date.now();
    const made = Array.from({ length: 120 }, (_, i) =>
      sampleCertification({
        modelId: `amazon.paged-${String(i).padStart(3, '0')}-v1:0`,
        certifiedAt: new Date(now + i).toISOString(),
        expiresAt: new Date(now + 3_600_000).toISOString(),
      }),
    );
    for (let i = 0; i < made.length; i += 20)
      await Promise.all(made.slice(i, i + 20).map((c) => cache.put(c)));
    store.client.destroy();
    const token = stack.token('pager');

    // Act
    const first = await costOf(() => get(counted.url, MODELS, token));
    const body = (await first.response.json()) as ModelsResponse;
    // The cursor one instance sealed opens on another: the key is the deployment's.
    const second = (await (
      await get(
        stack.url,
        `${MODELS}?limit=70&cursor=${encodeURIComponent(body.nextCursor ?? '')}`,
        token,
      )
    ).json()) as ModelsResponse;

    // Assess
    expect(first.queries).toEqual([expect.objectContaining({ IndexName: 'recent', Limit: 51 })]);
    expect(first.operations.Scan).toBeUndefined();
    expect(body.certifications.map((c) => c.modelId)).toEqual(
      made
        .slice(70)
        .map((c) => c.modelId)
        .reverse(),
    );
    expect(second.certifications.map((c) => c.modelId)).toEqual(
      made
        .slice(0, 70)
        .map((c) => c.modelId)
        .reverse(),
    );
    // Someone else's cursor is refused.
    const foreign = await get(
      counted.url,
      `${MODELS}?cursor=${encodeURIComponent(body.nextCursor ?? '')}`,
      stack.token('someone-else'),
    );
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as ErrorBody).error.code).toBe('INVALID_REQUEST');
  });

  it('the read routes share READ_RATE_LIMIT_PER_MINUTE: beyond it 429 RATE_LIMITED with Retry-After; certifying is not a read', async () => {
    const token = stack.token('strict-reader');
    const reads = [CATALOG, MODELS, '/api/certification/usage'];
    const accepted = await Promise.all(reads.map((path) => get(strict.url, path, token)));
    const refused = await get(
      strict.url,
      '/api/certification/history/amazon.nova-lite-v1:0',
      token,
    );
    expect(accepted.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as ErrorBody).error).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/^At most 3 reads per 60 s/) as string,
    });
    const certify = await fetch(`${strict.url}/api/certification/certify-model`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ modelId: 'amazon.nova-lite-v1:0' }),
    });
    expect(certify.status).toBe(200);
  });

  it('a stream ticket expires with the token that asked for it, when that is sooner than 60 s', async () => {
    const ticketFor = async (expiresInSeconds: number) => {
      const token = stack.issuer.mint({ sub: 'ticket-holder', expiresInSeconds });
      const { exp } = JSON.parse(
        Buffer.from(token.split('.')[1] ?? '', 'base64url').toString(),
      ) as { exp: number };
      const response = await fetch(`${stack.url}/api/certification/stream-tickets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ modelId: 'amazon.nova-lite-v1:0' }),
      });
      expect(response.status).toBe(201);
      const { expiresAt } = (await response.json()) as StreamTicketResponse;
      return { expiresAt: Date.parse(expiresAt), exp: exp * 1000 };
    };
    const short = await ticketFor(20);
    expect(short.expiresAt).toBe(short.exp);
    const asked = Date.now();
    const long = await ticketFor(3_600);
    const answered = Date.now();
    expect(long.expiresAt).toBeLessThan(long.exp);
    expect(long.expiresAt).toBeGreaterThanOrEqual(asked + 60_000);
    expect(long.expiresAt).toBeLessThanOrEqual(answered + 60_000);
  });
});
