/**
 * ConverseStream's wire format: `application/vnd.amazon.eventstream` frames (prelude, headers,
 * JSON payload, CRCs) encoded with the same codec the AWS SDK decodes them with.
 */
import { randomBytes } from 'node:crypto';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { StreamExceptionType } from './errors.js';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** Event names of `ConverseStreamOutput`. */
export type StreamEventType =
  | 'messageStart'
  | 'contentBlockStart'
  | 'contentBlockDelta'
  | 'contentBlockStop'
  | 'messageStop'
  | 'metadata';

const PADDING_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * Bedrock pads every event with a random-length `p` field so payload sizes do not reveal
 * token lengths; clients must ignore it, so the simulator sends it too.
 */
function padding(): string {
  const bytes = randomBytes(1 + ((randomBytes(1)[0] as number) % 24));
  return Array.from(bytes, (byte) => PADDING_ALPHABET[byte % PADDING_ALPHABET.length]).join('');
}

/** One `:message-type: event` frame. */
export function encodeEvent(type: StreamEventType, payload: Record<string, unknown>): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': { type: 'string', value: type },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'event' },
    },
    body: fromUtf8(JSON.stringify({ ...payload, p: padding() })),
  });
}

/** One `:message-type: exception` frame, as Bedrock sends when a stream fails after it started. */
export function encodeException(
  type: StreamExceptionType,
  payload: Record<string, unknown>,
): Uint8Array {
  return codec.encode({
    headers: {
      ':exception-type': { type: 'string', value: type },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'exception' },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}
