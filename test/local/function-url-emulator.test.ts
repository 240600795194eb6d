import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { request } from 'node:http';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  requestTime,
  startFunctionUrlEmulator,
  type FunctionUrlEmulator,
  type FunctionUrlEmulatorOptions,
} from '../../local/function-url-emulator.js';
import {
  installLambdaRuntimeGlobals,
  type LambdaResponseStream,
} from '../../local/lambda-runtime-globals.js';
import { CERTIFY_FUNCTION } from '../../shared/lambda-limits.js';
import { waitFor } from '../support/service-client.js';

beforeAll(() => installLambdaRuntimeGlobals());

let emulator: FunctionUrlEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** Starts an emulator whose every environment runs `handler` (the same function object). */
async function serve(
  handler: unknown,
  options: Omit<FunctionUrlEmulatorOptions, 'loadHandler'> = {},
): Promise<FunctionUrlEmulator> {
  emulator = await startFunctionUrlEmulator({
    ...options,
    loadHandler: () => Promise.resolve(handler),
  });
  return emulator;
}

/** A handler answering `response()` through middy's streamifyResponse mode, recording its events. */
function middyHandler(
  response: (event: Record<string, unknown>, context: Context) => unknown,
  received: Record<string, unknown>[] = [],
) {
  return middy(
    (event: Record<string, unknown>, context: Context) => {
      received.push(event);
      return response(event, context);
    },
    // timeoutEarly off: timeouts here are the emulator's to enforce.
    { streamifyResponse: true, timeoutEarlyInMillis: 0 },
  );
}

/** A promise and the function that settles it: a gate a test opens when it is ready. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Writes `text` on a fresh connection and reads until the server closes it. */
function exchange(url: string, text: string): Promise<string> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(text));
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

