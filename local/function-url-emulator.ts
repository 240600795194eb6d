import { randomBytes, randomUUID } from 'node:crypto';
import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { FunctionUrlCors } from '../infra/function-url-cors.js';
import { CERTIFY_FUNCTION } from '../shared/lambda-limits.js';
import {
  HTTP_INTEGRATION_CONTENT_TYPE,
  isStreamingHandler,
  LambdaResponseStream,
  runInInvocation,
  type StreamingHandler,
} from './lambda-runtime-globals.js';
import { PreludeDecoder, type HttpPrelude } from './prelude-decoder.js';
import { listenOn, type ListenTarget } from './reserved-port.js';

/**
 * A local Lambda Function URL in `RESPONSE_STREAM` mode, in front of a pool of execution
 * environments. It behaves as the URL and the Node.js runtime do, not as would be convenient:
 *
 * - One invocation per environment. Each environment is a fresh instance of the handler module
 *   (`loadHandler()`), created when every existing one is busy and reused once idle, like warm
 *   containers. `concurrency` caps them as reserved concurrency does: one more is a `429`.
 * - A client that leaves is not the function's business: the runtime's response stream never
 *   tells it (aws-lambda-nodejs-runtime-interface-client#145), so the invocation runs to its end
 *   and keeps its environment busy until the handler resolves. Only `destroyStreamOnDisconnect`
 *   (not AWS behaviour) fails the stream instead.
 * - The prelude arrives with the first write. A stream that ends without one is a `200
 *   application/octet-stream` with an empty body, whatever status the handler meant.
 * - CORS is the URL's: preflights are answered here for listed origins and never reach the
 *   function; answers to listed origins get `Access-Control-Allow-Origin` and the exposed headers.
 * - A request body that never completes is answered `408` after `requestTimeoutMs`.
 *
 * Not modelled: every environment lives in this one process (an uncaught exception ends them
 * all, where Lambda restarts one; a timed-out invocation's leftover work keeps running instead of
 * being frozen); idle environments are never shut down; no memory limit, billing, response size
 * or bandwidth limit, error trailers (a failed stream is simply cut), IAM auth or TLS. The answers
 * to an unlisted origin's preflight (200, no CORS headers) and to a throttle (429
 * `{"Message":"Rate Exceeded."}`) follow public captures; AWS does not document them.
 */

/** Options of {@link startFunctionUrlEmulator}. */
export interface FunctionUrlEmulatorOptions {
  /**
   * Loads a fresh instance of the handler module and returns its handler (wrapped with
   * `awslambda.streamifyResponse`): called once per new execution environment, i.e. its init
   * phase. The first environment is initialised at start, so a handler that cannot load fails
   * the start rather than the first request.
   */
  loadHandler: () => Promise<unknown>;
  /** A port (0, the default, picks a free one) or a reservation to take over. */
  port?: ListenTarget;
  host?: string;
  functionName?: string;
  /**
   * The function timeout; the stream is cut when it passes, as Lambda would. Default the certify
   * function's (`CERTIFY_FUNCTION`, 15 min).
   */
  timeoutMs?: number;
  /** Reserved concurrency: busy environments beyond this are throttled with a `429`. Default: no cap. */
  concurrency?: number;
  /**
   * Environments initialised at start, one after another, and kept warm, as provisioned
   * concurrency does: a burst then meets warm environments instead of paying every init at once
   * (on one process and two cores, dozens of simultaneous inits starve each other). Default 1.
   */
  provisionedConcurrency?: number;
  /** The URL's CORS configuration; none (the default) sends no CORS headers and passes OPTIONS to the function. */
  cors?: FunctionUrlCors;
  /**
   * Not AWS behaviour, for tests that need it: fail the response stream when the client leaves,
   * which cancels a handler that pipes into it. By default (as in AWS) nothing happens.
   */
  destroyStreamOnDisconnect?: boolean;
  /** How long an idle keep-alive connection stays open. Default 5 s (node's default). */
  keepAliveTimeoutMs?: number;
  /** Time allowed to receive a whole request, headers and body, before a `408`. Default 10 s. */
  requestTimeoutMs?: number;
  /** Called with errors the runtime would log (an init or handler failure, a broken stream, a timeout). */
  onRuntimeError?: (error: unknown) => void;
  /**
   * Not AWS behaviour: paths (exact, without the query) the local stack answers itself, for GET
   * and HEAD, without invoking the function, e.g. `npm start`'s sign-in link. The handler never
   * sees them and knows nothing of them.
   */
  localRoutes?: ReadonlyMap<string, (req: IncomingMessage, res: ServerResponse) => void>;
}

