import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Clock } from '../../../shared/clock.js';
import { createDynamoDbClient } from '../../../shared/store/dynamodb-client.js';
import {
  LOCAL_DYNAMO_CREDENTIALS,
  LOCAL_DYNAMO_REGION,
  startLocalDynamo,
} from '../../../local/dynamodb.js';
import type { LocalDynamo } from '../../../local/dynamodb.js';
import { sampleCertification } from '../../support/certification-fixture.js';
import { useFixture } from '../../support/suite-fixture.js';

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

/**
 * Starts a store before the enclosing suite and closes it after. Read the fields inside tests
 * and hooks only.
 */
export function useStore(): Omit<StoreFixture, 'close'> {
  return useFixture(startStore, (store) => store.close());
}

/** A complete certification object; override what the test is about. */
export const certification = sampleCertification;
