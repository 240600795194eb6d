import type { Clock } from '../clock.js';
import { CertificationServiceError } from '../errors.js';
import type { LogSink } from '../logger.js';

/**
 * Collects what one request log line needs (request id, sub, model, Region, outcome, duration) and
 * writes it once, when the response head is ready; a stream writes a second line when it ends.
 * Passed along explicitly rather than appended to the shared logger, because one process may
 * serve several requests at once (locally, and in tests). The query string is never logged: it
 * may carry a stream ticket.
 */
export class RequestLog {
  route?: string;
  sub?: string;
  modelId?: string;
  /** The Region the request certifies or reads in, when it names one. */
  region?: string;
  outcome?: string;
  /** An unexpected error to log with the line (the client saw only the request id). */
  error?: unknown;
  /** True once a stream's end was logged. */
  finished = false;
  private readonly startedAt: number;
  private readonly method: string;
  private readonly path: string;

  constructor(
    private readonly logger: LogSink,
    private readonly clock: Clock,
    readonly requestId: string,
    request: Request,
  ) {
    this.startedAt = clock.now();
    this.method = request.method;
    this.path = new URL(request.url).pathname.slice(0, 300);
  }

  /** The response head is ready. */
  respond(status: number): void {
    const fields = { ...this.fields(), status };
    if (this.error !== undefined)
      this.logger.error('Request failed', { ...fields, error: this.error });
    else this.logger.info('Request', fields);
  }

  /** The end of a stream, which outlives the response head. */
  finish(outcome: string, error?: unknown): void {
    this.finished = true;
    this.outcome = outcome;
    const fields = this.fields();
    if (error !== undefined && !(error instanceof CertificationServiceError))
      this.logger.error('Stream failed', { ...fields, error });
    else this.logger.info('Stream finished', fields);
  }

  private fields(): Record<string, unknown> {
    return {
      requestId: this.requestId,
      method: this.method,
      path: this.path,
      route: this.route,
      sub: this.sub,
      modelId: this.modelId,
      region: this.region,
      outcome: this.outcome,
      durationMs: this.clock.now() - this.startedAt,
    };
  }
}
