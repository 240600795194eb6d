/**
 * Reads a Converse/ConverseStream request body into the little the simulator needs, and
 * rejects what Bedrock itself rejects before any model runs.
 */
import { createHash } from 'node:crypto';
import { bedrockErrors, type BedrockError } from './errors.js';
import { decodePng, readText } from './image-reader.js';
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

/** What the model saw of an attached image or document. */
export type Attachment =
  | { kind: 'image'; text: string }
  | {
      kind: 'document';
      /** Its index among the request's documents, as citations name it. */
      documentIndex: number;
      name: string;
      text: string;
      citations: boolean;
    };

/** One conversation turn, reduced to what instruction following needs. */
export interface Turn {
  role: 'user' | 'assistant';
  /** All text blocks of the turn, joined by blank lines. */
  text: string;
  /** Text of any `toolResult` blocks (content text or JSON). */
  toolResults: string[];
  /** Names of tools the assistant called in this turn. */
  toolUses: string[];
  /** Images and documents of the turn, as read. */
  attachments: Attachment[];
}

/** Which tool the caller lets or makes the model use. */
export type ToolChoice = { kind: 'auto' } | { kind: 'any' } | { kind: 'tool'; name: string };

/** A `cachePoint`: the prompt before it (tools, then system, then messages), and how long it lives. */
export interface CachePoint {
  /** Prompt tokens before the cache point. */
  tokens: number;
  /** Identifies the exact prompt before it: equal keys, equal prefixes. */
  key: string;
  ttlMs: number;
}

/** A validated Converse request. */
export interface ConverseRequest {
  system: string[];
  turns: Turn[];
  tools: ToolDefinition[];
  toolChoice: ToolChoice;
  /** `inferenceConfig.maxTokens`, when set. */
  maxTokens: number | undefined;
  /** `inferenceConfig.temperature`, when set. */
  temperature: number | undefined;
  additionalFields: Record<string, unknown>;
  /** Prompt size in tokens before any provider-specific hidden prompt. */
  promptTokens: number;
  images: number;
  documents: number;
  /** A document asked for citations. */
  citations: boolean;
  cachePoints: CachePoint[];
  /** `outputConfig` was sent; with a JSON schema that parsed, `outputSchema` holds it. */
  outputConfig: boolean;
  outputSchema?: JsonSchema;
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

/** Bytes of a blob as the JSON protocol carries it (base64). */
function blobBytes(value: unknown): Uint8Array {
  return typeof value === 'string' ? Buffer.from(value, 'base64') : new Uint8Array(0);
}

/** Claude counts an image as width × height / 750 tokens; an unreadable one as a small one. */
function imageTokens(bitmap: { width: number; height: number } | undefined): number {
  return bitmap === undefined ? 85 : Math.max(1, Math.ceil((bitmap.width * bitmap.height) / 750));
}

const TEXT_DOCUMENT_FORMATS = new Set(['txt', 'md', 'csv', 'html']);
const DEFAULT_CACHE_TTL_MS = 5 * 60_000;

/**
 * Counts the prompt as the model reads it (tools, system, messages) and notes where each cache
 * point falls in it.
 */
class PromptMeter {
  private chars = 0;
  private extraTokens = 0;
  private readonly seen = createHash('sha256');
  readonly cachePoints: CachePoint[] = [];

  add(text: string): void {
    this.chars += text.length;
    this.seen.update(text);
  }

  addTokens(tokens: number, identity: string): void {
    this.extraTokens += tokens;
    this.seen.update(identity);
  }

  tokens(): number {
    return tokensForCharacters(this.chars) + this.extraTokens;
  }

  cachePoint(block: Json): void {
    const ttl = isObject(block.cachePoint) ? block.cachePoint.ttl : undefined;
    this.cachePoints.push({
      tokens: this.tokens(),
      key: this.seen.copy().digest('hex'),
      ttlMs: ttl === '1h' ? 60 * 60_000 : DEFAULT_CACHE_TTL_MS,
    });
  }
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

  const meter = new PromptMeter();
  const tools: ToolDefinition[] = [];
  let toolChoice: ToolChoice = { kind: 'auto' };
  if (isObject(raw.toolConfig)) {
    for (const tool of asArray(raw.toolConfig.tools)) {
      if (isObject(tool) && isObject(tool.cachePoint)) meter.cachePoint(tool);
      if (!isObject(tool) || !isObject(tool.toolSpec)) continue;
      const spec = tool.toolSpec;
      const inputSchema =
        isObject(spec.inputSchema) && isObject(spec.inputSchema.json) ? spec.inputSchema.json : {};
      tools.push({
        name: typeof spec.name === 'string' ? spec.name : '',
        description: typeof spec.description === 'string' ? spec.description : '',
        schema: inputSchema,
      });
      meter.add(JSON.stringify(spec));
    }
    const choice = raw.toolConfig.toolChoice;
    if (isObject(choice)) {
      if (isObject(choice.any)) toolChoice = { kind: 'any' };
      if (isObject(choice.tool) && typeof choice.tool.name === 'string')
        toolChoice = { kind: 'tool', name: choice.tool.name };
    }
  }

