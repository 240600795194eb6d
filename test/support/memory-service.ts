import type { LogSink } from '../../shared/logger.js';
import { createApp, type App, type AppOptions } from '../../shared/http/app.js';
import { BatchRunner } from '../../shared/service/batch-runner.js';
import {
  CertificationService,
  type CertificationServiceOptions,
} from '../../shared/service/certification-service.js';
import type { CertificationCachePort, RunCertification } from '../../shared/service/ports.js';
import {
  emptyCatalog,
  emptyRegions,
  MemoryCache,
  MemoryHistory,
  MemoryLeases,
  MemoryTickets,
  MemoryUsage,
  sampleCertification,
  TEST_EXPIRY,
  UnlimitedRateLimiter,
} from './in-memory-ports.js';

/**
 * A run that reports the opening progress event and answers a sample certification at once,
 * certified now; each model it runs is appended to `runs`.
 */
export function instantRun(runs: string[] = []): RunCertification {
  return (modelId, { onProgress }) => {
    runs.push(modelId);
    onProgress({
      type: 'progress',
      current: 0,
      total: 6,
      message: 'Starting 6 certification tests',
    });
    return Promise.resolve(sampleCertification({ modelId, certifiedAt: new Date().toISOString() }));
  };
}

/**
 * The real certification service on in-memory ports in us-east-1, with a 60 s deadline and an
 * {@link instantRun}; any option given replaces its default.
 */
export function memoryService(
  options: Partial<CertificationServiceOptions> = {},
): CertificationService {
  return new CertificationService({
    region: 'us-east-1',
    cache: new MemoryCache(),
    leases: new MemoryLeases(),
    usage: new MemoryUsage(),
    history: new MemoryHistory(),
    rateLimiter: new UnlimitedRateLimiter(),
    tickets: new MemoryTickets(),
    expiry: TEST_EXPIRY,
    certificationDeadlineMs: 60_000,
    runCertification: instantRun(),
    ...options,
  });
}

/** Options of {@link memoryApp}: `createApp`'s, each optional but the verifier. */
export type MemoryAppOptions = Partial<Omit<AppOptions, 'service'>> &
  Pick<AppOptions, 'verifier'> & {
    /** Where the empty catalog and Regions view read certifications: the service's cache. */
    cache: CertificationCachePort;
  };

/**
 * The whole HTTP app around `service`: a catalog and a Regions view whose control planes list
 * nothing, a batch runner of 4, a minimal page, unless the test gives its own.
 */
export function memoryApp(
  service: CertificationService,
  { cache, ...options }: MemoryAppOptions,
): App {
  return createApp({
    service,
    catalog: emptyCatalog(cache),
    regions: emptyRegions(cache),
    batches: new BatchRunner({ service, concurrency: 4, certificationDeadlineMs: 60_000 }),
    keepAliveIntervalMs: 15_000,
    page: () => ({
      html: '<!doctype html><title>t</title>',
      contentSecurityPolicy: "default-src 'none'",
    }),
    ...options,
  });
}

/** One entry a {@link recordingLogger} kept. */
export interface LogEntry {
  level: string;
  message: string;
  fields: Record<string, unknown>;
}

/** A log sink that keeps every entry in `logs`, in order. */
export function recordingLogger(): { logger: LogSink; logs: LogEntry[] } {
  const logs: LogEntry[] = [];
  const log =
    (level: string) =>
    (message: string, fields: object = {}) =>
      void logs.push({ level, message, fields: fields as Record<string, unknown> });
  return {
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    logs,
  };
}
