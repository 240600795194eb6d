import { createTokenVerifier } from './auth/token-verifier.js';
import { CachedModelListing } from './catalog/cached-model-listing.js';
import { CatalogService } from './catalog/catalog-service.js';
import type { ModelListingSource } from './catalog/model-listing.js';
import type { ServiceConfig } from './config.js';
import { createApp, type App, type PageAsset } from './http/app.js';
import { silentLogger, type LogSink } from './logger.js';
import { createServiceFromConfig, createStoreFromConfig } from './service-from-config.js';
import { PageCursors } from './http/page-cursor.js';
import { CertificationCache } from './store/certification-cache.js';
import { StoredCursorKey } from './store/cursor-key.js';
import { RateLimiter } from './store/rate-limiter.js';
import { PAGE_CONTENT_SECURITY_POLICY, renderPage } from './web/page.js';

/**
 * The composition root: builds clients, store, verifier, engine and app from validated
 * configuration. Called once per container; in AWS and locally only `config` differs.
 */
export function createAppFromConfig(
  config: ServiceConfig,
  options: { logger?: LogSink } = {},
): App {
  const logger = options.logger ?? silentLogger;
  const store = createStoreFromConfig(config);
  const service = createServiceFromConfig(config, { logger, store });

  // Loaded on the first catalog request, not at init: most cold starts serve certifications, and
  // evaluating @aws-sdk/client-bedrock (the schemas of the whole control plane) costs tens of ms.
  let controlPlane: Promise<ModelListingSource> | undefined;
  const loadListing = async (): Promise<ModelListingSource> => {
    const { BedrockModelListing, createBedrockControlPlaneClient } =
      await import('./catalog/bedrock-model-listing.js');
    return new BedrockModelListing({
      client: createBedrockControlPlaneClient({
        region: config.region,
        endpoint: config.bedrockControlPlaneEndpoint,
      }),
    });
  };
  const catalog = new CatalogService({
    region: config.region,
    listing: new CachedModelListing({
      source: { list: async () => (await (controlPlane ??= loadListing())).list() },
      ttlMs: config.catalogListingTtlSeconds * 1000,
    }),
    certifications: new CertificationCache(store),
    lastChanges: (modelIds) => service.lastChanges(modelIds),
  });
  // Its own counter beside the certify limit's, over the same window.
  const readLimiter = new RateLimiter({
    ...store,
    kind: 'read',
    limit: config.readRateLimit.limit,
    windowSeconds: config.rateLimit.windowSeconds,
  });
  const cursors = new PageCursors(new StoredCursorKey(store).get);

  const verifier = createTokenVerifier({ ...config.auth, logger });

  let page: PageAsset | undefined;
  // Rendered on first request, not at init: most cold starts serve API calls, not the page.
  const renderOnce = (): PageAsset =>
    (page ??= {
      html: renderPage({ modelSuggestions: config.modelSuggestions }),
      contentSecurityPolicy: PAGE_CONTENT_SECURITY_POLICY,
    });

  return createApp({
    service,
    catalog,
    verifier,
    readLimiter,
    cursors,
    page: renderOnce,
    keepAliveIntervalMs: config.keepAliveIntervalMs,
    logger,
  });
}
