import { jsonResponse } from '../responses.js';
import type { RouteHandler } from '../route-handler.js';

/** `GET /health`: no authentication, no store call. */
export const health: RouteHandler<'health'> = () => jsonResponse(200, { status: 'ok' });