describe('Function URL emulator: events and the prelude', () => {
  it("runs the handler as the certify function: that function's timeout and memory, unless told otherwise", async () => {
    const { url } = await serve(
      middyHandler((_event, context) => ({
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          remainingMs: context.getRemainingTimeInMillis(),
          memory: context.memoryLimitInMB,
        }),
      })),
    );
    const { remainingMs, memory } = (await (await fetch(`${url}/`)).json()) as {
      remainingMs: number;
      memory: string;
    };
    expect(memory).toBe(String(CERTIFY_FUNCTION.memoryMb));
    expect(remainingMs).toBeLessThanOrEqual(CERTIFY_FUNCTION.timeoutMs);
    // The invocation started moments ago: nearly all of the 90 s remain.
    expect(remainingMs).toBeGreaterThan(CERTIFY_FUNCTION.timeoutMs - 10_000);
  });

  it('decodes the prelude into status and headers and streams the body', async () => {
    const received: Record<string, unknown>[] = [];
    const { url } = await serve(
      middyHandler(
        () => ({
          statusCode: 201,
          headers: { 'content-type': 'text/plain', 'x-custom': 'yes' },
          body: Readable.from(['hello ', 'world']),
        }),
        received,
      ),
    );
    const response = await fetch(`${url}/api/certification/check/arn%3Aaws%3Abedrock?x=1&x=2`, {
      headers: { authorization: 'Bearer abc', cookie: 'a=1; b=2' },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-custom')).toBe('yes');
    expect(await response.text()).toBe('hello world');

    const event = received.at(-1) as Record<string, unknown> & {
      headers: Record<string, string>;
      requestContext: { http: { method: string } };
    };
    expect(event.version).toBe('2.0');
    expect(event.rawPath).toBe('/api/certification/check/arn%3Aaws%3Abedrock');
    expect(event.rawQueryString).toBe('x=1&x=2');
    expect(event.queryStringParameters).toEqual({ x: '1,2' });
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.headers.authorization).toBe('Bearer abc');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(event.requestContext.http.method).toBe('GET');
  });

  it("writes requestContext.time in the Function URL's format, the same instant as timeEpoch", async () => {
    const received: Record<string, unknown>[] = [];
    const { url } = await serve(
      middyHandler(() => ({ statusCode: 204 }), received),
      {},
    );
    await fetch(url);
    const { time, timeEpoch } = (received.at(-1) as { requestContext: Record<string, unknown> })
      .requestContext as { time: string; timeEpoch: number };
    // The payload example in the Lambda developer guide: "12/Mar/2020:19:03:58 +0000".
    expect(time).toMatch(
      /^\d{2}\/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/,
    );
    expect(time).toBe(requestTime(new Date(timeEpoch)));
    expect(requestTime(new Date(Date.UTC(2026, 11, 7, 3, 5, 9, 870)))).toBe(
      '07/Dec/2026:03:05:09 +0000',
    );
  });

  it("drops the client's hop-by-hop headers, and those its Connection names, as a proxy does", async () => {
    const received: Record<string, unknown>[] = [];
    const { url } = await serve(
      middyHandler(() => ({ statusCode: 204 }), received),
      {},
    );
    const { port, hostname } = new URL(url);
    await new Promise<void>((resolve, reject) => {
      const sending = request(
        {
          host: hostname,
          port,
          method: 'POST',
          path: '/health',
          headers: {
            connection: 'keep-alive, X-Session-Hint',
            'keep-alive': 'timeout=5',
            'x-session-hint': 'hop',
            te: 'trailers',
            trailer: 'x-checksum',
            'transfer-encoding': 'chunked',
            upgrade: 'h2c',
            'proxy-authorization': 'Basic cHJveHk6c2VjcmV0',
            'proxy-connection': 'keep-alive',
            'content-type': 'text/plain',
            authorization: 'Bearer kept',
            'x-end-to-end': 'kept',
          },
        },
        (response) => {
          response.resume();
          response.on('end', resolve);
        },
      );
      sending.on('error', reject);
      sending.write('a chunked ');
      sending.addTrailers({ 'x-checksum': 'abc' });
      sending.end('body');
    });
    const event = received.at(-1) as { headers: Record<string, string>; body: string };
    expect(event.body).toBe('a chunked body');
    expect(event.headers).toMatchObject({
      authorization: 'Bearer kept',
      'x-end-to-end': 'kept',
      'content-type': 'text/plain',
    });
    for (const name of [
      'connection',
      'keep-alive',
      'x-session-hint',
      'te',
      'trailer',
      'transfer-encoding',
      'upgrade',
      'proxy-authorization',
      'proxy-connection',
    ])
      expect(event.headers[name], name).toBeUndefined();
  });

  it('keeps the status of a body written as an empty string, and passes JSON bodies as text, binary as base64', async () => {
    const received: Record<string, unknown>[] = [];
    const { url } = await serve(
      middyHandler(() => ({ statusCode: 204, headers: { 'x-kept': 'yes' }, body: '' }), received),
    );
    const json = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    // middy writes '' (#1189): the runtime's first write, which carries the prelude.
    expect(json.status).toBe(204);
    expect(json.headers.get('x-kept')).toBe('yes');
    expect(received.at(-1)).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });

    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array([0, 1, 2]),
    });
    expect(received.at(-1)).toMatchObject({ body: 'AAEC', isBase64Encoded: true });
  });

  it('a body stream that ends without a single write loses its status and headers: 200 application/octet-stream, as in AWS', async () => {
    // The zero-byte regression: an empty body bridged as a stream that never writes.
    const { url } = await serve(
      middyHandler(() => ({
        statusCode: 304,
        headers: { 'x-lost': 'yes', 'content-type': 'text/plain' },
        body: Readable.from([]),
      })),
    );
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('x-lost')).toBeNull();
    expect(await response.text()).toBe('');
  });

  it('a raw streaming handler that only sets a content type gets a 200 with it', async () => {
    const handler = (
      globalThis as unknown as { awslambda: { streamifyResponse<T>(h: T): T } }
    ).awslambda.streamifyResponse((_event: unknown, stream: LambdaResponseStream) => {
      stream.setContentType('text/plain');
      stream.end();
      return Promise.resolve();
    });
    const response = await fetch((await serve(handler)).url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain');
  });

  it('the content type cannot change after the first write, as the runtime refuses it', async () => {
    const errors: unknown[] = [];
    const handler = (
      globalThis as unknown as { awslambda: { streamifyResponse<T>(h: T): T } }
    ).awslambda.streamifyResponse((_event: unknown, stream: LambdaResponseStream) => {
      stream.write('a');
      stream.setContentType('text/plain');
      return Promise.resolve();
    });
    const { url } = await serve(handler, { onRuntimeError: (error) => errors.push(error) });
    const response = await fetch(url);
    // The head went out with the first write; the failed invocation cuts the body short.
    await expect(response.text()).rejects.toThrow();
    expect(errors).toEqual([
      expect.objectContaining({ message: 'Cannot set content-type, too late.' }),
    ]);
  });

  it('joins repeated headers with commas, as Function URLs do', async () => {
    const received: Record<string, unknown>[] = [];
    const { url } = await serve(
      middyHandler(() => ({ statusCode: 200, headers: {}, body: 'ok' }), received),
    );
    // Two separate header lines (fetch would fold them into one before sending).
    await new Promise<void>((resolve, reject) => {
      const req = request(url, (res) => {
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

  it('gives the handler the request id and X-Ray trace id the runtime would, and answers with them', async () => {
    const seen: { context?: Context; event?: Record<string, unknown>; traceId?: string } = {};
    const store = () =>
      (
        globalThis as unknown as {
          awslambda: { InvokeStore: { getXRayTraceId(): string | undefined } };
        }
      ).awslambda.InvokeStore;
    const { url } = await serve(
      middyHandler((event, context) => {
        Object.assign(seen, { event, context, traceId: store().getXRayTraceId() });
        return { statusCode: 200, headers: {}, body: 'ok' };
      }),
    );
    const response = await fetch(url);
    await response.text();
    const requestId = seen.context?.awsRequestId;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-amzn-requestid')).toBe(requestId);
    expect((seen.event?.requestContext as { requestId: string }).requestId).toBe(requestId);
    expect(seen.traceId).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    expect(response.headers.get('x-amzn-trace-id')).toBe(seen.traceId);
    expect((seen.event?.headers as Record<string, string>)['x-amzn-trace-id']).toBe(
      seen.traceId?.split(';')[0],
    );
    // Outside an invocation there is no trace id.
    expect(store().getXRayTraceId()).toBeUndefined();
  });
});

describe('Function URL emulator: client disconnects', () => {
  /** A handler that sends one event, then waits for `release` before its last one. */
  function slowStream(release: Promise<void>, state: { cancelled: boolean; finished: boolean }) {
    return middyHandler(() => {
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode('data: first\n\n'));
        },
        async pull(controller) {
          await release;
          controller.enqueue(encoder.encode('data: last\n\n'));
          controller.close();
          state.finished = true;
        },
        cancel() {
          state.cancelled = true;
        },
      });
      return {
        statusCode: 200,
        headers: { 'content-type': 'text/event-stream' },
        body: Readable.fromWeb(body as never),
      };
    });
  }

  async function readFirstThenLeave(url: string): Promise<void> {
    const controller = new AbortController();
    const response = await fetch(url, { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: first\n\n');
    controller.abort();
  }

  it('as in AWS, the function is not told: the invocation runs to its end and holds its environment until then', async () => {
    const release = gate();
    const state = { cancelled: false, finished: false };
    const errors: unknown[] = [];
    const { url } = await serve(slowStream(release.opened, state), {
      onRuntimeError: (error) => errors.push(error),
    });
    await readFirstThenLeave(url);
    await waitFor(() => emulator?.stats.clientDisconnects === 1, 5_000);
    // The client is gone; the environment is still busy with its invocation.
    expect(emulator?.stats.busyEnvironments).toBe(1);
    expect(state.cancelled).toBe(false);

    release.open();
    await waitFor(() => emulator?.stats.busyEnvironments === 0, 5_000);
    expect(state).toEqual({ cancelled: false, finished: true });
    expect(errors).toEqual([]);
  });

  it('destroyStreamOnDisconnect (not AWS behaviour, opt-in) fails the stream, which cancels the handler body', async () => {
    const state = { cancelled: false, finished: false };
    const errors: unknown[] = [];
    const { url } = await serve(slowStream(new Promise(() => undefined), state), {
      destroyStreamOnDisconnect: true,
      onRuntimeError: (error) => errors.push(error),
    });
    await readFirstThenLeave(url);
    await waitFor(() => state.cancelled, 5_000);
    await waitFor(() => emulator?.stats.busyEnvironments === 0, 5_000);
    expect(state.finished).toBe(false);
    // The cut-off the test asked for is not a runtime error.
    expect(errors).toEqual([]);
  });

  it('a client that leaves before the answer head (a POST still running) does not take the process down', async () => {
    const release = gate();
    const finished: string[] = [];
    const { url } = await serve(
      middyHandler(async () => {
        await release.opened;
        finished.push('ran');
        return {
          statusCode: 200,
          headers: { 'content-type': 'application/json' },
          body: '{"done":true}',
        };
      }),
    );
    const controller = new AbortController();
    const pending = fetch(url, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
      signal: controller.signal,
    });
    await waitFor(() => emulator?.stats.busyEnvironments === 1, 5_000);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await waitFor(() => emulator?.stats.clientDisconnects === 1, 5_000);
    release.open();
    await waitFor(() => emulator?.stats.busyEnvironments === 0, 5_000);
    expect(finished).toEqual(['ran']);
    // The same environment serves the next request.
    expect((await fetch(url, { method: 'POST', body: '{}' })).status).toBe(200);
    expect(emulator?.stats.environmentsCreated).toBe(1);
  });
});

describe('Function URL emulator: execution environments', () => {
  /** A loader that makes a new handler per environment, each answering with its number after `release`. */
  function environments(release: () => Promise<void>) {
    let loaded = 0;
    return () => {
      const id = ++loaded;
      return Promise.resolve(
        middyHandler(async () => {
          await release();
          return { statusCode: 200, headers: { 'content-type': 'text/plain' }, body: String(id) };
        }),
      );
    };
  }

  it('runs one invocation per environment: concurrent requests get their own, later ones reuse idle ones', async () => {
    let release = gate();
    emulator = await startFunctionUrlEmulator({ loadHandler: environments(() => release.opened) });
    const { url } = emulator;
    const first = Array.from({ length: 3 }, () => fetch(url).then((response) => response.text()));
    await waitFor(() => emulator?.stats.busyEnvironments === 3, 5_000);
    expect(emulator.stats.environmentsCreated).toBe(3);
    release.open();
    expect(new Set(await Promise.all(first))).toEqual(new Set(['1', '2', '3']));

    release = gate();
    release.open();
    for (let i = 0; i < 3; i++) await (await fetch(url)).text();
    expect(emulator.stats).toMatchObject({
      environmentsCreated: 3,
      busyEnvironments: 0,
      idleEnvironments: 3,
      invocations: 6,
    });
  });

  it("reserved concurrency: one request more than the cap gets the URL's 429, and none reaches a handler", async () => {
    const release = gate();
    emulator = await startFunctionUrlEmulator({
      loadHandler: environments(() => release.opened),
      concurrency: 2,
    });
    const { url } = emulator;
    const admitted = Array.from({ length: 2 }, () =>
      fetch(url).then((response) => response.status),
    );
    await waitFor(() => emulator?.stats.busyEnvironments === 2, 5_000);

    const throttled = await fetch(url);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('content-type')).toBe('application/json');
    expect(throttled.headers.get('x-amzn-errortype')).toBe('TooManyRequestsException');
    expect(await throttled.json()).toEqual({ Message: 'Rate Exceeded.' });
    expect(emulator.stats).toMatchObject({ throttled: 1, invocations: 2, environmentsCreated: 2 });

    release.open();
    expect(await Promise.all(admitted)).toEqual([200, 200]);
    expect((await fetch(url)).status).toBe(200);
  });

  it('an environment whose init fails answers 502; the next request initialises a new one', async () => {
    const errors: unknown[] = [];
    let loads = 0;
    const ok = middyHandler(() => ({ statusCode: 200, headers: {}, body: 'ok' }));
    const blocked = gate();
    emulator = await startFunctionUrlEmulator({
      // eslint-disable-next-line @typescript-eslint/require-await -- async so the throw below is a rejection, as a failed import is
      loadHandler: async () => {
        loads += 1;
        if (loads === 2) throw new Error('bad configuration');
        return loads === 1
          ? middyHandler(async () => {
              await blocked.opened;
              return { statusCode: 200, headers: {}, body: 'first' };
            })
          : ok;
      },
      onRuntimeError: (error) => errors.push(error),
    });
    const busy = fetch(emulator.url);
    await waitFor(() => emulator?.stats.busyEnvironments === 1, 5_000);
    const failed = await fetch(emulator.url);
    expect(failed.status).toBe(502);
    expect(await failed.json()).toEqual({ Message: 'Internal Server Error' });
    expect(errors).toEqual([expect.objectContaining({ message: 'bad configuration' })]);
    expect((await fetch(emulator.url)).status).toBe(200);
    blocked.open();
    expect((await busy).status).toBe(200);
  });

  it('answers 502 when the handler fails before writing, as a Function URL does', async () => {
    const errors: unknown[] = [];
    const { url } = await serve(
      middyHandler(() => {
        throw new Error('init exploded');
      }),
      { onRuntimeError: (error) => errors.push(error) },
    );
    const response = await fetch(url);
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ Message: 'Internal Server Error' });
    expect(errors).toHaveLength(1);
  });

  it('a timed-out invocation answers 502 (or is cut off) and its environment is reset, not reused', async () => {
    const errors: unknown[] = [];
    let loads = 0;
    emulator = await startFunctionUrlEmulator({
      loadHandler: () => {
        loads += 1;
        return Promise.resolve(
          middyHandler((event) =>
            event.rawPath === '/hang'
              ? new Promise(() => undefined)
              : { statusCode: 200, headers: {}, body: 'ok' },
          ),
        );
      },
      timeoutMs: 200,
      onRuntimeError: (error) => errors.push(error),
    });
    const response = await fetch(`${emulator.url}/hang`);
    expect(response.status).toBe(502);
    expect(errors).toEqual([
      expect.objectContaining({ message: 'Task timed out after 0.20 seconds' }),
    ]);
    expect(emulator.stats).toMatchObject({ busyEnvironments: 0, idleEnvironments: 0 });
    expect((await fetch(emulator.url)).status).toBe(200);
    expect(loads).toBe(2);
  });

  it('provisioned concurrency initialises environments at start, one after another, and keeps them warm', async () => {
    let loads = 0;
    emulator = await startFunctionUrlEmulator({
      loadHandler: () => {
        loads += 1;
        return Promise.resolve(middyHandler(() => ({ statusCode: 200, headers: {}, body: 'ok' })));
      },
      provisionedConcurrency: 3,
    });
    expect(loads).toBe(3);
    expect(emulator.stats).toMatchObject({
      environmentsCreated: 3,
      idleEnvironments: 3,
      invocations: 0,
    });
    await Promise.all(
      Array.from({ length: 3 }, async () => (await fetch(emulator?.url ?? '')).text()),
    );
    expect(loads).toBe(3);
  });

  it('refuses a handler that is not a streaming handler, at start', async () => {
    await expect(
      startFunctionUrlEmulator({ loadHandler: () => Promise.resolve(() => Promise.resolve({})) }),
    ).rejects.toThrow(/streamifyResponse/);
  });
});

