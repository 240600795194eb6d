import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type {
  Certification,
  CertificationEvent,
  CertifyResponse,
  CheckResponse,
  CompleteEvent,
  ErrorBody,
  ErrorEvent,
  ModelsResponse,
  ProgressEvent,
  StreamTicketResponse,
} from '../shared/types.js';
import { DEFAULT_SUITE, type SuiteName } from '../shared/suites.js';
import {
  apiErrorFrom,
  IncompleteStreamError,
  NetworkError,
  ProtocolError,
  streamErrorFrom,
  type ApiError,
  type ApiErrorDetails,
} from './errors.js';

/** The subset of `fetch` the client uses; inject one to add retries, tracing or a test double. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Options every call takes. */
export interface ClientOptions {
  /** Where the service lives, e.g. a Function URL `https://abc.lambda-url.us-east-1.on.aws`. */
  baseUrl: string;
  /** A Cognito access token (or one from the local issuer), sent as `Authorization: Bearer`. */
  token: string;
  /** Cancels the request; the call then rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Default: the global `fetch`. */
  fetch?: FetchLike;
  /**
   * Sent as `Accept-Language`: the language of the service's error messages (`en`, `pt-BR`).
   * Default: none (a browser sends its own; the service answers in English without one).
   */
  language?: string;
}

/** Options of {@link certifyModelOnce} and {@link createStreamTicket}. */
export interface FreshOption {
  /** Certify anew even when a cached result exists (it may join a run already in flight). Rate limited like any run. */
  fresh?: boolean;
  /**
   * The suite to certify: `core` (default: the six original probes) or `full` (thirteen). A newer
   * `full` result answers a `core` request too.
   */
  suite?: SuiteName;
}

/** Where to certify or read: one of the service's listed Regions (`getRegions`). */
export interface RegionOption {
  /** Default: the service's default Region. Another one not listed is a 400 `UNSUPPORTED_REGION`. */
  region?: string;
}

/** The one `EventSource` member the client relies on besides its handlers and `close`. */
export interface EventSourceLike {
  onmessage: ((event: { data: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(): void;
}

/** A constructor like the browser's `EventSource` (or a Node package's); only the URL is passed. */
export type EventSourceConstructor = new (url: string) => EventSourceLike;

/** Options of {@link certifyModel}. */
export interface CertifyModelOptions extends ClientOptions, FreshOption, RegionOption {
  /** Called for every progress event, in order, as soon as it arrives. */
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Ask `GET /check/{modelId}` first and return a cached result without starting a stream.
   * The check is not rate-limited, so this spares the user's certification quota. Ignored with
   * `fresh`.
   */
  checkCacheFirst?: boolean;
  /**
   * How to read the stream. `fetch` (default): a streaming `fetch` with the `Authorization`
   * header. `eventsource`: a single-use stream ticket (`POST /stream-tickets`, with the header),
   * then the browser's native `EventSource` on the ticket's URL.
   */
  transport?: 'fetch' | 'eventsource';
  /** The `EventSource` to use with `transport: 'eventsource'`; default the global one (browsers). */
  EventSource?: EventSourceConstructor;
}

/**
 * Certifies a model over the SSE stream and resolves with the certification once the
 * terminal `complete` event arrives (at once when the service has a cached result).
 *
 * Rejects with {@link ApiError} (and subclasses) for non-2xx answers,
 * `StreamErrorEventError` (and subclasses) when the stream ends with an `error` event,
 * {@link IncompleteStreamError} when it ends with neither, {@link NetworkError} when the
 * connection fails, and `signal.reason` when the caller aborts.
 */
export async function certifyModel(
  modelId: string,
  options: CertifyModelOptions,
): Promise<Certification> {
  if (options.checkCacheFirst && !options.fresh) {
    const check = await checkCertification(modelId, options);
    if (check.cached) return check.certification;
  }
  if (options.transport === 'eventsource') return certifyWithEventSource(modelId, options);
  const query = queryOf({
    fresh: options.fresh ? 'true' : undefined,
    suite: suiteParameter(options.suite),
    region: options.region,
  });
  const response = await send(
    `/api/certification/certify-model/${encodeURIComponent(modelId)}/stream${query}`,
    options,
    {
      method: 'GET',
      headers: { accept: 'text/event-stream' },
    },
  );
  return readCertificationStream(await streamBody(response), options);
}

/**
 * Sends a request whose answer is an event stream, and returns its body; every other outcome
 * becomes a typed error. For the client's modules; not part of the package's exports.
 */
export async function sendStream(
  path: string,
  options: ClientOptions,
  init: RequestInit,
): Promise<ReadableStream<Uint8Array>> {
  const response = await send(path, options, {
    ...init,
    headers: { accept: 'text/event-stream', ...init.headers },
  });
  return streamBody(response);
}

async function streamBody(response: Response): Promise<ReadableStream<Uint8Array>> {
  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('text/event-stream')) {
    await response.body?.cancel().catch(ignore);
    throw new ProtocolError(`Expected an event stream, got "${contentType || 'no content type'}".`);
  }
  if (!response.body) throw new IncompleteStreamError('The event stream had no body.');
  return response.body;
}

/**
 * Certifies a model with one `POST` and no progress: simpler for scripts that only want
 * the outcome. Same errors as {@link certifyModel}, minus the stream ones.
 */
export async function certifyModelOnce(
  modelId: string,
  options: ClientOptions & FreshOption & RegionOption,
): Promise<Certification> {
  const body = await sendJson<CertifyResponse>('/api/certification/certify-model', options, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      modelId,
      ...(options.fresh ? { fresh: true } : {}),
      ...(suiteParameter(options.suite) ? { suite: options.suite } : {}),
      ...(options.region === undefined ? {} : { region: options.region }),
    }),
  });
  return body.certification;
}

