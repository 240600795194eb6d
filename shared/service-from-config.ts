import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { certifyModel } from './certification/engine.js';
import type { ServiceConfig } from './config.js';
import { EventBridgeChangeEvents } from './events/eventbridge-change-events.js';
import { silentLogger, withKeys, type LogSink } from './logger.js';
import { PerRegion } from './per-region.js';
import { CertificationService } from './service/certification-service.js';
import { CertificationCache } from './store/certification-cache.js';
import { CertificationLeases } from './store/certification-leases.js';
import { createDynamoDbClient } from './store/dynamodb-client.js';
import { RateLimiter } from './store/rate-limiter.js';
import { RunHistory } from './store/run-history.js';
import { StreamTickets } from './store/stream-tickets.js';
import { UsageMeter } from './store/usage-meter.js';

/** The longest any result is cached: what a page of certifications need look back. */
export function longestTtl(config: ServiceConfig): number {
  return Math.max(...Object.values(config.cacheTtlSeconds));
}

/** The table and the client every store class of a container shares. */
export interface StoreHandle {
  client: DynamoDBClient;
  tableName: string;
}

/** The DynamoDB client and table of `config`, for the service and whatever else reads the table. */
export function createStoreFromConfig(config: ServiceConfig): StoreHandle {
  return {
    client: createDynamoDbClient({ region: config.region, endpoint: config.dynamoDbEndpoint }),
    tableName: config.tableName,
  };
}

/**
 * The certification service (engine, store, single flight, metering, history, change events)
 * from validated configuration: what the HTTP app (`app-from-config.ts`) and the re-certify
 * function share, so a scheduled run is certified, cached, metered and recorded exactly as a
 * requested one. Its own module, so the re-certify bundle carries no HTTP app or page.
 */
export function createServiceFromConfig(
  config: ServiceConfig,
  options: {
    logger?: LogSink;
    store?: StoreHandle;
    /** The Bedrock Runtime client of each Region; default: one per listed Region, made on first use. */
    runtimeClients?: PerRegion<BedrockRuntimeClient>;
  } = {},
): CertificationService {
  const logger = options.logger ?? silentLogger;
  const store = options.store ?? createStoreFromConfig(config);
  const runtime = options.runtimeClients ?? createRuntimeClients(config);
  const [defaultRegion = config.region] = config.regions;

  return new CertificationService({
    region: defaultRegion,
    regions: config.regions,
    cache: new CertificationCache({ ...store, longestTtlSeconds: longestTtl(config) }),
    rateLimiter: new RateLimiter({
      ...store,
      limit: config.rateLimit.limit,
      windowSeconds: config.rateLimit.windowSeconds,
    }),
    leases: new CertificationLeases(store),
    usage: new UsageMeter(store),
    monthlyQuota: config.monthlyCertificationQuota,
    history: new RunHistory(store),
    changeEvents:
      config.changeEventBus === undefined
        ? undefined
        : new EventBridgeChangeEvents({
            client: new EventBridgeClient({
              region: config.region,
              endpoint: config.eventBridgeEndpoint,
            }),
            eventBusName: config.changeEventBus,
          }),
    tickets: new StreamTickets(store),
    expiry: config.cacheTtlSeconds,
    certificationDeadlineMs: config.certificationDeadlineMs,
    logger,
    runCertification: (modelId, { region, signal, onProgress, requestId, deadlineMs, suite }) =>
      certifyModel(modelId, {
        bedrock: runtime.get(region),
        region,
        suite,
        signal,
        onProgress,
        deadlineMs,
        probeTimeoutMs: config.probeTimeoutMs,
        // Engine lines carry the id of the request that started the run.
        logger: withKeys(logger, { requestId }),
      }),
  });
}

/**
 * The Bedrock Runtime clients of the listed Regions, each made on its first certification there.
 * Locally one simulator answers them all, for the Region each request is signed for.
 */
export function createRuntimeClients(config: ServiceConfig): PerRegion<BedrockRuntimeClient> {
  // Retries belong to the engine (bounded backoff inside the certification deadline); SDK
  // retries on top would multiply calls and blow through the deadline.
  return new PerRegion(
    (region) =>
      new BedrockRuntimeClient({ region, endpoint: config.bedrockEndpoint, maxAttempts: 1 }),
  );
}
