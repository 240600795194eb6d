import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { QuotaExceededError } from '../errors.js';
import { QUOTA_HOLD_TIMEOUT_MS } from '../lambda-limits.js';
import { isMonth, monthOf, secondsUntilMonthEnds } from '../month.js';
import type {
  MonthlyUsage,
  QuotaHold,
  RecordOptions,
  SubjectUsage,
  UsageMeterPort,
} from '../service/ports.js';
import type { Certification } from '../types.js';
import { itemKey, StoreTable, type Item, type StoreOptions } from './store-table.js';
import { keys } from './table-schema.js';

export { monthOf } from '../month.js';
export type { MonthlyUsage, SubjectUsage } from '../service/ports.js';

/** Options for `UsageMeter`; its clock stamps holds and tells their age. */
export interface UsageMeterOptions extends StoreOptions {
  /**
   * A quota hold older than this belongs to a request that ended without metering or giving it
   * back (its execution environment died): it stops counting, and is swept when the quota is
   * full. Default `QUOTA_HOLD_TIMEOUT_MS` (3 minutes, twice the function timeout), so no live
   * request loses its hold.
   */
  holdTimeoutMs?: number;
}

/** Run ids are remembered in three rotating sets of this span each (see {@link UsageMeter}). */
const RUN_ID_BUCKET_MS = 10 * 60_000;
const RUN_ID_SLOTS = 3;
/** Each lost round is a change made by this same run id's earlier attempt; two settle it. */
const MAX_ROUNDS = 5;
const HOLD_PREFIX = 'hold:';
const NANOS_PER_USD = 1_000_000_000;

/** The counters of a month item, the only attributes a report reads (an item also holds run ids). */
const COUNTERS = ['certifications', 'inputTokens', 'outputTokens', 'costNanoUsd'] as const;

/**
 * Pay-per-certification metering and the monthly quota, exact under concurrency, retries and lost
 * responses, with single-item conditional writes only (no transactions), so dynalite and DynamoDB
 * behave alike.
 *
 * One item per UTC month and subject, `pk = USAGE#<month>`, `sk = <sub>`: all users of a month
 * are one Query. It holds
 * - the counters `certifications`, `inputTokens`, `outputTokens` and `costNanoUsd` (integer
 *   nano-USD: the engine estimates to 1e-8 USD, a cheap model's run costs about 1e-5 USD, and
 *   summing binary floats would drift);
 * - `used`, the quota counter: certifications plus runs admitted and not yet metered;
 * - `hold:<runId>` (epoch ms), one per admitted run not yet metered or given back;
 * - `runIds0`…`runIds2`, string sets of the run ids metered recently, the idempotency record.
 *
 * `record` adds a run's counters and its id in one conditional `UpdateItem` whose condition is
 * that the id is not there yet, so a retry after a lost response, or a second call for the same
 * run, finds it and adds nothing. Ids go into the set of their 10-minute bucket (by
 * `certifiedAt`, so every retry picks the same set); each write empties the set of the bucket two
 * ahead, which holds ids at least 20 minutes old. So the item stays small (about half an hour of
 * runs) and a run id is remembered for at least 10 minutes after its bucket, while retries
 * happen within the run's 75 s budget (DynamoDB's own idempotency tokens last 10 minutes).
 *
 * `reserve` takes one unit of the quota for a run before anything is spent: `ADD used 1` on the
 * condition `used < limit`, which DynamoDB applies to one item at a time, so of any number of
 * concurrent requests exactly `limit - used` get one. `record` turns the hold into a
 * certification (`used` unchanged); `release` gives it back (`used - 1`).
 */
export class UsageMeter extends StoreTable implements UsageMeterPort {
  private readonly holdTimeoutMs: number;

  constructor(options: UsageMeterOptions) {
    super(options);
    this.holdTimeoutMs = options.holdTimeoutMs ?? QUOTA_HOLD_TIMEOUT_MS;
  }

