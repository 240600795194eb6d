import type { AuthenticatedUser } from '../../auth/token-verifier.js';
import {
  CertificationServiceError,
  HttpError,
  InternalError,
  InvalidRequestError,
  UnauthorizedError,
} from '../../errors.js';
import type { Admission } from '../../service/certification-service.js';
import type { CompleteEvent, ErrorEvent, ProgressEvent } from '../../types.js';
import { createEventStream } from '../event-stream.js';
import { regionFromQuery } from '../region-param.js';
import { EVENT_STREAM_HEADERS } from '../responses.js';
import { authenticate, type RouteContext, type RouteHandler } from '../route-handler.js';

/**
 * `GET /api/certification/certify-model/{modelId}/stream[?fresh=true][&region=...][&ticket=...]`: progress
 * as SSE, then one `complete` or `error` event. Authenticated by the bearer token, or by a
 * single-use stream ticket (for `EventSource`, which cannot send headers); the access token
 * itself is never taken from the URL. A `Last-Event-ID` header is ignored: events carry no id,
 * and a client that reconnects is a new request that joins the run still in flight.
 *
 * Everything that can refuse the request (auth, rate limit, quota, store) happens before the stream
 * starts, so a refusal is a JSON 4xx/5xx and not a broken stream.
 */
export const certifyStream: RouteHandler<'certify-stream'> = async (request, context) => {
  const { service, keepAliveIntervalMs } = context.deps;
  const { log } = context;
  const { modelId } = context.params;
  log.modelId = modelId;
  const query = new URL(request.url).searchParams;
  const fresh = freshFromQuery(query);
  const region = regionFromQuery(query, service);
  log.region = region;
  const { caller, cached, hold } = await admit(request, context, query, { fresh, region });
  log.outcome = cached ? 'cached' : 'streaming';

  const body = createEventStream<ProgressEvent, CompleteEvent | ErrorEvent>(
    async ({ emit, keepAlive, signal }) => {
      if (cached) return { type: 'complete', certification: cached };
      try {
        // A run's first event (its opening one) follows the lease's store round trips; a request
        // that waits on another run gets a keep-alive comment at once instead, then the run's
        // progress replayed at its end. So the common stream is data lines only, as the original
        // curl example shows it.
        const certification = await service.certify(modelId, caller, {
          signal,
          onProgress: emit,
          onWaiting: keepAlive,
          requestId: log.requestId,
          fresh,
          hold,
          region,
        });
        log.finish(`stream ${certification.status}`);
        return { type: 'complete', certification };
      } catch (error) {
        if (signal.aborted) log.finish('client disconnected');
        throw error;
      }
    },
    {
      keepAliveIntervalMs,
      onError: (error) => {
        const event = toErrorEvent(error, log.requestId);
        if (!log.finished) log.finish(`stream error ${event.code}`, error);
        return event;
      },
    },
  );
  return new Response(body, { status: 200, headers: { ...EVENT_STREAM_HEADERS } });
};

/**
 * Authenticates and admits the request. With a ticket, using it up is the authentication and
 * issuing it was the rate-limited step (`POST /stream-tickets`), so only the cache is read here
 * (and, on a miss, a unit of quota taken, as for a bearer request).
 * A request that carries a bearer token too must be the ticket's own user (a foreign ticket is
 * a 401 and stays unused).
 */
async function admit(
  request: Request,
  context: RouteContext<'certify-stream'>,
  query: URLSearchParams,
  { fresh, region }: { fresh: boolean; region: string },
): Promise<Admission & { caller: AuthenticatedUser }> {
  const { service } = context.deps;
  const { modelId } = context.params;
  const tickets = query.getAll('ticket');
  if (tickets.length === 0) {
    const caller = await authenticate(request, context);
    return { caller, ...(await service.admitAndLookUp(caller, modelId, { fresh, region })) };
  }
  if (tickets.length > 1) throw new UnauthorizedError('Send one stream ticket.');
  const bearer = request.headers.has('authorization')
    ? await authenticate(request, context)
    : undefined;
  const caller = await service.redeemStreamTicket(tickets[0] ?? '', {
    modelId,
    region,
    fresh,
    ...(bearer ? { sub: bearer.sub } : {}),
  });
  context.log.sub = caller.sub;
  return { caller, ...(await service.lookUpAndHold(caller, modelId, { fresh, region })) };
}

/** `?fresh=true` skips the cache; `false` or no parameter reads it; anything else is a 400. */
function freshFromQuery(query: URLSearchParams): boolean {
  const values = query.getAll('fresh');
  if (values.length === 0) return false;
  if (values.length === 1 && (values[0] === 'true' || values[0] === 'false'))
    return values[0] === 'true';
  throw new InvalidRequestError('fresh must be true or false.');
}

/** The terminal `error` event for a failure after the stream started. */
function toErrorEvent(error: unknown, requestId: string): ErrorEvent {
  if (error instanceof HttpError && !(error instanceof InternalError))
    return { type: 'error', code: error.code, message: error.message };
  if (error instanceof CertificationServiceError)
    return { type: 'error', code: error.code, message: error.message };
  const internal = new InternalError(requestId);
  return { type: 'error', code: internal.code, message: internal.message };
}
