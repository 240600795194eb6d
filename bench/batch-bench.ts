import { runCertifyCli } from '../client/certify-cli.js';
import { certifyBatch, getCatalog } from '../client/index.js';
import { startLocalStack } from '../local/stack.js';
import type { BatchItemEvent } from '../shared/types.js';
import { median } from './median.js';

/** Results of {@link benchBatch}. */
export interface BatchBenchResult {
  /** Wall time of a 20-item batch ÷ the slowest single certification in it. */
  ratio: number;
  items: number;
  wallMs: number;
  slowestMs: number;
  /** `npm run certify -- --catalog` on the local stack: batch requests it sent, 429s it met. */
  catalogRequests: number;
  catalogRateLimited: number;
  catalogEntries: number;
  /** `GET /regions/{id}` with four listed Regions, warm. */
  regionsP50Ms: number;
}

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-northeast-1', 'us-west-2'];
const ITEMS = 20;
const SAMPLES = 50;

/**
 * Batches over real HTTP through the local stack at realistic timing (simulator scale 1) and the
 * default batch concurrency (4): a 20-item batch's wall time against its slowest item (the bound
 * is ceil(20 / 4) = 5), the CLI certifying every catalog entry in one command, and the Regions
 * view's answer for four listed Regions from a warm container.
 */
export async function benchBatch(): Promise<BatchBenchResult> {
  const stack = await startLocalStack({
    timeScale: 1,
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', CERTIFICATION_REGIONS: REGIONS.join(',') },
  });
  try {
    const options = (sub: string) => ({ baseUrl: stack.url, token: stack.token(sub) });

    // 20 catalog entries of the default Region a run can invoke (not profile-only bare ids).
    const catalog = await getCatalog(options('batch-bench'));
    const items = catalog.models
      .filter((entry) => entry.kind === 'inference-profile' || entry.onDemand)
      .slice(0, ITEMS)
      .map((entry) => ({ modelId: entry.modelId }));
    // Each item's own certification: from its first event to its last, as the stream shows it.
    const firstSeen = new Map<string, number>();
    const took: number[] = [];
    const started = performance.now();
    await certifyBatch(items, {
      ...options('batch-bench'),
      fresh: true,
      onEvent: (event: BatchItemEvent) => {
        const now = performance.now();
        if (!firstSeen.has(event.modelId)) firstSeen.set(event.modelId, now);
        if (event.type !== 'progress') took.push(now - (firstSeen.get(event.modelId) ?? now));
      },
    });
    const wallMs = performance.now() - started;
    const slowestMs = Math.max(...took);

    // The CLI, in one command, over every entry of the catalog (cached ones from the run above).
    let catalogRequests = 0;
    let catalogRateLimited = 0;
    const code = await runCertifyCli(['--catalog', '--format', 'json', '--url', stack.url], {
      stdout: { write: () => undefined },
      stderr: { write: () => undefined },
      env: {},
      mintLocalToken: (sub) => stack.token(sub),
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (new URL(input).pathname === '/api/certification/batches') catalogRequests += 1;
        if (response.status === 429) catalogRateLimited += 1;
        return response;
      },
    });
    if (code === 2) throw new Error('the CLI could not certify the catalog');
    const entries = catalog.models.filter(
      (entry) => entry.kind === 'inference-profile' || entry.onDemand,
    ).length;

    // The Regions view of a model, warm: listings and access answers in memory, one item read per Region.
    const token = stack.token('regions-bench');
    const regionsOf = async (): Promise<number> => {
      const begin = performance.now();
      const response = await fetch(`${stack.url}/api/certification/regions/qwen.qwen3-32b-v1:0`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.status !== 200) throw new Error(`GET /regions answered ${response.status}`);
      await response.json();
      return performance.now() - begin;
    };
    await regionsOf();
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i += 1) samples.push(await regionsOf());

    return {
      ratio: wallMs / slowestMs,
      items: items.length,
      wallMs,
      slowestMs,
      catalogRequests,
      catalogRateLimited,
      catalogEntries: entries,
      regionsP50Ms: median(samples),
    };
  } finally {
    await stack.close();
  }
}
