import type { LogSink } from './logger.js';

/**
 * `LOG_FORMAT=pretty`: one short line per log entry, for a person watching a terminal. A request
 * line reads `12:03:04 GET /api/certification/catalog 200 12ms alice`; a stream's end, which
 * outlives its response head, `12:03:09 GET /api/.../stream ended 5.2s alice stream certified`;
 * anything else is its message and fields as `key=value`. Warnings and errors are tagged. Each
 * line is capped, so no field (a reason, an error message) turns into a screenful.
 */

/** Options of {@link createPrettyLogSink}. */
export interface PrettyLogSinkOptions {
  /**
   * The current level name, read per line (Powertools' names: `DEBUG`, `INFO`, `WARN`, `ERROR`,
   * `SILENT`...), so `POWERTOOLS_LOG_LEVEL` / `LOG_LEVEL` govern both formats alike.
   */
  level: () => string;
  /** Where lines go (each ends with a newline). Default: stdout, where the JSON lines go too. */
  write?: (line: string) => void;
  /** Default: the wall clock. */
  now?: () => Date;
}

type Level = keyof LogSink;

/** Severity of each level name, as Powertools ranks them (`SILENT` above everything). */
const SEVERITY: Readonly<Record<string, number>> = {
  TRACE: 6,
  DEBUG: 8,
  INFO: 12,
  WARN: 16,
  ERROR: 20,
  CRITICAL: 24,
  SILENT: 28,
};
const INFO_SEVERITY = 12;

function severity(levelName: string): number {
  return SEVERITY[levelName.toUpperCase()] ?? INFO_SEVERITY;
}

/** The longest line written; a terminal is about this wide, a CloudWatch line is not. */
const MAX_LINE = 160;
/** A path longer than this keeps its head and tail around an ellipsis. */
const MAX_PATH = 64;
/** The longest `key=value` value. */
const MAX_VALUE = 60;

/** A {@link LogSink} writing {@link formatPrettyLine} lines at the given level. */
export function createPrettyLogSink(options: PrettyLogSinkOptions): LogSink {
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const now = options.now ?? (() => new Date());
  const sink =
    (level: Level) =>
    (message: string, ...extra: Record<string, unknown>[]): void => {
      if (severity(level) < severity(options.level())) return;
      const fields = extra.reduce<Record<string, unknown>>(
        (all, more) => ({ ...all, ...more }),
        {},
      );
      write(`${formatPrettyLine(level, message, fields, now())}\n`);
    };
  return { debug: sink('debug'), info: sink('info'), warn: sink('warn'), error: sink('error') };
}

/** One entry as one short line, without its newline. */
export function formatPrettyLine(
  level: Level,
  message: string,
  fields: Record<string, unknown>,
  at: Date,
): string {
  // Local wall-clock time, as the terminal's user reads it.
  const parts = [at.toTimeString().slice(0, 8)];
  if (level !== 'info') parts.push(level.toUpperCase());
  const { error, ...rest } = fields;
  if (typeof rest.method === 'string') {
    parts.push(...requestParts(rest));
  } else {
    parts.push(message);
    // Lines are in time order on one terminal; the request id earns its width only on an error.
    for (const [key, value] of Object.entries(rest)) {
      if (value !== undefined && key !== 'requestId')
        parts.push(`${key}=${shorten(text(value), MAX_VALUE)}`);
    }
  }
  if (error !== undefined) {
    // An error is what someone reports with the request id the client was shown.
    if (typeof rest.requestId === 'string') parts.push(`(request ${rest.requestId})`);
    parts.push(`— ${describeError(error)}`);
  }
  return shorten(parts.join(' '), MAX_LINE);
}

/** `GET /path 200 12ms alice outcome`: what a request line says, in that order. */
function requestParts(fields: Record<string, unknown>): string[] {
  const { method, path, status, durationMs, sub, outcome } = fields;
  const parts = [String(method), shortenPath(typeof path === 'string' ? path : '-')];
  // A stream's end has no status of its own: its head was logged with one already.
  parts.push(typeof status === 'number' ? String(status) : 'ended');
  if (typeof durationMs === 'number') parts.push(duration(durationMs));
  if (typeof sub === 'string') parts.push(sub);
  if (typeof outcome === 'string') parts.push(outcome);
  return parts;
}

/** `12ms`, `5.2s`. */
function duration(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)}ms` : `${(ms / 1_000).toFixed(1)}s`;
}

/** Leading segments give way first: the end of a path (a model id, `/stream`) says most. */
function shortenPath(path: string): string {
  if (path.length <= MAX_PATH) return path;
  const segments = path.split('/').slice(1);
  while (segments.length > 1 && `…/${segments.join('/')}`.length > MAX_PATH) segments.shift();
  const kept = `…/${segments.join('/')}`;
  return kept.length <= MAX_PATH ? kept : `…${path.slice(path.length - (MAX_PATH - 1))}`;
}

function shorten(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

function text(value: unknown): string {
  if (typeof value === 'string') return /[\s"]/.test(value) ? JSON.stringify(value) : value;
  if (value instanceof Error) return describeError(value);
  if (typeof value !== 'object' || value === null) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    // A cycle: a log line must never throw.
    return '[unprintable]';
  }
}

/** `TypeError: message`, on one line: the stack stays in the JSON format. */
function describeError(error: unknown): string {
  const line = error instanceof Error ? `${error.name}: ${error.message}` : `${text(error)}`;
  return line.replace(/\s+/g, ' ');
}
