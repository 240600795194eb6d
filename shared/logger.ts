import { Logger } from '@aws-lambda-powertools/logger';
import type { LogFormat } from './config.js';
import { createPrettyLogSink, type PrettyLogSinkOptions } from './pretty-log.js';

/** The slice of a structured logger the domain uses; Powertools' `Logger` satisfies it. */
export interface LogSink {
  debug(message: string, ...extra: Record<string, unknown>[]): void;
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

/** A logger that drops everything: the default where a caller passes none (tests, library use). */
export const silentLogger: LogSink = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Creates the service's Powertools JSON logger. `POWERTOOLS_LOG_LEVEL` / `LOG_LEVEL` set the level. */
export function createLogger(serviceName = 'bedrock-certification'): Logger {
  return new Logger({ serviceName });
}

/**
 * Where the service's lines go in `format` (`LOG_FORMAT`): the Powertools logger itself for
 * `json`; for `pretty`, one short line per entry at the Powertools logger's level. The Powertools
 * logger stays the one the Lambda context is injected into either way.
 */
export function logSinkFor(
  format: LogFormat,
  logger: Logger,
  options: Omit<PrettyLogSinkOptions, 'level'> = {},
): LogSink {
  if (format === 'json') return logger;
  return createPrettyLogSink({ ...options, level: () => logger.getLevelName() });
}

/**
 * A logger that adds `keys` to every line, e.g. the request id of the certification a line
 * belongs to. Passed explicitly rather than appended to the shared logger, because one
 * process may serve several requests at once (locally, and in a warm container's async work).
 */
export function withKeys(logger: LogSink, keys: Record<string, unknown>): LogSink {
  const wrap =
    (level: keyof LogSink) =>
    (message: string, ...extra: Record<string, unknown>[]): void =>
      logger[level](
        message,
        extra.reduce((fields, more) => ({ ...fields, ...more }), keys),
      );
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
