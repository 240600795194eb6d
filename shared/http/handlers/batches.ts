import type { BatchCompleteEvent, BatchItemEvent, BatchSummary } from '../../types.js';
import { parseBatchRequest } from '../batch-request.js';
import { createEventStream } from '../event-stream.js';
import { readJsonObject } from '../json-body.js';
import { EVENT_STREAM_HEADERS, requestLocale } from '../responses.js';
import { authenticate, type RouteHandler } from '../route-handler.js';

/** 50 items with long ARNs and Regions fit; the single-model routes keep their 4 KiB. */
const BATCH_MAX_BODY_BYTES = 64 * 1024;

/**
 * `POST /api/certification/batches` `{"items": [{"modelId", "region"?}], "suite"?, "fresh"?}`:
 * many models in many Regions as one SSE stream. Every event is one `data:` line carrying its
 * item's `modelId` and `region`: the item's progress, then its own `complete` or `error`; the
 * stream ends with exactly one `batch-complete` and its summary.
 *
 * The whole batch is one request against the rate limit, taken (with the body checked whole)
 * before the stream starts, so a refusal is a JSON 4xx. Each item that runs is metered and takes
 * a unit of the monthly quota; cached items are free (see `BatchRunner`).
 */
export const batches: RouteHandler<'batches'> = async (request, context) => {
  const { service, batches: runner, keepAliveIntervalMs } = context.deps;
  const { log } = context;
  const caller = await authenticate(request, context);
  const body = await readJsonObject(
    request,
    Math.max(context.deps.maxBodyBytes, BATCH_MAX_BODY_BYTES),
  );
  const { items, fresh, suite } = parseBatchRequest(body, service);
  await service.admit(caller);
  log.outcome = `batch of ${items.length}`;

  // Counted as events go out, so even a runner that failed unexpectedly ends with a true summary.
  const tally: BatchSummary = { certified: 0, failed: 0, unavailable: 0, cached: 0, errors: 0 };
  const stream = createEventStream<BatchItemEvent, BatchCompleteEvent>(
    async ({ emit, signal }) => {
      const { summary } = await runner.run(items, {
        caller,
        fresh,
        ...(suite === undefined ? {} : { suite }),
        requestId: log.requestId,
        locale: requestLocale(request),
        remainingTimeMs: context.remainingTimeMs,
        signal,
        onEvent: (event) => {
          count(tally, event);
          emit(event);
        },
      });
      log.finish(signal.aborted ? 'batch client disconnected' : 'batch complete');
      return { type: 'batch-complete', summary };
    },
    {
      keepAliveIntervalMs,
      onError: (error) => {
        log.finish('batch error', error);
        return { type: 'batch-complete', summary: tally };
      },
    },
  );
  // Items' `error` events speak the request's language.
  return new Response(stream, {
    status: 200,
    headers: { ...EVENT_STREAM_HEADERS, vary: 'Accept-Language' },
  });
};

function count(tally: BatchSummary, event: BatchItemEvent): void {
  if (event.type === 'error') tally.errors += 1;
  else if (event.type === 'complete') {
    tally[event.certification.status] += 1;
    if (event.certification.cached) tally.cached += 1;
  }
}
