/**
 * Suites through the HTTP API: `?suite=` on the stream and check routes, `"suite"` in POST and
 * ticket bodies (the ticket binds it), the cache per suite (a newer `full` result answers `core`),
 * the catalog's `requires` filter, and a clear 400 naming the allowed values for anything else.
 */
import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '../../../shared/errors.js';
import type { TokenVerifier } from '../../../shared/auth/token-verifier.js';
import { CatalogService } from '../../../shared/catalog/catalog-service.js';
import type { RunCertification } from '../../../shared/service/ports.js';
import { CAPABILITY_NAMES, testNamesOf, type SuiteName } from '../../../shared/suites.js';
import type {
  CatalogResponse,
  Certification,
  CertificationEvent,
  CheckResponse,
  CertifyResponse,
  ErrorBody,
  StreamTicketResponse,
} from '../../../shared/types.js';
import { MemoryCache, sampleCertification } from '../../support/in-memory-ports.js';
import { memoryApp, memoryService } from '../../support/memory-service.js';

const MODEL = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const BASE = 'https://example.lambda-url.us-east-1.on.aws';
const auth = { authorization: 'Bearer good' };

const verifier: TokenVerifier = {
  verify: (header) =>
    header === 'Bearer good'
      ? Promise.resolve({ sub: 'alice' })
      : Promise.reject(new UnauthorizedError()),
};

/** A certification of `suite`, as the engine drafts it (with the full suite's capabilities when it ran). */
function certificationOf(suite: SuiteName, overrides: Partial<Certification> = {}): Certification {
  const names = testNamesOf(suite);
  const base = sampleCertification();
  return sampleCertification({
    suite,
    testsPassed: names.length,
    results: names.map((testName) => ({ testName, status: 'passed', latencyMs: 500 })),
    capabilities:
      suite === 'full'
        ? {
            ...base.capabilities,
            imageInput: true,
            documentInput: true,
            citations: false,
            reasoning: true,
            promptCaching: null,
            structuredOutput: true,
            toolChoice: true,
          }
        : base.capabilities,
    certifiedAt: new Date().toISOString(),
    ...overrides,
  });
}

function build() {
  const runs: SuiteName[] = [];
  const cache = new MemoryCache();
  const run: RunCertification = (modelId, { onProgress, suite }) => {
    runs.push(suite);
    const total = testNamesOf(suite).length;
    onProgress({
      type: 'progress',
      current: 0,
      total,
      message: `Starting ${total} certification tests`,
    });
    return Promise.resolve(certificationOf(suite, { modelId }));
  };
  const service = memoryService({ cache, runCertification: run });
  const catalog = new CatalogService({
    region: 'us-east-1',
    listing: () => ({
      list: () =>
        Promise.resolve({
          foundationModels: [
            {
              modelId: MODEL,
              modelName: 'Claude Sonnet 4.5',
              providerName: 'Anthropic',
              outputModalities: ['TEXT'],
              inferenceTypesSupported: ['ON_DEMAND'],
              lifecycle: 'ACTIVE',
            },
            {
              modelId: 'amazon.nova-pro-v1:0',
              modelName: 'Nova Pro',
              providerName: 'Amazon',
              outputModalities: ['TEXT'],
              inferenceTypesSupported: ['ON_DEMAND'],
              lifecycle: 'ACTIVE',
            },
          ],
          inferenceProfiles: [],
        }),
    }),
    availability: { access: () => Promise.resolve('AVAILABLE') },
    certifications: cache,
  });
  const app = memoryApp(service, { cache, catalog, verifier });
  const call = (path: string, init: RequestInit = {}) =>
    app(new Request(`${BASE}${path}`, init), { requestId: 'req-1' });
  return { call, runs, cache };
}

