/**
 * Writes answers the way Bedrock does: a JSON body for Converse, and for ConverseStream a
 * stream of event frames, each written when it is due rather than all at the end.
 */
import {
  errorTypeHeader,
  streamException,
  type BedrockError,
  type StreamExceptionType,
} from './errors.js';
import { encodeEvent, encodeException } from './event-stream.js';
import type { Exchange, ResponseWriter } from './exchange.js';
import { citationOf, contentBlocks, type ResponsePlan } from './response-plan.js';
import { groupDeltas } from './tokens.js';

/** Simulated generation speed, already multiplied by the time scale. */
export interface Timing {
  timeToFirstTokenMs: number;
  msPerToken: number;
}

/** Makes a stream fail after some deltas (the `sim.stream-drop` fault). */
export interface StreamDrop {
  afterDeltas: number;
  exception: StreamExceptionType;
}

/** Sends a Bedrock error response (status, `x-amzn-ErrorType`, `{"message"}`). */
export function sendError(response: ResponseWriter, error: BedrockError, requestId: string): void {
  const body = JSON.stringify({ message: error.message });
  response.writeHead(error.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-ErrorType': errorTypeHeader(error.type),
    'x-amzn-RequestId': requestId,
  });
  response.end(body);
}

/** Sends a successful JSON answer (the control plane's operations). */
export function sendJson(
  response: ResponseWriter,
  status: number,
  body: Record<string, unknown>,
  requestId: string,
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': requestId,
  });
  response.end(text);
}

/** Answers a Converse call once the whole answer would have been generated. */
export function sendConverse(
  exchange: Exchange,
  plan: ResponsePlan,
  timing: Timing,
  requestId: string,
): void {
  const doneAt = timing.timeToFirstTokenMs + plan.outputTokens * timing.msPerToken;
  exchange.at(doneAt, () => {
    const body = JSON.stringify({
      output: { message: { role: 'assistant', content: contentBlocks(plan) } },
      stopReason: plan.stopReason,
      usage: usage(plan),
      metrics: { latencyMs: Math.round(exchange.elapsedMs()) },
    });
    exchange.response.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'x-amzn-RequestId': requestId,
    });
    exchange.response.end(body);
  });
}

/**
 * Usage as Bedrock reports it: with prompt caching, `inputTokens` is only the uncached remainder,
 * the cache counts come apart, and `totalTokens` counts them all
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html).
 */
function usage(plan: ResponsePlan): Record<string, number> {
  const cached = plan.cache ? plan.cache.read + plan.cache.write : 0;
  return {
    inputTokens: plan.inputTokens,
    outputTokens: plan.outputTokens,
    totalTokens: plan.inputTokens + plan.outputTokens + cached,
    ...(plan.cache
      ? { cacheReadInputTokens: plan.cache.read, cacheWriteInputTokens: plan.cache.write }
      : {}),
  };
}

type Frame = { at: number; bytes: () => Uint8Array; last?: boolean };

/** Answers a ConverseStream call: headers now, events as the tokens are "generated". */
export function sendConverseStream(
  exchange: Exchange,
  plan: ResponsePlan,
  timing: Timing,
  requestId: string,
  drop?: StreamDrop,
): void {
  const frames: Frame[] = [];
  let at = timing.timeToFirstTokenMs;
  let deltas = 0;
  let dropped = false;
  // Read through a call: `fail` sets it inside closures, which TypeScript's narrowing does not follow.
  const isDropped = (): boolean => dropped;
  const push = (bytes: () => Uint8Array): void => {
    frames.push({ at, bytes });
  };
  const fail = (exception: StreamExceptionType): void => {
    dropped = true;
    const error = streamException(exception);
    const extra =
      exception === 'modelStreamErrorException'
        ? { originalStatusCode: 500, originalMessage: 'Model stream interrupted.' }
        : {};
    frames.push({
      at,
      bytes: () => encodeException(exception, { message: error.message, ...extra }),
      last: true,
    });
  };
  const delta = (index: number, payload: Record<string, unknown>, tokens: number): void => {
    if (isDropped()) return;
    if (drop && deltas >= drop.afterDeltas) {
      fail(drop.exception);
      return;
    }
    push(() => encodeEvent('contentBlockDelta', { contentBlockIndex: index, delta: payload }));
    deltas += 1;
    at += tokens * timing.msPerToken;
  };

  push(() => encodeEvent('messageStart', { role: 'assistant' }));
  plan.blocks.forEach((block, index) => {
    if (isDropped()) return;
    if (block.kind === 'toolUse') {
      push(() =>
        encodeEvent('contentBlockStart', {
          contentBlockIndex: index,
          start: { toolUse: { toolUseId: block.toolUseId, name: block.name } },
        }),
      );
      for (const piece of groupDeltas(block.pieces))
        delta(index, { toolUse: { input: piece.text } }, piece.tokens);
    } else if (block.kind === 'reasoning') {
      for (const piece of groupDeltas(block.pieces))
        delta(index, { reasoningContent: { text: piece.text } }, piece.tokens);
      if (block.signature) delta(index, { reasoningContent: { signature: block.signature } }, 0);
    } else if (block.kind === 'cited') {
      for (const piece of groupDeltas(block.pieces))
        delta(index, { text: piece.text }, piece.tokens);
      delta(index, { citation: citationOf(block.citation) }, 0);
    } else {
      for (const piece of groupDeltas(block.pieces))
        delta(index, { text: piece.text }, piece.tokens);
    }
    if (!isDropped()) push(() => encodeEvent('contentBlockStop', { contentBlockIndex: index }));
  });
  // A short answer may have fewer deltas than the drop point; the stream still fails before it stops.
  if (drop && !isDropped()) fail(drop.exception);
  if (!isDropped()) {
    push(() => encodeEvent('messageStop', { stopReason: plan.stopReason }));
    frames.push({
      at,
      bytes: () =>
        encodeEvent('metadata', {
          usage: usage(plan),
          metrics: { latencyMs: Math.round(exchange.elapsedMs()) },
        }),
      last: true,
    });
  }

  const response = exchange.response;
  response.writeHead(200, {
    'Content-Type': 'application/vnd.amazon.eventstream',
    'x-amzn-RequestId': requestId,
  });
  response.flushHeaders?.();
  // Frames are chained, not all scheduled up front, so they can never overtake each other.
  const writeFrom = (first: number): void => {
    const due = frames[first]?.at;
    if (due === undefined) return;
    exchange.at(due, () => {
      let next = first;
      while (next < frames.length && (frames[next] as Frame).at <= due) {
        const frame = frames[next] as Frame;
        response.write(frame.bytes());
        if (frame.last) {
          response.end();
          return;
        }
        next += 1;
      }
      writeFrom(next);
    });
  };
  writeFrom(0);
}
