import type { Certification } from '../types.js';
import { itemKey, StoreTable, type Item, type StoreOptions } from './store-table.js';
import { keys, TABLE_SCHEMA } from './table-schema.js';

/** Options for `CertificationCache`; its clock decides what has expired. */
export type CertificationCacheOptions = StoreOptions;

const TTL = TABLE_SCHEMA.timeToLiveAttribute;

/**
 * Certification results per region and model id. Items live under one partition per region
 * (`CERT#<region>`, sort key = model id), so listing a region is one paginated Query. The
 * certification is stored as a JSON string: it is only ever read whole, and a string keeps
 * the item compact and free of type mapping.
 *
 * Expiry is decided here, on read: DynamoDB's TTL deletes expired items only eventually
 * (and the local store never), so an item past its `expiresAt` is treated as absent.
 */
export class CertificationCache extends StoreTable {
  /** The unexpired certification of `modelId` in `region`, marked `cached: true`, or `undefined`. */
  async get(region: string, modelId: string): Promise<Certification | undefined> {
    // Consistent: a waiter of a single-flight run reads right after the runner's put.
    const item = await this.getItem(keys.certification(region, modelId));
    return item ? this.fromItem(item, this.clock.now()) : undefined;
  }

  /** Stores (or replaces) a certification until its `expiresAt`. */
  async put(certification: Certification): Promise<void> {
    const expiresAtMs = Date.parse(certification.expiresAt);
    if (!Number.isFinite(expiresAtMs)) {
      throw new TypeError(`certification.expiresAt is not a date: ${certification.expiresAt}`);
    }
    const stored: Certification = { ...certification, cached: false };
    await this.putItem({
      Item: {
        ...itemKey(keys.certification(certification.region, certification.modelId)),
        certification: { S: JSON.stringify(stored) },
        // Rounded up so TTL never deletes an item before the moment it expires.
        [TTL]: { N: String(Math.ceil(expiresAtMs / 1000)) },
      },
    });
  }

  /** Every unexpired certification of `region`, ordered by model id. */
  async list(region: string): Promise<Certification[]> {
    const now = this.clock.now();
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      // Drops most expired items server side; fromItem makes the exact, millisecond decision.
      FilterExpression: '#ttl > :nowSeconds',
      ExpressionAttributeNames: { '#ttl': TTL },
      ExpressionAttributeValues: {
        ':pk': { S: keys.certificationPartition(region) },
        ':nowSeconds': { N: String(Math.floor(now / 1000)) },
      },
    });
    return items.flatMap((item) => this.fromItem(item, now) ?? []);
  }

  private fromItem(item: Item, now: number): Certification | undefined {
    const json = item.certification?.S;
    if (json === undefined) return undefined;
    const certification = JSON.parse(json) as Certification;
    if (!(Date.parse(certification.expiresAt) > now)) return undefined;
    return { ...certification, cached: true };
  }
}
