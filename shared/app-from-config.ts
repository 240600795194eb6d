import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { createTokenVerifier } from './auth/token-verifier.js';
import { CachedModelListing } from './catalog/cached-model-listing.js';
import { CatalogService } from './catalog/catalog-service.js';
import type { ModelListingSource } from './catalog/model-listing.js';
import { certifyModel } from './certification/engine.js';
import { DEFAULT_PROBES } from './certification/probes/index.js';
import type { ServiceConfig } from './config.js';
import { createApp, type App, type PageAsset } from './http/app.js';
import { silentLogger, withKeys, type LogSink } from './logger.js';
import { CertificationService } from './service/certification-service.js';
import { CertificationCache } from './store/certification-cache.js';
import { CertificationLock } from './store/certification-lock.js';
import { createDynamoDbClient } from './store/dynamodb-client.js';
import { RateLimiter } from './store/rate-limiter.js';
import { StreamTickets } from './store/stream-tickets.js';
import { UsageMeter } from './store/usage-meter.js';
import { PAGE_CONTENT_SECURITY_POLICY, renderPage } from './web/page.js';

/**
 * The composition root: builds clients, store, verifier, engine and app from validated
 * configuration. Called once per container; in AWS and locally only `config` differs.
 */
export function createAppFromConfig(config: ServiceConfig, options: { logger?: LogSink } = {}): App {
  const logger = options.logger ?? silentLogger;
  const dynamo = createDynamoDbClient({ region: config.region, endpoint: config.dynamoDbEndpoint });
  // Retries belong to the engine (bounded backoff inside the certification deadline); SDK
  // retries on top would multiply calls and blow through the deadline.
  const bedrock = new BedrockRuntimeClient({ region: config.region, endpoint: config.bedrockEndpoint, maxAttempts: 1 });
  const store = { client: dynamo, tableName: config.tableName };
  const cache = new CertificationCache(store);

  const service = new CertificationService({
    region: config.region,
    cache,
    rateLimiter: new RateLimiter({ ...store, limit: config.rateLimit.limit, windowSeconds: config.rateLimit.windowSeconds }),
    lock: new CertificationLock(store),
    usage: new UsageMeter(store),
    monthlyQuota: config.monthlyCertificationQuota,
    tickets: new StreamTickets(store),
    expiry: config.cacheTtlSeconds,
    certificationDeadlineMs: config.certificationDeadlineMs,
    logger,
    runCertification: (modelId, { signal, onProgress, requestId, deadlineMs }) =>
      certifyModel(modelId, {
        bedrock,
        region: config.region,
        signal,
        onProgress,
        deadlineMs,
        probeTimeoutMs: config.probeTimeoutMs,
        // Engine lines carry the id of the request that started the run.
        logger: withKeys(logger, { requestId }),
      }),
  });

  // Loaded on the first catalog request, not at init: most cold starts serve certifications, and
  // evaluating @aws-sdk/client-bedrock (the schemas of the whole control plane) costs tens of ms.
  let controlPlane: Promise<ModelListingSource> | undefined;
  const loadListing = async (): Promise<ModelListingSource> => {
    const { BedrockModelListing, createBedrockControlPlaneClient } = await import('./catalog/bedrock-model-listing.js');
    return new BedrockModelListing({ client: createBedrockControlPlaneClient({ region: config.region, endpoint: config.bedrockControlPlaneEndpoint }) });
  };
  const catalog = new CatalogService({
    region: config.region,
    listing: new CachedModelListing({
      source: { list: async () => (await (controlPlane ??= loadListing())).list() },
      ttlMs: config.catalogListingTtlSeconds * 1000,
    }),
    certifications: cache,
  });

  const verifier = createTokenVerifier({ ...config.auth, logger });

  let page: PageAsset | undefined;
  // Rendered on first request, not at init: most cold starts serve API calls, not the page.
  const renderOnce = (): PageAsset =>
    (page ??= { html: renderPage({ modelSuggestions: config.modelSuggestions, probes: DEFAULT_PROBES }), contentSecurityPolicy: PAGE_CONTENT_SECURITY_POLICY });

  return createApp({ service, catalog, verifier, page: renderOnce, keepAliveIntervalMs: config.keepAliveIntervalMs, logger });
}
