import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchGetItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { StoreUnavailableError } from '../errors.js';

/**
 * Failures that are answers, not outages: a condition that did not hold is how the rate limiter
 * and the lock say "no", and a validation error is a bug in our request that a retry or a 503
 * would only hide.
 */
const NOT_STORE_FAILURES = new Set([
  'ConditionalCheckFailedException',
  'TransactionCanceledException',
  'ValidationException',
  'SerializationException',
]);

/** True for DynamoDB's "the condition expression did not hold". */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * Maps an error thrown by a DynamoDB client call to what the service should throw: connection
 * failures, timeouts, throttling, 5xx, missing table and credential problems all become
 * `StoreUnavailableError` (a 503; the service fails closed), the cause kept for the log.
 * Conditional-check failures and request bugs pass through unchanged.
 */
export function toStoreError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError) return error;
  if (error instanceof Error && NOT_STORE_FAILURES.has(error.name)) return error;
  return new StoreUnavailableError({ cause: error });
}

/**
 * Runs one DynamoDB call and maps its failure with `toStoreError`. Wrap only the `send` itself,
 * so a bug in the caller's own code is not disguised as an outage.
 */
export async function callStore<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toStoreError(error);
  }
}

/**
 * Every item a Query matches, page after page (DynamoDB answers at most 1 MB a page), each page
 * through {@link callStore}.
 */
export async function queryAll(
  client: DynamoDBClient,
  input: QueryCommandInput,
): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await callStore(() =>
      client.send(
        new QueryCommand({ ...input, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
      ),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** A table item's key. */
export interface ItemKey {
  pk: string;
  sk: string;
}

/** DynamoDB's most keys per `BatchGetItem`. */
const BATCH_GET_MAX_KEYS = 100;
/** Rounds for keys DynamoDB leaves unprocessed (throttling, 16 MB answers), with backoff from this. */
const UNPROCESSED_ATTEMPTS = 4;
const UNPROCESSED_BACKOFF_MS = 25;

/**
 * The items at exactly these keys (absent ones are simply missing from the answer, in no
 * particular order): one `BatchGetItem` per 100 distinct keys, sent together, each page through
 * {@link callStore}. Keys DynamoDB leaves unprocessed are asked for again with backoff; still
 * unprocessed after that is a `StoreUnavailableError`. What a caller reads is what it names, so
 * its cost follows its answer, never the size of a partition.
 */
export async function batchGetAll(
  client: DynamoDBClient,
  tableName: string,
  keys: readonly ItemKey[],
): Promise<Record<string, AttributeValue>[]> {
  // BatchGetItem refuses a request that names one key twice.
  const distinct = [...new Map(keys.map((key) => [`${key.pk}\n${key.sk}`, key])).values()];
  const chunks: ItemKey[][] = [];
  for (let i = 0; i < distinct.length; i += BATCH_GET_MAX_KEYS)
    chunks.push(distinct.slice(i, i + BATCH_GET_MAX_KEYS));
  const pages = await Promise.all(
    chunks.map(async (chunk) => {
      const items: Record<string, AttributeValue>[] = [];
      let pending: Record<string, AttributeValue>[] = chunk.map((key) => ({
        pk: { S: key.pk },
        sk: { S: key.sk },
      }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt === UNPROCESSED_ATTEMPTS)
          throw new StoreUnavailableError({
            cause: new Error(`${pending.length} keys left unprocessed by BatchGetItem`),
          });
        if (attempt > 0) await sleep(UNPROCESSED_BACKOFF_MS * 2 ** (attempt - 1));
        const keysNow = pending;
        const { Responses, UnprocessedKeys } = await callStore(() =>
          client.send(
            new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: keysNow } } }),
          ),
        );
        items.push(...(Responses?.[tableName] ?? []));
        pending = UnprocessedKeys?.[tableName]?.Keys ?? [];
      }
      return items;
    }),
  );
  return pages.flat();
}
