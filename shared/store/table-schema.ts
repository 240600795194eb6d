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
  rateWindow: (sub: string) => ({ pk: `RATE#${sub}`, sk: 'WINDOW' }),
  lock: (region: string, modelId: string) => ({ pk: `LOCK#${region}`, sk: modelId }),
  /**
   * One item per UTC month (`YYYY-MM`) and subject, the month as partition: a user's month is one
   * GetItem, and every user of a month (the operators' report) one Query, never a Scan.
   */
  usage: (sub: string, month: string) => ({ pk: `USAGE#${month}`, sk: sub }),
  usagePartition: (month: string) => `USAGE#${month}`,
  /** Keyed by the ticket's SHA-256, never the ticket itself: a table read grants no stream. */
  streamTicket: (ticketSha256: string) => ({ pk: `TICKET#${ticketSha256}`, sk: 'TICKET' }),
  /** One partition per model, sorted by time, so a history read is one Query, newest first. */
  historyRun: (region: string, modelId: string, certifiedAt: string, runId: string) => ({
    pk: `HIST#${region}#${modelId}`,
    sk: `${certifiedAt}#${runId}`,
  }),
  historyPartition: (region: string, modelId: string) => `HIST#${region}#${modelId}`,
  /** Each model's latest run, one partition per region, so "when did each model last change" is one Query. */
  lastRun: (region: string, modelId: string) => ({ pk: `LASTRUN#${region}`, sk: modelId }),
  lastRunPartition: (region: string) => `LASTRUN#${region}`,
} as const;

/** `CreateTable` input for the schema above (on-demand billing, as the stack deploys it). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [
      { AttributeName: TABLE_SCHEMA.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: TABLE_SCHEMA.sortKey.name, KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      {
        AttributeName: TABLE_SCHEMA.partitionKey.name,
        AttributeType: TABLE_SCHEMA.partitionKey.type,
      },
      { AttributeName: TABLE_SCHEMA.sortKey.name, AttributeType: TABLE_SCHEMA.sortKey.type },
    ],
  };
}
