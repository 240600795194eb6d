import { createTokenVerifier } from './auth/token-verifier.js';
import { CachedModelListing } from './catalog/cached-model-listing.js';
import { CatalogService } from './catalog/catalog-service.js';
import {
  CachedModelAvailability,
  type ModelAvailabilitySource,
} from './catalog/model-availability.js';
import { RegionsService } from './catalog/regions-service.js';
import type { ServiceConfig } from './config.js';
import { createApp, type App, type PageAsset } from './http/app.js';
import { silentLogger, type LogSink } from './logger.js';
import { PerRegion } from './per-region.js';
import { createServiceFromConfig, createStoreFromConfig } from './service-from-config.js';
import { PageCursors } from './http/page-cursor.js';
import { BatchRunner } from './service/batch-runner.js';
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

  // Loaded on the first control plane call, not at init: most cold starts serve certifications,
  // and evaluating @aws-sdk/client-bedrock (the schemas of the whole control plane) costs tens of ms.
  const controlPlane = new PerRegion(async (region) => {
    const { createBedrockControlPlaneClient } = await import('./catalog/bedrock-model-listing.js');
    return createBedrockControlPlaneClient({
      region,
      endpoint: config.bedrockControlPlaneEndpoint,
    });
  });
  const ttlMs = config.catalogListingTtlSeconds * 1000;
  const listings = new PerRegion(
    (region) =>
      new CachedModelListing({
        source: {
          list: async () => {
            const [{ BedrockModelListing }, client] = await Promise.all([
              import('./catalog/bedrock-model-listing.js'),
              controlPlane.get(region),
            ]);
            return new BedrockModelListing({ client }).list();
          },
        },
        ttlMs,
      }),
  );
  const listing = (region: string) => listings.get(region);
  let bedrockAvailability: Promise<ModelAvailabilitySource> | undefined;
  const loadAvailability = async (): Promise<ModelAvailabilitySource> => {
    const { BedrockModelAvailability } = await import('./catalog/bedrock-model-availability.js');
    return new BedrockModelAvailability({
      client: (region) => controlPlane.get(region),
      onError: (error, context) =>
        logger.warn('GetFoundationModelAvailability failed; access is UNKNOWN', {
          ...context,
          error,
        }),
    });
  };
  // One per container, for the catalog and the Regions view alike: they answer the same, and
  // whichever asks first spares the other the control plane call. Kept as long as the listing.
  const availability = new CachedModelAvailability({
    source: {
      access: async (region, modelId) =>
        (await (bedrockAvailability ??= loadAvailability())).access(region, modelId),
    },
    ttlMs,
  });
  const catalog = new CatalogService({
    region: service.region,
    listing,
    availability,
    certifications: new CertificationCache(store),
    lastChanges: (modelIds, region) => service.lastChanges(modelIds, region),
  });
  const regions = new RegionsService({
    regions: service.regions,
    listing,
    availability,
    certifications: new CertificationCache(store),
    onListingError: (error, region) =>
      logger.warn('Listing the models of a Region failed; offered is unknown', { region, error }),
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
    batches: new BatchRunner({
      service,
      concurrency: config.batchConcurrency,
      certificationDeadlineMs: config.certificationDeadlineMs,
      logger,
    }),
    catalog,
    regions,
    verifier,
    readLimiter,
    cursors,
    page: renderOnce,
    keepAliveIntervalMs: config.keepAliveIntervalMs,
    logger,
  });
}
