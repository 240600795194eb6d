import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { InvalidRequestError, MethodNotAllowedError } from '../../shared/errors.js';

/** What middy's streamifyResponse mode writes: the HTTP prelude plus a body stream. */
export interface StreamingResult {
  statusCode: number;
  headers: Record<string, string>;
  body: Readable | string;
}

/** Methods the Fetch standard forbids in a `Request` (it throws); the API serves none of them. */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
/** Every method some route answers, for the `Allow` header of a 405 that happens before routing. */
const SERVED_METHODS = ['GET', 'HEAD', 'POST'];

/**
 * Turns a Function URL (payload v2) event into a web `Request`. `rawPath` keeps its
 * percent-encoding, so an encoded ARN stays one path segment for the router.
 *
 * A request a web `Request` cannot represent (a `TRACE`, a header value or host it refuses) is
 * the client's fault: it throws a 405 or 400 `HttpError` for the handler to answer as JSON,
 * never a `TypeError` that would surface as a 502.
 */
export function toRequest(event: LambdaFunctionURLEvent, signal?: AbortSignal): Request {
  const http = event.requestContext.http;
  const method = http.method.toUpperCase();
  if (FORBIDDEN_METHODS.has(method)) throw new MethodNotAllowedError(SERVED_METHODS);
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const host = event.requestContext.domainName || 'localhost';
  try {
    const headers = new Headers();
    for (const [name, value] of Object.entries(event.headers)) {
      if (value !== undefined) headers.set(name, value);
    }
    if (event.cookies?.length) headers.set('cookie', event.cookies.join('; '));

    const hasBody = method !== 'GET' && method !== 'HEAD' && event.body !== undefined;
    const body = hasBody
      ? event.isBase64Encoded
        ? Buffer.from(event.body as string, 'base64')
        : (event.body as string)
      : undefined;
    return new Request(`https://${host}${event.rawPath || '/'}${query}`, {
      method,
      headers,
      body,
      signal,
    });
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw new InvalidRequestError();
  }
}

/**
 * Turns a web `Response` into what middy pipes to the Lambda response stream. The body is
 * bridged with `Readable.fromWeb`, whose destroy cancels the web stream: if the response stream
 * fails (a runtime error; a client disconnect does not fail it in AWS), the cancellation
 * reaches the producer and the certification stops.
 */
export function toStreamingResult(response: Response): StreamingResult {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (!response.body) return { statusCode: response.status, headers, body: '' };
  const body = Readable.fromWeb(response.body as unknown as NodeReadableStream<Uint8Array>);
  // middy attaches pipeline() only after its after-middlewares ran; a web stream that errors
  // before then would be an 'error' event nobody listens to, which ends the process. The
  // pipeline still sees the error (the stream is destroyed with it) and fails the invocation.
  body.on('error', () => undefined);
  return { statusCode: response.status, headers, body };
}
