import { LOCAL_DYNAMO_CREDENTIALS, LOCAL_DYNAMO_REGION } from '../local/dynamodb.js';
import { startLocalStack } from '../local/stack.js';
import { CertificationCache } from '../shared/store/certification-cache.js';
import { createDynamoDbClient } from '../shared/store/dynamodb-client.js';
import type { CatalogResponse, Certification } from '../shared/types.js';
import {
  sampleCertification,
  toolUseFailedCertification,
} from '../test/support/certification-fixture.js';
import { median } from './median.js';

/** Results of {@link benchCatalog}. */
export interface CatalogBenchResult {
  p50Ms: number;
  entries: number;
  certified: number;
}

const CERTIFIED = 20;
const SAMPLES = 50;

/** A certification as the engine stores it, for `modelId`: every fourth one failed. */
function certificationOf(modelId: string, index: number): Certification {
  const now = Date.now();
  const times = {
    modelId,
    certifiedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 3_600_000).toISOString(),
  };
  return index % 4 === 0
    ? toolUseFailedCertification(undefined, times)
    : sampleCertification(times);
}

/**
 * Latency of `GET /api/certification/catalog` over real HTTP through the local stack, with the
 * simulator's catalog (40+ entries) listed and 20 of its entries certified in the store: the
 * answer of a warm container, whose listing is in memory and whose certifications are one Query.
 */
export async function benchCatalog(): Promise<CatalogBenchResult> {
  const stack = await startLocalStack({ env: { POWERTOOLS_LOG_LEVEL: 'SILENT' } });
  const dynamo = createDynamoDbClient({
    region: LOCAL_DYNAMO_REGION,
    endpoint: stack.dynamo.endpoint,
    credentials: LOCAL_DYNAMO_CREDENTIALS,
  });
  try {
    const token = stack.token('catalog-bench');
    const read = async (): Promise<CatalogResponse> =>
      (await (
        await fetch(`${stack.url}/api/certification/catalog`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as CatalogResponse;
    // Warm-up: JWKS fetch, the control plane listing, module JIT.
    const { models } = await read();
    const cache = new CertificationCache({ client: dynamo, tableName: stack.dynamo.tableName });
    await Promise.all(
      models.slice(0, CERTIFIED).map((entry, i) => cache.put(certificationOf(entry.modelId, i))),
    );
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