/** Counters of a running emulator, for tests. */
export interface FunctionUrlEmulatorStats {
  /** Execution environments initialised so far (each a fresh module instance). */
  environmentsCreated: number;
  /** Environments running an invocation now, or initialising for one. */
  busyEnvironments: number;
  idleEnvironments: number;
  /** Invocations started. */
  invocations: number;
  /** Requests refused with `429` because `concurrency` environments were busy. */
  throttled: number;
  /** Clients that left before their answer was complete. */
  clientDisconnects: number;
}

/** A running emulator. */
export interface FunctionUrlEmulator {
  url: string;
  /** A snapshot of the counters. */
  readonly stats: FunctionUrlEmulatorStats;
  close(): Promise<void>;
}

/** Function URL request payload limit. */
const MAX_REQUEST_BYTES = 6 * 1024 * 1024;
const TEXT_CONTENT =
  /^(?:text\/|application\/(?:json|xml|x-www-form-urlencoded|javascript)|[^;]*\+(?:json|xml))/i;

interface Environment {
  handler: StreamingHandler;
}

/** Execution environments: one invocation each, reused when idle, capped by reserved concurrency. */
class EnvironmentPool {
  private readonly idle: Environment[] = [];
  busy = 0;
  created = 0;

  constructor(
    private readonly loadHandler: () => Promise<unknown>,
    private readonly cap: number | undefined,
  ) {}

  get idleCount(): number {
    return this.idle.length;
  }

  /** Initialises one environment ahead of traffic and keeps it idle. */
  async prewarm(): Promise<void> {
    this.idle.push(await this.create());
  }

  /** A free environment, a new one, or `undefined` when the cap is reached (a throttle). */
  async acquire(): Promise<Environment | undefined> {
    const warm = this.idle.pop();
    if (warm) {
      this.busy += 1;
      return warm;
    }
    if (this.cap !== undefined && this.busy >= this.cap) return undefined;
    this.busy += 1;
    try {
      return await this.create();
    } catch (error) {
      this.busy -= 1;
      throw error;
    }
  }

  /** Ends an invocation; a timed-out environment is reset by Lambda, so it is not reused. */
  release(environment: Environment, reusable: boolean): void {
    this.busy -= 1;
    if (reusable) this.idle.push(environment);
  }

  private async create(): Promise<Environment> {
    const handler = await this.loadHandler();
    if (!isStreamingHandler(handler)) {
      throw new TypeError(
        'The handler is not wrapped with awslambda.streamifyResponse (install the runtime globals before importing it).',
      );
    }
    this.created += 1;
    return { handler };
  }
}

