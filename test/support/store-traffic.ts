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
  /** `performance.now()` when the request reached the proxy. */
  startedAt: number;
  /** `performance.now()` when its answer had left the proxy (or was lost); unset until then. */
  endedAt?: number;
}

/** Options of {@link startStoreTraffic}. */
export interface StoreTrafficOptions {
  /**
   * Holds every answer this long before sending it. Calls sent together then overlap for
   * certain, and calls sent one after another cannot, whatever the machine's load: what
   * {@link sequentialRoundTrips} needs to tell them apart. Default 0.
   */
  latencyMs?: number;
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
  /**
   * Resolves once `count` requests matching `match` have been answered since the last `reset`
   * (those answered already count): an event a test can wait on instead of a time.
   */
  answered(match: (request: StoreRequest) => boolean, count: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

/**
 * Shows what the service really sends to the store, read off the wire, so a test can assert
 * store round trips without instrumenting the code under test, and produces lost answers for real.
 */
export async function startStoreTraffic(
  target: string,
  options: StoreTrafficOptions = {},
): Promise<StoreTraffic> {
  const upstream = new URL(target);
  const latencyMs = options.latencyMs ?? 0;
  let requests: StoreRequest[] = [];
  const pending: {
    match: (request: StoreRequest) => boolean;
    resolve: (request: StoreRequest) => void;
  }[] = [];
  let waiters: { match: (request: StoreRequest) => boolean; count: number; resolve: () => void }[] =
    [];
  const settleWaiters = (): void => {
    waiters = waiters.filter((waiter) => {
      const done = requests.filter((r) => r.endedAt !== undefined && waiter.match(r)).length;
      if (done < waiter.count) return true;
      waiter.resolve();
      return false;
    });
  };

  const server: Server = createServer((req, res) => {
    const startedAt = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const seen: StoreRequest = {
        operation: String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown',
        body: body.toString('utf8'),
        startedAt,
      };
      res.once('close', () => {
        seen.endedAt = performance.now();
        settleWaiters();
      });
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
          const send = (): void => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          };
          if (latencyMs > 0) setTimeout(send, latencyMs);
          else send();
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
    answered: (match, count) =>
      new Promise<void>((resolve) => {
        waiters.push({ match, count, resolve });
        settleWaiters();
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

/**
 * The most store calls of `requests` that ran one after another, each starting after the one
 * before had answered, all answered by `before` (`performance.now()`, e.g. when a response's
 * first byte arrived): the round trips something that happened at `before` waited on, as seen
 * on the wire. Calls that overlap count once: they were sent together.
 */
export function sequentialRoundTrips(requests: readonly StoreRequest[], before: number): number {
  const done = requests
    .filter(
      (request): request is StoreRequest & { endedAt: number } =>
        request.endedAt !== undefined && request.endedAt <= before,
    )
    .sort((a, b) => a.endedAt - b.endedAt);
  // Longest chain ending with each call: one more than the longest chain that ended before it started.
  const chain: number[] = [];
  done.forEach((request, i) => {
    let longest = 0;
    for (let j = 0; j < i; j++)
      if ((done[j]?.endedAt ?? Infinity) <= request.startedAt)
        longest = Math.max(longest, chain[j] ?? 0);
    chain.push(longest + 1);
  });
  return Math.max(0, ...chain);
}
