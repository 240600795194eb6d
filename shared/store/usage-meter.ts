import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { systemClock } from '../clock.js';
import type { Clock } from '../clock.js';
import type { Certification } from '../types.js';
import { keys } from './table-schema.js';
import { callStore } from './store-errors.js';

/** Options for `UsageMeter`. */
export interface UsageMeterOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Decides which month a certification is billed to. */
  clock?: Clock;
}

/** What one subject spent in one month. */
export interface MonthlyUsage {
  /** Certifications that actually ran (cache hits are free and not counted). */
  certifications: number;
  inputTokens: number;
  outputTokens: number;
  /** Sum of the certifications' estimated Bedrock cost; models without a known price add 0. */
  estimatedCostUsd: number;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The UTC month (`YYYY-MM`) of an epoch-milliseconds instant. */
export function monthOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 7);
}

/**
 * Pay-per-certification metering: one item per subject and UTC month whose counters only ever
 * grow through atomic `ADD`s, so concurrent certifications never lose an increment. Cost is kept
 * in integer micro-USD because DynamoDB numbers are decimal and summing binary floats drifts.
 */
export class UsageMeter {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly clock: Clock;

  constructor(options: UsageMeterOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock ?? systemClock;
  }

  /** Adds a certification that ran to its subject's current month. A cached answer is ignored. */
  async record(sub: string, certification: Certification): Promise<void> {
    if (certification.cached) return;
    const key = keys.usage(sub, monthOf(this.clock.now()));
    const micros = Math.round((certification.estimatedCostUsd ?? 0) * 1_000_000);
    await callStore(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: key.pk }, sk: { S: key.sk } },
          UpdateExpression: 'ADD certifications :one, inputTokens :in, outputTokens :out, costMicroUsd :micros',
          ExpressionAttributeValues: {
            ':one': { N: '1' },
            ':in': { N: String(wholeTokens(certification.usage.inputTokens)) },
            ':out': { N: String(wholeTokens(certification.usage.outputTokens)) },
            ':micros': { N: String(Math.max(0, micros)) },
          },
        }),
      ),
    );
  }

  /** The usage of `sub` in `month` (`YYYY-MM`, UTC); zeros when nothing was recorded. */
  async get(sub: string, month: string): Promise<MonthlyUsage> {
    if (!MONTH.test(month)) throw new RangeError(`month must be YYYY-MM, got "${month}"`);
    const key = keys.usage(sub, month);
    const { Item } = await callStore(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: key.pk }, sk: { S: key.sk } },
          ConsistentRead: true,
        }),
      ),
    );
    const count = (name: string) => Number(Item?.[name]?.N ?? 0);
    return {
      certifications: count('certifications'),
      inputTokens: count('inputTokens'),
      outputTokens: count('outputTokens'),
      estimatedCostUsd: count('costMicroUsd') / 1_000_000,
    };
  }
}

function wholeTokens(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}
