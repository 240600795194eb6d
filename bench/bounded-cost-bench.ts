import { request as httpRequest } from 'node:http';
import { LOCAL_DYNAMO_CREDENTIALS, LOCAL_DYNAMO_REGION } from '../local/dynamodb.js';
import { startLocalStack, type LocalStack } from '../local/stack.js';
import { CertificationCache } from '../shared/store/certification-cache.js';
import { createDynamoDbClient } from '../shared/store/dynamodb-client.js';
import type { Certification, CertificationEvent } from '../shared/types.js';
import { median } from './median.js';

const SAMPLES = 30;

/** Milliseconds to read `path` whole, `samples` times one after another; each sample as `token(i)`. */
async function timeReads(
  stack: LocalStack,
  path: string,
  token: (i: number) => string,
  samples = SAMPLES,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const started = performance.now();
    const response = await fetch(`${stack.url}${path}`, {
      headers: { authorization: `Bearer ${token(i)}` },
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    times.push(performance.now() - started);
  }
  return times;
}

/** Runs `tasks` with at most `lanes` at once. */
async function inLanes<T>(tasks: (() => Promise<T>)[], lanes: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await (tasks[index] as () => Promise<T>)();
      }
    }),
  );
  return results;
}

/** Results of {@link benchCatalogGrowth}. */
export interface CatalogGrowthResult {
  beforeP50Ms: number;
  afterP50Ms: number;
  /** How many made-up ids were certified in between. */
  unknownIds: number;
}

/**
 * The catalog's p50 before and after 1,000 ids Bedrock does not know were certified through the
 * service (100 users, ten each: the rate limit), as the adversarial run did: what an answer costs
 * must follow what it lists, not what anyone ever certified.
 */
export async function benchCatalogGrowth(): Promise<CatalogGrowthResult> {
  // Bedrock's refusal of an unknown id is immediate; the catalog's latency owes nothing to it.
  const stack = await startLocalStack({
    timeScale: 0.02,
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
  });
  try {
    const catalog = '/api/certification/catalog';
    // Warm-up: the control plane listing, the key fetch, and enough answers for the JIT that
    // "before" is as steady as "after" (which follows a thousand requests).
    await timeReads(stack, catalog, (i) => stack.token(`catalog-warm-up-${i % 5}`), 200);
    const before = await timeReads(stack, catalog, () => stack.token('catalog-before'));
    const unknownIds = 1_000;
    const statuses = await inLanes(
      Array.from({ length: unknownIds }, (_, i) => async () => {
        const response = await fetch(`${stack.url}/api/certification/certify-model`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${stack.token(`junk-${i % 100}`)}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ modelId: `zz.junk${i}-v1:0` }),
        });
        const { certification } = (await response.json()) as { certification?: Certification };
        return `${response.status} ${certification?.status ?? ''}`;
      }),
      20,
    );
    const unexpected = statuses.filter((status) => status !== '200 unavailable');
    if (unexpected.length > 0)
      throw new Error(`certifying unknown ids answered ${unexpected.slice(0, 3).join(', ')}`);
    const after = await timeReads(stack, catalog, () => stack.token('catalog-after'));
    return { beforeP50Ms: median(before), afterP50Ms: median(after), unknownIds };
  } finally {
    await stack.close();
  }
}

/** Results of {@link benchModelsPage}. */
export interface ModelsPageResult {
  cached: number;
  /** A default page (50) as a client that accepts gzip receives it. */
  pageBytes: number;
  /** The same page uncompressed (`curl` without `--compressed`). */
  pageBytesIdentity: number;
  p50Ms: number;
}

