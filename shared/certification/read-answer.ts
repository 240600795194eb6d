/**
 * Reads Bedrock answers (a Converse response's content, a ConverseStream's events) into the
 * little the probes check. Reasoning text is noted but never becomes part of the answer.
 */
import type {
  Citation,
  CitationsDelta,
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

/** A citation the model attached to its answer, reduced to what the citations probe checks. */
export interface AnswerCitation {
  /** The cited text of the source document. */
  sourceText: string;
  /** `documentChar`, `documentPage`, `documentChunk`, ... as Bedrock names the location, if any. */
  locationKind: string | undefined;
  /** The cited document's index in the request, when the location names one. */
  documentIndex: number | undefined;
}

/** A model answer reduced to what probes check. Reasoning text is never part of `text`. */
export interface ModelAnswer {
  text: string;
  toolCalls: ToolCall[];
  /** Citations of `citationsContent` blocks (their generated text is part of `text`). */
  citations: AnswerCitation[];
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

/**
 * The text, tool calls, citations and whether reasoning (readable or redacted) was present in a
 * Converse answer's content.
 */
export function readContent(
  blocks: readonly ContentBlock[],
): Pick<ModelAnswer, 'text' | 'toolCalls' | 'citations' | 'reasoning'> {
  let text = '';
  const toolCalls: ToolCall[] = [];
  const citations: AnswerCitation[] = [];
  let reasoning = false;
  for (const block of blocks) {
    if (block.text !== undefined) text += block.text;
    else if (block.toolUse !== undefined)
      toolCalls.push({ name: block.toolUse.name ?? '', input: block.toolUse.input });
    else if (block.reasoningContent !== undefined) reasoning = true;
    else if (block.citationsContent !== undefined) {
      for (const part of block.citationsContent.content ?? []) text += part.text ?? '';
      for (const citation of block.citationsContent.citations ?? [])
        citations.push(toCitation(citation));
    }
  }
  return { text, toolCalls, citations, reasoning };
}

function toCitation(citation: Citation | CitationsDelta): AnswerCitation {
  // A union: exactly one member (documentChar, documentPage, ...) is set.
  const location: Record<string, unknown> = { ...citation.location };
  const locationKind = Object.keys(location).find(
    (key) => key !== '$unknown' && location[key] !== undefined,
  );
  const inner = locationKind === undefined ? undefined : location[locationKind];
  const index =
    typeof inner === 'object' && inner !== null
      ? (inner as { documentIndex?: unknown }).documentIndex
      : undefined;
  return {
    sourceText: (citation.sourceContent ?? []).map((part) => part.text ?? '').join(''),
    locationKind,
    documentIndex: typeof index === 'number' ? index : undefined,
  };
}

/** Bedrock's usage with every count present (and the cache counts when it reported any). */
export function toUsage(usage: BedrockTokenUsage | undefined): TokenUsage | undefined {
  if (usage === undefined) return undefined;
  const inputTokens = usage.inputTokens ?? 0;
  const outputTokens = usage.outputTokens ?? 0;
  const cacheRead = usage.cacheReadInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteInputTokens ?? 0;
  return {
    inputTokens,
    outputTokens,
    // Bedrock's total counts cached tokens too: inputTokens is only the uncached remainder.
    totalTokens: usage.totalTokens ?? inputTokens + outputTokens + cacheRead + cacheWrite,
    ...(cacheRead > 0 ? { cacheReadInputTokens: cacheRead } : {}),
    ...(cacheWrite > 0 ? { cacheWriteInputTokens: cacheWrite } : {}),
  };
}

/** `a` plus `b`, cache counts included when either has them. */
export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  const sum: TokenUsage = {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
  const cacheRead = (a.cacheReadInputTokens ?? 0) + (b.cacheReadInputTokens ?? 0);
  const cacheWrite = (a.cacheWriteInputTokens ?? 0) + (b.cacheWriteInputTokens ?? 0);
  if (cacheRead > 0) sum.cacheReadInputTokens = cacheRead;
  if (cacheWrite > 0) sum.cacheWriteInputTokens = cacheWrite;
  return sum;
}

/** Folds ConverseStream events into an answer, timing the first and last tokens. */
export class StreamReader {
  private text = '';
  private textDeltas = 0;
  private reasoning = false;
  private readonly citations: AnswerCitation[] = [];
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
      } else if (delta.citation !== undefined) {
        this.citations.push(toCitation(delta.citation));
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
      citations: [...this.citations],
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
