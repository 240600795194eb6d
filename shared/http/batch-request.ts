import { InvalidRequestError, UnsupportedModelIdError, UnsupportedRegionError } from '../errors.js';
import { isValidModelId, uncertifiableReason } from '../model-id.js';
import type { CertificationService } from '../service/certification-service.js';
import { MAX_BATCH_ITEMS, type BatchItemRef, type BatchRequest } from '../types.js';

/** A batch body, checked whole: what the runner certifies. */
export interface ParsedBatchRequest {
  items: BatchItemRef[];
  fresh: boolean;
  suite?: BatchRequest['suite'];
}

const BODY_FIELDS = new Set(['items', 'suite', 'fresh']);
const ITEM_FIELDS = new Set(['modelId', 'region']);
const SUITES: readonly string[] = ['core', 'full'];

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
    throw new InvalidRequestError(
      `Unknown field "${unknown.slice(0, 64)}"; a batch takes items, suite and fresh.`,
    );
  const { items, suite, fresh } = body;
  if (fresh !== undefined && typeof fresh !== 'boolean')
    throw new InvalidRequestError('fresh must be true or false.');
  if (suite !== undefined && (typeof suite !== 'string' || !SUITES.includes(suite)))
    throw new InvalidRequestError('suite must be "core" or "full".');
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_BATCH_ITEMS)
    throw new InvalidRequestError(
      `items must be a list of 1 to ${MAX_BATCH_ITEMS} items like {"modelId": "...", "region": "..."}.`,
    );

  const seen = new Map<string, number>();
  const parsed = items.map((item: unknown, index): BatchItemRef => {
    const at = `items[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw new InvalidRequestError(`${at} must be an object like {"modelId": "..."}.`);
    const fields = item as Record<string, unknown>;
    const extra = Object.keys(fields).find((key) => !ITEM_FIELDS.has(key));
    if (extra !== undefined)
      throw new InvalidRequestError(
        `${at} has an unknown field "${extra.slice(0, 64)}"; an item takes modelId and region.`,
      );
    const modelId = itemModelId(fields.modelId, at);
    let region: string;
    try {
      region = service.resolveRegion(fields.region);
    } catch (error) {
      if (error instanceof UnsupportedRegionError)
        throw new UnsupportedRegionError(String(fields.region), service.regions, `${at}.region`);
      throw new InvalidRequestError(`${at}.region must be an AWS Region name like us-east-1.`);
    }
    const key = `${region}\n${modelId}`;
    const first = seen.get(key);
    if (first !== undefined)
      throw new InvalidRequestError(
        `${at} repeats items[${first}]: ${modelId} in ${region} is certified once per batch.`,
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
    throw new InvalidRequestError(`${at}.modelId is required.`);
  if (typeof modelId !== 'string' || !isValidModelId(modelId))
    throw new InvalidRequestError(
      `${at}.modelId must be a Bedrock model id, inference profile id or ARN.`,
    );
  const reason = uncertifiableReason(modelId);
  if (reason !== undefined)
    throw new InvalidRequestError(`${at}.modelId: ${new UnsupportedModelIdError(reason).message}`);
  return modelId;
}
