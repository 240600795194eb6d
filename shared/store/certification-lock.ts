import { DeleteItemCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { systemClock } from '../clock.js';
import type { Clock } from '../clock.js';
import type { CertificationLockPort, Lease } from '../service/ports.js';
import { keys, TABLE_SCHEMA } from './table-schema.js';
import { callStore, isConditionalCheckFailed, toStoreError } from './store-errors.js';

/** Options for `CertificationLock`. */
export interface CertificationLockOptions {
  client: DynamoDBClient;
  tableName: string;
  clock?: Clock;
}

/** Keeps the lock item a little past its lease, so a late `read` still sees why it ended. */
const TTL_GRACE_SECONDS = 60;

/**
 * Cross-instance single flight for certifications: one lease item per region and model id,
 * taken with one conditional put and given back with one conditional delete. A lease that runs
 * out (the owner's environment died) is free to take, so a crash blocks a model for at most one
 * lease.
 */
export class CertificationLock implements CertificationLockPort {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly clock: Clock;

  constructor(options: CertificationLockOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock ?? systemClock;
  }

  /** Takes the lease for `leaseMs` if nobody holds an unexpired one. True when `owner` now holds it. */
  async tryAcquire(
    region: string,
    modelId: string,
    owner: string,
    leaseMs: number,
  ): Promise<boolean> {
    const now = this.clock.now();
    const leaseUntil = now + leaseMs;
    return this.conditionally(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            ...this.key(region, modelId),
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
        }),
      ),
    );
  }

  /** The current lease, or `undefined` when nobody holds one (never taken, released or run out). */
  async read(region: string, modelId: string): Promise<Lease | undefined> {
    const { Item } = await callStore(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: this.key(region, modelId),
          ConsistentRead: true,
        }),
      ),
    );
    const owner = Item?.owner?.S;
    const leaseUntil = Number(Item?.leaseUntil?.N);
    // Same rule as tryAcquire: a lease strictly in the past is no lease.
    if (owner === undefined || !Number.isFinite(leaseUntil) || leaseUntil < this.clock.now())
      return undefined;
    return { owner, leaseUntil };
  }

  /** Gives the lease up; does nothing unless `owner` holds it. True when it was released. */
  async release(region: string, modelId: string, owner: string): Promise<boolean> {
    return this.conditionally(() =>
      this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: this.key(region, modelId),
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': { S: owner } },
        }),
      ),
    );
  }

  private key(region: string, modelId: string) {
    const key = keys.lock(region, modelId);
    return { pk: { S: key.pk }, sk: { S: key.sk } };
  }

  /** Runs a write guarded by an ownership condition: false when the condition did not hold. */
  private async conditionally(write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw toStoreError(error);
    }
  }
}
