import { describe, expect, it } from 'vitest';
import type { TokenVerifier } from '../../../shared/auth/token-verifier.js';
import { UnauthorizedError } from '../../../shared/errors.js';
import { PageCursors, processCursorKey } from '../../../shared/http/page-cursor.js';
import { CertificationCache } from '../../../shared/store/certification-cache.js';
import { RateLimiter } from '../../../shared/store/rate-limiter.js';
import type { Certification, ErrorBody, ModelsResponse } from '../../../shared/types.js';
import { unknownModelCertification } from '../../support/certification-fixture.js';
import { stringMatching } from '../../support/matchers.js';
import { sampleCertification } from '../../support/in-memory-ports.js';
import { memoryApp, memoryService } from '../../support/memory-service.js';
import { manualClock, useStore } from '../store/fixtures.js';

const BASE = 'https://example.lambda-url.us-east-1.on.aws';
const MODELS = '/api/certification/models';
const as = (sub: string) => ({ headers: { authorization: `Bearer ${sub}` } });

/** Every token is its own user, except the one that is not a token. */
const verifier: TokenVerifier = {
  verify: (header) => {
    const sub = /^Bearer (\w+)$/.exec(header ?? '')?.[1];
    return sub && sub !== 'forged'
      ? Promise.resolve({ sub })
      : Promise.reject(new UnauthorizedError());
  },
};

/**
 * The read routes over the whole app with the real cache, read limiter and cursors on dynalite:
 * `/models` paging and its bad input, and the read limit every read route shares.
 */