const post = (body: unknown) => ({
  method: 'POST',
  headers: { ...auth, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

async function events(response: Response): Promise<CertificationEvent[]> {
  return (await response.text())
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: '))
    .map((frame) => JSON.parse(frame.slice(6)) as CertificationEvent);
}

async function expectInvalid(response: Response, message: RegExp): Promise<void> {
  expect(response.status).toBe(400);
  const body = (await response.json()) as ErrorBody;
  expect(body.error.code).toBe('INVALID_REQUEST');
  expect(body.error.message).toMatch(message);
}

describe('suites over HTTP', () => {
  it('the stream runs ?suite=full: its opening event counts the full suite, its certification says so', async () => {
    const { call, runs } = build();
    const streamed = await events(
      await call(`/api/certification/certify-model/${MODEL}/stream?suite=full`, { headers: auth }),
    );
    const total = testNamesOf('full').length;
    expect(streamed[0]).toEqual({
      type: 'progress',
      current: 0,
      total,
      message: `Starting ${total} certification tests`,
    });
    const last = streamed.at(-1);
    expect(last?.type === 'complete' && last.certification.suite).toBe('full');
    expect(runs).toEqual(['full']);
  });

  it('without a suite the stream runs the core suite, and a newer full result answers it from the cache', async () => {
    const { call, runs } = build();
    const core = await events(
      await call(`/api/certification/certify-model/${MODEL}/stream`, { headers: auth }),
    );
    expect(core[0]).toMatchObject({ total: testNamesOf('core').length });
    // A full run later: it answers both suites from now on, and a core request gets it at once.
    await call('/api/certification/certify-model', post({ modelId: MODEL, suite: 'full' }));
    const cached = await events(
      await call(`/api/certification/certify-model/${MODEL}/stream`, { headers: auth }),
    );
    expect(cached).toHaveLength(1);
    expect(cached[0]).toMatchObject({
      type: 'complete',
      certification: { suite: 'full', cached: true },
    });
    expect(runs).toEqual(['core', 'full']);
  });

  it('a core result never answers a full request', async () => {
    const { call, runs } = build();
    await call('/api/certification/certify-model', post({ modelId: MODEL }));
    const check = (await (
      await call(`/api/certification/check/${MODEL}?suite=full`, { headers: auth })
    ).json()) as CheckResponse;
    expect(check).toEqual({ cached: false });
    const { certification } = (await (
      await call('/api/certification/certify-model', post({ modelId: MODEL, suite: 'full' }))
    ).json()) as CertifyResponse;
    expect(certification).toMatchObject({ suite: 'full', cached: false });
    expect(runs).toEqual(['core', 'full']);
    const again = (await (
      await call(`/api/certification/check/${MODEL}?suite=full`, { headers: auth })
    ).json()) as CheckResponse;
    expect(again).toMatchObject({ cached: true, certification: { suite: 'full' } });
  });

  it('a ticket binds its suite: its stream URL names it, and a stream for another suite is refused', async () => {
    const { call, runs } = build();
    const issue = async () =>
      (await (
        await call('/api/certification/stream-tickets', post({ modelId: MODEL, suite: 'full' }))
      ).json()) as StreamTicketResponse;
    const ticket = await issue();
    expect(ticket.streamUrl).toMatch(/[?&]suite=full(&|$)/);
    const wrong = await call(
      `/api/certification/certify-model/${MODEL}/stream?ticket=${ticket.ticket}`,
    );
    expect(wrong.status).toBe(401);
    const streamed = await events(await call(ticket.streamUrl));
    expect(streamed.at(-1)).toMatchObject({ type: 'complete', certification: { suite: 'full' } });
    expect(runs).toEqual(['full']);
    const core = (await (
      await call('/api/certification/stream-tickets', post({ modelId: MODEL }))
    ).json()) as StreamTicketResponse;
    expect(core.streamUrl).not.toMatch(/suite=/);
  });

  it.each<[string, () => [string, RequestInit]]>([
    [
      'the stream',
      () => [
        `/api/certification/certify-model/${MODEL}/stream?suite=everything`,
        { headers: auth },
      ],
    ],
    [
      'the stream, twice',
      () => [
        `/api/certification/certify-model/${MODEL}/stream?suite=core&suite=full`,
        { headers: auth },
      ],
    ],
    ['check', () => [`/api/certification/check/${MODEL}?suite=FULL`, { headers: auth }]],
    ['POST', () => ['/api/certification/certify-model', post({ modelId: MODEL, suite: 'all' })]],
    [
      'POST, not a string',
      () => ['/api/certification/certify-model', post({ modelId: MODEL, suite: 13 })],
    ],
    ['a ticket', () => ['/api/certification/stream-tickets', post({ modelId: MODEL, suite: '' })]],
  ])(
    'an unknown suite on %s is a 400 naming core and full, and runs nothing',
    async (_what, request) => {
      const { call, runs } = build();
      const [path, init] = request();
      await expectInvalid(await call(path, init), /suite must be one of core, full/);
      expect(runs).toEqual([]);
    },
  );
});

describe('the catalog requires filter', () => {
  it('keeps the entries whose latest certification shows every named capability', async () => {
    const { call } = build();
    await call('/api/certification/certify-model', post({ modelId: MODEL, suite: 'full' }));
    await call('/api/certification/certify-model', post({ modelId: 'amazon.nova-pro-v1:0' }));
    const ids = async (query: string) =>
      (
        (await (
          await call(`/api/certification/catalog${query}`, { headers: auth })
        ).json()) as CatalogResponse
      ).models.map((entry) => entry.modelId);
    expect(await ids('')).toEqual(['amazon.nova-pro-v1:0', MODEL]);
    expect(await ids('?requires=toolUse')).toEqual(['amazon.nova-pro-v1:0', MODEL]);
    expect(await ids('?requires=imageInput,toolUse')).toEqual([MODEL]);
    // null (not determined) and false both fail the filter.
    expect(await ids('?requires=promptCaching')).toEqual([]);
    expect(await ids('?requires=citations')).toEqual([]);
    expect(await ids('?status=certified&requires=structuredOutput')).toEqual([MODEL]);
  });

  it.each(['vision', 'imageInput,vision', '', ','])(
    'requires=%s is a 400 naming every capability',
    async (value) => {
      const { call } = build();
      const response = await call(`/api/certification/catalog?requires=${value}`, {
        headers: auth,
      });
      await expectInvalid(response, new RegExp(CAPABILITY_NAMES.join(', ')));
    },
  );

  it('names the unknown capability', async () => {
    const { call } = build();
    await expectInvalid(
      await call('/api/certification/catalog?requires=imageInput,vision', { headers: auth }),
      /^Unknown capability vision: requires takes capability names/,
    );
  });
});