/** Starts the emulator on 127.0.0.1 (port 0 picks a free port). */
export async function startFunctionUrlEmulator(
  options: FunctionUrlEmulatorOptions,
): Promise<FunctionUrlEmulator> {
  const functionName = options.functionName ?? 'certification-handler';
  const timeoutMs = options.timeoutMs ?? CERTIFY_FUNCTION.timeoutMs;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const onRuntimeError = options.onRuntimeError ?? (() => undefined);
  const pool = new EnvironmentPool(options.loadHandler, options.concurrency);
  const counters = { invocations: 0, throttled: 0, clientDisconnects: 0 };
  const sockets = new Set<Socket>();
  for (let i = 0; i < Math.max(1, options.provisionedConcurrency ?? 1); i++) await pool.prewarm();

  const server: Server = createServer(
    {
      // A body that never completes is cut off after requestTimeoutMs (node's default is 300 s),
      // checked every second rather than node's 30 s.
      requestTimeout: requestTimeoutMs,
      headersTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, Math.max(50, Math.floor(requestTimeoutMs / 4))),
    },
    (req, res) => void serve(req, res),
  );
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 5_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // Requests that never reach a handler are answered by the front door, as a Function URL's
  // own errors are: JSON, not node's bare "400 Bad Request" (or, for CONNECT, a dropped socket).
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const status =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? 431
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? 408
          : 400;
    // A response already under way on this socket (a pipelined request broke) cannot get a second head.
    const busy =
      (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage
        ?.headersSent === true;
    if (error.code === 'ECONNRESET' || !socket.writable || busy) socket.destroy();
    else rawJson(socket, status, { Message: STATUS_CODES[status] ?? 'Bad Request' });
  });
  server.on('connect', (_request: IncomingMessage, socket: Duplex) =>
    rawJson(socket, 405, { Message: 'Method Not Allowed' }),
  );

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const localRoute = options.localRoutes?.get((req.url ?? '/').split('?')[0] ?? '/');
    if (localRoute) {
      req.resume();
      if (req.method === 'GET' || req.method === 'HEAD') localRoute(req, res);
      else sendJson(res, 405, { Message: 'Method Not Allowed' }, { allow: 'GET, HEAD' });
      return;
    }
    const origin = req.headers.origin;
    // With CORS configured, the URL itself answers every OPTIONS request.
    if (options.cors && req.method === 'OPTIONS') {
      req.resume();
      answerPreflight(res, options.cors, origin);
      return;
    }
    let body: Buffer | undefined;
    try {
      body = await readBody(req);
    } catch {
      // The client left, or the request timed out (node answers that through clientError),
      // before the request was complete: there is nothing to invoke.
      return;
    }
    if (body === undefined) {
      sendJson(res, 413, {
        Message: `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the InvokeFunction operation`,
      });
      return;
    }

    let environment: Environment | undefined;
    try {
      environment = await pool.acquire();
    } catch (error) {
      // An init failure: Lambda answers the invocation with an error and retries init next time.
      onRuntimeError(error);
      sendJson(res, 502, { Message: 'Internal Server Error' });
      return;
    }
    if (!environment) {
      counters.throttled += 1;
      sendJson(
        res,
        429,
        { Message: 'Rate Exceeded.' },
        { 'x-amzn-errortype': 'TooManyRequestsException' },
      );
      return;
    }
    let reusable = false;
    try {
      reusable = await invoke(environment.handler, req, res, body, origin);
    } finally {
      pool.release(environment, reusable);
    }
  }

  /** Runs one invocation; resolves `false` when it timed out (the environment is then reset). */
  async function invoke(
    handler: StreamingHandler,
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    origin: string | undefined,
  ): Promise<boolean> {
    counters.invocations += 1;
    const requestId = randomUUID();
    const traceId = newTraceId();
    const deadline = Date.now() + timeoutMs;
    const context = {
      awsRequestId: requestId,
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
      memoryLimitInMB: String(CERTIFY_FUNCTION.memoryMb),
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: `local/${requestId}`,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    const answer = new UrlAnswer(res, {
      'x-amzn-requestid': requestId,
      'x-amzn-trace-id': traceId,
      ...(options.cors ? corsAnswerHeaders(options.cors, origin) : {}),
    });
    // One report per failure: a broken pipe surfaces both on the stream and as the handler's rejection.
    let timedOut = false;
    const reported = new Set<unknown>();
    const report = (error: unknown): void => {
      if (reported.has(error) || (options.destroyStreamOnDisconnect && answer.clientLeft)) return;
      reported.add(error);
      onRuntimeError(error);
    };
    const stream: LambdaResponseStream = new LambdaResponseStream((chunk) =>
      answer.write(stream.contentType, chunk),
    );
    // The runtime's response stream is its request to the Runtime API, which always has an
    // error listener: a broken stream is logged and fails the invocation, never the process.
    stream.on('error', (error: Error) => {
      if (!timedOut) report(error);
    });
    res.once('close', () => {
      if (res.writableFinished) return;
      answer.clientLeft = true;
      counters.clientDisconnects += 1;
      if (options.destroyStreamOnDisconnect) stream.destroy(new Error('client disconnected'));
    });

    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const run = async (): Promise<'done'> => {
      const result = runInInvocation({ requestId, traceId }, () =>
        handler(toEvent(req, body, requestId, traceId), stream, context),
      );
      if (!isPromiseLike(result)) throw new Error('Streaming does not support non-async handlers.');
      await result;
      // As the runtime waits for its request to the Runtime API to complete.
      await finished(stream);
      return 'done';
    };
    const running = run();
    try {
      const outcome = await Promise.race([running, timeout]);
      if (outcome === 'timeout') {
        // Lambda freezes and resets the environment; here the handler's promise lives on, and
        // whatever it still does is dropped.
        timedOut = true;
        running.catch(() => undefined);
        const error = new Error(`Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`);
        report(error);
        stream.destroy(error);
        answer.fail();
        return false;
      }
      answer.end(stream.started, stream.contentType, report);
      return true;
    } catch (error) {
      report(error);
      answer.fail();
      return true;
    } finally {
      clearTimeout(timer);
    }
  }

  await listenOn(server, options.port, options.host ?? '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    get stats(): FunctionUrlEmulatorStats {
      return {
        environmentsCreated: pool.created,
        busyEnvironments: pool.busy,
        idleEnvironments: pool.idleCount,
        ...counters,
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/**
 * The HTTP side of one invocation: decodes the handler's bytes (prelude, delimiter, body) into
 * the answer, adds the URL's own headers, and drops whatever arrives after the client left.
 */
class UrlAnswer {
  /** Set when the connection closed before the answer was complete. */
  clientLeft = false;
  private decoder?: PreludeDecoder;

  constructor(
    private readonly res: ServerResponse,
    private readonly urlHeaders: Record<string, string>,
  ) {}

  write(contentType: string, chunk: Buffer): void | Promise<void> {
    const { res } = this;
    // The client left: as in AWS, the stream still accepts bytes and they go nowhere.
    if (res.destroyed || res.writableEnded) return undefined;
    try {
      if (contentType === HTTP_INTEGRATION_CONTENT_TYPE) {
        this.decoder ??= new PreludeDecoder(
          (prelude) => this.head(prelude),
          (bytes) => void res.write(bytes),
        );
        this.decoder.push(chunk);
      } else {
        // A handler that never called HttpResponseStream.from: a plain 200 with its content type.
        this.head({ statusCode: 200, headers: { 'content-type': contentType }, cookies: [] });
        res.write(chunk);
      }
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    if (!res.writableNeedDrain) return undefined;
    return new Promise<void>((resolve) => {
      const done = (): void => {
        res.off('drain', done).off('close', done);
        resolve();
      };
      res.on('drain', done).on('close', done);
    });
  }

  /** The stream finished: completes the answer. `started`: the handler wrote at least once. */
  end(started: boolean, contentType: string, onRuntimeError: (error: unknown) => void): void {
    const { res } = this;
    if (res.destroyed || res.writableEnded) return;
    if (!res.headersSent) {
      if (contentType === HTTP_INTEGRATION_CONTENT_TYPE && started) {
        // Bytes came, but never a whole prelude: the URL cannot make an HTTP answer of them.
        onRuntimeError(new Error('The response stream ended inside its HTTP prelude.'));
        return this.fail();
      }
      // No write at all: no prelude was sent (the runtime writes it on the first write), so the
      // URL answers 200 with the stream's content type and the handler's status is lost.
      const type =
        contentType === HTTP_INTEGRATION_CONTENT_TYPE ? 'application/octet-stream' : contentType;
      this.head({ statusCode: 200, headers: { 'content-type': type }, cookies: [] });
    }
    res.end();
  }

  /** The invocation failed: a 502 if nothing was sent yet, else the connection is cut. */
  fail(): void {
    const { res } = this;
    if (res.destroyed || res.writableEnded) return;
    if (res.headersSent) res.destroy();
    else sendJson(res, 502, { Message: 'Internal Server Error' });
  }

  private head(prelude: HttpPrelude): void {
    const { res } = this;
    if (res.headersSent || res.destroyed) return;
    const headers: OutgoingHttpHeaders = { ...prelude.headers };
    if (prelude.cookies.length > 0) headers['set-cookie'] = prelude.cookies;
    // The URL adds its headers whatever the function sent: a header both set appears twice.
    for (const [name, value] of Object.entries(this.urlHeaders)) {
      const own = headers[name];
      headers[name] =
        own === undefined ? value : [...(Array.isArray(own) ? own : [String(own)]), value];
    }
    res.writeHead(prelude.statusCode, headers);
    // Flush the head now: an SSE client should see 200 before the first event.
    res.flushHeaders();
  }
}

/** The URL's answer to a preflight: CORS headers for a listed origin, none otherwise. */
function answerPreflight(
  res: ServerResponse,
  cors: FunctionUrlCors,
  origin: string | undefined,
): void {
  const headers: OutgoingHttpHeaders = {
    'content-type': 'application/json',
    'content-length': '0',
  };
  if (origin !== undefined && cors.allowedOrigins.includes(origin)) {
    Object.assign(headers, {
      vary: 'Origin',
      'access-control-allow-origin': origin,
      'access-control-allow-headers': cors.allowedHeaders.join(','),
      'access-control-allow-methods': cors.allowedMethods.join(','),
      'access-control-max-age': String(cors.maxAgeSeconds),
      ...(cors.allowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
    });
  }
  if (!res.destroyed) res.writeHead(200, headers).end();
}

/** Headers the URL adds to an invocation's answer for `origin`. */
function corsAnswerHeaders(
  cors: FunctionUrlCors,
  origin: string | undefined,
): Record<string, string> {
  if (origin === undefined || !cors.allowedOrigins.includes(origin)) return {};
  return {
    vary: 'Origin',
    'access-control-allow-origin': origin,
    ...(cors.exposedHeaders.length > 0
      ? { 'access-control-expose-headers': cors.exposedHeaders.join(',') }
      : {}),
    ...(cors.allowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
  };
}

/** An X-Ray trace header value: `Root=1-<epoch seconds, hex>-<96 random bits>;Parent=…;Sampled=0`. */
export function newTraceId(): string {
  const epoch = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${epoch}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** Writes a whole JSON response straight to a socket that has no `ServerResponse`, then closes it. */
function rawJson(socket: Duplex, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(json)}\r\nconnection: close\r\n\r\n${json}`,
  );
}

/** One of the URL's own answers (413, 429, 502): JSON, as the URL sends them. */
function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  // A client that already left gets nothing, and nothing may throw for its sake.
  if (res.destroyed || res.headersSent) return;
  res
    .writeHead(status, { 'content-type': 'application/json', ...headers })
    .end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk);
  }
  // A request cut short ends the iteration without an error on some node versions.
  if (!req.complete) throw new Error('request aborted');
  return Buffer.concat(chunks);
}

/**
 * Hop-by-hop header fields (RFC 9110, 7.6.1 and RFC 9112), which a proxy such as the Function
 * URL does not pass on; `Proxy-*` fields (e.g. `Proxy-Authorization`) are dropped too.
 */
const HOP_BY_HOP_HEADERS = [
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
] as const;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * `requestContext.time` as the Function URL writes it, `12/Mar/2020:19:03:58 +0000` (the request
 * payload example in https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads):
 * day, month name, year, UTC time, `+0000`.
 */
export function requestTime(date: Date): string {
  const two = (value: number): string => String(value).padStart(2, '0');
  return `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()] ?? ''}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

/** The Function URL payload v2 event for a request, as AWS builds it. */
function toEvent(
  req: IncomingMessage,
  body: Buffer,
  requestId: string,
  traceId: string,
): Record<string, unknown> {
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const rawPath = queryAt < 0 ? url : url.slice(0, queryAt);
  const rawQueryString = queryAt < 0 ? '' : url.slice(queryAt + 1);

  // Function URLs join repeated headers with commas and move cookies to their own array. The URL
  // is a proxy: the hop-by-hop fields of the client's connection, and any the client's
  // `Connection` names, end there and are not the function's (RFC 9110, 7.6.1).
  const hopByHop = new Set<string>(HOP_BY_HOP_HEADERS);
  for (const value of req.headersDistinct.connection ?? [])
    for (const token of value.split(',')) hopByHop.add(token.trim().toLowerCase());
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (!values || hopByHop.has(name) || name.startsWith('proxy-')) continue;
    if (name === 'cookie') cookies = values.flatMap((v) => v.split(/;\s*/)).filter(Boolean);
    else headers[name] = values.join(',');
  }
  // What the URL adds on the way in: the trace root and the forwarding headers.
  const sourceIp = req.socket.remoteAddress ?? '127.0.0.1';
  headers['x-amzn-trace-id'] = traceId.split(';')[0] ?? traceId;
  headers['x-forwarded-for'] = headers['x-forwarded-for']
    ? `${headers['x-forwarded-for']}, ${sourceIp}`
    : sourceIp;
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-port'] = String(req.socket.localPort ?? '');

  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString))
    query[key] = key in query ? `${query[key]},${value}` : value;

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
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: requestTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !isText,
  };
}
