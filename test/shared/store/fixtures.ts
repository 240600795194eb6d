import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Clock } from '../../../shared/clock.js';
import { createDynamoDbClient } from '../../../shared/store/dynamodb-client.js';
import type { Certification } from '../../../shared/types.js';
import { LOCAL_DYNAMO_CREDENTIALS, LOCAL_DYNAMO_REGION, startLocalDynamo } from '../../../local/dynamodb.js';
import type { LocalDynamo } from '../../../local/dynamodb.js';

/** A clock that moves only when told to. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(epochMs: number): void;
}

export function manualClock(start = Date.parse('2026-11-24T12:00:00.000Z')): ManualClock {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    set: (epochMs) => {
      now = epochMs;
    },
  };
}

export interface StoreFixture {
  dynamo: LocalDynamo;
  client: DynamoDBClient;
  tableName: string;
  close(): Promise<void>;
}

/** A real dynalite with the service's table and the service's client configuration. */
export async function startStore(): Promise<StoreFixture> {
  const dynamo = await startLocalDynamo();
  const client = createDynamoDbClient({
    region: LOCAL_DYNAMO_REGION,
    endpoint: dynamo.endpoint,
    credentials: LOCAL_DYNAMO_CREDENTIALS,
  });
  return {
    dynamo,
    client,
    tableName: dynamo.tableName,
    close: async () => {
      client.destroy();
      await dynamo.close();
    },
  };
}

/** A complete certification object; override what the test is about. */
export function certification(overrides: Partial<Certification> = {}): Certification {
  return {
    modelId: 'anthropic.claude-3-5-sonnet-20241022-v2:0',
    region: 'us-east-1',
    status: 'certified',
    isCertified: true,
    isAvailable: true,
    testsPassed: 6,
    testsFailed: 0,
    successRate: 100,
    avgLatencyMs: 812,
    results: [{ testName: 'basic-completion', status: 'passed', latencyMs: 812 }],
    certifiedAt: '2026-11-24T12:00:00.000Z',
    expiresAt: '2026-11-25T12:00:00.000Z',
    cached: false,
    ttftMs: 240,
    outputTokensPerSecond: 55,
    usage: { inputTokens: 1200, outputTokens: 150, totalTokens: 1350 },
    estimatedCostUsd: 0.00585,
    capabilities: {
      streaming: true,
      systemPrompt: true,
      toolUse: true,
      streamingToolUse: false,
      jsonOutput: true,
      multiTurn: true,
    },
    ...overrides,
  };
}
