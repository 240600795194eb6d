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