describe('read routes', () => {
  const store = useStore();
  let regionCount = 0;

  function build(options: { readLimit?: number; certifyLimit?: number } = {}) {
    // A region of its own per app: pages see only this test's certifications. And an hour of its
    // own: the rate windows of the users the tests share (alice, bob) in the one table are
    // keyed by user, so another test's reads must lie outside this one's window.
    const region = `xx-test-${++regionCount}`;
    const clock = manualClock(Date.parse('2026-11-24T12:00:00.000Z') + regionCount * 3_600_000);
    const { client, tableName } = store;
    const cache = new CertificationCache({ client, tableName, clock });
    const service = memoryService({
      region,
      cache,
      rateLimiter: new RateLimiter({ client, tableName, clock, limit: options.certifyLimit ?? 10 }),
      clock,
      runCertification: (modelId) =>
        Promise.resolve(
          sampleCertification({
            modelId,
            region,
            certifiedAt: new Date(clock.now()).toISOString(),
          }),
        ),
    });
    const readLimiter = new RateLimiter({
      client,
      tableName,
      clock,
      kind: 'read',
      limit: options.readLimit ?? 120,
    });
    const app = memoryApp(service, {
      cache,
      verifier,
      readLimiter,
      cursors: new PageCursors(processCursorKey()),
    });
    const call = (path: string, init: RequestInit = as('alice')) =>
      app(new Request(`${BASE}${path}`, init), { requestId: 'req-read' });
    /** `count` cached certifications, a second apart (the last the newest), as runs would leave them. */
    const fill = async (count: number): Promise<Certification[]> => {
      const made = Array.from({ length: count }, (_, i) => {
        const at = clock.now() - (count - i) * 1000;
        return sampleCertification({
          region,
          modelId: `provider.model-${String(i).padStart(3, '0')}-v1:0`,
          certifiedAt: new Date(at).toISOString(),
          expiresAt: new Date(at + 3_600_000).toISOString(),
        });
      });
      for (let i = 0; i < made.length; i += 25)
        await Promise.all(made.slice(i, i + 25).map((item) => cache.put(item)));
      return made;
    };
    return { call, fill, cache, region, clock };
  }

  async function page(response: Response): Promise<ModelsResponse> {
    expect(response.status).toBe(200);
    return (await response.json()) as ModelsResponse;
  }

  async function expectInvalid(response: Response, message: RegExp): Promise<void> {
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe('INVALID_REQUEST');
    expect(body.error.message).toMatch(message);
  }

  it('GET /models answers 50 newest first with a cursor, and following nextCursor reads every one exactly once', async () => {
    // Prepare
    const { call, fill } = build();
    const made = await fill(120);
    const newestFirst = made.map((c) => c.modelId).reverse();

    // Act
    const first = await page(await call(MODELS));
    const seen = [...first.certifications];
    let cursor = first.nextCursor;
    const sizes = [first.certifications.length];
    while (cursor !== null) {
      const next = await page(
        await call(`${MODELS}?limit=30&cursor=${encodeURIComponent(cursor)}`),
      );
      sizes.push(next.certifications.length);
      seen.push(...next.certifications);
      cursor = next.nextCursor;
    }

    // Assess
    expect(sizes).toEqual([50, 30, 30, 10]);
    expect(seen.map((c) => c.modelId)).toEqual(newestFirst);
    expect(seen.every((c) => c.cached)).toBe(true);
  });

  it('answers an empty region with no cursor, and a last page exactly full with none either', async () => {
    const { call, fill } = build();
    expect(await page(await call(MODELS))).toEqual({ certifications: [], nextCursor: null });
    await fill(3);
    const full = await page(await call(`${MODELS}?limit=3`));
    expect(full.certifications).toHaveLength(3);
    expect(full.nextCursor).toBeNull();
  });

  it('never lists a certification of an id Bedrock does not know', async () => {
    const { call, cache, region, clock } = build();
    await cache.put(
      unknownModelCertification({
        region,
        modelId: 'zz.junk123-v1:0',
        certifiedAt: new Date(clock.now()).toISOString(),
      }),
    );
    expect(await page(await call(MODELS))).toEqual({ certifications: [], nextCursor: null });
    // It still answers its own repeat.
    expect(await (await call('/api/certification/check/zz.junk123-v1:0')).json()).toMatchObject({
      cached: true,
      certification: { status: 'unavailable' },
    });
  });

  it.each(['0', '201', '-1', '1.5', '1e2', '050', 'ten', '', '10&limit=20'])(
    'refuses limit=%s with 400 INVALID_REQUEST naming the range, before the token is looked at',
    async (limit) => {
      const { call } = build();
      for (const init of [as('alice'), {}])
        await expectInvalid(await call(`${MODELS}?limit=${limit}`, init), /from 1 to 200/);
    },
  );

  it('takes limit 1 and 200', async () => {
    const { call, fill } = build();
    await fill(3);
    expect((await page(await call(`${MODELS}?limit=1`))).certifications).toHaveLength(1);
    expect((await page(await call(`${MODELS}?limit=200`))).certifications).toHaveLength(3);
  });

  it('refuses a malformed, tampered, foreign or repeated cursor with 400 INVALID_REQUEST', async () => {
    // Prepare
    const { call, fill } = build();
    await fill(5);
    const { nextCursor } = await page(await call(`${MODELS}?limit=2`));
    if (nextCursor === null) throw new Error('expected a second page');
    const tampered = `${nextCursor.slice(0, 3)}${nextCursor[3] === 'A' ? 'B' : 'A'}${nextCursor.slice(4)}`;
    const otherApp = build();
    await otherApp.fill(5);
    const { nextCursor: otherAppCursor } = await page(await otherApp.call(`${MODELS}?limit=2`));

    // Act + Assess
    const refused = [
      ['malformed', `cursor=not-a-cursor`, as('alice')],
      ['empty', `cursor=`, as('alice')],
      ['tampered', `cursor=${encodeURIComponent(tampered)}`, as('alice')],
      ["another user's", `cursor=${encodeURIComponent(nextCursor)}`, as('bob')],
      ['another app', `cursor=${encodeURIComponent(otherAppCursor ?? '')}`, as('alice')],
      ['repeated', `cursor=${encodeURIComponent(nextCursor)}&cursor=x`, as('alice')],
    ] as const;
    for (const [name, query, init] of refused) {
      const response = await call(`${MODELS}?${query}`, init);
      expect(response.status, name).toBe(400);
      expect(((await response.json()) as ErrorBody).error.code, name).toBe('INVALID_REQUEST');
    }
    // The genuine cursor still works for its own user.
    expect(
      (await page(await call(`${MODELS}?limit=2&cursor=${encodeURIComponent(nextCursor)}`)))
        .certifications,
    ).toHaveLength(2);
  });

  it('shares one read limit per user across catalog, models, history and usage: beyond it 429 RATE_LIMITED with Retry-After', async () => {
    // Prepare
    const { call } = build({ readLimit: 4 });
    const reads = [
      '/api/certification/catalog',
      MODELS,
      '/api/certification/history/amazon.nova-lite-v1:0',
      '/api/certification/usage',
    ];

    // Act
    const accepted = await Promise.all(reads.map((path) => call(path)));
    const refused = await Promise.all(reads.map((path) => call(path)));

    // Assess
    expect(accepted.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    for (const response of refused) {
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(await response.json()).toEqual({
        error: {
          code: 'RATE_LIMITED',
          message: stringMatching(/^At most 4 reads per 60 s; retry after \d+ s\.$/),
        },
      });
    }
    // Another user reads on; the check route and certifying are not reads.
    expect((await call(MODELS, as('bob'))).status).toBe(200);
    expect((await call('/api/certification/check/amazon.nova-lite-v1:0')).status).toBe(200);
    const certify = await call('/api/certification/certify-model', {
      method: 'POST',
      headers: { authorization: 'Bearer alice', 'content-type': 'application/json' },
      body: JSON.stringify({ modelId: 'amazon.nova-lite-v1:0' }),
    });
    expect(certify.status).toBe(200);
  });

  it('leaves the read limit untouched by certify requests, and the other way round', async () => {
    const { call } = build({ readLimit: 2, certifyLimit: 1 });
    const certify = () =>
      call('/api/certification/certify-model', {
        method: 'POST',
        headers: { authorization: 'Bearer carol', 'content-type': 'application/json' },
        body: JSON.stringify({ modelId: 'amazon.nova-lite-v1:0' }),
      });
    expect((await certify()).status).toBe(200);
    expect((await certify()).status).toBe(429);
    expect((await call(MODELS, as('carol'))).status).toBe(200);
    expect((await call(MODELS, as('carol'))).status).toBe(200);
    expect((await call(MODELS, as('carol'))).status).toBe(429);
  });

  it('counts a read only once its parameters and token are good', async () => {
    const { call } = build({ readLimit: 1 });
    await expectInvalid(await call(`${MODELS}?limit=0`, as('dave')), /limit/);
    expect((await call(MODELS, as('forged'))).status).toBe(401);
    expect((await call(MODELS, as('dave'))).status).toBe(200);
    expect((await call(MODELS, as('dave'))).status).toBe(429);
  });
});
