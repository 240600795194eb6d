import type { CertificationEvent } from '../../shared/types.js';

/** One parsed SSE frame as a test sees it. */
export interface Frame {
  id?: string;
  comment?: string;
  event?: CertificationEvent;
}

/**
 * Reads a `text/event-stream` body to its end with a deliberately small, independent parser
 * (the client under test has its own), so the server's framing is checked, not assumed.
 */
export async function readFrames(response: Response, onFrame?: (frame: Frame) => void): Promise<Frame[]> {
  const frames: Frame[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const frame: Frame = {};
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) frame.comment = line.slice(1).trim();
        else if (line.startsWith('id: ')) frame.id = line.slice(4);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (data.length > 0) frame.event = JSON.parse(data.join('\n')) as CertificationEvent;
      frames.push(frame);
      onFrame?.(frame);
    }
  }
  if (buffer.trim() !== '') throw new Error(`stream ended inside a frame: ${JSON.stringify(buffer)}`);
  return frames;
}

/** Only the events (no comments) of a frame list. */
export function eventsOf(frames: Frame[]): CertificationEvent[] {
  return frames.flatMap((frame) => (frame.event ? [frame.event] : []));
}
