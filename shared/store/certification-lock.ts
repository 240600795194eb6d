import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { systemClock } from '../clock.js';
import type { Clock } from '../clock.js';
import type { ProgressEvent } from '../types.js';
import { keys, TABLE_SCHEMA } from './table-schema.js';
import { callStore, isConditionalCheckFailed, toStoreError } from './store-errors.js';

/** Options for `CertificationLock`. */
export interface CertificationLockOptions {
  client: DynamoDBClient;
  tableName: string;
  clock?: Clock;
}

/** What a waiter sees of a running certification. */
export interface LockState {
  /** Whoever holds the lease (an id the caller chose, e.g. a request id). */
  owner: string;
  /** Progress events the owner has published so far, oldest first. */
  events: ProgressEvent[];
  /** Epoch milliseconds; after this the lease is free for anyone to take. */
  leaseUntil: number;
}

/** Keeps the lock item a little past its lease, so a late `read` still sees why it ended. */
const TTL_GRACE_SECONDS = 60;

/**
 * Cross-instance single flight for certifications: one lease item per region and model id.
 * The owner runs the certification and mirrors its progress into the item so that requests
 * waiting on other instances can stream the same progress. A lease that runs out (the owner's
 * instance died) is free to take, so a crash blocks a model for at most one lease.
 */
export class CertificationLock {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly clock: Clock;

  constructor(options: CertificationLockOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock ?? systemClock;
  }

  /** Takes the lease for `leaseMs` if nobody holds an unexpired one. True when `owner` now holds it. */
  async tryAcquire(region: string, modelId: string, owner: string, leaseMs: number): Promise<boolean> {
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
            events: { S: '[]' },
            [TABLE_SCHEMA.timeToLiveAttribute]: { N: String(Math.ceil(leaseUntil / 1000) + TTL_GRACE_SECONDS) },
          },
          ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
          ExpressionAttributeValues: { ':now': { N: String(now) } },
        }),
      ),
    );
  }

  /**
   * Replaces the published progress with `events`, only while `owner` still holds the item.
   * Resolves `false` (and writes nothing) when the lease has passed to someone else.
   */
  async publish(region: string, modelId: string, owner: string, events: ProgressEvent[]): Promise<boolean> {
    return this.conditionally(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: this.key(region, modelId),
          UpdateExpression: 'SET events = :events',
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':events': { S: JSON.stringify(events) }, ':owner': { S: owner } },
        }),
      ),
    );
  }

  /** The current lease, or `undefined` when nobody holds one (never taken, released or run out). */
  async read(region: string, modelId: string): Promise<LockState | undefined> {
    const { Item } = await callStore(() =>
      this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: this.key(region, modelId), ConsistentRead: true }),
      ),
    );
    const owner = Item?.owner?.S;
    const leaseUntil = Number(Item?.leaseUntil?.N);
    // Same rule as tryAcquire: a lease strictly in the past is no lease.
    if (owner === undefined || !Number.isFinite(leaseUntil) || leaseUntil < this.clock.now()) return undefined;
    return { owner, leaseUntil, events: JSON.parse(Item?.events?.S ?? '[]') as ProgressEvent[] };
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
