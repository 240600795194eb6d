import { randomUUID } from 'node:crypto';
import { SERVICE_DEFAULTS } from '../config.js';
import { RateLimitedError } from '../errors.js';
import { itemKey, StoreTable, type StoreOptions } from './store-table.js';
import { keys, TABLE_SCHEMA } from './table-schema.js';

/** Options for `RateLimiter`. */
export interface RateLimiterOptions extends StoreOptions {
  /** Requests accepted per window. Default `SERVICE_DEFAULTS.rateLimit.limit` (10). */
  limit?: number;
  /** Length of the sliding window. Default `SERVICE_DEFAULTS.rateLimit.windowSeconds` (60). */
  windowSeconds?: number;
  /** Picks slots; `[0, 1)`, injectable so tests choose which slot a write tries. Default `Math.random`. */
  random?: () => number;
  /**
   * Which of a subject's counters: the certify routes' (default) or the read routes'. Each is its
   * own item, so reading never uses up certifications, nor the other way round.
   */
  kind?: 'certify' | 'read';
}

/**
 * Exact sliding-window rate limit per token subject: at most `limit` acceptances in any
 * `windowSeconds`, across every Lambda instance at once.
 *
 * One item per subject has `limit` slots (`t0`…), each holding the time of one acceptance. A
 * request is accepted by taking a slot that is free, empty or holding an acceptance at least a
 * window old, with one conditional write whose condition is exactly that: so each slot holds at
 * most one acceptance per window, and a window can never hold more than `limit`.
 *
 * The first write goes to a slot picked at random, unread: for a caller with room in its window
 * (the common case) that is the whole decision, one round trip. When the slot was taken the
 * failed write answers the item (DynamoDB sends it with the failure; locally it is read), and
 * the request tries a free slot of it at random, so concurrent requests mostly do not collide;
 * a loser (someone took its slot first) tries another free slot, and when none is left it is
 * refused. Every later loss is someone else's acceptance, so this ends within `limit` rounds.
 *
 * Each slot also keeps the id of the request that took it. When a write's answer is lost and the
 * SDK retries it, the retry finds the slot taken — by this very request — and fails its
 * condition; the item it answers then shows the id and the request is accepted without taking a
 * second slot, so a lost answer never counts one request twice.
 *
 * A refusal costs one failed conditional write (and, locally, a read). `Retry-After` is exact:
 * the moment the oldest acceptance in the window leaves it. `n` counts acceptances (an atomic
 * `ADD`, for operators and tests); no decision reads it.
 *
 * Nothing is coordinated in process: Lambda gives each execution environment one request at a
 * time, so concurrent requests always meet here, in the store. Changing `limit` changes the
 * number of slots; nothing else depends on it.
 */
export class RateLimiter extends StoreTable {
  private readonly limit: number;
  private readonly windowSeconds: number;
  private readonly random: () => number;
  private readonly kind: 'certify' | 'read';

  constructor(options: RateLimiterOptions) {
    super(options);
    this.random = options.random ?? Math.random;
    this.limit = options.limit ?? SERVICE_DEFAULTS.rateLimit.limit;
    this.windowSeconds = options.windowSeconds ?? SERVICE_DEFAULTS.rateLimit.windowSeconds;
    this.kind = options.kind ?? 'certify';
    if (!Number.isInteger(this.limit) || this.limit < 1)
      throw new RangeError('limit must be a positive integer');
    if (!(this.windowSeconds > 0)) throw new RangeError('windowSeconds must be positive');
  }

  /**
   * Counts one request of `sub`. Resolves when it is accepted; throws `RateLimitedError` with
   * the exact `retryAfterSeconds` when the window is full, `StoreUnavailableError` when the
   * store cannot be reached (the caller must then refuse the request: fail closed).
   */
  async consume(sub: string): Promise<void> {
    const key = itemKey(keys.rateWindow(sub, this.kind));
    const windowMs = this.windowSeconds * 1000;
    // Each lost round after the first is another request's acceptance; past `limit` of them the
    // window is full and the request is refused, so this bound is only reached if time moves a
    // lot meanwhile.
    const maxRounds = this.limit + 5;
    const requestId = randomUUID();
    let slot = `t${Math.floor(this.random() * this.limit)}`;

    for (let round = 0; round < maxRounds; round++) {
      const now = this.clock.now();
      const outcome = await this.updateItemOrRead({
        Key: key,
        UpdateExpression: 'SET #slot = :now, #slotId = :requestId, #ttl = :ttl ADD n :one',
        ConditionExpression: 'attribute_not_exists(#slot) OR #slot <= :windowStart',
        ExpressionAttributeNames: {
          '#slot': slot,
          '#slotId': `${slot}id`,
          '#ttl': TABLE_SCHEMA.timeToLiveAttribute,
        },
        ExpressionAttributeValues: {
          ':now': { N: String(now) },
          ':requestId': { S: requestId },
          ':windowStart': { N: String(now - windowMs) },
          ':one': { N: '1' },
          // This acceptance is the newest: a window after it, the item carries no information.
          ':ttl': { N: String(Math.ceil((now + windowMs) / 1000) + 60) },
        },
      });
      if (outcome.updated) return;
      const item = outcome.current;
      // Our write went through after all (its answer was lost, the SDK's retry then failed its condition).
      if (item?.[`${slot}id`]?.S === requestId) return;
      const slots = Array.from({ length: this.limit }, (_, i) => ({
        name: `t${i}`,
        at: item?.[`t${i}`]?.N === undefined ? undefined : Number(item[`t${i}`]?.N),
      }));
      const free = slots.filter((entry) => entry.at === undefined || entry.at <= now - windowMs);
      if (free.length === 0) {
        const oldest = Math.min(...slots.map((entry) => entry.at ?? now));
        throw new RateLimitedError(
          Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)),
          this.limit,
          this.windowSeconds,
          this.kind,
        );
      }
      // A random free slot, so that concurrent requests spread over the free slots instead of all
      // racing for the first one.
      slot = (free[Math.floor(this.random() * free.length)] as (typeof free)[number]).name;
    }
    throw new RateLimitedError(1, this.limit, this.windowSeconds, this.kind);
  }
}
