import { gzipSync } from 'node:zlib';

/** Smaller answers are sent as they are: gzip's header and trailer would outweigh the saving. */
const THRESHOLD_BYTES = 1_024;

/**
 * Gzips a JSON answer of at least 1 KiB for a client that accepts gzip (browsers, `fetch` in
 * Node, `curl --compressed`), as web frameworks' compress middleware do: a page of certifications
 * or the catalog is JSON that repeats its keys and shrinks several times over. Anything else (the
 * SSE stream, the page, a HEAD, a client that asks for no encoding) passes unchanged; the JSON
 * answers are small and already whole in memory, so they are compressed in one piece.
 */
export async function compressJson(request: Request, response: Response): Promise<Response> {
  const type = response.headers.get('content-type') ?? '';
  if (
    request.method === 'HEAD' ||
    response.body === null ||
    !type.startsWith('application/json') ||
    response.headers.has('content-encoding')
  )
    return response;
  const headers = new Headers(response.headers);
  // The answer depends on the header, whether or not this one was compressed.
  headers.append('vary', 'accept-encoding');
  const body = new Uint8Array(await response.arrayBuffer());
  const init = { status: response.status, statusText: response.statusText, headers };
  if (body.byteLength < THRESHOLD_BYTES || !acceptsGzip(request.headers.get('accept-encoding')))
    return new Response(body, init);
  headers.set('content-encoding', 'gzip');
  return new Response(gzipSync(body), init);
}

/** Whether an `Accept-Encoding` header admits gzip: named, or `*`, with a quality above 0 (RFC 9110 §12.5.3). */
export function acceptsGzip(header: string | null): boolean {
  if (header === null) return false;
  const qualities = new Map<string, number>();
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (coding === '') continue;
    const q = params.find((param) => param.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    qualities.set(coding, Number.isFinite(quality) ? quality : 0);
  }
  const gzip = qualities.get('gzip') ?? qualities.get('x-gzip') ?? qualities.get('*');
  return gzip !== undefined && gzip > 0;
}
