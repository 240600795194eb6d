import { describe, expect, it } from 'vitest';
import type { AuthenticatedUser, TokenVerifier } from '../../../shared/auth/token-verifier.js';
import { RateLimitedError, UnauthorizedError } from '../../../shared/errors.js';
import { UsageMeter } from '../../../shared/store/usage-meter.js';
import type { AdminUsageResponse, ErrorBody, UsageResponse } from '../../../shared/types.js';
import {
  MemoryCache,
  sampleCertification,
  UnlimitedRateLimiter,
} from '../../support/in-memory-ports.js';
import { memoryApp, memoryService } from '../../support/memory-service.js';
import { manualClock, useStore } from '../store/fixtures.js';

const MODEL = 'amazon.nova-pro-v1:0';
const BASE = 'https://example.lambda-url.us-east-1.on.aws';
const USAGE = '/api/certification/usage';
const ADMIN_USAGE = '/api/certification/admin/usage';

/** Tokens by name; the real verifier's reading of `cognito:groups` is tested in token-verifier.test.ts. */
const USERS: Record<string, AuthenticatedUser> = {
  alice: { sub: 'alice' },
  bob: { sub: 'bob' },
  olga: { sub: 'olga', groups: ['admins'] },
  pete: { sub: 'pete', groups: ['users', 'admins-not'] },
};
const verifier: TokenVerifier = {
  verify: (header) => {
    const user = USERS[header?.replace(/^Bearer /, '') ?? ''];
    return user ? Promise.resolve(user) : Promise.reject(new UnauthorizedError());
  },
};
const as = (name: string) => ({ headers: { authorization: `Bearer ${name}` } });

/**
 * The usage routes over the whole app, with the real usage meter on dynalite: routes, auth,
 * months, isolation between users, operators, and the quota's 429 as clients see it.
 */
