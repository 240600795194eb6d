import {
  InvalidJsonError,
  InvalidRequestError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from '../errors.js';
import { message } from '../i18n/translate.js';

/**
 * Reads a small JSON object body, with the 4xx of docs/api.md for each way it can be wrong:
 * 415 unless `application/json`, 413 past `maxBytes` (declared or actual), 400
 * `INVALID_JSON` for bytes that are not UTF-8 JSON, 400 `INVALID_REQUEST` for JSON that is
 * not an object.
 */
export async function readJsonObject(
  request: Request,
  maxBytes: number,
): Promise<Record<string, unknown>> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(?:;|$)/i.test(contentType)) throw new UnsupportedMediaTypeError();
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new PayloadTooLargeError(maxBytes);
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw new PayloadTooLargeError(maxBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new InvalidJsonError();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidRequestError(message('api.bodyNotObject', { example: '{"modelId": "..."}' }));
  }
  return parsed as Record<string, unknown>;
}

/** The optional boolean `fresh` of a certify or ticket body (docs/api.md). */
export function freshFromBody(body: Record<string, unknown>): boolean {
  const { fresh } = body;
  if (fresh === undefined) return false;
  if (typeof fresh !== 'boolean') throw new InvalidRequestError(message('api.freshBoolean'));
  return fresh;
}
