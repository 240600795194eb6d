import { SERVICE_DEFAULTS } from '../../config.js';
import { message } from '../../i18n/translate.js';
import { InvalidRequestError } from '../../errors.js';
import type { ModelsResponse } from '../../types.js';
import { limitFromQuery } from '../limit-query.js';
import { jsonResponse } from '../responses.js';
import { authenticateRead, type RouteHandler } from '../route-handler.js';

const { limit: DEFAULT_LIMIT, maxLimit: MAX_LIMIT } = SERVICE_DEFAULTS.modelsPage;

/**
 * `GET /api/certification/models[?limit=N][&cursor=C]`: a page of the region's unexpired cached
 * certifications, newest first, and the `nextCursor` of the page after it (`null` at the end).
 * One store Query of about `limit` items, however many results are cached. The cursor opens only
 * for the caller it was given to; anything else is a 400. Counts against the read limit.
 */
export const models: RouteHandler<'models'> = async (request, context) => {
  const query = new URL(request.url).searchParams;
  const limit = limitFromQuery(query, { fallback: DEFAULT_LIMIT, max: MAX_LIMIT });
  const cursor = cursorFromQuery(query);
  const caller = await authenticateRead(request, context);
  const { service, cursors } = context.deps;
  const scope = { route: 'models', region: service.region, sub: caller.sub };
  const after = cursor === undefined ? undefined : await cursors.open(scope, cursor);
  const page = await service.listPage(limit, after);
  const body: ModelsResponse = {
    certifications: page.certifications,
    nextCursor: page.next ? await cursors.seal(scope, page.next) : null,
  };
  return jsonResponse(200, body);
};

/** `cursor`: absent, or given once and not empty. Whether it is one of ours is `PageCursors`' call. */
function cursorFromQuery(query: URLSearchParams): string | undefined {
  const values = query.getAll('cursor');
  if (values.length === 0) return undefined;
  const [cursor] = values;
  if (values.length > 1 || cursor === undefined || cursor === '')
    throw new InvalidRequestError(message('api.cursorOnce'));
  return cursor;
}