describe('Function URL emulator: CORS, as the URL config applies it', () => {
  const cors = {
    allowedOrigins: ['https://app.example'],
    allowedMethods: ['GET', 'POST'] as const,
    allowedHeaders: ['authorization', 'content-type'],
    exposedHeaders: ['retry-after', 'x-request-id'],
    allowCredentials: false,
    maxAgeSeconds: 3600,
  };
  const preflight = (origin: string) => ({
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    },
  });

  it('answers a preflight from a listed origin itself, with the configured headers, and never invokes the function', async () => {
    const received: Record<string, unknown>[] = [];
    const { url } = await serve(
      middyHandler(() => ({ statusCode: 200, headers: {}, body: 'ok' }), received),
      { cors },
    );
    const response = await fetch(
      `${url}/api/certification/certify-model`,
      preflight('https://app.example'),
    );
    expect(response.status).toBe(200);
    expect(
      Object.fromEntries(
        [...response.headers].filter(
          ([name]) => name.startsWith('access-control-') || name === 'vary',
        ),
      ),
    ).toEqual({
      'access-control-allow-origin': 'https://app.example',
      'access-control-allow-methods': 'GET,POST',
      'access-control-allow-headers': 'authorization,content-type',
      'access-control-max-age': '3600',
      vary: 'Origin',
    });
    expect(await response.text()).toBe('');
    expect(received).toEqual([]);
  });

  it('answers a preflight from an unlisted origin without CORS headers, so the browser refuses; still no invocation', async () => {
    const received: Record<string, unknown>[] = [];
    const { url } = await serve(
      middyHandler(() => ({ statusCode: 200, headers: {}, body: 'ok' }), received),
      { cors },
    );
    const response = await fetch(url, preflight('https://evil.example'));
    expect(response.status).toBe(200);
    expect(
      [...response.headers.keys()].filter((name) => name.startsWith('access-control-')),
    ).toEqual([]);
    expect(received).toEqual([]);
  });

  it('adds Access-Control-Allow-Origin and the exposed headers to answers for a listed origin only', async () => {
    const { url } = await serve(
      middyHandler(() => ({ statusCode: 429, headers: { 'retry-after': '7' }, body: '{}' })),
      { cors },
    );
    const listed = await fetch(url, { headers: { origin: 'https://app.example' } });
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(listed.headers.get('access-control-expose-headers')).toBe('retry-after,x-request-id');
    expect(listed.headers.get('vary')).toBe('Origin');
    expect(listed.headers.get('retry-after')).toBe('7');
    const unlisted = await fetch(url, { headers: { origin: 'https://evil.example' } });
    expect(unlisted.headers.get('access-control-allow-origin')).toBeNull();
    expect(unlisted.headers.get('access-control-expose-headers')).toBeNull();
  });

  it('without a CORS configuration the URL adds nothing and OPTIONS reaches the function', async () => {
    const received: Record<string, unknown>[] = [];
    const { url } = await serve(
      middyHandler(() => ({ statusCode: 405, headers: {}, body: 'no' }), received),
    );
    const response = await fetch(url, preflight('https://app.example'));
    expect(response.status).toBe(405);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(received).toHaveLength(1);
  });
});

