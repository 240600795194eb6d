/**
 * Server-Sent Events framing as docs/api.md fixes it ("Server-Sent Events"): every event is exactly one
 * `data:` line and a blank line, and nothing else. No `id:`, `event:` or `retry:` field: the
 * original system's own fetch example splits each network chunk on `\n\n` and parses only the
 * pieces that start with `data: `, so any other line in front of the data hides the event from
 * it. Pure functions: no I/O.
 */

/** One SSE message: a single line of data (one JSON object in this service). */
export interface SseMessage {
  data: string;
}

/** The comment frame sent while probes run, so proxies and browsers keep the connection open. */
export const SSE_KEEP_ALIVE = ': keep-alive\n\n';

/**
 * Formats one message as `data: <data>\n\n`. A line break in `data` would split the event into
 * several `data:` lines (or, with a blank line, into two events), which the original clients
 * cannot read, so it is refused; `JSON.stringify` never produces one.
 */
export function formatSseMessage(message: SseMessage): string {
  if (/[\r\n]/.test(message.data)) throw new RangeError('SSE data must be a single line');
  return `data: ${message.data}\n\n`;
}
