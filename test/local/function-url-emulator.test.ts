import middy from '@middy/core';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFunctionUrlEmulator, type FunctionUrlEmulator } from '../../local/function-url-emulator.js';
import { installLambdaRuntimeGlobals } from '../../local/lambda-runtime-globals.js';

beforeAll(() => installLambdaRuntimeGlobals());

let emulator: FunctionUrlEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** Records every event the handler receives. */
const received: Record<string, unknown>[] = [];

describe('Function URL emulator', () => {
  it('decodes the prelude into status and headers and streams the body', async () => {
    const handler = middy(
      (event: Record<string, unknown>) => {
        received.push(event);
        return { statusCode: 201, headers: { 'content-type': 'text/plain', 'x-custom': 'yes' }, body: Readable.from(['hello ', 'world']) };
      },
      { streamifyResponse: true },
    );
    emulator = await startFunctionUrlEmulator({ handler });
    const response = await fetch(`${emulator.url}/api/certification/check/arn%3Aaws%3Abedrock?x=1&x=2`, {
      headers: { authorization: 'Bearer abc', cookie: 'a=1; b=2' },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-custom')).toBe('yes');
    expect(await response.text()).toBe('hello world');

    const event = received.at(-1) as Record<string, unknown> & { headers: Record<string, string>; requestContext: { http: { method: string } } };
    expect(event.version).toBe('2.0');
    expect(event.rawPath).toBe('/api/certification/check/arn%3Aaws%3Abedrock');
    expect(event.rawQueryString).toBe('x=1&x=2');
    expect(event.queryStringParameters).toEqual({ x: '1,2' });
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.headers.authorization).toBe('Bearer abc');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.http.method).toBe('GET');
  });

  it('keeps the status of an empty body and passes JSON bodies as text, binary as base64', async () => {
    const handler = middy(
      (event: Record<string, unknown>) => {
        received.push(event);
        return { statusCode: 204, headers: {}, body: '' };
      },
      { streamifyResponse: true },
    );
    emulator = await startFunctionUrlEmulator({ handler });
    const json = await fetch(emulator.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(json.status).toBe(204);
    expect(received.at(-1)).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });

    await fetch(emulator.url, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array([0, 1, 2]) });
    expect(received.at(-1)).toMatchObject({ body: 'AAEC', isBase64Encoded: true });
  });

  it('joins repeated headers with commas, as Function URLs do', async () => {
    const handler = middy(
      (event: Record<string, unknown>) => {
        received.push(event);
        return { statusCode: 200, headers: {}, body: 'ok' };
      },
      { streamifyResponse: true },
    );
    emulator = await startFunctionUrlEmulator({ handler });
    // Two separate header lines (fetch would fold them into one before sending).
    await new Promise<void>((resolve, reject) => {
      const req = request(emulator?.url as string, (res) => {
        res.resume().once('end', resolve);
      });
      req.setHeader('x-twice', ['a', 'b']);
      req.setHeader('authorization', ['Bearer one', 'Bearer two']);
      req.once('error', reject).end();
    });
    const headers = (received.at(-1) as { headers: Record<string, string> }).headers;
    expect(headers['x-twice']).toBe('a,b');
    expect(headers.authorization).toBe('Bearer one,Bearer two');
  });

  it('destroys the response stream when the client disconnects, which cancels the handler body', async () => {
    let cancelled = false;
    const handler = middy(
      () => {
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('data: first\n\n'));
          },
          cancel() {
            cancelled = true;
          },
        });
        return { statusCode: 200, headers: { 'content-type': 'text/event-stream' }, body: Readable.fromWeb(body as never) };
      },
      { streamifyResponse: true },
    );
    emulator = await startFunctionUrlEmulator({ handler });
    const controller = new AbortController();
    const response = await fetch(emulator.url, { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: first\n\n');
    controller.abort();
    await expect.poll(() => cancelled, { timeout: 2_000 }).toBe(true);
    await expect.poll(() => emulator?.activeInvocations, { timeout: 2_000 }).toBe(0);
  });

  it('answers 502 when the handler fails before writing, as a Function URL does', async () => {
    const errors: unknown[] = [];
    const handler = middy(
      () => {
        throw new Error('init exploded');
      },
      { streamifyResponse: true },
    );
    emulator = await startFunctionUrlEmulator({ handler, onRuntimeError: (error) => errors.push(error) });
    const response = await fetch(emulator.url);
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ Message: 'Internal Server Error' });
    expect(errors).toHaveLength(1);
  });

  it('refuses a handler that is not a streaming handler', async () => {
    await expect(startFunctionUrlEmulator({ handler: () => Promise.resolve({}) })).rejects.toThrow(/streamifyResponse/);
  });
});