describe('Function URL emulator: connections', () => {
  it('a request body that never completes is answered 408 after requestTimeoutMs and never reaches the handler', async () => {
    const received: Record<string, unknown>[] = [];
    const { url } = await serve(
      middyHandler(() => ({ statusCode: 200, headers: {}, body: 'ok' }), received),
      { requestTimeoutMs: 300 },
    );
    const answer = await exchange(
      url,
      'POST /api/certification/certify-model HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"mo',
    );
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(JSON.parse(body)).toEqual({ Message: 'Request Timeout' });
    expect(received).toEqual([]);
    expect(emulator?.stats.invocations).toBe(0);
  });

  it('the request timeout covers receiving the request only: an answer streaming past it completes', async () => {
    const { url } = await serve(
      middyHandler(() => ({
        statusCode: 200,
        headers: { 'content-type': 'text/plain' },
        body: Readable.from(
          (async function* () {
            for (let i = 0; i < 4; i++) {
              await new Promise((resolve) => setTimeout(resolve, 150));
              yield `${i}`;
            }
          })(),
        ),
      })),
      { requestTimeoutMs: 200 },
    );
    expect(await (await fetch(url)).text()).toBe('0123');
  });

  it('closes an idle keep-alive connection after keepAliveTimeoutMs', async () => {
    const { url } = await serve(
      middyHandler(() => ({ statusCode: 200, headers: {}, body: 'ok' })),
      { keepAliveTimeoutMs: 1_000 },
    );
    const answer = await exchange(
      url,
      'GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n',
    );
    // `exchange` resolves only when the server closed the connection it kept alive, and the
    // server announced the configured timeout, not node's 5 s.
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(answer.toLowerCase()).toContain('keep-alive: timeout=1');
  });
});