  const system: string[] = [];
  for (const block of asArray(raw.system).filter(isObject)) {
    const text = blockText(block);
    if (text !== undefined) {
      meter.add(system.length > 0 ? `\n${text}` : text);
      system.push(text);
    }
    if (isObject(block.cachePoint)) meter.cachePoint(block);
  }
  // Chat templates add a few tokens per turn (role markers, separators), and some for a system prompt.
  if (system.length > 0) meter.addTokens(3, '\u0000system');

  let usesToolBlocks = false;
  let images = 0;
  let documents = 0;
  let citations = false;
  const turns: Turn[] = [];
  for (const message of asArray(raw.messages)) {
    if (!isObject(message) || (message.role !== 'user' && message.role !== 'assistant')) {
      return { ok: false, error: bedrockErrors.malformedRequest() };
    }
    const blocks = asArray(message.content).filter(isObject);
    const texts: string[] = [];
    const toolResults: string[] = [];
    const toolUses: string[] = [];
    const attachments: Attachment[] = [];
    for (const block of blocks) {
      const text = blockText(block);
      if (text !== undefined) {
        meter.add(texts.length > 0 ? `\n\n${text}` : text);
        texts.push(text);
      }
      if (isObject(block.toolResult)) {
        usesToolBlocks = true;
        const result = toolResultText(block);
        meter.add(result);
        toolResults.push(result);
      }
      if (isObject(block.toolUse)) {
        usesToolBlocks = true;
        toolUses.push(typeof block.toolUse.name === 'string' ? block.toolUse.name : '');
        meter.add(JSON.stringify(block.toolUse.input ?? {}));
      }
      if (isObject(block.image)) {
        images += 1;
        const source = isObject(block.image.source) ? block.image.source : {};
        const bytes = blobBytes(source.bytes);
        const bitmap = block.image.format === 'png' ? decodePng(bytes) : undefined;
        attachments.push({ kind: 'image', text: bitmap === undefined ? '' : readText(bitmap) });
        meter.addTokens(imageTokens(bitmap), createHash('sha256').update(bytes).digest('hex'));
      }
      if (isObject(block.document)) {
        const document = block.document;
        const source = isObject(document.source) ? document.source : {};
        const readable =
          typeof document.format === 'string' && TEXT_DOCUMENT_FORMATS.has(document.format);
        const documentText =
          typeof source.text === 'string'
            ? source.text
            : readable
              ? Buffer.from(blobBytes(source.bytes)).toString('utf8')
              : '';
        const cite = isObject(document.citations) && document.citations.enabled === true;
        citations ||= cite;
        attachments.push({
          kind: 'document',
          documentIndex: documents,
          name: typeof document.name === 'string' ? document.name : '',
          text: documentText,
          citations: cite,
        });
        documents += 1;
        // A document is framed with its name before its text.
        meter.add(`${typeof document.name === 'string' ? document.name : ''}\n${documentText}`);
        meter.addTokens(10, '\u0000document');
      }
      if (isObject(block.cachePoint)) meter.cachePoint(block);
    }
    turns.push({
      role: message.role,
      text: texts.join('\n\n'),
      toolResults,
      toolUses,
      attachments,
    });
    meter.addTokens(3, '\u0000turn');
  }

  if (turns.length === 0 || turns[0]?.role !== 'user') {
    return { ok: false, error: bedrockErrors.conversationMustStartWithUser() };
  }
  for (let i = 1; i < turns.length; i += 1) {
    if (turns[i]?.role === turns[i - 1]?.role)
      return { ok: false, error: bedrockErrors.conversationMustAlternate() };
  }
  if (usesToolBlocks && tools.length === 0)
    return { ok: false, error: bedrockErrors.toolConfigRequired() };

  let maxTokens: number | undefined;
  let temperature: number | undefined;
  if (isObject(raw.inferenceConfig)) {
    const value = raw.inferenceConfig.maxTokens;
    if (value !== undefined) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
        return { ok: false, error: bedrockErrors.maxTokensTooSmall(value) };
      }
      maxTokens = value;
    }
    if (typeof raw.inferenceConfig.temperature === 'number')
      temperature = raw.inferenceConfig.temperature;
  }

  const outputConfig = isObject(raw.outputConfig);
  return {
    ok: true,
    request: {
      system,
      turns,
      tools,
      toolChoice,
      maxTokens,
      temperature,
      additionalFields: isObject(raw.additionalModelRequestFields)
        ? raw.additionalModelRequestFields
        : {},
      promptTokens: meter.tokens(),
      images,
      documents,
      citations,
      cachePoints: meter.cachePoints,
      outputConfig,
      ...(outputConfig ? outputSchemaOf(raw.outputConfig) : {}),
    },
  };
}

/** The JSON schema of `outputConfig.textFormat.structure.jsonSchema.schema` (a JSON string), if it parses. */
function outputSchemaOf(outputConfig: unknown): { outputSchema?: JsonSchema } {
  const format = isObject(outputConfig) ? outputConfig.textFormat : undefined;
  const structure = isObject(format) ? format.structure : undefined;
  const definition = isObject(structure) ? structure.jsonSchema : undefined;
  const schema = isObject(definition) ? definition.schema : undefined;
  if (typeof schema !== 'string') return {};
  try {
    const parsed = JSON.parse(schema) as unknown;
    return isObject(parsed) ? { outputSchema: parsed } : {};
  } catch {
    return {};
  }
}
