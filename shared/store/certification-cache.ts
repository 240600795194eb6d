import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { systemClock } from '../clock.js';
import type { Clock } from '../clock.js';
import { DEFAULT_SUITE, SUITE_NAMES, suiteCovers, suiteOf, type SuiteName } from '../suites.js';
import type { Certification } from '../types.js';
import { keys, TABLE_SCHEMA } from './table-schema.js';
import { callStore, queryAll } from './store-errors.js';

/** Options for `CertificationCache`. */
export interface CertificationCacheOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Decides what has expired; injected so tests can move time. */
  clock?: Clock;
}

const TTL = TABLE_SCHEMA.timeToLiveAttribute;

/**
 * Certification results per region, model id and suite. Items live under one partition per region
 * (`CERT#<region>`, sort key = model id, with `#full` for the full suite's), so listing a region
 * is one paginated Query. The core key holds the newest result that answers a core request, a
 * full one included (a full run ran every core probe too), so every lookup is one read. The
 * certification is stored as a JSON string: it is only ever read whole, and a string keeps
 * the item compact and free of type mapping.
 *
 * Expiry is decided here, on read: DynamoDB's TTL deletes expired items only eventually
 * (and the local store never), so an item past its `expiresAt` is treated as absent.
 */
export class CertificationCache {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly clock: Clock;

  constructor(options: CertificationCacheOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock ?? systemClock;
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
    const key = keys.certification(region, modelId, suite);
    const { Item } = await callStore(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: key.pk }, sk: { S: key.sk } },
          // A waiter of a single-flight run reads right after the runner's put.
          ConsistentRead: true,
        }),
      ),
    );
    return Item ? this.fromItem(Item, this.clock.now()) : undefined;
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
      answered.map((candidate) => {
        const key = keys.certification(certification.region, certification.modelId, candidate);
        return callStore(() =>
          this.client.send(
            new PutItemCommand({
              TableName: this.tableName,
              Item: {
                pk: { S: key.pk },
                sk: { S: key.sk },
                certification: { S: JSON.stringify(stored) },
                // Rounded up so TTL never deletes an item before the moment it expires.
                [TTL]: { N: String(Math.ceil(expiresAtMs / 1000)) },
              },
            }),
          ),
        );
      }),
    );
  }

  /** Every unexpired certification of `region` (one per model and suite), ordered by model id. */
  async list(region: string): Promise<Certification[]> {
    const now = this.clock.now();
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      // Drops most expired items server side; fromItem makes the exact, millisecond decision.
      FilterExpression: '#ttl > :nowSeconds',
      ExpressionAttributeNames: { '#ttl': TTL },
      ExpressionAttributeValues: {
        ':pk': { S: keys.certificationPartition(region) },
        ':nowSeconds': { N: String(Math.floor(now / 1000)) },
      },
    });
    // A full result is stored under the core key too; list it once, under its own.
    return items.flatMap((item) => {
      const certification = this.fromItem(item, now);
      if (certification === undefined) return [];
      const own = keys.certification(region, certification.modelId, certification.suite).sk;
      return item.sk?.S === own ? [certification] : [];
    });
  }

  private fromItem(item: Record<string, AttributeValue>, now: number): Certification | undefined {
    const json = item.certification?.S;
    if (json === undefined) return undefined;
    const certification = JSON.parse(json) as Certification;
    if (!(Date.parse(certification.expiresAt) > now)) return undefined;
    // A result cached before suites existed ran the core suite.
    return { ...certification, suite: suiteOf(certification), cached: true };
  }
}
