import { LOCAL_DYNAMO_CREDENTIALS, LOCAL_DYNAMO_REGION } from '../local/dynamodb.js';
import { startLocalStack } from '../local/stack.js';
import { CertificationCache } from '../shared/store/certification-cache.js';
import { createDynamoDbClient } from '../shared/store/dynamodb-client.js';
import { TEST_NAMES, type CatalogResponse, type Certification } from '../shared/types.js';

/** Results of {@link benchCatalog}. */
export interface CatalogBenchResult {
  p50Ms: number;
  entries: number;
  certified: number;
}

const CERTIFIED = 20;
const SAMPLES = 50;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** A certification as the engine stores it, for `modelId`. */
function certificationOf(modelId: string, index: number): Certification {
  const now = Date.now();
  return {
    modelId,
    region: 'us-east-1',
    status: index % 4 === 0 ? 'failed' : 'certified',
    isCertified: index % 4 !== 0,
    isAvailable: true,
    testsPassed: index % 4 === 0 ? 5 : 6,
    testsFailed: index % 4 === 0 ? 1 : 0,
    successRate: index % 4 === 0 ? 83 : 100,
    avgLatencyMs: 640,
    results: TEST_NAMES.map((testName) => ({ testName, status: 'passed' as const, latencyMs: 640 })),
    certifiedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 3_600_000).toISOString(),
    cached: false,
    ttftMs: 210,
    outputTokensPerSecond: 48.5,
    usage: { inputTokens: 300, outputTokens: 60, totalTokens: 360 },
    estimatedCostUsd: 0.0018,
    capabilities: { streaming: true, systemPrompt: true, toolUse: true, streamingToolUse: false, jsonOutput: true, multiTurn: true },
  };
}

/**
 * Latency of `GET /api/certification/catalog` over real HTTP through the local stack, with the
 * simulator's catalog (40+ entries) listed and 20 of its entries certified in the store: the
 * answer of a warm container, whose listing is in memory and whose certifications are one Query.
 */
export async function benchCatalog(): Promise<CatalogBenchResult> {
  const stack = await startLocalStack({ env: { POWERTOOLS_LOG_LEVEL: 'SILENT' } });
  const dynamo = createDynamoDbClient({ region: LOCAL_DYNAMO_REGION, endpoint: stack.dynamo.endpoint, credentials: LOCAL_DYNAMO_CREDENTIALS });
  try {
    const token = stack.token('catalog-bench');
    const read = async (): Promise<CatalogResponse> => (await (await fetch(`${stack.url}/api/certification/catalog`, { headers: { authorization: `Bearer ${token}` } })).json()) as CatalogResponse;
    // Warm-up: JWKS fetch, the control plane listing, module JIT.
    const { models } = await read();
    const cache = new CertificationCache({ client: dynamo, tableName: stack.dynamo.tableName });
    await Promise.all(models.slice(0, CERTIFIED).map((entry, i) => cache.put(certificationOf(entry.modelId, i))));
    await read();

    const samples: number[] = [];
    let certified = 0;
    for (let i = 0; i < SAMPLES; i += 1) {
      const started = performance.now();
      const answer = await read();
      samples.push(performance.now() - started);
      certified = answer.models.filter((entry) => entry.certification !== null).length;
    }
    return { p50Ms: median(samples), entries: models.length, certified };
  } finally {
    dynamo.destroy();
    await stack.close();
  }
}
