import {
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { StoreUnavailableError } from '../errors.js';

/**
 * Failures that are answers, not outages: a condition that did not hold is how the rate limiter
 * and the lease say "no", and a validation error is a bug in our request that a retry or a 503
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
