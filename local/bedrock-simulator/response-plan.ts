/**
 * Turns what the model wants to say into what it actually says within `maxTokens`: reasoning
 * first, then text, then the tool call, each costing output tokens. When the budget runs out
 * the answer is cut there and the stop reason becomes `max_tokens`, which is why a reasoning
 * model needs a larger budget than a plain one to reach its answer.
 */
import { randomBytes } from 'node:crypto';
import type { Answer } from './instruction-follower.js';
import { splitTokens } from './tokens.js';

/** One content block of the answer, split into token-sized pieces. */
export type PlannedBlock =
  | { kind: 'reasoning'; pieces: string[]; signature?: string }
  | { kind: 'text'; pieces: string[] }
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
  inputTokens: number;
  outputTokens: number;
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
  if (answer.text) wanted.push({ kind: 'text', pieces: splitTokens(answer.text) });
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
      blocks.push(
        block.kind === 'text'
          ? { kind: 'text', pieces: block.pieces.slice(0, remaining) }
          : { kind: 'reasoning', pieces: block.pieces.slice(0, remaining) },
      );
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
  return { blocks, stopReason, inputTokens: options.inputTokens, outputTokens };
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
      case 'toolUse':
        return { toolUse: { toolUseId: block.toolUseId, name: block.name, input: block.input } };
    }
  });
}
