import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { SuiteName } from '../suites.js';

/**
 * The one DynamoDB table behind the service: the certification cache, rate-limit windows,
 * single-flight leases, usage meters, stream tickets and the run history share it, told apart by key prefix (see `keys`).
 * The CDK stack and the local table creation both read this file, so they cannot drift.
 */
export const TABLE_SCHEMA = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  /** Epoch seconds; DynamoDB TTL deletes an item some time after this. Readers never rely on that. */
  timeToLiveAttribute: 'expiresAt',
  /**
   * The certifications `GET /models` lists, newest first: a sparse index (only a certification
   * that is listed carries `listedAt`, its `certifiedAt`), so a page is one Query of `limit` items
   * whatever else the table holds.
   */
  recentIndex: {
    name: 'recent',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'listedAt', type: 'S' },
  },
} as const;

/** Key builders: every item kind has its own partition-key prefix. */
export const keys = {
  /**
   * One partition per region, so `list(region)` is a single Query; one item per model and suite
   * (the core suite's under the bare model id, as before suites existed; `#` is in no model id).
   */
  certification: (region: string, modelId: string, suite: SuiteName = 'core') => ({
    pk: `CERT#${region}`,
    sk: suite === 'core' ? modelId : `${modelId}#${suite}`,
  }),
  certificationPartition: (region: string) => `CERT#${region}`,
  /** A subject's certify window (`WINDOW`, as first deployed) and its read window beside it. */
  rateWindow: (sub: string, kind: 'certify' | 'read' = 'certify') => ({
    pk: `RATE#${sub}`,
    sk: kind === 'certify' ? 'WINDOW' : 'READ',
  }),
  /**
   * The single-flight lease of a model. `LOCK#` is what the items were first stored under: a new
   * prefix would let instances of two releases hold two leases of one model during a deploy.
   */
  lease: (region: string, modelId: string) => ({ pk: `LOCK#${region}`, sk: modelId }),
  /**
   * One item per UTC month (`YYYY-MM`) and subject, the month as partition: a user's month is one
   * GetItem, and every user of a month (the operators' report) one Query, never a Scan.
   */
  usage: (sub: string, month: string) => ({ pk: `USAGE#${month}`, sk: sub }),
  usagePartition: (month: string) => `USAGE#${month}`,
  /** The deployment's key for sealing page cursors: one item, made by the first container that needs it. */
  cursorKey: { pk: 'KEY#page-cursor', sk: 'KEY' },
  /** Keyed by the ticket's SHA-256, never the ticket itself: a table read grants no stream. */
  streamTicket: (ticketSha256: string) => ({ pk: `TICKET#${ticketSha256}`, sk: 'TICKET' }),
  /** One partition per model, sorted by time, so a history read is one Query, newest first. */
  historyRun: (region: string, modelId: string, certifiedAt: string, runId: string) => ({
    pk: `HIST#${region}#${modelId}`,
    sk: `${certifiedAt}#${runId}`,
  }),
  historyPartition: (region: string, modelId: string) => `HIST#${region}#${modelId}`,
  /** Each model's latest run, read by key (the catalog reads those of the models it lists). */
  lastRun: (region: string, modelId: string) => ({ pk: `LASTRUN#${region}`, sk: modelId }),
} as const;

/** `CreateTable` input for the schema above (on-demand billing, as the stack deploys it). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const { partitionKey, sortKey, recentIndex } = TABLE_SCHEMA;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [
      { AttributeName: partitionKey.name, KeyType: 'HASH' },
      { AttributeName: sortKey.name, KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: partitionKey.name, AttributeType: partitionKey.type },
      { AttributeName: sortKey.name, AttributeType: sortKey.type },
      { AttributeName: recentIndex.sortKey.name, AttributeType: recentIndex.sortKey.type },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: recentIndex.name,
        KeySchema: [
          { AttributeName: recentIndex.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: recentIndex.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}
