/**
 * Server-Sent Events framing (WHATWG HTML, "Server-sent events"). Pure functions: no I/O.
 */

/** One SSE message. */
export interface SseMessage {
  data: string;
  id?: string;
  event?: string;
  /** Reconnection time hint in milliseconds. */
  retry?: number;
}

const LINE_BREAK = /\r\n|\r|\n/;

/** The comment frame sent while probes run, so proxies and browsers keep the connection open. */
export const SSE_KEEP_ALIVE = ': keep-alive\n\n';

/**
 * Formats one message. Multi-line `data` becomes several `data:` lines (the parser joins them
 * back with `\n`); `id` and `event` must be single-line, since a line break there would let
 * one value inject a second field.
 */
export function formatSseMessage(message: SseMessage): string {
  let frame = '';
  if (message.event !== undefined) frame += `event: ${singleLine('event', message.event)}\n`;
  if (message.id !== undefined) frame += `id: ${singleLine('id', message.id)}\n`;
  if (message.retry !== undefined) frame += `retry: ${Math.max(0, Math.trunc(message.retry))}\n`;
  for (const line of message.data.split(LINE_BREAK)) frame += `data: ${line}\n`;
  return `${frame}\n`;
}

function singleLine(field: string, value: string): string {
  if (LINE_BREAK.test(value) || value.includes('\0')) {
    throw new RangeError(`SSE ${field} must not contain line breaks or NUL`);
  }
  return value;
}
