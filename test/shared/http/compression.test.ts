import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, compressJson } from '../../../shared/http/compression.js';
import { EVENT_STREAM_HEADERS, jsonResponse } from '../../../shared/http/responses.js';

const URL = 'https://example.lambda-url.us-east-1.on.aws/api/certification/models';
const big = {
  certifications: Array.from({ length: 40 }, (_, i) => ({ modelId: `m-${i}`, ok: true })),
};

function request(acceptEncoding?: string, method = 'GET'): Request {
  return new Request(URL, {
    method,
    headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
  });
}

describe('acceptsGzip', () => {
  it.each([
    ['gzip', true],
    ['gzip, deflate, br', true],
    ['br;q=1.0, GZIP;q=0.5', true],
    ['*', true],
    ['x-gzip', true],
    ['identity', false],
    ['gzip;q=0', false],
    ['*;q=0', false],
    ['br, *;q=0', false],
    ['gzip;q=0, *', false],
    ['', false],
  ])('%j → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });

  it('is false without the header', () => {
    expect(acceptsGzip(null)).toBe(false);
  });
});

describe('compressJson', () => {
  it('gzips a JSON answer of 1 KiB or more for a client that accepts gzip, keeping status and headers', async () => {
    const original = jsonResponse(200, big, { 'x-extra': 'kept' });
    const text = JSON.stringify(big);
    expect(text.length).toBeGreaterThan(1_024);
    const response = await compressJson(request('gzip, deflate'), original);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('vary')).toBe('accept-encoding');
    expect(response.headers.get('x-extra')).toBe('kept');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBeLessThan(text.length / 3);
    expect(gunzipSync(bytes).toString('utf8')).toBe(text);
  });

  it('sends small answers, clients without gzip and HEAD requests as they are', async () => {
    for (const [req, body] of [
      [request('gzip'), { ok: true }],
      [request(undefined), big],
      [request('identity'), big],
      [request('gzip', 'HEAD'), big],
    ] as const) {
      const response = await compressJson(req, jsonResponse(200, body));
      expect(response.headers.get('content-encoding')).toBeNull();
      if (req.method !== 'HEAD') expect(await response.json()).toEqual(body);
    }
  });

  it('leaves the event stream and other types alone, untouched', async () => {
    const stream = new Response('data: {}\n\n'.repeat(200), { headers: EVENT_STREAM_HEADERS });
    expect(await compressJson(request('gzip'), stream)).toBe(stream);
    const page = new Response('<p>'.repeat(1_000), { headers: { 'content-type': 'text/html' } });
    expect(await compressJson(request('gzip'), page)).toBe(page);
  });
});
