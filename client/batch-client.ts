import type {
  BatchEvent,
  BatchItemEvent,
  BatchItemRequest,
  BatchRequest,
  BatchSummary,
  Certification,
} from '../shared/types.js';
import {
  readEventStream,
  sendStream,
  suiteParameter,
  type ClientOptions,
  type FreshOption,
} from './certification-client.js';
import {
  IncompleteStreamError,
  ProtocolError,
  streamErrorFrom,
  type StreamErrorEventError,
} from './errors.js';

/** Options of {@link certifyBatch}. */
export interface CertifyBatchOptions extends ClientOptions, FreshOption {
  /** `core` (the service's default) or `full`. */
  suite?: BatchRequest['suite'];
  /**
   * Every item's event as it arrives, tagged with its `modelId` and `region`: its progress, then
   * its own `complete` or `error`.
   */
  onEvent?: (event: BatchItemEvent) => void;
}

/** What one item of a batch ended with, in the Region it was certified in. */
export type BatchItemResult = { modelId: string; region: string } & (
  | { certification: Certification; error?: undefined }
  /** The service could not certify it: quota, time budget, a failure of the service itself. */
  | { error: StreamErrorEventError; certification?: undefined }
);

/** A batch's outcome: one result per item, in the items' order, and the service's summary. */
export interface BatchResult {
  items: BatchItemResult[];
  summary: BatchSummary;
}

/**
 * Certifies many models in many Regions with one request (`POST /api/certification/batches`),
 * which counts once against the rate limit: the service runs the items a few at a time (cached
 * ones answered free, each run metered) and streams their events. Resolves once the stream's
 * `batch-complete` arrives.
 *
 * Rejects with `ApiError` for a refused batch (`INVALID_REQUEST` or `UNSUPPORTED_REGION`
 * naming the item, `RATE_LIMITED` with `retryAfterSeconds`, `UNAUTHORIZED`), with
 * {@link IncompleteStreamError} when the stream ends before `batch-complete`, and like the
 * other calls for network failures and `signal`.
 */
export async function certifyBatch(
  items: readonly BatchItemRequest[],
  options: CertifyBatchOptions,
): Promise<BatchResult> {
  const request: BatchRequest = {
    items: items.map(({ modelId, region }) => ({
      modelId,
      ...(region === undefined ? {} : { region }),
    })),
    ...(options.fresh ? { fresh: true } : {}),
    ...(suiteParameter(options.suite) === undefined ? {} : { suite: options.suite }),
  };
  const body = await sendStream('/api/certification/batches', options, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });

  const results = new Map<string, BatchItemResult>();
  let summary: BatchSummary | undefined;
  await readEventStream(
    body,
    options.signal,
    (data) => {
      const event = parseBatchEvent(data);
      if (event === undefined) return false;
      if (event.type === 'batch-complete') {
        summary = event.summary;
        return true;
      }
      const { modelId, region } = event;
      if (event.type === 'complete')
        results.set(key(modelId, region), {
          modelId,
          region,
          certification: event.certification,
        });
      else if (event.type === 'error')
        results.set(key(modelId, region), {
          modelId,
          region,
          error: streamErrorFrom(event.code, event.message),
        });
      options.onEvent?.(event);
      return false;
    },
    'The connection failed while the batch was running.',
  );
  if (summary === undefined) throw new IncompleteStreamError('The batch stream ended early.');
  return { items: inItemOrder(items, results), summary };
}

/**
 * The results in the items' order. An item that named no Region was certified in the default
 * one, which the client need not know: it is the one Region of its model that no other item
 * names (the service refuses a model twice in one Region).
 */
function inItemOrder(
  items: readonly BatchItemRequest[],
  results: Map<string, BatchItemResult>,
): BatchItemResult[] {
  const named = new Set(
    items.flatMap((item) => (item.region === undefined ? [] : [key(item.modelId, item.region)])),
  );
  return items.map((item) => {
    const result =
      item.region === undefined
        ? [...results.values()].find(
            (candidate) =>
              candidate.modelId === item.modelId &&
              !named.has(key(candidate.modelId, candidate.region)),
          )
        : results.get(key(item.modelId, item.region));
    if (result === undefined)
      throw new IncompleteStreamError(`The batch stream said nothing of ${item.modelId}.`);
    return result;
  });
}

function key(modelId: string, region: string): string {
  return `${region}\n${modelId}`;
}

/** The event, or `undefined` for a type this client does not know (the contract allows new ones). */
function parseBatchEvent(data: string): BatchEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (error) {
    throw new ProtocolError('The batch stream carried an event that is not JSON.', {
      cause: error,
    });
  }
  const fields = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  if (fields.type === 'batch-complete') {
    if (typeof fields.summary !== 'object' || fields.summary === null)
      throw new ProtocolError('The batch-complete event carried no summary.');
    return value as BatchEvent;
  }
  if (!['progress', 'complete', 'error'].includes(fields.type as string)) {
    if (typeof fields.type === 'string') return undefined;
    throw new ProtocolError('The batch stream carried an event without a type.');
  }
  if (typeof fields.modelId !== 'string' || typeof fields.region !== 'string')
    throw new ProtocolError('A batch event did not say which item it is about.');
  if (
    fields.type === 'complete' &&
    (typeof fields.certification !== 'object' || !fields.certification)
  )
    throw new ProtocolError('The complete event carried no certification.');
  if (fields.type === 'error' && typeof fields.code !== 'string')
    throw new ProtocolError('The error event carried no code.');
  return value as BatchEvent;
}
