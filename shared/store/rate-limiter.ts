import { setTimeout as sleep } from 'node:timers/promises';
import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { systemClock } from '../clock.js';
import type { Clock } from '../clock.js';
import { RateLimitedError } from '../errors.js';
import { keys, TABLE_SCHEMA } from './table-schema.js';
import { callStore, isConditionalCheckFailed, toStoreError } from './store-errors.js';

/** Options for `RateLimiter`. */
export interface RateLimiterOptions {
  client: DynamoDBClient;
  tableName: string;
  clock?: Clock;
  /** Requests accepted per window. Default 10. */
  limit?: number;
  /** Length of the sliding window. Default 60. */
  windowSeconds?: number;
}

/**
 * Exact sliding-window rate limit per token subject: at most `limit` acceptances in any
 * `windowSeconds`, across every Lambda instance at once.
 *
 * One item per subject keeps the times of the last `limit` acceptances in a ring: acceptance
 * number `n` goes to slot `n % limit`, so that slot holds acceptance `n - limit`, the oldest one
 * that can still be inside the window. A request is accepted when that oldest acceptance is at
 * least a window old, by one conditional write that also moves `n` on; the condition
 * `n = <n read>` makes concurrent writers race on the write itself, never on the read, so the
 * count is exact under any concurrency. A loser re-reads and tries again (each loss means
 * someone else was accepted, so this ends after at most `limit` rounds), after a short jittered
 * pause so that losers do not collide again in lockstep.
 *
 * A refusal needs only one strongly consistent read (nothing is written), which keeps an
 * abusive client cheap to turn away. `Retry-After` is exact: the moment the oldest acceptance
 * leaves the window.
 *
 * Nothing is coordinated in process: Lambda gives each execution environment one request at a
 * time, so concurrent requests always meet here, in the store, and the conditional write alone
 * keeps the count exact.
 *
 * Changing `limit` while items exist leaves the ring's slots misnumbered for at most one
 * window (a few requests too many or too few); nothing else depends on it.
 */
export class RateLimiter {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly clock: Clock;
  private readonly limit: number;
  private readonly windowSeconds: number;

  constructor(options: RateLimiterOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock ?? systemClock;
    this.limit = options.limit ?? 10;
    this.windowSeconds = options.windowSeconds ?? 60;
    if (!Number.isInteger(this.limit) || this.limit < 1) throw new RangeError('limit must be a positive integer');
    if (!(this.windowSeconds > 0)) throw new RangeError('windowSeconds must be positive');
  }

  /**
   * Counts one request of `sub`. Resolves when it is accepted; throws `RateLimitedError` with
   * the exact `retryAfterSeconds` when the window is full, `StoreUnavailableError` when the
   * store cannot be reached (the caller must then refuse the request: fail closed).
   */
  async consume(sub: string): Promise<void> {
    const key = keys.rateWindow(sub);
    const Key = { pk: { S: key.pk }, sk: { S: key.sk } };
    const windowMs = this.windowSeconds * 1000;
    // Each failed round means another request was accepted; past `limit` of them the window is
    // full and the read refuses, so this bound is only reached if time moves a lot meanwhile.
    const maxRounds = this.limit + 5;

    for (let round = 0; round < maxRounds; round++) {
      // Jittered backoff after a lost race: contenders that retry in lockstep mostly lose again.
      if (round > 0) await sleep(Math.random() * Math.min(40, 4 * round));
      const now = this.clock.now();
      const { Item } = await callStore(() =>
        this.client.send(new GetItemCommand({ TableName: this.tableName, Key, ConsistentRead: true })),
      );
      const accepted = Item?.n?.N !== undefined ? Number(Item.n.N) : 0;
      const slot = `t${accepted % this.limit}`;
      const oldest = Item?.[slot]?.N !== undefined ? Number(Item[slot].N) : undefined;
      if (oldest !== undefined && oldest > now - windowMs) {
        throw new RateLimitedError(Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)), this.limit, this.windowSeconds);
      }
      try {
        await this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key,
            UpdateExpression: 'SET #slot = :now, n = :next, #ttl = :ttl',
            ConditionExpression: Item ? 'n = :seen' : 'attribute_not_exists(pk)',
            ExpressionAttributeNames: { '#slot': slot, '#ttl': TABLE_SCHEMA.timeToLiveAttribute },
            ExpressionAttributeValues: {
              ':now': { N: String(now) },
              ':next': { N: String(accepted + 1) },
              // Once a whole window passes without an acceptance, the item carries no information.
              ':ttl': { N: String(Math.ceil((now + windowMs) / 1000) + 60) },
              ...(Item ? { ':seen': { N: String(accepted) } } : {}),
            },
          }),
        );
        return;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw toStoreError(error);
      }
    }
    throw new RateLimitedError(1, this.limit, this.windowSeconds);
  }
}
