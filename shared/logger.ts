import { Logger } from '@aws-lambda-powertools/logger';

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
