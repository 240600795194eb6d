import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { createServiceFromConfig } from '../../shared/service-from-config.js';
import { loadConfig } from '../../shared/config.js';
import { createLogger, logSinkFor } from '../../shared/logger.js';
import { parseRecertifyEvent } from '../../shared/recertify-event.js';
import {
  assertComplete,
  Recertifier,
  type RecertifySummary,
} from '../../shared/service/recertifier.js';

// Built once per execution environment, as the certify function is: the same configuration and
// the same service (engine, store, lease, metering, history, change events).
const logger = createLogger();
const config = loadConfig();
const log = logSinkFor(config.logFormat, logger);
const recertifier = new Recertifier({
  service: createServiceFromConfig(config, { logger: log }),
  concurrency: config.recertifyConcurrency,
  certificationDeadlineMs: config.certificationDeadlineMs,
  logger: log,
});

/**
 * The re-certify function, invoked (asynchronously) by an EventBridge Scheduler schedule whose
 * input is the watch list. A thin adapter: event in, the re-certification, its summary out. A
 * model that could not be re-certified fails the invocation after the others are done.
 */
export const handler = middy(
  async (event: unknown, context: Context): Promise<RecertifySummary> => {
    const summary = await recertifier.run(parseRecertifyEvent(event), {
      remainingTimeMs: () => context.getRemainingTimeInMillis(),
      requestId: context.awsRequestId,
    });
    assertComplete(summary);
    return summary;
  },
).use(injectLambdaContext(logger));