/** The bytes of one answer as they cross the wire, with the given `Accept-Encoding`. */
function wireBytes(url: string, token: string, acceptEncoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { headers: { authorization: `Bearer ${token}`, 'accept-encoding': acceptEncoding } },
      (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('end', () =>
          response.statusCode === 200
            ? resolve(bytes)
            : reject(new Error(`answered ${response.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * `GET /api/certification/models` with 1,000 cached results: the size of a default page and its
 * latency. The results are real ones (the simulator's answers for a few models), stored under
 * 1,000 ids as 1,000 runs would have left them.
 */
export async function benchModelsPage(): Promise<ModelsPageResult> {
  const stack = await startLocalStack({
    timeScale: 0.02,
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
  });
  const client = createDynamoDbClient({
    region: LOCAL_DYNAMO_REGION,
    endpoint: stack.dynamo.endpoint,
    credentials: LOCAL_DYNAMO_CREDENTIALS,
  });
  try {
    const models = [
      'anthropic.claude-3-5-sonnet-20241022-v2:0',
      'amazon.titan-text-express-v1',
      'amazon.nova-lite-v1:0',
      'us.anthropic.claude-3-5-haiku-20241022-v1:0',
    ];
    const real: Certification[] = [];
    for (const modelId of models) {
      const response = await fetch(`${stack.url}/api/certification/certify-model`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${stack.token('models-fill')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ modelId }),
      });
      real.push(((await response.json()) as { certification: Certification }).certification);
    }
    const cache = new CertificationCache({ client, tableName: stack.dynamo.tableName });
    const now = Date.now();
    const cached = 1_000;
    await inLanes(
      Array.from({ length: cached }, (_, i) => () => {
        const template = real[i % real.length] as Certification;
        return cache.put({
          ...template,
          modelId: `${template.modelId.replace(/:\d+$/, '')}-copy${i}:0`,
          certifiedAt: new Date(now - i * 1000).toISOString(),
          expiresAt: new Date(now + 3_600_000).toISOString(),
        });
      }),
      25,
    );
    const token = stack.token('models-reader');
    const url = `${stack.url}/api/certification/models`;
    const pageBytes = await wireBytes(url, token, 'gzip');
    const pageBytesIdentity = await wireBytes(url, token, 'identity');
    const times = await timeReads(stack, '/api/certification/models', () => token);
    return { cached, pageBytes, pageBytesIdentity, p50Ms: median(times) };
  } finally {
    client.destroy();
    await stack.close();
  }
}

/** Results of {@link benchColdBurst}. */
export interface ColdBurstResult {
  streams: number;
  /** Answers with a status of 500 or more, and streams that ended with an `error` event. */
  serverErrors: number;
  environments: number;
}

/**
 * A hundred streams at once on a fresh local stack (one warm environment): the emulator starts an
 * environment for nearly every one, each fetching the issuer's keys with the service's timeout.
 * The streams ask `fresh`, so each keeps its environment busy for a run (its own, or the one in
 * flight it joins) and the burst meets cold environments, not reused ones. Counts what was shed:
 * 5xx answers and streams that ended in an `error` event.
 */
export async function benchColdBurst(): Promise<ColdBurstResult> {
  const stack = await startLocalStack({ env: { POWERTOOLS_LOG_LEVEL: 'SILENT' } });
  try {
    const streams = 100;
    const model = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
    // Minted first, so the requests leave together.
    const tokens = Array.from({ length: streams }, (_, i) => stack.token(`cold-${i}`));
    const outcomes = await Promise.all(
      tokens.map(async (token) => {
        const response = await fetch(
          `${stack.url}/api/certification/certify-model/${model}/stream?fresh=true`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        const text = await response.text();
        if (response.status >= 500) return 'shed';
        const last = text
          .split('\n\n')
          .filter((frame) => frame.startsWith('data: '))
          .map((frame) => JSON.parse(frame.slice(6)) as CertificationEvent)
          .at(-1);
        return last?.type === 'error' ? 'shed' : 'served';
      }),
    );
    return {
      streams,
      serverErrors: outcomes.filter((outcome) => outcome === 'shed').length,
      environments: stack.emulator.stats.environmentsCreated,
    };
  } finally {
    await stack.close();
  }
}
