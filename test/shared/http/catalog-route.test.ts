import { describe, expect, it } from 'vitest';
import type { TokenVerifier } from '../../../shared/auth/token-verifier.js';
import { CatalogService } from '../../../shared/catalog/catalog-service.js';
import {
  CatalogUnavailableError,
  RateLimitedError,
  StoreUnavailableError,
  UnauthorizedError,
} from '../../../shared/errors.js';
import type { CatalogResponse } from '../../../shared/types.js';
import { MemoryCache, sampleCertification } from '../../support/in-memory-ports.js';
import { memoryApp, memoryService, recordingLogger } from '../../support/memory-service.js';
import { FakeListingSource, foundationModel, systemProfile } from '../catalog/fixtures.js';

const NOVA = 'amazon.nova-lite-v1:0';
const CATALOG = 'https://example.lambda-url.us-east-1.on.aws/api/certification/catalog';

const verifier: TokenVerifier = {
  verify: (header) =>
    header === 'Bearer good'
      ? Promise.resolve({ sub: 'alice' })
      : Promise.reject(new UnauthorizedError()),
};

/** The app with a catalog over a fake listing, a refusing rate limiter, and a log that keeps its lines. */
function build() {
  const cache = new MemoryCache();
  const source = new FakeListingSource({
    foundationModels: [foundationModel(NOVA, { modelName: 'Nova Lite' })],
    inferenceProfiles: [systemProfile('us', NOVA)],
  });
  const admissions: string[] = [];
  const service = memoryService({
    cache,
    rateLimiter: {
      consume: (sub) => {
        admissions.push(sub);
        return Promise.reject(new RateLimitedError(60, 10, 60));
      },
    },
    runCertification: () => Promise.reject(new Error('no certification runs here')),
  });
  const { logger, logs } = recordingLogger();
  const app = memoryApp(service, {
    cache,
    catalog: new CatalogService({
      region: 'us-east-1',
      listing: () => source,
      availability: { access: () => Promise.resolve('AVAILABLE') },
      certifications: cache,
    }),
    verifier,
    logger,
  });
  const call = (query = '', init: RequestInit = { headers: { authorization: 'Bearer good' } }) =>
    app(new Request(`${CATALOG}${query}`, init), { requestId: 'req-7' });
  return { call, cache, source, logs, admissions };
}

describe('GET /api/certification/catalog', () => {
  it('answers the region and its entries as JSON, never cached by intermediaries', async () => {
    const { call, cache } = build();
    await cache.put(sampleCertification({ modelId: NOVA }));
    const response = await call();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as CatalogResponse;
    expect(body.region).toBe('us-east-1');
    expect(
      body.models.map((entry) => [entry.modelId, entry.certification?.status ?? null]),
    ).toEqual([
      [NOVA, 'certified'],
      [`us.${NOVA}`, null],
    ]);
  });

  it('filters with ?status and ignores parameters it does not know', async () => {
    const { call, cache } = build();
    await cache.put(sampleCertification({ modelId: NOVA }));
    const ids = async (query: string) =>
      ((await (await call(query)).json()) as CatalogResponse).models.map((entry) => entry.modelId);
    expect(await ids('?status=certified')).toEqual([NOVA]);
    expect(await ids('?status=uncertified&_=1700000000')).toEqual([`us.${NOVA}`]);
    expect(await ids('?status=failed')).toEqual([]);
  });

  it.each(['?status=CERTIFIED', '?status=', '?status=passed', '?status=certified&status=failed'])(
    'refuses %s with a 400 naming the values, before the token is looked at',
    async (query) => {
      const { call, source } = build();
      for (const init of [{ headers: { authorization: 'Bearer good' } }, {}]) {
        const response = await call(query, init);
        expect(response.status).toBe(400);
        expect(await response.json()).toEqual({
          error: {
            code: 'INVALID_REQUEST',
            message:
              'status must be one of certified, failed, unavailable, uncertified, given once.',
          },
        });
      }
      expect(source.calls).toBe(0);
    },
  );

  it('needs a bearer token', async () => {
    const { call, source } = build();
    const response = await call('', { headers: { authorization: 'Bearer forged' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(source.calls).toBe(0);
  });

  it('is not limited by the certify limit: a user with no certifications left still reads it', async () => {
    const { call, admissions } = build();
    for (let i = 0; i < 15; i += 1) expect((await call()).status).toBe(200);
    expect(admissions).toEqual([]);
  });

  it('answers a control plane outage with 503 CATALOG_UNAVAILABLE and Retry-After, the cause only in the log', async () => {
    const { call, source, logs } = build();
    const cause = Object.assign(
      new Error('Rate exceeded for ListFoundationModels (internal detail)'),
      { name: 'ThrottlingException' },
    );
    source.failure = new CatalogUnavailableError({ cause });
    const response = await call();
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      error: {
        code: 'CATALOG_UNAVAILABLE',
        message: 'The Bedrock model listing is unavailable; try again shortly.',
      },
    });
    expect(text).not.toContain('internal detail');
    const line = logs.find((entry) => entry.level === 'error');
    expect(line?.message).toBe('Request failed');
    expect(line?.fields).toMatchObject({
      requestId: 'req-7',
      route: 'catalog',
      sub: 'alice',
      outcome: 'CATALOG_UNAVAILABLE',
      status: 503,
    });
    expect((line?.fields.error as Error).cause).toBe(cause);
  });

  it('answers a store outage with 503 STORE_UNAVAILABLE, not a 500', async () => {
    const { call, cache } = build();
    cache.getMany = () => Promise.reject(new StoreUnavailableError());
    const response = await call();
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'STORE_UNAVAILABLE',
    );
  });

  it('answers other methods with 405 and Allow: GET', async () => {
    const { call } = build();
    const response = await call('', { method: 'POST', headers: { authorization: 'Bearer good' } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });
});
