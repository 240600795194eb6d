import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** DynamoDB operations that write (and are billed as writes, even when their condition fails). */
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

/** A transparent HTTP proxy in front of a DynamoDB endpoint that counts the operations passing through. */
export interface StoreTraffic {
  /** Point a client (`DYNAMODB_ENDPOINT`) here. */
  endpoint: string;
  /** Operations seen since the last `reset`, by name (`PutItem`, `GetItem`, ...). */
  readonly operations: Readonly<Record<string, number>>;
  /** Writes seen since the last `reset` (failed conditional writes included: DynamoDB bills them). */
  readonly writes: number;
  /**
   * The next `count` requests of `operation` reach the store and take effect, but their answers
   * are lost (the connection is reset instead): what a client sees when a response is dropped
   * on the way back, and why it retries something that already happened.
   */
  loseResponses(operation: string, count?: number): void;
  reset(): void;
  close(): Promise<void>;
}

/**
 * Counts what the service really sends to the store, read off the wire (`X-Amz-Target`), so a
 * test can assert store round trips per run without instrumenting the code under test.
 */
export async function startStoreTraffic(target: string): Promise<StoreTraffic> {
  const upstream = new URL(target);
  let operations: Record<string, number> = {};
  const toLose = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
    operations[operation] = (operations[operation] ?? 0) + 1;
    const lose = (toLose.get(operation) ?? 0) > 0;
    if (lose) toLose.set(operation, (toLose.get(operation) ?? 0) - 1);
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        if (lose) {
          // Applied upstream; the client never hears of it.
          answer.resume();
          answer.once('end', () => res.socket?.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get operations() {
      return { ...operations };
    },
    get writes() {
      return Object.entries(operations).reduce((sum, [name, count]) => sum + (WRITES.has(name) ? count : 0), 0);
    },
    loseResponses: (operation, count = 1) => {
      toLose.set(operation, (toLose.get(operation) ?? 0) + count);
    },
    reset: () => {
      operations = {};
      toLose.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
