import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Options for `createDynamoDbClient`. */
export interface DynamoDbClientOptions {
  region: string;
  /** Endpoint override (dynalite locally); unset in AWS. */
  endpoint?: string;
  /** Static credentials (the local store accepts any); unset in AWS, where the default chain applies. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Give up connecting after this long. Default 1000 ms. */
  connectionTimeoutMs?: number;
  /** Give up on a request (send to last byte of the answer) after this long. Default 2000 ms. */
  requestTimeoutMs?: number;
  /** Attempts per call including the first. Default 2. */
  maxAttempts?: number;
}

/**
 * Builds the DynamoDB client the store classes share. The SDK defaults (no connect timeout,
 * three attempts with backoff) would let a dead store hold a request for many seconds; here a
 * dead or hung store surfaces within a few seconds as `StoreUnavailableError` (a 503), because
 * the service fails closed and a client retrying later is better than one waiting.
 */
export function createDynamoDbClient(options: DynamoDbClientOptions): DynamoDBClient {
  return new DynamoDBClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: options.maxAttempts ?? 2,
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? 1_000,
      requestTimeout: options.requestTimeoutMs ?? 2_000,
      // Without this the SDK only logs a warning when requestTimeout passes and keeps waiting.
      throwOnRequestTimeout: true,
    },
  });
}
