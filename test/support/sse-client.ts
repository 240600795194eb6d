import type { CertificationEvent } from '../../shared/types.js';

/** One parsed SSE frame as a test sees it: a comment (keep-alive) or one event. */
export interface Frame {
  comment?: string;
  event?: CertificationEvent;
}

/**
 * Reads a `text/event-stream` body to its end with a deliberately small, independent parser
 * (the client under test has its own), so the server's framing is checked, not assumed: each
 * frame must be a comment or exactly one `data: <JSON>` line (docs/api.md, "Server-Sent Events"); any
 * other line (`id:`, `event:`, `retry:`, a second data line) fails the read.
 */
export async function readFrames(
  response: Response,
  onFrame?: (frame: Frame) => void,
): Promise<Frame[]> {
  const frames: Frame[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const frame = parseFrame(block);
      frames.push(frame);
      onFrame?.(frame);
    }
  }
  if (buffer.trim() !== '')
    throw new Error(`stream ended inside a frame: ${JSON.stringify(buffer)}`);
  return frames;
}

function parseFrame(block: string): Frame {
  if (block.startsWith(':') && !block.includes('\n')) return { comment: block.slice(1).trim() };
  if (!/^data: [^\n]*$/.test(block))
    throw new Error(`not a single data line: ${JSON.stringify(block)}`);
  return { event: JSON.parse(block.slice('data: '.length)) as CertificationEvent };
}

/** Only the events (no comments) of a frame list. */
export function eventsOf(frames: Frame[]): CertificationEvent[] {
  return frames.flatMap((frame) => (frame.event ? [frame.event] : []));
}