/**
 * Asks for a single-use stream ticket (valid 60 s) that lets a browser's `EventSource`, which
 * cannot send `Authorization`, open the stream of one certification: open
 * `new EventSource(new URL(ticket.streamUrl, baseUrl))`. Issuing counts against the rate limit.
 */
export function createStreamTicket(
  modelId: string,
  options: ClientOptions & FreshOption & RegionOption,
): Promise<StreamTicketResponse> {
  return sendJson<StreamTicketResponse>('/api/certification/stream-tickets', options, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      modelId,
      fresh: options.fresh === true,
      ...(suiteParameter(options.suite) ? { suite: options.suite } : {}),
      ...(options.region === undefined ? {} : { region: options.region }),
    }),
  });
}

/**
 * Returns the cached certification of a model (in `options.region`, default the service's) that
 * answers `options.suite` (default `core`, which a newer `full` result answers too), if an
 * unexpired one exists. Not rate-limited.
 */
export function checkCertification(
  modelId: string,
  options: ClientOptions & Pick<FreshOption, 'suite'> & RegionOption,
): Promise<CheckResponse> {
  const query = queryOf({ suite: suiteParameter(options.suite), region: options.region });
  return sendJson<CheckResponse>(
    `/api/certification/check/${encodeURIComponent(modelId)}${query}`,
    options,
    { method: 'GET' },
  );
}

/** The suite as a request parameter: left out for the default, so requests stay as they were. */
export function suiteParameter(suite: SuiteName | undefined): SuiteName | undefined {
  return suite === undefined || suite === DEFAULT_SUITE ? undefined : suite;
}

/** Options of {@link listCertificationsPage}, {@link iterateCertifications} and {@link listCertifications}. */
export interface ListCertificationsOptions extends ClientOptions {
  /** Certifications per page, 1 to 200. Default (the service's): 50. */
  limit?: number;
  /** Where to start: the `nextCursor` of the page before. Default: the newest. */
  cursor?: string;
}

/**
 * One page of the service's unexpired cached certifications, newest first, with the
 * `nextCursor` of the page after it (`null` at the end). A cursor is opaque and works only for
 * the user it was given to; a bad one is an `ApiError` with code `INVALID_REQUEST`. Counts
 * against the read limit (`RateLimitedApiError` beyond it).
 */
export function listCertificationsPage(
  options: ListCertificationsOptions,
): Promise<ModelsResponse> {
  const query = queryOf({
    limit: options.limit === undefined ? undefined : String(options.limit),
    cursor: options.cursor,
  });
  return sendJson<ModelsResponse>(`/api/certification/models${query}`, options, {
    method: 'GET',
  });
}

/**
 * Every unexpired cached certification, newest first, one page (one request) at a time as the
 * loop asks for more: stop early and no further page is read.
 */
