import { request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/**
 * HTTP over node:http, for what `fetch` would not send as written: raw (unnormalised) paths,
 * `..` segments, repeated headers, arbitrary methods. One connection per request (`agent:
 * false`), so a test counting the process's sockets sees none left behind by its own client.
 */

/** A request exactly as it goes on the wire. */
export interface RawRequest {
  method?: string;
  /** Sent verbatim as the request target. */
  path: string;
  /** A header given as an array is sent once per value (a repeated header). */
  headers?: Record<string, string | string[]>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
}

/** A response read to its end. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Sends `raw` to `baseUrl` and resolves once the response head has arrived. */
export function sendRaw(baseUrl: string, raw: RawRequest): Promise<IncomingMessage> {
  const url = new URL(baseUrl);
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = request({
      host: url.hostname,
      port: url.port,
      method: raw.method ?? 'GET',
      path: raw.path,
      headers: raw.headers,
      agent: false,
      signal: raw.signal,
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end(raw.body);
  });
}

/** Sends `raw` and reads the whole answer as text. */
export async function rawRequest(baseUrl: string, raw: RawRequest): Promise<RawResponse> {
  const response = await sendRaw(baseUrl, raw);
  const chunks: Buffer[] = [];
  for await (const chunk of response as AsyncIterable<Buffer>) chunks.push(chunk);
  return {
    status: response.statusCode ?? 0,
    headers: response.headers,
    body: Buffer.concat(chunks).toString('utf8'),
  };
}

/** Wraps a node:http response as a web `Response`, so the SSE helpers can read it. */
export function toWebResponse(response: IncomingMessage): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const body = Readable.toWeb(response) as unknown as WebReadableStream<Uint8Array>;
  return new Response(body as unknown as ReadableStream<Uint8Array>, {
    status: response.statusCode ?? 0,
    headers,
  });
}
