import type { StreamTicketResponse } from '../../types.js';
import { freshFromBody, readJsonObject } from '../json-body.js';
import { DEFAULT_SUITE } from '../../suites.js';
import { jsonResponse } from '../responses.js';
import { suiteFromBody } from '../suite-param.js';
import { authenticate, type RouteHandler } from '../route-handler.js';
import { validateModelId } from '../routes.js';

/**
 * `POST /api/certification/stream-tickets` `{"modelId": "...", "fresh"?: boolean, "suite"?: ...}`
 * → `201` `{ticket, expiresAt, streamUrl}`: a single-use ticket that lets a browser's
 * `EventSource` (which cannot send `Authorization`) open that one stream, for 60 s or until the
 * caller's token expires, whichever comes first. Issuing it counts against the rate
 * limit, so a refusal is a readable `429` with `Retry-After` here rather than a failed
 * connection there. `streamUrl` is relative to the service's base URL.
 */
export const streamTickets: RouteHandler<'stream-tickets'> = async (request, context) => {
  const caller = await authenticate(request, context);
  const body = await readJsonObject(request, context.deps.maxBodyBytes);
  const modelId = validateModelId(body.modelId);
  const fresh = freshFromBody(body);
  const suite = suiteFromBody(body);
  context.log.modelId = modelId;
  const { ticket, expiresAt } = await context.deps.service.issueStreamTicket(caller, {
    modelId,
    fresh,
    suite,
  });
  context.log.outcome = 'ticket issued';
  // The ticket is bound to the suite, and the stream must ask for that same suite.
  const query = new URLSearchParams({
    ticket,
    ...(fresh ? { fresh: 'true' } : {}),
    ...(suite === DEFAULT_SUITE ? {} : { suite }),
  });
  const answer: StreamTicketResponse = {
    ticket,
    expiresAt: new Date(expiresAt).toISOString(),
    streamUrl: `/api/certification/certify-model/${encodeURIComponent(modelId)}/stream?${query.toString()}`,
  };
  return jsonResponse(201, answer);
};
