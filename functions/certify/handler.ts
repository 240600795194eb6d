import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, LambdaFunctionURLEvent } from 'aws-lambda';
import { createAppFromConfig } from '../../shared/app-from-config.js';
import { loadConfig } from '../../shared/config.js';
import { HttpError } from '../../shared/errors.js';
import { negotiateAcceptLanguage } from '../../shared/i18n/locale.js';
import { errorResponse } from '../../shared/http/responses.js';
import { createLogger, logSinkFor } from '../../shared/logger.js';
import { toRequest, toStreamingResult, type StreamingResult } from './function-url.js';

// Built once per execution environment, in the init phase: configuration is validated before
// the first request (a bad variable fails the deploy's first invocation loudly), clients are
// reused. An environment runs one invocation at a time, so the logger's Lambda context is
// always the current invocation's.
const logger = createLogger();
const config = loadConfig();
// The Powertools logger carries the Lambda context; lines go out as LOG_FORMAT says (JSON unless set).
const log = logSinkFor(config.logFormat, logger);
const app = createAppFromConfig(config, { logger: log });

/**
 * The Function URL handler (`InvokeMode: RESPONSE_STREAM`). A thin adapter: event in, web
 * Request to the app, Response out through middy's streamifyResponse mode.
 */
export const handler = middy(
  async (event: LambdaFunctionURLEvent, context: Context): Promise<StreamingResult> => {
    let request: Request;
    try {
      request = toRequest(event);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      // Refused before routing (a TRACE, an unparseable header): still a JSON 4xx, never a 502.
      const { method } = event.requestContext.http;
      log.info('Request', {
        requestId: context.awsRequestId,
        method,
        status: error.statusCode,
        outcome: error.code,
      });
      return toStreamingResult(
        errorResponse(
          error,
          { 'x-request-id': context.awsRequestId },
          negotiateAcceptLanguage(event.headers['accept-language']),
        ),
      );
    }
    return toStreamingResult(
      await app(request, {
        requestId: context.awsRequestId,
        remainingTimeMs: () => context.getRemainingTimeInMillis(),
      }),
    );
  },
  // timeoutEarly would race only the handler's return (the stream has not started yet); the
  // certification deadline (60 s) keeps every stream well inside the function timeout.
  { streamifyResponse: true, timeoutEarlyInMillis: 0 },
)
  // cold_start, function_name, function_request_id (and xray_trace_id, read per line) on every
  // log line. Its `after` runs when the handler returns, before the body streams: no
  // resetKeys/clearState here, or the lines the stream writes would lose them.
  .use(injectLambdaContext(logger));
