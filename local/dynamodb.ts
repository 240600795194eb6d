import { createServer } from 'node:http';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTableInput } from '../shared/store/table-schema.js';

/** Credentials the local store accepts (it checks only that a SigV4 signature is present). */
export const LOCAL_DYNAMO_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
/** Region the local clients sign for; dynalite ignores it. */
export const LOCAL_DYNAMO_REGION = 'us-east-1';

/** Options for `startLocalDynamo`. */
export interface LocalDynamoOptions {
  /** Default 0: any free port. `start()` after `stop()` reuses the port first chosen. */
  port?: number;
  host?: string;
  /** Default `certifications`. */
  tableName?: string;
}

/** A running in-memory DynamoDB-API server with the service's table. */
export interface LocalDynamo {
  /** `http://127.0.0.1:<port>`, for `createDynamoDbClient({ endpoint })`. */
  endpoint: string;
  tableName: string;
  /** Stops answering: the port closes and open connections drop, as in an outage. Data is kept. */
  stop(): Promise<void>;
  /** Answers again on the same port, with the data it had. Not after `close()`. */
  start(): Promise<void>;
  /** Delays every request by `ms` before it is served (0 turns it off), to imitate a slow store. */
  setLatency(ms: number): void;
  /** Requests that reached the server (served or not), per DynamoDB operation: tests count round trips. */
  readonly stats: { requests: number; byOperation: Record<string, number> };
  /** Shuts everything down for good. */
  close(): Promise<void>;
}

interface DynaliteOptions {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}

// dynalite ships no types; this is the one call we use.
const dynalite = createRequire(import.meta.url)('dynalite') as (options: DynaliteOptions) => Server;

/**
 * Starts dynalite in memory behind a small front server and creates the table from
 * `table-schema.ts`. The front server lets tests take the store away (`stop`), bring it back
 * (`start`) and slow it down (`setLatency`) without losing its data, which is what a real
 * DynamoDB outage looks like to the service. dynalite implements no TTL; readers must (and do)
 * treat expired items as absent.
 */
export async function startLocalDynamo(options: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  const host = options.host ?? '127.0.0.1';
  const tableName = options.tableName ?? 'certifications';
  // Tables become ACTIVE at once instead of after dynalite's default 500 ms.
  const backend = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const serve = backend.listeners('request')[0] as RequestListener;

  let latencyMs = 0;
  const delayed = new Set<NodeJS.Timeout>();
  const stats = { requests: 0, byOperation: {} as Record<string, number> };
  const front = createServer((request: IncomingMessage, response: ServerResponse) => {
    // `X-Amz-Target: DynamoDB_20120810.GetItem` names the operation of every call.
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
    stats.requests += 1;
    stats.byOperation[operation] = (stats.byOperation[operation] ?? 0) + 1;
    if (latencyMs <= 0) return serve(request, response);
    const timer = setTimeout(() => {
      delayed.delete(timer);
      // dynalite throws on a request error event; a client that gave up must not reach it.
      if (!request.destroyed && !response.destroyed) serve(request, response);
    }, latencyMs);
    delayed.add(timer);
  });

  let port = options.port ?? 0;
  let closed = false;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      front.once('error', reject);
      front.listen(port, host, () => {
        front.off('error', reject);
        port = (front.address() as AddressInfo).port;
        resolve();
      });
    });
  const shut = () =>
    new Promise<void>((resolve) => {
      if (!front.listening) return resolve();
      for (const timer of delayed) clearTimeout(timer);
      delayed.clear();
      front.close(() => resolve());
      front.closeAllConnections();
    });

  await listen();
  const endpoint = `http://${host}:${port}`;
  const client = new DynamoDBClient({
    region: LOCAL_DYNAMO_REGION,
    endpoint,
    credentials: LOCAL_DYNAMO_CREDENTIALS,
  });
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    await waitUntilActive(client, tableName);
  } catch (error) {
    await shut();
    throw error;
  } finally {
    client.destroy();
  }

  return {
    endpoint,
    tableName,
    stop: shut,
    start: async () => {
      if (closed) throw new Error('This local DynamoDB was closed; start a new one.');
      if (!front.listening) await listen();
    },
    setLatency: (ms) => {
      latencyMs = Math.max(0, ms);
    },
    stats,
    close: async () => {
      closed = true;
      await shut();
    },
  };
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Local table ${tableName} did not become ACTIVE`);
}
