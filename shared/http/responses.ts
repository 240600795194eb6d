import type { HttpError } from '../errors.js';
import { DEFAULT_LOCALE, negotiateAcceptLanguage, type Locale } from '../i18n/locale.js';

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

/**
 * The JSON error answer (docs/api.md), `{"error":{"code","message"}}`, with the error's
 * headers. Only `message` follows the language; `Vary` tells caches so.
 */
export function errorResponse(
  error: HttpError,
  headers: Record<string, string> = {},
  locale: Locale = DEFAULT_LOCALE,
): Response {
  return jsonResponse(error.statusCode, error.toJSON(locale), {
    ...error.headers(),
    vary: 'Accept-Language',
    ...headers,
  });
}

/** The language of a request's error messages, by its `Accept-Language` header. */
export function requestLocale(request: Pick<Request, 'headers'>): Locale {
  return negotiateAcceptLanguage(request.headers.get('accept-language'));
}

/** Headers of the SSE stream, as docs/api.md lists them. */
export const EVENT_STREAM_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
  'x-content-type-options': 'nosniff',
} as const;
