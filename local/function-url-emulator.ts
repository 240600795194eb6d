import { randomUUID } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo, Socket } from 'node:net';
import { HTTP_INTEGRATION_CONTENT_TYPE, isStreamingHandler, LambdaResponseStream, type StreamingHandler } from './lambda-runtime-globals.js';
import { PreludeDecoder, type HttpPrelude } from './prelude-decoder.js';

/**
 * A local Lambda Function URL in `RESPONSE_STREAM` mode: turns HTTP requests into payload v2
 * events, invokes the handler the way the Node.js runtime does for streaming functions, and
 * decodes the handler's byte stream (JSON prelude, 8 NUL bytes, body) back into HTTP.
 */

/** Options of {@link startFunctionUrlEmulator}. */
export interface FunctionUrlEmulatorOptions {
  /** A handler wrapped with `awslambda.streamifyResponse` (see lambda-runtime-globals.ts). */
  handler: unknown;
  port?: number;
  host?: string;
  functionName?: string;
  /** The function timeout; the stream is cut when it passes, as Lambda would. */
  timeoutMs?: number;
  /** Called with errors the runtime would log (the handler rejected, a stream broke). */
  onRuntimeError?: (error: unknown) => void;
}

/** A running emulator. */
export interface FunctionUrlEmulator {
  url: string;
  /** Invocations currently running. */
  readonly activeInvocations: number;
  close(): Promise<void>;
}

/** Function URL request payload limit. */
const MAX_REQUEST_BYTES = 6 * 1024 * 1024;
const TEXT_CONTENT = /^(?:text\/|application\/(?:json|xml|x-www-form-urlencoded|javascript)|[^;]*\+(?:json|xml))/i;

/** Starts the emulator on 127.0.0.1 (port 0 picks a free port). */
export async function startFunctionUrlEmulator(options: FunctionUrlEmulatorOptions): Promise<FunctionUrlEmulator> {
  if (!isStreamingHandler(options.handler)) {
    throw new TypeError('The handler is not wrapped with awslambda.streamifyResponse (install the runtime globals before importing it).');
  }
  const handler: StreamingHandler = options.handler;
  const functionName = options.functionName ?? 'certification-handler';
  const timeoutMs = options.timeoutMs ?? 90_000;
  const onRuntimeError = options.onRuntimeError ?? (() => undefined);
  const sockets = new Set<Socket>();
  let active = 0;

  const server: Server = createServer((req, res) => {
    active += 1;
    res.once('close', () => (active -= 1));
    void invoke(req, res).catch((error: unknown) => {
      onRuntimeError(error);
      if (!res.headersSent) sendJson(res, 502, { Message: 'Internal Server Error' });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // Requests that never reach a handler are answered by the front door, as a Function URL's
  // own errors are: JSON, not node's bare "400 Bad Request" (or, for CONNECT, a dropped socket).
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    // A response already under way on this socket (a pipelined request broke) cannot get a second head.
    const busy = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (error.code === 'ECONNRESET' || !socket.writable || busy) socket.destroy();
    else rawJson(socket, status, { Message: STATUS_CODES[status] ?? 'Bad Request' });
  });
  server.on('connect', (_request: IncomingMessage, socket: Duplex) => rawJson(socket, 405, { Message: 'Method Not Allowed' }));

  async function invoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (body === undefined) {
      sendJson(res, 413, { Message: `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the InvokeFunction operation` });
      return;
    }
    const requestId = randomUUID();
    const event = toEvent(req, body, requestId);
    const deadline = Date.now() + timeoutMs;
    const context = {
      awsRequestId: requestId,
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
      memoryLimitInMB: '1024',
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: `local/${requestId}`,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };

    const decoder = new PreludeDecoder(
      (prelude) => writeHead(res, prelude),
      (chunk) => void res.write(chunk),
    );
    const stream = new LambdaResponseStream((chunk) => {
      if (stream.contentType === HTTP_INTEGRATION_CONTENT_TYPE) {
        decoder.push(chunk);
      } else {
        // A handler that never called HttpResponseStream.from: a plain 200 with its content type.
        writeHead(res, { statusCode: 200, headers: { 'content-type': stream.contentType }, cookies: [] });
        res.write(chunk);
      }
      if (!res.writableNeedDrain) return undefined;
      return new Promise<void>((resolve) => {
        res.once('drain', resolve);
        res.once('close', resolve);
      });
    });

    // The client went away mid-response: fail the stream as the runtime would, so the
    // handler's pipeline tears down and cancels its producer.
    res.once('close', () => {
      if (!res.writableFinished) stream.destroy(new Error('client disconnected'));
    });
    const timer = setTimeout(() => stream.destroy(new Error(`Task timed out after ${timeoutMs / 1000} seconds`)), timeoutMs);
    try {
      await handler(event, stream, context);
      await new Promise<void>((resolve) => (stream.writableFinished ? resolve() : stream.once('finish', resolve).once('close', resolve)));
      if (!res.headersSent && !res.destroyed) writeHead(res, { statusCode: 200, headers: {}, cookies: [] });
      res.end();
    } catch (error) {
      if (res.destroyed) return; // the client left; the runtime just logs the broken stream
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    get activeInvocations() {
      return active;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function writeHead(res: ServerResponse, prelude: HttpPrelude): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | string[]> = { ...prelude.headers };
  if (prelude.cookies.length > 0) headers['set-cookie'] = prelude.cookies;
  res.writeHead(prelude.statusCode, headers);
  // Flush the head now: an SSE client should see 200 before the first event.
  res.flushHeaders();
}

/** Writes a whole JSON response straight to a socket that has no `ServerResponse`, then closes it. */
function rawJson(socket: Duplex, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(json)}\r\nconnection: close\r\n\r\n${json}`,
  );
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The Function URL payload v2 event for a request, as AWS builds it. */
function toEvent(req: IncomingMessage, body: Buffer, requestId: string): Record<string, unknown> {
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const rawPath = queryAt < 0 ? url : url.slice(0, queryAt);
  const rawQueryString = queryAt < 0 ? '' : url.slice(queryAt + 1);

  // Function URLs join repeated headers with commas and move cookies to their own array.
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (!values) continue;
    if (name === 'cookie') cookies = values.flatMap((v) => v.split(/;\s*/)).filter(Boolean);
    else headers[name] = values.join(',');
  }

  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) query[key] = key in query ? `${query[key]},${value}` : value;

  const host = headers.host ?? 'localhost';
  const now = new Date();
  const isText = TEXT_CONTENT.test(headers['content-type'] ?? '');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    ...(cookies ? { cookies } : {}),
    ...(rawQueryString ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0],
      http: {
        method: req.method ?? 'GET',
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !isText,
  };
}
