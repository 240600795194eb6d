import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { isUnknownModel } from '../certification/unknown-model.js';
import { MAX_CACHE_TTL_SECONDS } from '../config.js';
import type { CertificationPage, PagePosition } from '../service/ports.js';
import { DEFAULT_SUITE, SUITE_NAMES, suiteCovers, suiteOf, type SuiteName } from '../suites.js';
import type { Certification } from '../types.js';
import { itemKey, StoreTable, type Item, type StoreOptions } from './store-table.js';
import { keys, TABLE_SCHEMA } from './table-schema.js';
import { batchGetAll, callStore } from './store-errors.js';

/** Options for `CertificationCache`; its clock decides what has expired. */
export interface CertificationCacheOptions extends StoreOptions {
  /**
   * The longest a certification is cached (the expiry policy's longest TTL). A page never reads
   * what was certified longer ago than this: it has expired. Default `MAX_CACHE_TTL_SECONDS`.
   */
  longestTtlSeconds?: number;
}

const TTL = TABLE_SCHEMA.timeToLiveAttribute;
const { recentIndex } = TABLE_SCHEMA;

/**
 * Certification results per region, model id and suite. Items live under one partition per region
 * (`CERT#<region>`, sort key = model id, with `#full` for the full suite's) and are read by key:
 * one, or many at once for the catalog. The core key holds the newest result that answers a core
 * request, a full one included (a full run ran every core probe too), so every lookup is one
 * read. A page of the newest ones is one Query of the sparse `recent` index, which holds each
 * result once (under its own suite's key) and none of ids Bedrock says do not exist (see
 * `isUnknownModel`). The certification is stored as a JSON string: it is only ever read whole,
 * and a string keeps the item compact and free of type mapping.
 *
 * Expiry is decided here, on read: DynamoDB's TTL deletes expired items only eventually
 * (and the local store never), so an item past its `expiresAt` is treated as absent.
 */
export class CertificationCache extends StoreTable {
  private readonly longestTtlMs: number;

  constructor(options: CertificationCacheOptions) {
    super(options);
    this.longestTtlMs = (options.longestTtlSeconds ?? MAX_CACHE_TTL_SECONDS) * 1000;
  }

  /**
   * The newest unexpired certification of `modelId` in `region` that answers `suite` (its own
   * suite's, or a larger suite's), marked `cached: true`, or `undefined`: one GetItem.
   */
  async get(
    region: string,
    modelId: string,
    suite: SuiteName = DEFAULT_SUITE,
  ): Promise<Certification | undefined> {
    // Consistent: a waiter of a single-flight run reads right after the runner's put.
    const item = await this.getItem(keys.certification(region, modelId, suite));
    return item ? this.fromItem(item, this.clock.now()) : undefined;
  }

  /**
   * The unexpired certifications answering a core request of exactly these model ids in `region`
   * (absent ones are left out), marked `cached: true`: one `BatchGetItem` per 100 ids.
   */
  async getMany(region: string, modelIds: readonly string[]): Promise<Certification[]> {
    const items = await batchGetAll(
      this.client,
      this.tableName,
      modelIds.map((modelId) => keys.certification(region, modelId)),
    );
    const now = this.clock.now();
    return items.flatMap((item) => this.fromItem(item, now) ?? []);
  }

  /**
   * Stores (or replaces) a certification until its `expiresAt`, under every suite it answers: a
   * full result is also the newest answer to a core request, so that request stays one read.
   */
  async put(certification: Certification): Promise<void> {
    const expiresAtMs = Date.parse(certification.expiresAt);
    if (!Number.isFinite(expiresAtMs)) {
      throw new TypeError(`certification.expiresAt is not a date: ${certification.expiresAt}`);
    }
    const suite = suiteOf(certification);
    const stored: Certification = { ...certification, suite, cached: false };
    const answered = SUITE_NAMES.filter((candidate) => suiteCovers(suite, candidate));
    await Promise.all(
      answered.map((candidate) =>
        this.putItem({
          Item: {
            ...itemKey(keys.certification(certification.region, certification.modelId, candidate)),
            certification: { S: JSON.stringify(stored) },
            // Rounded up so TTL never deletes an item before the moment it expires.
            [TTL]: { N: String(Math.ceil(expiresAtMs / 1000)) },
            // Listed newest first, once (under its own suite's key); an id Bedrock does not know
            // is answered, never listed.
            ...(candidate !== suite || isUnknownModel(certification)
              ? {}
              : { [recentIndex.sortKey.name]: { S: certification.certifiedAt } }),
          },
        }),
      ),
    );
  }

  /**
   * Up to `limit` unexpired certifications of `region`, newest first, starting after `after`
   * (the `next` of the page before). One Query of the `recent` index in the common case; expired
   * items met on the way are skipped, and at most `2 × limit + 1` items are read for one page, so
   * a page may hold fewer than `limit` with a `next` to read on from.
   */
  async page(
    region: string,
    options: { limit: number; after?: PagePosition },
  ): Promise<CertificationPage> {
    const { limit } = options;
    const now = this.clock.now();
    const pk = keys.certificationPartition(region);
    const certifications: Certification[] = [];
    let budget = 2 * limit + 1;
    let last = options.after;
    let startKey = last && positionKey(pk, last);
    for (;;) {
      // One beyond the page: when it exists, there is a next page.
      const { Items = [], LastEvaluatedKey } = await callStore(() =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: recentIndex.name,
            KeyConditionExpression: '#pk = :pk AND #listedAt > :oldest',
            ExpressionAttributeNames: {
              '#pk': recentIndex.partitionKey.name,
              '#listedAt': recentIndex.sortKey.name,
            },
            ExpressionAttributeValues: {
              ':pk': { S: pk },
              // Certified longer ago than any result is kept: expired, whatever TTL has deleted.
              ':oldest': { S: new Date(now - this.longestTtlMs).toISOString() },
            },
            ScanIndexForward: false,
            Limit: Math.min(limit - certifications.length + 1, budget),
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        ),
      );
      budget -= Items.length;
      for (const item of Items) {
        if (certifications.length === limit) return { certifications, next: last };
        const certification = this.fromItem(item, now);
        if (certification) certifications.push(certification);
        last = positionOf(item) ?? last;
      }
      if (!LastEvaluatedKey) return { certifications };
      if (budget <= 0) return { certifications, next: last };
      startKey = LastEvaluatedKey;
    }
  }

  private fromItem(item: Item, now: number): Certification | undefined {
    const json = item.certification?.S;
    if (json === undefined) return undefined;
    const certification = JSON.parse(json) as Certification;
    if (!(Date.parse(certification.expiresAt) > now)) return undefined;
    // A result cached before suites existed ran the core suite.
    return { ...certification, suite: suiteOf(certification), cached: true };
  }
}

/**
 * Where an item of the `recent` index stands: its sort key and the table sort key that tells ties
 * apart (the model id, with `#full` for a full suite's result).
 */
function positionOf(item: Item): PagePosition | undefined {
  const certifiedAt = item[recentIndex.sortKey.name]?.S;
  const modelId = item.sk?.S;
  return certifiedAt === undefined || modelId === undefined ? undefined : { certifiedAt, modelId };
}

/** The index's exclusive start key for a position: the index key plus the table key. */
function positionKey(pk: string, position: PagePosition): Item {
  return {
    pk: { S: pk },
    sk: { S: position.modelId },
    [recentIndex.sortKey.name]: { S: position.certifiedAt },
  };
}
