import { SERVICE_DEFAULTS } from '../config.js';
import type { LatestRun, RunHistoryPort } from '../service/ports.js';
import { nextLatest } from '../service/run-summary.js';
import { SUITE_NAMES, suiteOf, type SuiteName } from '../suites.js';
import type { CertificationRun } from '../types.js';
import { itemKey, StoreTable, type Item, type StoreOptions } from './store-table.js';
import { keys, TABLE_SCHEMA } from './table-schema.js';
import { batchGetAll } from './store-errors.js';

/** Options for `RunHistory`; its clock decides what is past the retention. */
export interface RunHistoryOptions extends StoreOptions {
  /** How long a run is kept. Default: `SERVICE_DEFAULTS.history.retentionDays`. */
  retentionDays?: number;
}

const TTL = TABLE_SCHEMA.timeToLiveAttribute;
const DAY_MS = 86_400_000;

/**
 * The run history on DynamoDB, two item kinds:
 *
 * - one item per run under `HIST#<region>#<modelId>`, sorted by `certifiedAt` (then the run id),
 *   so a history read is one Query, newest first, whose key condition already leaves out runs
 *   past the retention (a `Limit` then counts only runs that will be answered);
 * - one item per model under `LASTRUN#<region>` holding its latest run, its latest run of each
 *   suite and `changedAt`, so what a new run is compared with is one GetItem, and when the
 *   catalog's models last changed is a batch read of their keys.
 *
 * Every item expires `retentionDays` after its run (the table's TTL attribute); reads decide
 * expiry themselves, since DynamoDB's TTL deletes only eventually (and the local store never).
 */
export class RunHistory extends StoreTable implements RunHistoryPort {
  private readonly retentionMs: number;

  constructor(options: RunHistoryOptions) {
    super(options);
    this.retentionMs = (options.retentionDays ?? SERVICE_DEFAULTS.history.retentionDays) * DAY_MS;
  }

  /** The model's latest run within the retention, with since when its verdict stands. */
  async latest(region: string, modelId: string): Promise<LatestRun | undefined> {
    // Consistent: read right before a run is compared with it; the previous run's write must show.
    const item = await this.getItem(keys.lastRun(region, modelId));
    return item ? this.latestFromItem(item, this.clock.now()) : undefined;
  }

  /**
   * Writes the run's item, then makes it the model's latest. In that order: if the second write
   * fails, the next run is compared with the run before this one and finds any change again,
   * rather than a change going unannounced. The latest-run item is only ever replaced by a newer
   * run (a conditional put), should two runs of a model ever overlap.
   */
  async append(
    region: string,
    modelId: string,
    runId: string,
    run: CertificationRun,
    previous: LatestRun | undefined,
  ): Promise<void> {
    const expiresAt = {
      N: String(Math.ceil((Date.parse(run.certifiedAt) + this.retentionMs) / 1000)),
    };
    if (!Number.isFinite(Number(expiresAt.N)))
      throw new TypeError(`run.certifiedAt is not a date: ${run.certifiedAt}`);
    const json = { S: JSON.stringify(run) };
    await this.putItem({
      Item: {
        ...itemKey(keys.historyRun(region, modelId, run.certifiedAt, runId)),
        run: json,
        [TTL]: expiresAt,
      },
    });

    const { changedAt, suiteRuns } = nextLatest(previous, run);
    // Refused when a newer run is already the latest: this one stays in the history only.
    await this.putItem({
      Item: {
        ...itemKey(keys.lastRun(region, modelId)),
        run: json,
        certifiedAt: { S: run.certifiedAt },
        changedAt: { S: changedAt },
        suiteRuns: { S: JSON.stringify(suiteRuns) },
        [TTL]: expiresAt,
      },
      // ISO 8601 instants in UTC compare as strings.
      ConditionExpression: 'attribute_not_exists(pk) OR certifiedAt < :certifiedAt',
      ExpressionAttributeValues: { ':certifiedAt': { S: run.certifiedAt } },
    });
  }

  /** At most `limit` runs of the model within the retention, newest first: one Query. */
  async list(region: string, modelId: string, limit: number): Promise<CertificationRun[]> {
    const now = this.clock.now();
    const items = await this.queryPage({
      KeyConditionExpression: 'pk = :pk AND sk > :oldest',
      ExpressionAttributeValues: {
        ':pk': { S: keys.historyPartition(region, modelId) },
        // Sort keys start with certifiedAt, and a run expires a fixed retention after it.
        ':oldest': { S: new Date(now - this.retentionMs).toISOString() },
      },
      ScanIndexForward: false,
      Limit: limit,
    });
    return items.flatMap((item) => {
      const run = parseRun(item);
      return run && this.unexpired(run, now) ? [run] : [];
    });
  }

  /**
   * Model id → `changedAt` for those of `modelIds` with a run within the retention: their
   * latest-run items by key (one `BatchGetItem` per 100 ids), never the region's whole partition.
   */
  async lastChanges(region: string, modelIds: readonly string[]): Promise<Map<string, string>> {
    const items = await batchGetAll(
      this.client,
      this.tableName,
      modelIds.map((modelId) => keys.lastRun(region, modelId)),
    );
    const now = this.clock.now();
    const changes = new Map<string, string>();
    for (const item of items) {
      const latest = this.latestFromItem(item, now);
      const modelId = item.sk?.S;
      if (latest && modelId !== undefined) changes.set(modelId, latest.changedAt);
    }
    return changes;
  }

  private latestFromItem(item: Item, now: number): LatestRun | undefined {
    const run = parseRun(item);
    const changedAt = item.changedAt?.S;
    if (!run || changedAt === undefined || !this.unexpired(run, now)) return undefined;
    const suites = item.suiteRuns?.S;
    if (suites === undefined) return { run, changedAt };
    const suiteRuns = JSON.parse(suites) as Partial<Record<SuiteName, CertificationRun>>;
    // A suite's run past the retention says nothing any more.
    for (const suite of SUITE_NAMES) {
      const suiteRun = suiteRuns[suite];
      if (suiteRun !== undefined && !this.unexpired(suiteRun, now)) delete suiteRuns[suite];
    }
    return { run, changedAt, suiteRuns };
  }

  private unexpired(run: CertificationRun, now: number): boolean {
    return Date.parse(run.certifiedAt) + this.retentionMs > now;
  }
}

function parseRun(item: Item): CertificationRun | undefined {
  const json = item.run?.S;
  if (json === undefined) return undefined;
  const run = JSON.parse(json) as CertificationRun;
  // A run recorded before suites existed ran the core suite.
  return { ...run, suite: suiteOf(run) };
}