  /**
   * Meters one run of `sub` exactly once per `runId`: adds one certification, its tokens and its
   * estimated cost to the month of its `certifiedAt` (or `heldInMonth`), and turns the run's quota
   * hold, if it has one, into that certification. Safe to retry; a cached answer is ignored.
   */
  async record(
    sub: string,
    runId: string,
    certification: Certification,
    options: RecordOptions = {},
  ): Promise<void> {
    if (certification.cached) return;
    const certifiedAt = Date.parse(certification.certifiedAt);
    const month = options.heldInMonth ?? monthOf(certifiedAt);
    const runBucket = Math.floor(certifiedAt / RUN_ID_BUCKET_MS);
    const runIds = `runIds${mod(runBucket, RUN_ID_SLOTS)}`;
    // The set of the bucket two ahead of now holds ids at least 20 minutes old; never the run's own.
    const staleSlot = `runIds${mod(Math.floor(this.clock.now() / RUN_ID_BUCKET_MS) + 1, RUN_ID_SLOTS)}`;
    const stale = staleSlot === runIds ? undefined : staleSlot;
    const nanos = Math.max(0, Math.round((certification.estimatedCostUsd ?? 0) * NANOS_PER_USD));
    const counters = {
      ':one': { N: '1' },
      // Every input token Bedrock processed, those read from or written to the prompt cache too
      // (Bedrock's `inputTokens` leaves them out), so a month's in + out is its runs' totalTokens.
      ':in': { N: String(wholeTokens(meteredInputTokens(certification.usage))) },
      ':out': { N: String(wholeTokens(certification.usage.outputTokens)) },
      ':nanos': { N: String(nanos) },
      ':run': { SS: [runId] },
      ':runId': { S: runId },
    };
    const add =
      'ADD certifications :one, inputTokens :in, outputTokens :out, costNanoUsd :nanos, #runIds :run';
    const names = {
      '#runIds': runIds,
      '#hold': HOLD_PREFIX + runId,
      ...(stale ? { '#stale': stale } : {}),
    };

    // Most runs of an admitted request hold quota; other runs (no quota, scheduled runs) do not.
    let held = options.heldInMonth !== undefined;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const update = held
        ? {
            UpdateExpression: `${add} REMOVE #hold${stale ? ', #stale' : ''}`,
            ConditionExpression: 'attribute_exists(#hold) AND NOT contains(#runIds, :runId)',
          }
        : {
            UpdateExpression: `${add}, used :one${stale ? ' REMOVE #stale' : ''}`,
            ConditionExpression: 'attribute_not_exists(#hold) AND NOT contains(#runIds, :runId)',
          };
      if (
        await this.update(sub, month, {
          ...update,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: counters,
        })
      )
        return;
      // The condition failed: the run is metered already (an earlier attempt whose answer was
      // lost), or it holds no quota where it was thought to, or the reverse.
      const item = await this.read(sub, month);
      if (item?.[runIds]?.SS?.includes(runId)) return;
      held = item?.[HOLD_PREFIX + runId] !== undefined;
    }
    throw new Error(`Metering run ${runId} did not settle in ${MAX_ROUNDS} rounds`);
  }

  /**
   * Takes one unit of `sub`'s quota for the current month, for run `runId`: resolves with the
   * hold, or throws `QuotaExceededError` (with `Retry-After` until the month ends) when `limit`
   * runs are metered or in progress. Exact under concurrency; safe to retry.
   */
  async reserve(sub: string, runId: string, limit: number): Promise<QuotaHold> {
    const month = monthOf(this.clock.now());
    const hold = HOLD_PREFIX + runId;
    // The condition lets the month's first unit through on a missing counter: only for a quota that has one.
    if (limit < 1) throw new QuotaExceededError(secondsUntilMonthEnds(this.clock.now()), limit);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const reserved = await this.update(sub, month, {
        UpdateExpression: 'SET #hold = :now ADD used :one',
        ConditionExpression:
          'attribute_not_exists(#hold) AND (attribute_not_exists(used) OR used < :limit)',
        ExpressionAttributeNames: { '#hold': hold },
        ExpressionAttributeValues: {
          ':now': { N: String(this.clock.now()) },
          ':one': { N: '1' },
          ':limit': { N: String(limit) },
        },
      });
      if (reserved) return { runId, month };
      const item = await this.read(sub, month);
      // An earlier attempt took it and its answer was lost.
      if (item?.[hold] !== undefined) return { runId, month };
      const used = number(item?.used);
      if (used < limit) continue; // a run was given back meanwhile
      // A sweep is bounded; a user with more dead holds than this is swept over several refusals.
      const stale = this.staleHolds(item ?? {}).slice(0, 50);
      if (stale.length === 0) break;
      await this.sweep(sub, month, stale);
    }
    throw new QuotaExceededError(secondsUntilMonthEnds(this.clock.now()), limit);
  }

  /** Gives back a hold whose request did not run (it joined another run, or failed first). Idempotent. */
  async release(sub: string, hold: QuotaHold): Promise<void> {
    await this.update(sub, hold.month, {
      UpdateExpression: 'REMOVE #hold ADD used :minusOne',
      ConditionExpression: 'attribute_exists(#hold)',
      ExpressionAttributeNames: { '#hold': HOLD_PREFIX + hold.runId },
      ExpressionAttributeValues: { ':minusOne': { N: '-1' } },
    });
  }

  /** The usage of `sub` in `month` (`YYYY-MM`, UTC); zeros when nothing was recorded. */
  async get(sub: string, month: string): Promise<MonthlyUsage> {
    assertMonth(month);
    const item = (await this.read(sub, month)) ?? {};
    const usage = counters(item);
    return { ...usage, used: usage.certifications + this.liveHolds(item) };
  }

  /** Every subject with usage in `month`, ordered by `sub`: one Query (paginated), no Scan. */
  async listMonth(month: string): Promise<SubjectUsage[]> {
    assertMonth(month);
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: keys.usagePartition(month) } },
      // The counters only: an item also holds the run ids of its last half hour.
      ProjectionExpression: ['sk', ...COUNTERS].join(', '),
      ConsistentRead: true,
    });
    return items.flatMap((item) => {
      const sub = item.sk?.S;
      return sub === undefined ? [] : [{ sub, ...counters(item) }];
    });
  }

  /** One conditional `UpdateItem` on a month item; false when its condition did not hold. */
  private async update(
    sub: string,
    month: string,
    expression: {
      UpdateExpression: string;
      ConditionExpression: string;
      ExpressionAttributeNames: Record<string, string>;
      ExpressionAttributeValues: Record<string, AttributeValue>;
    },
  ): Promise<boolean> {
    return this.updateItem({ Key: itemKey(keys.usage(sub, month)), ...expression });
  }

  private read(sub: string, month: string): Promise<Item | undefined> {
    return this.getItem(keys.usage(sub, month));
  }

  /** Removes holds that are still exactly as read (nobody metered or released them meanwhile). */
  private async sweep(
    sub: string,
    month: string,
    stale: readonly [string, string][],
  ): Promise<void> {
    const names = Object.fromEntries(stale.map(([name], i) => [`#h${i}`, name]));
    const values = Object.fromEntries(stale.map(([, at], i) => [`:h${i}`, { N: at }]));
    await this.update(sub, month, {
      UpdateExpression: `REMOVE ${Object.keys(names).join(', ')} ADD used :minus`,
      ConditionExpression: Object.keys(names)
        .map((name, i) => `${name} = :h${i}`)
        .join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ...values, ':minus': { N: String(-stale.length) } },
    });
  }

  private holds(item: Item): [string, string][] {
    return Object.entries(item).flatMap(([name, value]) =>
      name.startsWith(HOLD_PREFIX) && value.N !== undefined
        ? [[name, value.N] as [string, string]]
        : [],
    );
  }

  private staleHolds(item: Item): [string, string][] {
    const oldest = this.clock.now() - this.holdTimeoutMs;
    return this.holds(item).filter(([, at]) => Number(at) < oldest);
  }

  private liveHolds(item: Item): number {
    return this.holds(item).length - this.staleHolds(item).length;
  }
}

function counters(item: Item): Omit<MonthlyUsage, 'used'> {
  return {
    certifications: number(item.certifications),
    inputTokens: number(item.inputTokens),
    outputTokens: number(item.outputTokens),
    estimatedCostUsd: number(item.costNanoUsd) / NANOS_PER_USD,
  };
}

function number(value: AttributeValue | undefined): number {
  return Number(value?.N ?? 0);
}

function assertMonth(month: string): void {
  if (!isMonth(month)) throw new RangeError(`month must be YYYY-MM, got "${month}"`);
}

function wholeTokens(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

function mod(value: number, modulus: number): number {
  return ((value % modulus) + modulus) % modulus;
}

/** Input tokens of a run as the month counts them: uncached, cache reads and cache writes. */
function meteredInputTokens(usage: Certification['usage']): number {
  return usage.inputTokens + (usage.cacheReadInputTokens ?? 0) + (usage.cacheWriteInputTokens ?? 0);
}