export async function* iterateCertifications(
  options: ListCertificationsOptions,
): AsyncGenerator<Certification, void, undefined> {
  let cursor = options.cursor;
  for (;;) {
    const page = await listCertificationsPage({
      ...options,
      ...(cursor === undefined ? {} : { cursor }),
    });
    yield* page.certifications;
    // A service from before paging answers every result at once, with no cursor at all.
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/**
 * Every unexpired cached certification of the service's region, newest first: every page,
 * followed to the end. Each page counts against the read limit; for the newest few, ask
 * {@link listCertificationsPage} with a `limit`.
 */
export async function listCertifications(
  options: ListCertificationsOptions,
): Promise<Certification[]> {
  const all: Certification[] = [];
  for await (const certification of iterateCertifications(options)) all.push(certification);
  return all;
}

/**
 * Sends a request and parses its JSON answer, with the errors every call shares ({@link ApiError}
 * and subclasses, {@link NetworkError}, {@link ProtocolError}, `signal.reason`). For the client's
 * other modules; not part of the package's exports.
 */
export async function sendJson<T>(
  path: string,
  options: ClientOptions,
  init: RequestInit,
): Promise<T> {
  const response = await send(path, options, {
    ...init,
    headers: { accept: 'application/json', ...init.headers },
  });
  const text = await readText(response, options.signal);
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new ProtocolError('The service answered with a body that is not JSON.', { cause: error });
  }
}

/** Sends a request and returns a 2xx response; every other outcome becomes a typed error. */
async function send(path: string, options: ClientOptions, init: RequestInit): Promise<Response> {
  const { signal } = options;
  signal?.throwIfAborted();
  // Called through a closure: browsers reject a detached `fetch` ("Illegal invocation").
  const fetchImpl: FetchLike =
    options.fetch ?? ((input, requestInit) => globalThis.fetch(input, requestInit));
  let response: Response;
  try {
    response = await fetchImpl(joinUrl(options.baseUrl, path), {
      ...init,
      headers: {
        ...init.headers,
        ...(options.language ? { 'accept-language': options.language } : {}),
        authorization: `Bearer ${options.token}`,
      },
      cache: 'no-store',
      signal,
    });
  } catch (error) {
    signal?.throwIfAborted();
    throw new NetworkError(undefined, { cause: error });
  }
  if (signal?.aborted) {
    // The caller gave up while the headers arrived: free the connection before rejecting.
    void response.body?.cancel(signal.reason).catch(ignore);
    signal.throwIfAborted();
  }
  if (response.ok) return response;
  throw await toApiError(response, signal);
}

async function toApiError(response: Response, signal: AbortSignal | undefined): Promise<ApiError> {
  let body: Partial<ErrorBody> | undefined;
  try {
    body = JSON.parse(await readText(response, signal)) as Partial<ErrorBody>;
  } catch (error) {
    // A gateway in front of the service may answer with HTML; the status still says enough.
    signal?.throwIfAborted();
    if (error instanceof NetworkError) throw error;
  }
  const details: ApiErrorDetails = {
    status: response.status,
    code: typeof body?.error?.code === 'string' ? body.error.code : `HTTP_${response.status}`,
    message:
      typeof body?.error?.message === 'string'
        ? body.error.message
        : `The service answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`,
    requestId: typeof body?.error?.requestId === 'string' ? body.error.requestId : undefined,
    retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
  };
  return apiErrorFrom(details);
}

async function readText(response: Response, signal: AbortSignal | undefined): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    signal?.throwIfAborted();
    throw new NetworkError('The connection failed while reading the answer.', { cause: error });
  }
}

/**
 * Reads the event stream to its terminal event (see {@link readEventStream}), passing progress on.
 */
async function readCertificationStream(
  body: ReadableStream<Uint8Array>,
  options: CertifyModelOptions,
): Promise<Certification> {
  const { signal, onProgress } = options;
  let outcome: { certification: Certification } | { error: Error } | undefined;
  await readEventStream(
    body,
    signal,
    (data) => {
      const event = parseEvent(data);
      // Unknown event types are skipped: the contract allows the server to add new ones.
      if (event === undefined) return false;
      if (event instanceof Error) outcome = { error: event };
      else if (event.type === 'progress') onProgress?.(event);
      else if (event.type === 'complete') outcome = { certification: event.certification };
      else outcome = { error: streamErrorFrom(event.code, event.message) };
      return outcome !== undefined;
    },
    'The connection failed while the certification was running.',
  );
  if (!outcome) throw new IncompleteStreamError();
  if ('error' in outcome) throw outcome.error;
  return outcome.certification;
}

