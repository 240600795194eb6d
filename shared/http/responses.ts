import type { HttpError } from '../errors.js';

/** Headers every JSON answer carries: never cached by intermediaries, never sniffed as HTML. */
const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

/** A JSON response. */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

/** The JSON error answer (docs/api.md), `{"error":{"code","message"}}`, with the error's headers. */
export function errorResponse(error: HttpError, headers: Record<string, string> = {}): Response {
  return jsonResponse(error.statusCode, error.toJSON(), { ...error.headers(), ...headers });
}

/** Headers of the SSE stream, as docs/api.md lists them. */
export const EVENT_STREAM_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
  'x-content-type-options': 'nosniff',
} as const;
