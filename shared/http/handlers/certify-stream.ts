import type { AuthenticatedUser } from '../../auth/token-verifier.js';
import {
  CertificationServiceError,
  InternalError,
  InvalidRequestError,
  UnauthorizedError,
} from '../../errors.js';
import type { Admission } from '../../service/certification-service.js';
import type { CompleteEvent, ErrorEvent, ProgressEvent } from '../../types.js';
import type { Locale } from '../../i18n/locale.js';
import { createEventStream } from '../event-stream.js';
import { regionFromQuery } from '../region-param.js';
import { EVENT_STREAM_HEADERS, requestLocale } from '../responses.js';
import type { SuiteName } from '../../suites.js';
import { authenticate, type RouteContext, type RouteHandler } from '../route-handler.js';
import { suiteFromQuery } from '../suite-param.js';
import { message } from '../../i18n/translate.js';

/**
 * `GET /api/certification/certify-model/{modelId}/stream[?fresh=true][&suite=full][&region=...][&ticket=...]`: progress
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
  const suite = suiteFromQuery(query);
  const region = regionFromQuery(query, service);
  log.region = region;
  const { caller, cached, hold, lease } = await admit(request, context, query, {
    fresh,
    suite,
    region,
  });
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
          lease,
          suite,
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
        const event = toErrorEvent(error, log.requestId, requestLocale(request));
        if (!log.finished) log.finish(`stream error ${event.code}`, error);
        return event;
      },
    },
  );
  // A terminal `error` event speaks the request's language.
  return new Response(body, {
    status: 200,
    headers: { ...EVENT_STREAM_HEADERS, vary: 'Accept-Language' },
  });
};

/**
 * Authenticates and admits the request. With a ticket, using it up is the authentication and
 * issuing it was the rate-limited step (`POST /stream-tickets`), so only the cache is read here
 * (and, on a miss, a unit of quota taken and the lease tried, as for a bearer request).
 * A request that carries a bearer token too must be the ticket's own user (a foreign ticket is
 * a 401 and stays unused).
 */
async function admit(
  request: Request,
  context: RouteContext<'certify-stream'>,
  query: URLSearchParams,
  { fresh, suite, region }: { fresh: boolean; suite: SuiteName; region: string },
): Promise<Admission & { caller: AuthenticatedUser }> {
  const { service } = context.deps;
  const { modelId } = context.params;
  const tickets = query.getAll('ticket');
  if (tickets.length === 0) {
    const caller = await authenticate(request, context);
    return {
      caller,
      ...(await service.admitAndLookUp(caller, modelId, { fresh, suite, region })),
    };
  }
  if (tickets.length > 1) throw new UnauthorizedError(message('api.oneStreamTicket'));
  const bearer = request.headers.has('authorization')
    ? await authenticate(request, context)
    : undefined;
  const admission = await service.redeemAndLookUp(tickets[0] ?? '', {
    modelId,
    region,
    fresh,
    suite,
    ...(bearer ? { sub: bearer.sub } : {}),
  });
  context.log.sub = admission.caller.sub;
  return admission;
}

/** `?fresh=true` skips the cache; `false` or no parameter reads it; anything else is a 400. */
function freshFromQuery(query: URLSearchParams): boolean {
  const values = query.getAll('fresh');
  if (values.length === 0) return false;
  if (values.length === 1 && (values[0] === 'true' || values[0] === 'false'))
    return values[0] === 'true';
  throw new InvalidRequestError(message('api.freshBoolean'));
}

/**
 * The terminal `error` event for a failure after the stream started. A service error's message
 * is in the request's language; a probe's (from Bedrock) stays as it came.
 */
function toErrorEvent(error: unknown, requestId: string, locale: Locale): ErrorEvent {
  if (error instanceof CertificationServiceError && !(error instanceof InternalError))
    return { type: 'error', code: error.code, message: error.messageIn(locale) };
  const internal = new InternalError(requestId);
  return { type: 'error', code: internal.code, message: internal.messageIn(locale) };
}
