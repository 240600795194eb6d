import type { ModelsResponse } from '../../types.js';
import { jsonResponse } from '../responses.js';
import { authenticate, type RouteHandler } from '../route-handler.js';

/** `GET /api/certification/models`: every unexpired cached certification. Not rate limited. */
export const models: RouteHandler<'models'> = async (request, context) => {
  await authenticate(request, context);
  const body: ModelsResponse = { certifications: await context.deps.service.list() };
  return jsonResponse(200, body);
};
