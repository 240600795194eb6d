import type { StreamTicketResponse } from '../../types.js';
import { freshFromBody, readJsonObject } from '../json-body.js';
import { DEFAULT_SUITE } from '../../suites.js';
import { jsonResponse } from '../responses.js';
import { suiteFromBody } from '../suite-param.js';
import { authenticate, type RouteHandler } from '../route-handler.js';
import { validateModelId } from '../routes.js';

/**
 * `POST /api/certification/stream-tickets` `{"modelId": "...", "fresh"?: boolean, "suite"?: ...,
 * "region"?: "..."}` → `201` `{ticket, expiresAt, streamUrl}`: a single-use ticket that lets a
 * browser's `EventSource` (which cannot send `Authorization`) open that one stream, in that
 * Region, for 60 s or until the caller's token expires, whichever comes first. Issuing it counts
 * against the rate
 * limit, so a refusal is a readable `429` with `Retry-After` here rather than a failed
 * connection there. `streamUrl` is relative to the service's base URL.
 */
export const streamTickets: RouteHandler<'stream-tickets'> = async (request, context) => {
  const caller = await authenticate(request, context);
  const body = await readJsonObject(request, context.deps.maxBodyBytes);
  const modelId = validateModelId(body.modelId);
  const fresh = freshFromBody(body);
  const suite = suiteFromBody(body);
  const { service } = context.deps;
  const region = service.resolveRegion(body.region);
  context.log.modelId = modelId;
  context.log.region = region;
  const { ticket, expiresAt } = await service.issueStreamTicket(caller, {
    modelId,
    region,
    fresh,
    suite,
  });
  context.log.outcome = 'ticket issued';
  // The ticket is bound to the suite and Region, and the stream must ask for the same ones. The
  // default Region is the stream's own default, so its URL stays as the original clients know it.
  const query = new URLSearchParams({
    ticket,
    ...(fresh ? { fresh: 'true' } : {}),
    ...(suite === DEFAULT_SUITE ? {} : { suite }),
    ...(region === service.region ? {} : { region }),
  });
  const answer: StreamTicketResponse = {
    ticket,
    expiresAt: new Date(expiresAt).toISOString(),
    streamUrl: `/api/certification/certify-model/${encodeURIComponent(modelId)}/stream?${query.toString()}`,
  };
  return jsonResponse(201, answer);
};
