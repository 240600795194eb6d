import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { toRequest, toStreamingResult } from '../../functions/certify/function-url.js';
import { functionUrlEvent as event } from './function-url-event.js';

describe('toRequest', () => {
  it('keeps the raw, percent-encoded path and the query', () => {
    const request = toRequest(event());
    const url = new URL(request.url);
    expect(url.pathname).toBe(
      '/api/certification/check/arn%3Aaws%3Abedrock%3Aus-east-1%3A%3Afoundation-model%2Fanthropic.claude-v2',
    );
    expect(url.search).toBe('?a=1');
    expect(request.headers.get('authorization')).toBe('Bearer x');
  });

  it('decodes a base64 body and ignores a body on GET', async () => {
    const post = toRequest(
      event({
        body: Buffer.from('{"modelId":"a.b"}').toString('base64'),
        isBase64Encoded: true,
        method: 'POST',
      }),
    );
    expect(await post.text()).toBe('{"modelId":"a.b"}');
    expect(toRequest(event({ body: 'ignored' })).body).toBeNull();
  });

  it('folds cookies back into a header', () => {
    expect(toRequest(event({ cookies: ['a=1', 'b=2'] })).headers.get('cookie')).toBe('a=1; b=2');
  });
});

describe('toStreamingResult', () => {
  it('carries status and headers and bridges the body to a Node stream', async () => {
    const result = toStreamingResult(
      new Response('hello', { status: 418, headers: { 'x-a': 'b' } }),
    );
    expect(result.statusCode).toBe(418);
    expect(result.headers['x-a']).toBe('b');
    expect(result.body).toBeInstanceOf(Readable);
    let text = '';
    for await (const chunk of result.body as Readable)
      text += Buffer.from(chunk as Uint8Array).toString();
    expect(text).toBe('hello');
  });

  it('uses an empty body when the response has none', () => {
    expect(toStreamingResult(new Response(null, { status: 204 })).body).toBe('');
  });

  it('a body that fails before middy pipes it is no uncaught error: the pipeline still fails with it', async () => {
    const failure = new Error('producer broke');
    const result = toStreamingResult(
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.error(failure);
          },
        }),
      ),
    );
    // middy's after-middlewares run between the handler's return and pipeline().
    await nextTurn();
    await nextTurn();
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    await expect(pipeline(result.body as Readable, sink)).rejects.toBe(failure);
  });
});