/**
 * Reads a `text/event-stream` body, handing each event's data to `onData` until it returns true
 * (the stream's last event came) or the body ends. Bytes are decoded with a streaming
 * `TextDecoder` (a UTF-8 sequence may be cut between chunks) and fed to a real SSE parser (an
 * event, a line or even `\r\n` may be cut anywhere), so the result does not depend on how the
 * network chunks the stream. A read that fails is a {@link NetworkError} saying `brokenMessage`;
 * the caller aborting rejects with its reason. For the client's modules; not exported by the package.
 */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal | undefined,
  onData: (data: string) => boolean,
  brokenMessage: string,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  // An object: the parser's callback sets it while the loop below awaits.
  const state = { done: false };

  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      if (!state.done) state.done = onData(message.data);
    },
  });

  // A body that is not tied to the signal (an injected fetch, a proxy) must still stop reading.
  const onAbort = (): void => void reader.cancel(signal?.reason).catch(ignore);
  signal?.addEventListener('abort', onAbort, { once: true });
  let finished = false;
  let endsWithCr = false;
  try {
    // The signal may have fired while the response headers were being handled.
    signal?.throwIfAborted();
    while (!state.done) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        signal?.throwIfAborted();
        throw new NetworkError(brokenMessage, { cause: error });
      }
      signal?.throwIfAborted();
      const text = chunk.done ? decoder.decode() : decoder.decode(chunk.value, { stream: true });
      parser.feed(text);
      if (text !== '') endsWithCr = text.endsWith('\r');
      if (chunk.done) {
        finished = true;
        // The parser holds a trailing CR back in case an LF follows; at the end nothing will,
        // so the CR ends its line. A final event without its closing blank line stays
        // incomplete and is dropped, as the SSE spec says.
        if (endsWithCr) parser.feed('\n');
        break;
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Stop downloading once the outcome is known (or reading failed): frees the connection.
    if (!finished) void reader.cancel().catch(ignore);
  }
}

/**
 * The `eventsource` transport. A ticket is single use, so the `EventSource` is closed at its
 * first error instead of letting it reconnect with a used ticket (which would only get a 401).
 * `EventSource` shows no status code: a stream that could not be opened (401, 429, 5xx, network)
 * is a {@link NetworkError}, one that broke after its first event an {@link IncompleteStreamError}.
 */
async function certifyWithEventSource(
  modelId: string,
  options: CertifyModelOptions,
): Promise<Certification> {
  const { signal, onProgress } = options;
  const EventSourceImpl =
    options.EventSource ?? (globalThis as { EventSource?: EventSourceConstructor }).EventSource;
  if (EventSourceImpl === undefined)
    throw new TypeError(
      'This environment has no EventSource; pass options.EventSource or use the fetch transport.',
    );
  const { streamUrl } = await createStreamTicket(modelId, options);
  signal?.throwIfAborted();

  return new Promise<Certification>((resolve, reject) => {
    const source = new EventSourceImpl(joinUrl(options.baseUrl, streamUrl));
    let opened = false;
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      source.close();
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = (): void => {
      const reason: unknown = signal?.reason;
      settle(() =>
        reject(
          reason instanceof Error
            ? reason
            : new DOMException('This operation was aborted', 'AbortError'),
        ),
      );
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    source.onmessage = (message) => {
      opened = true;
      const event = parseEvent(message.data);
      if (event === undefined) return;
      if (event instanceof Error) settle(() => reject(event));
      else if (event.type === 'progress') onProgress?.(event);
      else if (event.type === 'complete') settle(() => resolve(event.certification));
      else settle(() => reject(streamErrorFrom(event.code, event.message)));
    };
    source.onerror = () =>
      settle(() =>
        reject(
          opened
            ? new IncompleteStreamError()
            : new NetworkError(
                'The event stream could not be opened (rejected ticket, rate limit or network).',
              ),
        ),
      );
  });
}

/** The event, or `undefined` for a type this client does not know (the contract allows new ones). */
function parseEvent(data: string): CertificationEvent | ProtocolError | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (error) {
    return new ProtocolError('The event stream carried an event that is not JSON.', {
      cause: error,
    });
  }
  if (typeof value !== 'object' || value === null)
    return new ProtocolError('The event stream carried an event without a type.');
  // Checked as the untyped JSON it is: the server is on the other side of a network.
  const fields = value as Record<string, unknown>;
  switch (fields.type) {
    case 'progress':
      return value as ProgressEvent;
    case 'complete':
      if (typeof fields.certification !== 'object' || fields.certification === null) {
        return new ProtocolError('The complete event carried no certification.');
      }
      return value as CompleteEvent;
    case 'error':
      if (typeof fields.code !== 'string')
        return new ProtocolError('The error event carried no code.');
      return value as ErrorEvent;
    default:
      return typeof fields.type === 'string'
        ? undefined
        : new ProtocolError('The event stream carried an event without a type.');
  }
}

/** `Retry-After` is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** `?a=1&b=2` of the parameters that are set, or `''`. For the client's modules. */
export function queryOf(parameters: Record<string, string | undefined>): string {
  const set = Object.entries(parameters).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return set.length === 0 ? '' : `?${new URLSearchParams(set).toString()}`;
}

function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

function ignore(): void {
  // Cancelling a stream that already failed or closed may reject; nothing is left to clean up.
}
