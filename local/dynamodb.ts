import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
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

/** DynamoDB operations counted by name in `stats.byOperation`; anything else counts as `unknown`. */
const OPERATIONS = [
  'BatchExecuteStatement',
  'BatchGetItem',
  'BatchWriteItem',
  'CreateTable',
  'DeleteItem',
  'DeleteTable',
  'DescribeTable',
  'DescribeTimeToLive',
  'ExecuteStatement',
  'GetItem',
  'ListTables',
  'ListTagsOfResource',
  'PutItem',
  'Query',
  'Scan',
  'TagResource',
  'TransactGetItems',
  'TransactWriteItems',
  'UntagResource',
  'UpdateItem',
  'UpdateTable',
  'UpdateTimeToLive',
  'unknown',
] as const;

/**
 * The store's own thread: dynalite and the front server in front of it. Plain CommonJS in a
 * string, since a worker does not inherit the TypeScript loader of the process (tsx, vitest).
 * Counters and the latency live in shared memory, so the starting thread reads and sets them at
 * once, with no message in between to race a request.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const dynalite = require(workerData.dynalitePath);
const { host, operations } = workerData;
const counters = new Int32Array(workerData.counters);
const latency = new Int32Array(workerData.latency);
const slots = new Map(operations.map((operation, i) => [operation, i + 1]));
// Tables become ACTIVE at once instead of after dynalite's default 500 ms.
const backend = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
const serve = backend.listeners('request')[0];
const delayed = new Set();
const front = http.createServer((request, response) => {
  // X-Amz-Target: DynamoDB_20120810.GetItem names the operation of every call.
  const operation = String(request.headers['x-amz-target'] || '').split('.')[1];
  Atomics.add(counters, 0, 1);
  Atomics.add(counters, slots.get(operation) || slots.get('unknown'), 1);
  const ms = Atomics.load(latency, 0);
  if (ms <= 0) return serve(request, response);
  const timer = setTimeout(() => {
    delayed.delete(timer);
    // dynalite throws on a request error event; a client that gave up must not reach it.
    if (!request.destroyed && !response.destroyed) serve(request, response);
  }, ms);
  delayed.add(timer);
});
let port = workerData.port;
const listen = () => new Promise((resolve, reject) => {
  front.once('error', reject);
  front.listen(port, host, () => {
    front.off('error', reject);
    port = front.address().port;
    resolve();
  });
});
const shut = () => new Promise((resolve) => {
  if (!front.listening) return resolve();
  for (const timer of delayed) clearTimeout(timer);
  delayed.clear();
  front.close(() => resolve());
  front.closeAllConnections();
});
parentPort.on('message', async ({ id, type }) => {
  try {
    if (type === 'start' && !front.listening) await listen();
    if (type === 'stop') await shut();
    parentPort.postMessage({ id, ok: true, port });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, message: error.message, code: error.code });
  }
});
`;

type WorkerReply =
  | { id: number; ok: true; port: number }
  | { id: number; ok: false; message: string; code?: string };

/**
 * Starts dynalite in memory behind a small front server and creates the table from
 * `table-schema.ts`. The front server lets tests take the store away (`stop`), bring it back
 * (`start`) and slow it down (`setLatency`) without losing its data, which is what a real
 * DynamoDB outage looks like to the service. dynalite implements no TTL; readers must (and do)
 * treat expired items as absent.
 *
 * Both run in a worker thread of their own, off the event loop that the local stack's execution
 * environments share: a burst of a hundred of them kept dynalite's work there waiting past the
 * service's store timeouts, where DynamoDB would have answered at once.
 */
export async function startLocalDynamo(options: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  const host = options.host ?? '127.0.0.1';
  const tableName = options.tableName ?? 'certifications';
  const counters = new Int32Array(
    new SharedArrayBuffer((OPERATIONS.length + 1) * Int32Array.BYTES_PER_ELEMENT),
  );
  const latency = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      dynalitePath: createRequire(import.meta.url).resolve('dynalite'),
      host,
      port: options.port ?? 0,
      operations: OPERATIONS,
      counters: counters.buffer,
      latency: latency.buffer,
    },
  });
  const pending = new Map<
    number,
    { resolve: (port: number) => void; reject: (e: Error) => void }
  >();
  let nextId = 0;
  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on('message', (reply: WorkerReply) => {
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.ok) waiting?.resolve(reply.port);
    else waiting?.reject(Object.assign(new Error(reply.message), { code: reply.code }));
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`The local DynamoDB thread exited (${code})`)));
  const call = (type: 'start' | 'stop') =>
    new Promise<number>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, type });
    });

  let closed = false;
  let port: number;
  try {
    port = await call('start');
  } catch (error) {
    await worker.terminate();
    throw error;
  }
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
    await worker.terminate();
    throw error;
  } finally {
    client.destroy();
  }

  return {
    endpoint,
    tableName,
    stop: async () => {
      if (!closed) await call('stop');
    },
    start: async () => {
      if (closed) throw new Error('This local DynamoDB was closed; start a new one.');
      await call('start');
    },
    setLatency: (ms) => {
      Atomics.store(latency, 0, Math.max(0, Math.round(ms)));
    },
    stats: {
      get requests() {
        return Atomics.load(counters, 0);
      },
      get byOperation() {
        const counts: Record<string, number> = {};
        OPERATIONS.forEach((operation, i) => {
          const count = Atomics.load(counters, i + 1);
          if (count > 0) counts[operation] = count;
        });
        return counts;
      },
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await call('stop');
      await worker.terminate();
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
