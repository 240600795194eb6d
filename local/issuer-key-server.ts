import { Worker } from 'node:worker_threads';

/** Options of {@link startIssuerKeyServer}. */
export interface IssuerKeyServerOptions {
  /** PEM certificate and key the HTTPS server presents. */
  cert: string;
  key: string;
  /** The JWKS document, serialized once: every request answers these bytes. */
  jwks: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
}

/** Requests served, readable at any time from the starting thread. */
export interface IssuerKeyServerStats {
  readonly jwksRequests: number;
  readonly requests: number;
}

/** A running key server. */
export interface IssuerKeyServer {
  port: number;
  stats: IssuerKeyServerStats;
  close(): Promise<void>;
}

/**
 * The server's code, run in its own thread. Plain CommonJS in a string: a worker does not inherit
 * the TypeScript loader of the process (tsx, vitest), and this is all it needs.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const https = require('node:https');
const { cert, key, jwks, host, port, counters } = workerData;
const stats = new Int32Array(counters);
const jwksBody = Buffer.from(jwks);
const notFound = Buffer.from(JSON.stringify({ error: 'not found' }));
let openIdBody = notFound;
const server = https.createServer({ cert, key }, (request, response) => {
  Atomics.add(stats, 0, 1);
  let path = '';
  try { path = new URL(request.url || '/', 'https://local').pathname; } catch {}
  let status = 404;
  let body = notFound;
  if (request.method === 'GET' && path === '/.well-known/jwks.json') {
    Atomics.add(stats, 1, 1);
    status = 200;
    body = jwksBody;
  } else if (request.method === 'GET' && path === '/.well-known/openid-configuration') {
    status = 200;
    body = openIdBody;
  }
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': body.length,
    'cache-control': 'max-age=300',
  });
  response.end(body);
});
server.once('error', (error) => {
  parentPort.postMessage({ type: 'error', message: error.message, code: error.code });
});
server.listen(port, host, () => {
  const listening = server.address().port;
  const issuer = 'https://' + host + ':' + listening;
  openIdBody = Buffer.from(JSON.stringify({
    issuer,
    jwks_uri: issuer + '/.well-known/jwks.json',
    response_types_supported: ['code', 'token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
  }));
  parentPort.postMessage({ type: 'listening', port: listening });
});
`;

type WorkerMessage =
  { type: 'listening'; port: number } | { type: 'error'; message: string; code?: string };

/**
 * Serves the local issuer's JWKS (and OpenID configuration) over HTTPS from a worker thread, as
 * static bytes built once. Off the process's main event loop on purpose: locally every execution
 * environment, the simulator and the store share that loop, and a cold burst of a hundred
 * environments initialising on it held key fetches past the verifier's timeout (a 503 in the
 * service, where Cognito's JWKS endpoint would have answered at once).
 */
export async function startIssuerKeyServer(
  options: IssuerKeyServerOptions,
): Promise<IssuerKeyServer> {
  const counters = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  const view = new Int32Array(counters);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { ...options, counters },
  });
  const port = await new Promise<number>((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`The key server exited (${code})`));
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.once('message', (message: WorkerMessage) => {
      worker.off('error', reject);
      worker.off('exit', onExit);
      if (message.type === 'listening') return resolve(message.port);
      void worker.terminate();
      reject(Object.assign(new Error(message.message), { code: message.code }));
    });
  });
  return {
    port,
    stats: {
      get requests() {
        return Atomics.load(view, 0);
      },
      get jwksRequests() {
        return Atomics.load(view, 1);
      },
    },
    close: async () => {
      await worker.terminate();
    },
  };
}
