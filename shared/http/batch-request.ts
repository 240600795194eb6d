import {
  InvalidModelIdError,
  InvalidRequestError,
  MissingModelIdError,
  UnsupportedModelIdError,
  UnsupportedRegionError,
} from '../errors.js';
import { message, type LocalizedMessage } from '../i18n/translate.js';
import { isValidModelId, uncertifiableReason } from '../model-id.js';
import type { CertificationService } from '../service/certification-service.js';
import { SUITE_NAMES } from '../suites.js';
import { MAX_BATCH_ITEMS, type BatchItemRef, type BatchRequest } from '../types.js';

/** A batch body, checked whole: what the runner certifies. */
export interface ParsedBatchRequest {
  items: BatchItemRef[];
  fresh: boolean;
  suite?: BatchRequest['suite'];
}

const BODY_FIELDS = new Set(['items', 'suite', 'fresh']);
const ITEM_FIELDS = new Set(['modelId', 'region']);
const ITEM_EXAMPLE = '{"modelId": "...", "region": "..."}';

/**
 * Checks a `POST /batches` body before anything runs: 1 to 50 items, each `{modelId, region?}`
 * with a certifiable id and a listed Region, none twice (the same model in the same Region), and
 * no field the route does not know. The first problem is a 400 naming the item's index:
 * `UNSUPPORTED_REGION` for a Region the service does not list, `INVALID_REQUEST` for the rest.
 */
export function parseBatchRequest(
  body: Record<string, unknown>,
  service: Pick<CertificationService, 'resolveRegion' | 'regions'>,
): ParsedBatchRequest {
  const unknown = Object.keys(body).find((key) => !BODY_FIELDS.has(key));
  if (unknown !== undefined)
    throw new InvalidRequestError(message('api.batch.unknownField', { field: echoed(unknown) }));
  const { items, suite, fresh } = body;
  if (fresh !== undefined && typeof fresh !== 'boolean')
    throw new InvalidRequestError(message('api.freshBoolean'));
  if (
    suite !== undefined &&
    (typeof suite !== 'string' || !(SUITE_NAMES as readonly string[]).includes(suite))
  )
    throw new InvalidRequestError(message('api.suiteBody', { suites: SUITE_NAMES.join(', ') }));
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_BATCH_ITEMS)
    throw new InvalidRequestError(
      message('api.batch.items', { max: MAX_BATCH_ITEMS, example: ITEM_EXAMPLE }),
    );

  const seen = new Map<string, number>();
  const parsed = items.map((item: unknown, index): BatchItemRef => {
    const at = `items[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw new InvalidRequestError(
        atField(at, message('api.batch.itemNotObject', { example: ITEM_EXAMPLE })),
      );
    const fields = item as Record<string, unknown>;
    const extra = Object.keys(fields).find((key) => !ITEM_FIELDS.has(key));
    if (extra !== undefined)
      throw new InvalidRequestError(
        atField(at, message('api.batch.itemUnknownField', { field: echoed(extra) })),
      );
    const modelId = itemModelId(fields.modelId, at);
    let region: string;
    try {
      region = service.resolveRegion(fields.region);
    } catch (error) {
      if (error instanceof UnsupportedRegionError)
        throw new UnsupportedRegionError(String(fields.region), service.regions, `${at}.region`);
      throw new InvalidRequestError(atField(at, message('api.regionName')));
    }
    const key = `${region}\n${modelId}`;
    const first = seen.get(key);
    if (first !== undefined)
      throw new InvalidRequestError(
        atField(at, message('api.batch.repeat', { first, modelId, region })),
      );
    seen.set(key, index);
    return { modelId, region };
  });
  return {
    items: parsed,
    fresh: fresh === true,
    ...(suite === undefined ? {} : { suite: suite as BatchRequest['suite'] }),
  };
}

/** The item's model id, as the single certify routes check it, with the item's index in the message. */
function itemModelId(modelId: unknown, at: string): string {
  if (modelId === undefined || modelId === null || modelId === '')
    throw new InvalidRequestError(atField(at, new MissingModelIdError().localized));
  if (typeof modelId !== 'string' || !isValidModelId(modelId))
    throw new InvalidRequestError(atField(at, new InvalidModelIdError().localized));
  const reason = uncertifiableReason(modelId);
  if (reason !== undefined)
    throw new InvalidRequestError(atField(at, new UnsupportedModelIdError(reason).localized));
  return modelId;
}

/** A problem with one part of the body, under its path (`items[3]`). */
function atField(at: string, detail: LocalizedMessage): LocalizedMessage {
  return message('api.atField', { at, detail });
}

/**
 * A field name the client sent, fit to be named back: at most 64 characters, and anything but
 * letters, digits and `_.-` shown as `?`, so no markup or control character is echoed.
 */
function echoed(name: string): string {
  return name.slice(0, 64).replace(/[^\w.-]/g, '?');
}
