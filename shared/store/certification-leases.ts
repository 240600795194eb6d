import type {
  AcquiredLease,
  CertificationLeasePort,
  Lease,
  LeaseResult,
} from '../service/ports.js';
import { itemKey, StoreTable, type Item, type StoreOptions } from './store-table.js';
import { keys, TABLE_SCHEMA } from './table-schema.js';

/** Options for `CertificationLeases`. */
export type CertificationLeasesOptions = StoreOptions;

/** Keeps the lease item a little past its lease, so a late `read` still sees why it ended. */
const TTL_GRACE_SECONDS = 60;

/**
 * Cross-instance single flight for certifications: one lease item per region and model id,
 * taken with one conditional put and given back with one conditional update. A lease that runs
 * out (the owner's environment died) is free to take, so a crash blocks a model for at most one
 * lease.
 *
 * Given back, the item stays (until its TTL) with `leaseUntil` 0 and the result its run cached,
 * and the put that takes the lease next answers the item it replaced: so a request learns,
 * without reading the cache again, whether a run finished between its own cache read and its
 * lease. `leaseUntil` 0 is a lease that ran out to every release of this code.
 */
export class CertificationLeases extends StoreTable implements CertificationLeasePort {
  /** Takes the lease for `leaseMs` if nobody holds an unexpired one: what the last holder left, or `undefined`. */
  async tryAcquire(
    region: string,
    modelId: string,
    owner: string,
    leaseMs: number,
  ): Promise<AcquiredLease | undefined> {
    const now = this.clock.now();
    const leaseUntil = now + leaseMs;
    const taken = await this.putItem({
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
      ReturnValues: 'ALL_OLD',
    });
    if (taken === undefined) return undefined;
    const previousResult = resultOf(taken.Attributes);
    return previousResult ? { previousResult } : {};
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

  /**
   * Gives the lease up, keeping `result` for whoever takes it next; does nothing unless `owner`
   * holds it. True when `owner` held it (again after a retry whose first answer was lost).
   */
  async release(
    region: string,
    modelId: string,
    owner: string,
    result?: LeaseResult,
  ): Promise<boolean> {
    const released = await this.updateItem({
      Key: itemKey(keys.lease(region, modelId)),
      UpdateExpression: result
        ? 'SET leaseUntil = :released, resultCertifiedAt = :certifiedAt, resultExpiresAt = :expiresAt'
        : 'SET leaseUntil = :released',
      ConditionExpression: '#owner = :owner',
      ExpressionAttributeNames: { '#owner': 'owner' },
      ExpressionAttributeValues: {
        ':owner': { S: owner },
        ':released': { N: '0' },
        ...(result
          ? {
              ':certifiedAt': { S: result.certifiedAt },
              ':expiresAt': { S: result.expiresAt },
            }
          : {}),
      },
    });
    return released;
  }
}

function resultOf(item: Item | undefined): LeaseResult | undefined {
  const certifiedAt = item?.resultCertifiedAt?.S;
  const expiresAt = item?.resultExpiresAt?.S;
  return certifiedAt === undefined || expiresAt === undefined
    ? undefined
    : { certifiedAt, expiresAt };
}