describe('usage routes', () => {
  const store = useStore();

  function build(options: { monthlyQuota?: number; now?: number; rateLimited?: boolean } = {}) {
    const clock = manualClock(options.now ?? Date.parse('2026-11-24T12:00:00.000Z'));
    const usage = new UsageMeter({ client: store.client, tableName: store.tableName, clock });
    const cache = new MemoryCache();
    const runs: string[] = [];
    const service = memoryService({
      cache,
      usage,
      rateLimiter: options.rateLimited
        ? { consume: () => Promise.reject(new RateLimitedError(30, 10, 60)) }
        : new UnlimitedRateLimiter(),
      clock,
      monthlyQuota: options.monthlyQuota,
      runCertification: (modelId) => {
        runs.push(modelId);
        return Promise.resolve(
          sampleCertification({
            modelId,
            certifiedAt: new Date(clock.now()).toISOString(),
            estimatedCostUsd: 0.004,
          }),
        );
      },
    });
    const app = memoryApp(service, { cache, verifier });
    const call = (path: string, init: RequestInit = {}) =>
      app(new Request(`${BASE}${path}`, init), { requestId: 'req-usage' });
    const certify = (name: string, modelId = MODEL, fresh = true) =>
      call('/api/certification/certify-model', {
        method: 'POST',
        headers: { authorization: `Bearer ${name}`, 'content-type': 'application/json' },
        body: JSON.stringify({ modelId, fresh }),
      });
    return { call, certify, clock, usage, cache, runs };
  }

  it('answers 401 with WWW-Authenticate on both routes without a valid token', async () => {
    const { call } = build();
    for (const path of [USAGE, ADMIN_USAGE, `${ADMIN_USAGE}?month=2026-11`]) {
      for (const init of [{}, as('mallory')]) {
        const response = await call(path, init);
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer');
        expect(await response.json()).toEqual({
          error: { code: 'UNAUTHORIZED', message: 'A valid bearer token is required.' },
        });
      }
    }
  });

  it("GET /usage: the caller's current UTC month, only their own runs, and any month asked for", async () => {
    // Prepare: two runs of alice's and one of bob's in November, one of alice's in October
    const { call, certify, clock } = build({ now: Date.parse('2026-10-31T23:00:00.000Z') });
    expect((await certify('alice')).status).toBe(200);
    clock.set(Date.parse('2026-11-24T12:00:00.000Z'));
    for (const name of ['alice', 'alice', 'bob']) expect((await certify(name)).status).toBe(200);

    // Act
    const november = await call(USAGE, as('alice'));
    const october = await call(`${USAGE}?month=2026-10`, as('alice'));
    const bobs = await call(`${USAGE}?sub=alice`, as('bob'));

    // Assess
    expect(november.status).toBe(200);
    expect(november.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((await november.json()) as UsageResponse).toEqual({
      month: '2026-11',
      certifications: 2,
      inputTokens: 600,
      outputTokens: 120,
      estimatedCostUsd: 0.008,
      quota: null,
    });
    expect(((await october.json()) as UsageResponse).certifications).toBe(1);
    // Only the caller's own usage exists on this route; a sub parameter means nothing.
    expect((await bobs.json()) as UsageResponse).toMatchObject({
      month: '2026-11',
      certifications: 1,
    });
    expect(
      ((await (await call(`${USAGE}?month=2026-12`, as('alice'))).json()) as UsageResponse)
        .certifications,
    ).toBe(0);
  });

  it.each([['2026-13'], ['2026-1'], ['november'], [''], ['2026-11-01'], ['2026-11&month=2026-10']])(
    'GET /usage?month=%s is a 400 INVALID_MONTH',
    async (month) => {
      const { call } = build();
      const response = await call(`${USAGE}?month=${month}`, as('alice'));
      expect(response.status).toBe(400);
      const body = (await response.json()) as ErrorBody;
      expect(body.error.code).toBe('INVALID_MONTH');
      expect(body.error.message).toMatch(/YYYY-MM/);
    },
  );

  it('is not rate limited', async () => {
    const { call } = build({ rateLimited: true });
    expect((await call(USAGE, as('alice'))).status).toBe(200);
  });

  it('GET /admin/usage: every user of the month for a member of admins, 403 FORBIDDEN for anyone else', async () => {
    // Prepare
    const { call, certify } = build({ now: Date.parse('2027-02-10T09:00:00.000Z') });
    for (const name of ['bob', 'alice', 'bob']) expect((await certify(name)).status).toBe(200);

    // Act + Assess: operators
    const report = await call(ADMIN_USAGE, as('olga'));
    expect(report.status).toBe(200);
    expect((await report.json()) as AdminUsageResponse).toEqual({
      month: '2027-02',
      users: [
        {
          sub: 'alice',
          certifications: 1,
          inputTokens: 300,
          outputTokens: 60,
          estimatedCostUsd: 0.004,
        },
        {
          sub: 'bob',
          certifications: 2,
          inputTokens: 600,
          outputTokens: 120,
          estimatedCostUsd: 0.008,
        },
      ],
    });
    expect(
      (await (await call(`${ADMIN_USAGE}?month=2027-01`, as('olga'))).json()) as AdminUsageResponse,
    ).toEqual({ month: '2027-01', users: [] });
    expect((await call(`${ADMIN_USAGE}?month=2027-1`, as('olga'))).status).toBe(400);

    // Act + Assess: everyone else, whatever the month says
    for (const request of [as('alice'), as('pete')]) {
      for (const path of [ADMIN_USAGE, `${ADMIN_USAGE}?month=bad`]) {
        const response = await call(path, request);
        expect(response.status).toBe(403);
        expect(await response.json()).toEqual({
          error: {
            code: 'FORBIDDEN',
            message: 'Only members of the "admins" group may read every user\'s usage.',
          },
        });
      }
    }
  });

  describe('monthly quota', () => {
    it('a run beyond the quota is a 429 QUOTA_EXCEEDED with Retry-After until the UTC month ends, before anything is spent', async () => {
      // Prepare: a quota of 2, both used; 2027-03-24T12:00Z is 7.5 days before April
      const { call, certify, runs } = build({
        monthlyQuota: 2,
        now: Date.parse('2027-03-24T12:00:00.000Z'),
      });
      expect((await certify('alice')).status).toBe(200);
      expect((await certify('alice')).status).toBe(200);

      // Act
      const refused = await certify('alice');
      const stream = await call(
        `/api/certification/certify-model/${MODEL}/stream?fresh=true`,
        as('alice'),
      );

      // Assess
      for (const response of [refused, stream]) {
        expect(response.status).toBe(429);
        expect(response.headers.get('retry-after')).toBe(String(7.5 * 86_400));
        expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
        const body = (await response.json()) as ErrorBody;
        expect(body.error.code).toBe('QUOTA_EXCEEDED');
        expect(body.error.message).toMatch(/monthly quota of 2 certifications/);
      }
      expect(runs).toHaveLength(2);
      expect(((await (await call(USAGE, as('alice'))).json()) as UsageResponse).quota).toEqual({
        limit: 2,
        used: 2,
        remaining: 0,
      });
      // Bob has his own quota.
      expect((await certify('bob')).status).toBe(200);
    });

    it('a cached answer is free and served at quota, on both certify routes', async () => {
      const { call, certify, runs } = build({
        monthlyQuota: 1,
        now: Date.parse('2027-04-02T08:00:00.000Z'),
      });
      expect((await certify('alice', MODEL, false)).status).toBe(200);

      const post = await certify('alice', MODEL, false);
      const stream = await call(`/api/certification/certify-model/${MODEL}/stream`, as('alice'));

      expect(post.status).toBe(200);
      expect(await post.json()).toMatchObject({ certification: { modelId: MODEL, cached: true } });
      expect(stream.status).toBe(200);
      expect(await stream.text()).toMatch(
        /^data: \{"type":"complete","certification":\{.*"cached":true/,
      );
      expect(runs).toHaveLength(1);
      expect((await (await call(USAGE, as('alice'))).json()) as UsageResponse).toMatchObject({
        certifications: 1,
        quota: { limit: 1, used: 1, remaining: 0 },
      });
    });

    it("stream tickets: a ticket for a run is refused with the quota's 429 instead of an EventSource that cannot read it", async () => {
      const { call, certify } = build({
        monthlyQuota: 1,
        now: Date.parse('2027-05-02T08:00:00.000Z'),
      });
      expect((await certify('alice')).status).toBe(200);
      const response = await call('/api/certification/stream-tickets', {
        method: 'POST',
        headers: { authorization: 'Bearer alice', 'content-type': 'application/json' },
        body: JSON.stringify({ modelId: 'amazon.nova-lite-v1:0', fresh: false }),
      });
      expect(response.status).toBe(429);
      expect(((await response.json()) as ErrorBody).error.code).toBe('QUOTA_EXCEEDED');
    });
  });
});
