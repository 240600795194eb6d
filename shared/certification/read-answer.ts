/**
 * Reads Bedrock answers (a Converse response's content, a ConverseStream's events) into the
 * little the probes check. Reasoning text is noted but never becomes part of the answer.
 */
import type {
  ContentBlock,
  ConverseStreamOutput,
  TokenUsage as BedrockTokenUsage,
} from '@aws-sdk/client-bedrock-runtime';
import type { Clock } from '../clock.js';
import type { TokenUsage } from '../types.js';

/** A tool call as the model made it; `input` is `undefined` when streamed JSON did not parse. */
export interface ToolCall {
  name: string;
  input: unknown;
}

/** A model answer reduced to what probes check. Reasoning text is never part of `text`. */
export interface ModelAnswer {
  text: string;
  toolCalls: ToolCall[];
  stopReason: string | undefined;
  /** The answer held `reasoningContent` (a reasoning model thinking before it answers). */
  reasoning: boolean;
  usage: TokenUsage | undefined;
}

/** A streamed answer, plus what only a stream can show. */
export interface StreamedAnswer extends ModelAnswer {
  textDeltas: number;
  /** A `metadata` event arrived (it carries usage and latency). */
  sawMetadata: boolean;
  /** Milliseconds from sending the request to the first content delta. */
  ttftMs: number | undefined;
  /** Output tokens after the first one, per second until the stream's end. */
  outputTokensPerSecond: number | undefined;
}

/** The text, tool calls and whether reasoning was present in a Converse answer's content. */
export function readContent(
  blocks: readonly ContentBlock[],
): Pick<ModelAnswer, 'text' | 'toolCalls' | 'reasoning'> {
  let text = '';
  const toolCalls: ToolCall[] = [];
  let reasoning = false;
  for (const block of blocks) {
    if (block.text !== undefined) text += block.text;
    else if (block.toolUse !== undefined)
      toolCalls.push({ name: block.toolUse.name ?? '', input: block.toolUse.input });
    else if (block.reasoningContent !== undefined) reasoning = true;
  }
  return { text, toolCalls, reasoning };
}

/** Bedrock's usage with every count present. */
export function toUsage(usage: BedrockTokenUsage | undefined): TokenUsage | undefined {
  if (usage === undefined) return undefined;
  const inputTokens = usage.inputTokens ?? 0;
  const outputTokens = usage.outputTokens ?? 0;
  return {
    inputTokens,
    outputTokens,
    totalTokens: usage.totalTokens ?? inputTokens + outputTokens,
  };
}

/** Folds ConverseStream events into an answer, timing the first and last tokens. */
export class StreamReader {
  private text = '';
  private textDeltas = 0;
  private reasoning = false;
  private readonly tools = new Map<number, { name: string; json: string }>();
  private stopReason: string | undefined;
  usage: TokenUsage | undefined;
  private sawMetadata = false;
  private firstTokenAt: number | undefined;
  private endedAt: number | undefined;

  constructor(private readonly clock: Clock) {}

  read(event: ConverseStreamOutput): void {
    if (event.contentBlockStart?.start?.toolUse !== undefined) {
      this.tools.set(event.contentBlockStart.contentBlockIndex ?? this.tools.size, {
        name: event.contentBlockStart.start.toolUse.name ?? '',
        json: '',
      });
    } else if (event.contentBlockDelta?.delta !== undefined) {
      const { delta, contentBlockIndex } = event.contentBlockDelta;
      this.firstTokenAt ??= this.clock.now();
      if (delta.text !== undefined) {
        this.text += delta.text;
        this.textDeltas++;
      } else if (delta.toolUse !== undefined) {
        const tool = this.tools.get(contentBlockIndex ?? -1);
        if (tool !== undefined) tool.json += delta.toolUse.input ?? '';
      } else if (delta.reasoningContent !== undefined) {
        this.reasoning = true;
      }
    } else if (event.messageStop !== undefined) {
      this.stopReason = event.messageStop.stopReason;
      this.endedAt = this.clock.now();
    } else if (event.metadata !== undefined) {
      this.sawMetadata = true;
      this.usage = toUsage(event.metadata.usage);
      this.endedAt ??= this.clock.now();
    } else {
      // The SDK normally throws modelled exception events; this covers any it yields instead.
      const exception =
        event.modelStreamErrorException ??
        event.internalServerException ??
        event.serviceUnavailableException ??
        event.throttlingException ??
        event.validationException;
      if (exception !== undefined) throw exception;
    }
  }

  answer(sentAt: number): StreamedAnswer {
    const toolCalls = [...this.tools.values()].map(({ name, json }) => ({
      name,
      input: parseToolInput(json),
    }));
    const ttftMs = this.firstTokenAt === undefined ? undefined : this.firstTokenAt - sentAt;
    return {
      text: this.text,
      toolCalls,
      stopReason: this.stopReason,
      reasoning: this.reasoning,
      usage: this.usage,
      textDeltas: this.textDeltas,
      sawMetadata: this.sawMetadata,
      ttftMs,
      outputTokensPerSecond: this.tokensPerSecond(),
    };
  }

  private tokensPerSecond(): number | undefined {
    if (this.firstTokenAt === undefined || this.endedAt === undefined || this.usage === undefined)
      return undefined;
    const seconds = (this.endedAt - this.firstTokenAt) / 1000;
    const tokensAfterFirst = this.usage.outputTokens - 1;
    if (seconds <= 0 || tokensAfterFirst <= 0) return undefined;
    return Math.round((tokensAfterFirst / seconds) * 10) / 10;
  }
}

function parseToolInput(json: string): unknown {
  if (json.trim() === '') return {};
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}
