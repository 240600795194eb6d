import { describe, expect, it } from 'vitest';
import type { TokenVerifier } from '../../../shared/auth/token-verifier.js';
import { RateLimitedError, UnauthorizedError } from '../../../shared/errors.js';
import type { RateLimiterPort, RunCertification } from '../../../shared/service/ports.js';
import type { CertificationEvent, ErrorBody } from '../../../shared/types.js';
import { MemoryCache, UnlimitedRateLimiter } from '../../support/in-memory-ports.js';
import { instantRun, memoryApp, memoryService } from '../../support/memory-service.js';

const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const BASE = 'https://example.lambda-url.us-east-1.on.aws';
const auth = { authorization: 'Bearer good' };

const verifier: TokenVerifier = {
  verify: (header) =>
    header === 'Bearer good'
      ? Promise.resolve({ sub: 'alice' })
      : Promise.reject(new UnauthorizedError()),
};

function build(options: { rateLimiter?: RateLimiterPort; run?: RunCertification } = {}) {
  const cache = new MemoryCache();
  const service = memoryService({
    cache,
    rateLimiter: options.rateLimiter ?? new UnlimitedRateLimiter(),
    runCertification: options.run ?? instantRun(),
  });
  const app = memoryApp(service, { cache, verifier });
  return (path: string, init: RequestInit = {}, language?: string) => {
    const headers = new Headers(init.headers);
    if (language !== undefined) headers.set('accept-language', language);
    return app(new Request(`${BASE}${path}`, { ...init, headers }), { requestId: 'req-1' });
  };
}

/** The JSON key paths of a value, so shapes can be compared whatever the strings say. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner)]));
  return typeof value;
}

const postJson = (body: string) => ({
  method: 'POST',
  headers: { ...auth, 'content-type': 'application/json' },
  body,
});

/** Bad requests of every kind the API refuses before doing anything. */
const BAD_REQUESTS: { name: string; path: string; init?: RequestInit }[] = [
  { name: 'no such route (404)', path: '/nope' },
  { name: 'wrong method (405)', path: '/api/certification/models', init: { method: 'POST' } },
  { name: 'no token (401)', path: `/api/certification/check/${MODEL}` },
  {
    name: 'bad model id (400)',
    path: '/api/certification/check/not a model',
    init: { headers: auth },
  },
  { name: 'bad JSON (400)', path: '/api/certification/certify-model', init: postJson('{') },
  {
    name: 'body not an object (400)',
    path: '/api/certification/certify-model',
    init: postJson('[1]'),
  },
  {
    name: 'bad content type (415)',
    path: '/api/certification/certify-model',
    init: { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: '{}' },
  },
  {
    name: 'bad history limit (400)',
    path: `/api/certification/history/${MODEL}?limit=0`,
    init: { headers: auth },
  },
  {
    name: 'bad month (400)',
    path: '/api/certification/usage?month=2026-13',
    init: { headers: auth },
  },
];

describe('error messages follow Accept-Language', () => {
  it.each(BAD_REQUESTS)(
    '$name: same status, code, headers and shape in English and Portuguese; only the message differs',
    async ({ path, init }) => {
      const call = build();
      const english = await call(path, init);
      const portuguese = await call(path, init, 'pt-BR,pt;q=0.9,en;q=0.8');
      expect(portuguese.status).toBe(english.status);
      expect(english.status).toBeGreaterThanOrEqual(400);
      const withoutRequestId = (response: Response) =>
        [...response.headers].filter(([name]) => name !== 'x-request-id');
      expect(withoutRequestId(portuguese)).toEqual(withoutRequestId(english));
      expect(english.headers.get('vary')).toBe('Accept-Language');

      const englishBody = (await english.json()) as ErrorBody;
      const portugueseBody = (await portuguese.json()) as ErrorBody;
      expect(shape(portugueseBody)).toEqual(shape(englishBody));
      expect(portugueseBody.error.code).toBe(englishBody.error.code);
      expect(portugueseBody.error.message).not.toBe(englishBody.error.message);
      expect(portugueseBody.error.message.length).toBeGreaterThan(0);
    },
  );

  it('keeps the English text of today by default and for an unknown language', async () => {
    const call = build();
    for (const language of [undefined, 'fr-FR', 'de;q=1, *;q=0.1', 'pt;q=0', '', ';;;']) {
      const body = (await (await call('/nope', {}, language)).json()) as ErrorBody;
      expect(body).toEqual({ error: { code: 'NOT_FOUND', message: 'No such route.' } });
    }
  });

  it('weighs q-values: a Portuguese preference after another unsupported language still wins', async () => {
    const call = build();
    const body = (await (
      await call('/nope', {}, 'fr;q=1, pt;q=0.5, en;q=0.4')
    ).json()) as ErrorBody;
    expect(body.error.message).toBe('Rota inexistente.');
    const english = (await (await call('/nope', {}, 'pt;q=0.3, en;q=0.7')).json()) as ErrorBody;
    expect(english.error.message).toBe('No such route.');
  });

  it('renders parameters in the message of either language (429 with its numbers)', async () => {
    const call = build({
      rateLimiter: { consume: () => Promise.reject(new RateLimitedError(42, 10, 60)) },
    });
    const stream = `/api/certification/certify-model/${MODEL}/stream`;
    const english = await call(stream, { headers: auth });
    const portuguese = await call(stream, { headers: auth }, 'pt-BR');
    expect(portuguese.headers.get('retry-after')).toBe('42');
    expect(((await english.json()) as ErrorBody).error.message).toBe(
      'At most 10 certifications per 60 s; retry after 42 s.',
    );
    expect(((await portuguese.json()) as ErrorBody).error.message).toBe(
      'No máximo 10 certificações a cada 60 s; tente de novo em 42 s.',
    );
  });
});

async function events(response: Response): Promise<CertificationEvent[]> {
  return (await response.text())
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: '))
    .map((frame) => JSON.parse(frame.slice(6)) as CertificationEvent);
}

describe('the stream in Portuguese', () => {
  const STREAM = `/api/certification/certify-model/${MODEL}/stream`;

  it('translates the terminal error event, with the same code and shape', async () => {
    const call = build({ run: () => Promise.reject(new Error('engine bug with internals')) });
    const [english] = await events(await call(STREAM, { headers: auth }));
    const response = await call(STREAM, { headers: auth }, 'pt-BR');
    expect(response.headers.get('vary')).toBe('Accept-Language');
    const [portuguese] = await events(response);
    expect(english).toEqual({
      type: 'error',
      code: 'INTERNAL_ERROR',
      message: 'Internal error; reference request id req-1.',
    });
    expect(portuguese).toEqual({
      type: 'error',
      code: 'INTERNAL_ERROR',
      message: 'Erro interno; informe o id de requisição req-1.',
    });
  });

  it('leaves progress and complete events exactly as they are (the original clients parse them)', async () => {
    const english = await events(await build()(STREAM, { headers: auth }));
    const portuguese = await events(await build()(STREAM, { headers: auth }, 'pt-BR'));
    expect(portuguese[0]).toEqual({
      type: 'progress',
      current: 0,
      total: 6,
      message: 'Starting 6 certification tests',
    });
    expect(portuguese.map((event) => event.type)).toEqual(english.map((event) => event.type));
    expect(shape(portuguese)).toEqual(shape(english));
  });
});
