import { describe, expect, it } from 'vitest';
import {
  ApiError,
  getCatalog,
  NetworkError,
  UnauthorizedApiError,
  type CatalogResponse,
} from '../../client/index.js';
import { errorResponse, fakeFetch } from './fake-service.js';

const BASE_URL = 'https://abc.lambda-url.us-east-1.on.aws/';
const CATALOG: CatalogResponse = {
  region: 'us-east-1',
  models: [
    {
      modelId: 'amazon.nova-lite-v1:0',
      modelName: 'Nova Lite',
      provider: 'Amazon',
      kind: 'foundation-model',
      lifecycle: 'ACTIVE',
      onDemand: true,
      inferenceProfiles: ['us.amazon.nova-lite-v1:0'],
      baseModelId: null,
      access: 'AVAILABLE',
      certification: null,
      lastChangedAt: null,
    },
  ],
};

const json = (body: unknown) =>
  new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });

describe('getCatalog', () => {
  it('reads the catalog route with the bearer token and answers the body as is', async () => {
    const fetch = fakeFetch(() => json(CATALOG));
    expect(await getCatalog({ baseUrl: BASE_URL, token: 'tok-1', fetch })).toEqual(CATALOG);
    expect(
      fetch.requests.map((request) => [
        request.method,
        request.url,
        request.headers.get('authorization'),
      ]),
    ).toEqual([
      ['GET', 'https://abc.lambda-url.us-east-1.on.aws/api/certification/catalog', 'Bearer tok-1'],
    ]);
  });

  it('passes the status filter as the query', async () => {
    const fetch = fakeFetch(() => json({ region: 'us-east-1', models: [] }));
    await getCatalog({ baseUrl: BASE_URL, token: 't', fetch, status: 'uncertified' });
    expect(fetch.requests[0]?.url).toBe(
      'https://abc.lambda-url.us-east-1.on.aws/api/certification/catalog?status=uncertified',
    );
  });

  it('passes the requires filter as one comma-separated parameter, beside the status', async () => {
    const fetch = fakeFetch(() => json({ region: 'us-east-1', models: [] }));
    await getCatalog({
      baseUrl: BASE_URL,
      token: 't',
      fetch,
      status: 'certified',
      requires: ['imageInput', 'toolUse'],
    });
    await getCatalog({ baseUrl: BASE_URL, token: 't', fetch, requires: [] });
    expect(fetch.requests.map((request) => request.url)).toEqual([
      'https://abc.lambda-url.us-east-1.on.aws/api/certification/catalog?status=certified&requires=imageInput%2CtoolUse',
      'https://abc.lambda-url.us-east-1.on.aws/api/certification/catalog',
    ]);
  });

  it('rejects with the errors every call shares: the 503 code and Retry-After, 401, network', async () => {
    const unavailable = await getCatalog({
      baseUrl: BASE_URL,
      token: 't',
      fetch: fakeFetch(() =>
        errorResponse(
          503,
          'CATALOG_UNAVAILABLE',
          'The Bedrock model listing is unavailable; try again shortly.',
          { 'retry-after': '5' },
        ),
      ),
    }).catch((error: unknown) => error);
    expect(unavailable).toBeInstanceOf(ApiError);
    expect(unavailable).toMatchObject({
      status: 503,
      code: 'CATALOG_UNAVAILABLE',
      retryAfterSeconds: 5,
    });

    const unauthorized = getCatalog({
      baseUrl: BASE_URL,
      token: 't',
      fetch: fakeFetch(() =>
        errorResponse(401, 'UNAUTHORIZED', 'A valid bearer token is required.'),
      ),
    });
    await expect(unauthorized).rejects.toBeInstanceOf(UnauthorizedApiError);

    const offline = getCatalog({
      baseUrl: BASE_URL,
      token: 't',
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    await expect(offline).rejects.toBeInstanceOf(NetworkError);
  });
});
