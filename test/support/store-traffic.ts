import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** DynamoDB operations that write (and are billed as writes, even when their condition fails). */
const WRITES = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

/** One DynamoDB request as the proxy saw it. */
export interface StoreRequest {
  /** `UpdateItem`, `GetItem`, ... (from `X-Amz-Target`). */
  operation: string;
  /** The JSON body, as sent. */
  body: string;
}

/**
 * A transparent HTTP proxy in front of a DynamoDB endpoint that counts the operations passing
 * through, and can lose chosen answers.
 */
export interface StoreTraffic {
  /** Point a client (`DYNAMODB_ENDPOINT`) here. */
  endpoint: string;
  /** Operations seen since the last `reset`, by name (`PutItem`, `GetItem`, ...). */
  readonly operations: Readonly<Record<string, number>>;
  /** Writes seen since the last `reset` (failed conditional writes included: DynamoDB bills them). */
  readonly writes: number;
  /** Every request seen since the last `reset`, in order. */
  readonly requests: readonly StoreRequest[];
  /**
   * Loses the answer of the next request matching `match` (an operation name, or a test of the
   * request): the request reaches the store and takes effect, then the connection is cut instead
   * of answering, as when a network drops a response. The SDK sees `socket hang up`, a transient
   * error it retries, so the code under test meets the ambiguity it would meet in AWS: did my
   * write happen? Resolves once the answer has been lost.
   */
  loseNextAnswer(match: string | ((request: StoreRequest) => boolean)): Promise<StoreRequest>;
  reset(): void;
  close(): Promise<void>;
}

/**
 * Shows what the service really sends to the store, read off the wire, so a test can assert
 * store round trips without instrumenting the code under test, and produces lost answers for real.
 */
export async function startStoreTraffic(target: string): Promise<StoreTraffic> {
  const upstream = new URL(target);
  let requests: StoreRequest[] = [];
  const pending: {
    match: (request: StoreRequest) => boolean;
    resolve: (request: StoreRequest) => void;
  }[] = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const seen: StoreRequest = {
        operation: String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown',
        body: body.toString('utf8'),
      };
      requests.push(seen);
      const index = pending.findIndex((entry) => entry.match(seen));
      const lose = index === -1 ? undefined : pending.splice(index, 1)[0];
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          if (lose) {
            // Applied upstream; the client never hears of it.
            answer.resume();
            answer.once('end', () => {
              res.socket?.destroy();
              lose.resolve(seen);
            });
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const operations = (): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const { operation } of requests) counts[operation] = (counts[operation] ?? 0) + 1;
    return counts;
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get operations() {
      return operations();
    },
    get writes() {
      return requests.filter((request) => WRITES.has(request.operation)).length;
    },
    get requests() {
      return [...requests];
    },
    loseNextAnswer: (match) =>
      new Promise((resolve) => {
        pending.push({
          match: typeof match === 'string' ? (request) => request.operation === match : match,
          resolve,
        });
      }),
    reset: () => {
      requests = [];
      pending.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
