import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { message } from '../i18n/translate.js';
import { InvalidRequestError } from '../errors.js';
import { isValidModelId } from '../model-id.js';
import type { PagePosition } from '../service/ports.js';

/** Whom and what a cursor was given for: it opens only for the same route, Region and caller. */
export interface PageCursorScope {
  route: string;
  region: string;
  sub: string;
}

/** Where the HMAC key comes from: the deployment's (see `StoredCursorKey`), or a test's. */
export type CursorKeySource = () => Promise<Uint8Array>;

/** A cursor no longer than this is considered at all; one page's position needs ~200 characters. */
const MAX_CURSOR_LENGTH = 1_024;
const MAC_BYTES = 16;
const CURSOR_FORMAT = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_CURSOR_LENGTH}}\\.[A-Za-z0-9_-]{22}$`);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The opaque `cursor` of paged answers: the position the next page starts after, with an
 * HMAC-SHA256 (truncated to 128 bits) over it and the scope it was given for. A cursor that was
 * altered, made up, or given to another caller, Region or route does not open: a
 * `400 INVALID_REQUEST`, whatever is wrong, so a refusal tells nothing. The position is not
 * secret (the caller saw that item), the key is. Checked for shape first, so junk costs no key
 * read; checked for shape again once open, in case a key ever leaks.
 */
export class PageCursors {
  constructor(private readonly key: CursorKeySource) {}

  /** The cursor for the page after `position`. */
  async seal(scope: PageCursorScope, position: PagePosition): Promise<string> {
    const payload = Buffer.from(JSON.stringify([position.certifiedAt, position.modelId])).toString(
      'base64url',
    );
    return `${payload}.${(await this.mac(scope, payload)).toString('base64url')}`;
  }

  /** The position a cursor given for `scope` stands for; `InvalidRequestError` for any other string. */
  async open(scope: PageCursorScope, cursor: string): Promise<PagePosition> {
    if (cursor.length > MAX_CURSOR_LENGTH || !CURSOR_FORMAT.test(cursor)) throw invalidCursor();
    const [payload = '', mac = ''] = cursor.split('.');
    const given = canonicalBase64url(mac);
    const decoded = canonicalBase64url(payload);
    // Only the one spelling sealed: a last character's unused bits are not a second cursor.
    if (!given || !decoded) throw invalidCursor();
    const expected = await this.mac(scope, payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw invalidCursor();
    const position = parsePosition(decoded.toString('utf8'));
    if (!position) throw invalidCursor();
    return position;
  }

  private async mac(scope: PageCursorScope, payload: string): Promise<Buffer> {
    // Fields joined by a character none of them may hold, so no two scopes read alike.
    const signed = ['page-cursor/1', scope.route, scope.region, scope.sub, payload].join('\n');
    return createHmac('sha256', await this.key())
      .update(signed)
      .digest()
      .subarray(0, MAC_BYTES);
  }
}

/**
 * A key of this process's own, for tests and single-process use: cursors it seals open only in
 * this process. A deployment uses one key for all its execution environments.
 */
export function processCursorKey(): CursorKeySource {
  const key = randomBytes(32);
  return () => Promise.resolve(key);
}

/** The bytes `text` spells in base64url, if `text` is exactly how they are spelled (no padding bits set). */
function canonicalBase64url(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

function parsePosition(json: string): PagePosition | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [certifiedAt, modelId] = value as unknown[];
  if (
    typeof certifiedAt !== 'string' ||
    !ISO_INSTANT.test(certifiedAt) ||
    !Number.isFinite(Date.parse(certifiedAt)) ||
    typeof modelId !== 'string' ||
    !isValidModelId(modelId)
  )
    return undefined;
  return { certifiedAt, modelId };
}

function invalidCursor(): InvalidRequestError {
  return new InvalidRequestError(message('api.cursorForeign'));
}
