import type { CertificationLeasePort, Lease } from '../service/ports.js';
import { itemKey, StoreTable, type StoreOptions } from './store-table.js';
import { keys, TABLE_SCHEMA } from './table-schema.js';

/** Options for `CertificationLeases`. */
export type CertificationLeasesOptions = StoreOptions;

/** Keeps the lease item a little past its lease, so a late `read` still sees why it ended. */
const TTL_GRACE_SECONDS = 60;

/**
 * Cross-instance single flight for certifications: one lease item per region and model id,
 * taken with one conditional put and given back with one conditional delete. A lease that runs
 * out (the owner's environment died) is free to take, so a crash blocks a model for at most one
 * lease.
 */
export class CertificationLeases extends StoreTable implements CertificationLeasePort {
  /** Takes the lease for `leaseMs` if nobody holds an unexpired one. True when `owner` now holds it. */
  tryAcquire(region: string, modelId: string, owner: string, leaseMs: number): Promise<boolean> {
    const now = this.clock.now();
    const leaseUntil = now + leaseMs;
    return this.putItem({
      Item: {
        ...itemKey(keys.lease(region, modelId)),
        owner: { S: owner },
        leaseUntil: { N: String(leaseUntil) },
        [TABLE_SCHEMA.timeToLiveAttribute]: {
          N: String(Math.ceil(leaseUntil / 1000) + TTL_GRACE_SECONDS),
        },
      },
      // `#owner = :owner`: owners are unique per request, so this matches only our own put,
      // seen again when the SDK retries after its answer was lost; without it that retry
      // would fail and the request would wait on its own lease until it ran out.
      ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now OR #owner = :owner',
      ExpressionAttributeNames: { '#owner': 'owner' },
      ExpressionAttributeValues: { ':now': { N: String(now) }, ':owner': { S: owner } },
    });
  }

  /** The current lease, or `undefined` when nobody holds one (never taken, released or run out). */
  async read(region: string, modelId: string): Promise<Lease | undefined> {
    const item = await this.getItem(keys.lease(region, modelId));
    const owner = item?.owner?.S;
    const leaseUntil = Number(item?.leaseUntil?.N);
    // Same rule as tryAcquire: a lease strictly in the past is no lease.
    if (owner === undefined || !Number.isFinite(leaseUntil) || leaseUntil < this.clock.now())
      return undefined;
    return { owner, leaseUntil };
  }

  /** Gives the lease up; does nothing unless `owner` holds it. True when it was released. */
  async release(region: string, modelId: string, owner: string): Promise<boolean> {
    const released = await this.deleteItem({
      Key: itemKey(keys.lease(region, modelId)),
      ConditionExpression: '#owner = :owner',
      ExpressionAttributeNames: { '#owner': 'owner' },
      ExpressionAttributeValues: { ':owner': { S: owner } },
    });
    return released !== undefined;
  }
}
