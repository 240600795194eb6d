import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One DynamoDB request as the proxy saw it. */
export interface StoreRequest {
  /** `UpdateItem`, `GetItem`, ... (from `X-Amz-Target`). */
  operation: string;
  /** The JSON body, as sent. */
  body: string;
}

/** A proxy in front of a DynamoDB endpoint that loses chosen answers. */
export interface LossyStore {
  /** Point a client here. */
  endpoint: string;
  /**
   * Loses the answer of the next request matching `match`: the request reaches the store and is
   * applied, then the connection is cut instead of answering, as when a network drops a
   * response. Resolves once that has happened.
   */
  loseNextAnswer(match: (request: StoreRequest) => boolean): Promise<StoreRequest>;
  /** Every request seen, in order. */
  readonly requests: readonly StoreRequest[];
  close(): Promise<void>;
}

/**
 * A lost response, produced for real: the store applies the write, the client never hears back.
 * A connection cut after the request is what a dropped answer looks like from the SDK (it sees
 * `socket hang up`, a transient error it retries), so the code under test meets the ambiguity
 * exactly as it would in AWS: did my write happen?
 */
export async function startLossyStore(target: string): Promise<LossyStore> {
  const upstream = new URL(target);
  const requests: StoreRequest[] = [];
  const pending: { match: (request: StoreRequest) => boolean; resolve: (request: StoreRequest) => void }[] = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const seen: StoreRequest = { operation: String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown', body: body.toString('utf8') };
      requests.push(seen);
      const index = pending.findIndex((entry) => entry.match(seen));
      const lose = index === -1 ? undefined : pending.splice(index, 1)[0];
      const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => parts.push(chunk));
        answer.on('end', () => {
          if (lose) {
            // Applied upstream; the client never hears of it.
            res.socket?.destroy();
            lose.resolve(seen);
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(parts));
        });
      });
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    loseNextAnswer: (match) => new Promise((resolve) => pending.push({ match, resolve })),
    get requests() {
      return [...requests];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
