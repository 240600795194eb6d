/**
 * Turns what the model wants to say into what it actually says within `maxTokens`: reasoning
 * first, then text, then the tool call, each costing output tokens. When the budget runs out
 * the answer is cut there and the stop reason becomes `max_tokens`, which is why a reasoning
 * model needs a larger budget than a plain one to reach its answer.
 */
import { randomBytes } from 'node:crypto';
import type { Answer } from './instruction-follower.js';
import type { CitedPassage } from './intent.js';
import { splitTokens } from './tokens.js';

/** One content block of the answer, split into token-sized pieces. */
export type PlannedBlock =
  | { kind: 'reasoning'; pieces: string[]; signature?: string }
  | { kind: 'text'; pieces: string[] }
  /** Text drawn from a document with citations enabled: a `citationsContent` block. */
  | { kind: 'cited'; pieces: string[]; citation: CitedPassage }
  | {
      kind: 'toolUse';
      toolUseId: string;
      name: string;
      input: Record<string, unknown>;
      pieces: string[];
    };

/** Converse stop reasons the simulator produces. */
export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens';

/** The complete answer to one request. */
export interface ResponsePlan {
  blocks: PlannedBlock[];
  stopReason: StopReason;
  /** Input tokens neither read from nor written to the prompt cache. */
  inputTokens: number;
  outputTokens: number;
  /** Prompt-cache usage, when the request had cache points (Bedrock then reports both, 0 or not). */
  cache?: { read: number; write: number };
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A tool use id in Bedrock's format (`tooluse_` and 22 characters). */
function toolUseId(): string {
  return `tooluse_${Array.from(randomBytes(22), (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('')}`;
}

/** Options that shape a plan beyond the answer itself. */
export interface PlanOptions {
  maxTokens: number;
  inputTokens: number;
  /** Anthropic signs its reasoning so it can be sent back in later turns. */
  signReasoning: boolean;
  /** Of `inputTokens`, those read from and written to the prompt cache. */
  cache?: { read: number; write: number };
}

/** Applies the output budget to an answer. */
export function planResponse(answer: Answer, options: PlanOptions): ResponsePlan {
  const wanted: PlannedBlock[] = [];
  if (answer.reasoning) {
    const signature = options.signReasoning ? randomBytes(96).toString('base64') : undefined;
    wanted.push({
      kind: 'reasoning',
      pieces: splitTokens(answer.reasoning),
      ...(signature ? { signature } : {}),
    });
  }
  if (answer.text && answer.citation)
    wanted.push({ kind: 'cited', pieces: splitTokens(answer.text), citation: answer.citation });
  else if (answer.text) wanted.push({ kind: 'text', pieces: splitTokens(answer.text) });
  if (answer.toolUse) {
    wanted.push({
      kind: 'toolUse',
      toolUseId: toolUseId(),
      name: answer.toolUse.name,
      input: answer.toolUse.input,
      pieces: splitTokens(JSON.stringify(answer.toolUse.input)),
    });
  }

  const blocks: PlannedBlock[] = [];
  let remaining = options.maxTokens;
  let truncated = false;
  for (const block of wanted) {
    // The tool name is generated too, so it costs tokens like the arguments do.
    const cost =
      block.pieces.length + (block.kind === 'toolUse' ? splitTokens(block.name).length : 0);
    if (cost <= remaining) {
      blocks.push(block);
      remaining -= cost;
      continue;
    }
    truncated = true;
    // A half-written tool call is useless, so it is dropped; text and reasoning are cut off.
    if (block.kind !== 'toolUse' && remaining > 0) {
      blocks.push({ ...block, pieces: block.pieces.slice(0, remaining) });
      remaining = 0;
    }
    break;
  }
  const outputTokens = options.maxTokens - remaining;
  const stopReason: StopReason = truncated
    ? 'max_tokens'
    : blocks.some((block) => block.kind === 'toolUse')
      ? 'tool_use'
      : 'end_turn';
  const cache = options.cache;
  return {
    blocks,
    stopReason,
    inputTokens: options.inputTokens - (cache ? cache.read + cache.write : 0),
    outputTokens,
    ...(cache ? { cache } : {}),
  };
}

/** A citation as Converse carries it, pointing at the characters of the cited sentence. */
export function citationOf(passage: CitedPassage): Record<string, unknown> {
  return {
    title: passage.title,
    sourceContent: [{ text: passage.text }],
    location: {
      documentChar: {
        documentIndex: passage.documentIndex,
        start: passage.start,
        end: passage.end,
      },
    },
  };
}

/** A plan's blocks as Converse `output.message.content`. */
export function contentBlocks(plan: ResponsePlan): Record<string, unknown>[] {
  return plan.blocks.map((block) => {
    switch (block.kind) {
      case 'reasoning':
        return {
          reasoningContent: {
            reasoningText: {
              text: block.pieces.join(''),
              ...(block.signature ? { signature: block.signature } : {}),
            },
          },
        };
      case 'text':
        return { text: block.pieces.join('') };
      case 'cited':
        return {
          citationsContent: {
            content: [{ text: block.pieces.join('') }],
            citations: [citationOf(block.citation)],
          },
        };
      case 'toolUse':
        return { toolUse: { toolUseId: block.toolUseId, name: block.name, input: block.input } };
    }
  });
}
