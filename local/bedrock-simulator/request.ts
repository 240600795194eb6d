/**
 * Reads a Converse/ConverseStream request body into the little the simulator needs, and
 * rejects what Bedrock itself rejects before any model runs.
 */
import { bedrockErrors, type BedrockError } from './errors.js';
import { tokensForCharacters } from './tokens.js';

/** A JSON Schema as a tool's `inputSchema.json` carries it (only the parts the follower reads). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

/** A tool offered through `toolConfig.tools[].toolSpec`. */
export interface ToolDefinition {
  name: string;
  description: string;
  schema: JsonSchema;
}

/** One conversation turn, reduced to what instruction following needs. */
export interface Turn {
  role: 'user' | 'assistant';
  /** All text blocks of the turn, joined by blank lines. */
  text: string;
  /** Text of any `toolResult` blocks (content text or JSON). */
  toolResults: string[];
  /** Names of tools the assistant called in this turn. */
  toolUses: string[];
}

/** Which tool the caller lets or makes the model use. */
export type ToolChoice = { kind: 'auto' } | { kind: 'any' } | { kind: 'tool'; name: string };

/** A validated Converse request. */
export interface ConverseRequest {
  system: string[];
  turns: Turn[];
  tools: ToolDefinition[];
  toolChoice: ToolChoice;
  /** `inferenceConfig.maxTokens`, when set. */
  maxTokens: number | undefined;
  additionalFields: Record<string, unknown>;
  /** Prompt size in tokens before any provider-specific hidden prompt. */
  promptTokens: number;
}

/** Either a parsed request or the error Bedrock would answer with. */
export type ParseResult =
  { ok: true; request: ConverseRequest } | { ok: false; error: BedrockError };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function blockText(block: Json): string | undefined {
  return typeof block.text === 'string' ? block.text : undefined;
}

function toolResultText(block: Json): string {
  const result = isObject(block.toolResult) ? block.toolResult : {};
  return asArray(result.content)
    .filter(isObject)
    .map((part) => (typeof part.text === 'string' ? part.text : JSON.stringify(part.json ?? part)))
    .join('\n');
}

/** Parses and validates a request body; never throws. */
export function parseConverseRequest(body: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return { ok: false, error: bedrockErrors.malformedRequest() };
  }
  if (!isObject(raw)) return { ok: false, error: bedrockErrors.malformedRequest() };

  const system = asArray(raw.system)
    .filter(isObject)
    .map(blockText)
    .filter((text): text is string => text !== undefined);

  let promptChars = system.join('\n').length;
  let usesToolBlocks = false;
  const turns: Turn[] = [];
  for (const message of asArray(raw.messages)) {
    if (!isObject(message) || (message.role !== 'user' && message.role !== 'assistant')) {
      return { ok: false, error: bedrockErrors.malformedRequest() };
    }
    const blocks = asArray(message.content).filter(isObject);
    const texts: string[] = [];
    const toolResults: string[] = [];
    const toolUses: string[] = [];
    for (const block of blocks) {
      const text = blockText(block);
      if (text !== undefined) texts.push(text);
      if (isObject(block.toolResult)) {
        usesToolBlocks = true;
        toolResults.push(toolResultText(block));
      }
      if (isObject(block.toolUse)) {
        usesToolBlocks = true;
        toolUses.push(typeof block.toolUse.name === 'string' ? block.toolUse.name : '');
        promptChars += JSON.stringify(block.toolUse.input ?? {}).length;
      }
    }
    const turn: Turn = { role: message.role, text: texts.join('\n\n'), toolResults, toolUses };
    promptChars += turn.text.length + toolResults.join('\n').length;
    turns.push(turn);
  }

  if (turns.length === 0 || turns[0]?.role !== 'user') {
    return { ok: false, error: bedrockErrors.conversationMustStartWithUser() };
  }
  for (let i = 1; i < turns.length; i += 1) {
    if (turns[i]?.role === turns[i - 1]?.role)
      return { ok: false, error: bedrockErrors.conversationMustAlternate() };
  }

  const tools: ToolDefinition[] = [];
  let toolChoice: ToolChoice = { kind: 'auto' };
  if (isObject(raw.toolConfig)) {
    for (const tool of asArray(raw.toolConfig.tools)) {
      if (!isObject(tool) || !isObject(tool.toolSpec)) continue;
      const spec = tool.toolSpec;
      const inputSchema =
        isObject(spec.inputSchema) && isObject(spec.inputSchema.json) ? spec.inputSchema.json : {};
      tools.push({
        name: typeof spec.name === 'string' ? spec.name : '',
        description: typeof spec.description === 'string' ? spec.description : '',
        schema: inputSchema,
      });
      promptChars += JSON.stringify(spec).length;
    }
    const choice = raw.toolConfig.toolChoice;
    if (isObject(choice)) {
      if (isObject(choice.any)) toolChoice = { kind: 'any' };
      if (isObject(choice.tool) && typeof choice.tool.name === 'string')
        toolChoice = { kind: 'tool', name: choice.tool.name };
    }
  }
  if (usesToolBlocks && tools.length === 0)
    return { ok: false, error: bedrockErrors.toolConfigRequired() };

  let maxTokens: number | undefined;
  if (isObject(raw.inferenceConfig) && raw.inferenceConfig.maxTokens !== undefined) {
    const value = raw.inferenceConfig.maxTokens;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      return { ok: false, error: bedrockErrors.maxTokensTooSmall(value) };
    }
    maxTokens = value;
  }

  // Chat templates add a few tokens per turn (role markers, separators).
  const promptTokens =
    tokensForCharacters(promptChars) + 3 * turns.length + (system.length > 0 ? 3 : 0);
  return {
    ok: true,
    request: {
      system,
      turns,
      tools,
      toolChoice,
      maxTokens,
      additionalFields: isObject(raw.additionalModelRequestFields)
        ? raw.additionalModelRequestFields
        : {},
      promptTokens,
    },
  };
}
