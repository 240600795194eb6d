/**
 * A small deterministic "model": it reads the conversation and answers the kinds of
 * instruction the certification probes give (see the prompt conventions in the team brief):
 * reply with an exact word, obey a system code word, recall a code from an earlier turn, call
 * the offered tool with arguments built from its JSON schema, answer with a JSON object with
 * the asked keys. Everything it says is derived from the request, never canned, so a probe
 * with a fresh nonce can tell a real answer from a cached one.
 */
import type { ConverseRequest, JsonSchema, ToolDefinition, Turn } from './request.js';

/** How the simulated model behaves when it answers. */
export interface Persona {
  /** False for a model that answers fluently but ignores instructions. */
  obedient: boolean;
  /** Says a few words before a tool call (Claude does). */
  prefacesToolUse: boolean;
  /** Wraps JSON in a Markdown fence (Llama and Titan tend to). */
  fencesJson: boolean;
  /** When set, the model thinks about this many words (give or take) before answering. */
  reasoningWords?: number;
}

/** What the model decided to say, before token limits are applied. */
export interface Answer {
  reasoning?: string;
  /** The text block; before the tool call when there is one. */
  text?: string;
  toolUse?: { name: string; input: Record<string, unknown> };
}

/** The nonce convention shared with the probes. */
const NONCE = /\b[A-Z]{4}-\d{4}\b/;
const NONCE_GLOBAL = /\b[A-Z]{4}-\d{4}\b/g;

function findNonce(text: string): string | undefined {
  return NONCE.exec(text)?.[0];
}

/** FNV-1a, to pick phrasings deterministically from the request. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function pick<T>(options: readonly T[], seed: number): T {
  return options[seed % options.length] as T;
}

const STOP_WORDS = new Set(
  (
    'the a an and or but of to in on at for with about from by is are was were be been this that these those it its ' +
    'what which who whom how why when where do does did can could would should will shall may might must please ' +
    'reply respond answer say tell give me my you your i we our us one only just exactly word words nothing else ' +
    'using use call tool json object keys key with without other than into short sentence'
  ).split(' '),
);

/** A few content words of the text, nonces removed: what the answer talks "about". */
function topicOf(text: string): string {
  const words = text
    .replace(NONCE_GLOBAL, ' ')
    .replace(/[`"'{}[\]()]/g, ' ')
    .split(/[^A-Za-z0-9-]+/)
    .filter((word) => word.length > 2 && !STOP_WORDS.has(word.toLowerCase()));
  const unique = [...new Set(words.map((word) => word.toLowerCase()))].slice(0, 3);
  return unique.length > 0 ? unique.join(' ') : 'your question';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A value the prompt assigns to `key`, e.g. "`ok` set to true" or `"count": 3`. */
function valueHint(key: string, text: string): unknown {
  const pattern = new RegExp(
    `[\`"']${escapeRegExp(key)}[\`"']\\s*(?:set to|equal to|equals|should be|must be|as|to|=|:|is)\\s*` +
      '(true|false|null|-?\\d+(?:\\.\\d+)?|"[^"]*"|`[^`]*`|\'[^\']*\')',
    'i',
  );
  const raw = pattern.exec(text)?.[1];
  if (raw === undefined) return undefined;
  if (/^(true|false|null)$/i.test(raw)) return JSON.parse(raw.toLowerCase()) as unknown;
  if (/^-?\d/.test(raw)) return Number(raw);
  return raw.slice(1, -1);
}

/** Identifiers the prompt puts in backticks (or quotes), nonces excluded: the asked JSON keys. */
function askedKeys(text: string): string[] {
  const backticked = [...text.matchAll(/`([A-Za-z_][A-Za-z0-9_-]*)`/g)].map((m) => m[1] as string);
  const quoted = [...text.matchAll(/"([A-Za-z_][A-Za-z0-9_]*)"/g)].map((m) => m[1] as string);
  const keys = (backticked.length > 0 ? backticked : quoted).filter((key) => !NONCE.test(key) && key.toLowerCase() !== 'json');
  return [...new Set(keys)];
}

function guessValue(key: string, text: string, nonce: string | undefined): unknown {
  const hinted = valueHint(key, text);
  if (hinted !== undefined) return hinted;
  if (/code|nonce|token/i.test(key)) return nonce ?? 'none';
  if (/^(ok|success|valid|done|passed|enabled|active)$|^(is|has)[A-Z_]/i.test(key)) return true;
  if (/count|number|total|amount|age|^n$/i.test(key)) return 1;
  return `${key.replace(/[_-]+/g, ' ')} value`;
}

/** Arguments for a tool, built from its JSON schema and the prompt. */
export function inputFromSchema(schema: JsonSchema, text: string, nonce: string | undefined, name = ''): unknown {
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return schema.enum.find((option) => typeof option === 'string' && text.includes(option)) ?? schema.enum[0];
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? (schema.properties ? 'object' : 'string')];
  const type = types.find((candidate) => candidate !== 'null') ?? 'null';
  switch (type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? Object.keys(properties));
      const result: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(properties)) {
        // A model fills what is required, plus what the user mentions by name.
        if (required.has(key) || text.includes(key)) result[key] = inputFromSchema(property, text, nonce, key);
      }
      return result;
    }
    case 'array': {
      const count = Math.max(1, schema.minItems ?? 1);
      return Array.from({ length: count }, () => inputFromSchema(schema.items ?? { type: 'string' }, text, nonce, name));
    }
    case 'integer':
    case 'number': {
      const hinted = valueHint(name, text);
      let value = typeof hinted === 'number' ? hinted : (schema.minimum ?? 1);
      if (schema.maximum !== undefined) value = Math.min(value, schema.maximum);
      return type === 'integer' ? Math.round(value) : value;
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return stringFor(schema, text, nonce, name);
  }
}

function stringFor(schema: JsonSchema, text: string, nonce: string | undefined, name: string): string {
  const hinted = valueHint(name, text);
  let value: string;
  if (typeof hinted === 'string') value = hinted;
  else if (nonce !== undefined && (/code|nonce|token/i.test(name) || /\bcode\b/i.test(schema.description ?? ''))) value = nonce;
  else if (nonce !== undefined && schema.pattern !== undefined && safeTest(schema.pattern, nonce)) value = nonce;
  else if (schema.format === 'date-time') value = '2024-01-01T00:00:00Z';
  else if (schema.format === 'date') value = '2024-01-01';
  else if (schema.format === 'email') value = 'user@example.com';
  else if (schema.format === 'uri') value = 'https://example.com';
  else value = /reason|note|comment|description|message/i.test(name) ? 'requested by the user' : topicOf(text);
  if (schema.maxLength !== undefined) value = value.slice(0, schema.maxLength);
  if (schema.minLength !== undefined) value = value.padEnd(schema.minLength, '.');
  return value;
}

function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return false;
  }
}

/** What the last user turn asks for. */
type Intent =
  | { kind: 'tool-result' }
  | { kind: 'tool-call'; tool: ToolDefinition }
  | { kind: 'json'; keys: string[] }
  | { kind: 'exact'; target: string }
  | { kind: 'recall'; code: string | undefined }
  | { kind: 'memorize'; code: string }
  | { kind: 'chat' };

function chooseTool(request: ConverseRequest, text: string): ToolDefinition | undefined {
  const { tools, toolChoice } = request;
  if (tools.length === 0) return undefined;
  if (toolChoice.kind === 'tool') return tools.find((tool) => tool.name === toolChoice.name) ?? tools[0];
  const named = tools.find((tool) => tool.name.length > 0 && text.includes(tool.name));
  if (named) return named;
  if (toolChoice.kind === 'any' || /\b(call|use|invoke|run)\b[^.]*\b(tool|function)\b/i.test(text)) return tools[0];
  return undefined;
}

/** The value a user asks to be repeated verbatim, from the sentence with "exactly". */
function exactTarget(text: string): string | undefined {
  const sentence = /[^.!?\n]*\bexactly\b[^.!?\n]*(?:[.!?]|$)/i.exec(text)?.[0] ?? text;
  const nonce = findNonce(sentence);
  if (nonce) return nonce;
  const quoted = /["'`“]([^"'`”]+)["'`”]/.exec(sentence)?.[1];
  if (quoted) return quoted;
  const word = /\bthe word\s+([^\s,.;:!?]+)/i.exec(sentence)?.[1] ?? /\bexactly\s*:?\s*([^\s,.;:!?]+)/i.exec(sentence)?.[1];
  return word;
}

function detectIntent(request: ConverseRequest, last: Turn, earlier: Turn[]): Intent {
  const text = last.text;
  if (last.toolResults.length > 0) return { kind: 'tool-result' };
  const tool = chooseTool(request, text);
  if (tool) return { kind: 'tool-call', tool };
  if (/\bJSON\b/i.test(text)) return { kind: 'json', keys: askedKeys(text) };
  if (/\b(reply|respond|answer|say|output|return)\b[^.!?\n]*\bexactly\b/i.test(text)) {
    const target = exactTarget(text);
    if (target) return { kind: 'exact', target };
  }
  if (/\bremember/i.test(text) && (/\?/.test(text) || /\bwhat\b/i.test(text)) && !findNonce(text)) {
    const said = earlier.filter((turn) => turn.role === 'user');
    const withRemember = said.find((turn) => /\bremember\b/i.test(turn.text) && findNonce(turn.text));
    const code = findNonce(withRemember?.text ?? '') ?? said.map((turn) => findNonce(turn.text)).find(Boolean);
    return { kind: 'recall', code };
  }
  const code = findNonce(text);
  if (/\bremember\b/i.test(text) && code) return { kind: 'memorize', code };
  return { kind: 'chat' };
}

/** The code word a system prompt demands, and whether it goes first or last. */
function systemRule(system: string): { code: string; position: 'start' | 'end' } | undefined {
  if (!/code ?word/i.test(system)) return undefined;
  const code = findNonce(system);
  if (!code) return undefined;
  return { code, position: /\b(start|begin)\b/i.test(system) && !/\bend\b/i.test(system) ? 'start' : 'end' };
}

/** One short sentence on the topic of the question; probes ask for brevity and give few tokens. */
const CHAT_TEMPLATES: readonly ((topic: string) => string)[] = [
  (topic) => `Here is a short answer about ${topic}: it depends on the context.`,
  (topic) => `On ${topic}, the simple answer is that it depends on your goal.`,
  (topic) => `In short, ${topic} is best handled one small step at a time.`,
  (topic) => `About ${topic}: start simple, then refine what matters most.`,
];

function chatText(text: string): string {
  return pick(CHAT_TEMPLATES, hash(text))(topicOf(text));
}

function jsonText(keys: string[], text: string, nonce: string | undefined, fenced: boolean): string {
  const object: Record<string, unknown> = {};
  for (const key of keys.length > 0 ? keys : ['answer']) object[key] = guessValue(key, text, nonce);
  return fenced ? `\`\`\`json\n${JSON.stringify(object, null, 2)}\n\`\`\`` : JSON.stringify(object);
}

function obedientAnswer(request: ConverseRequest, intent: Intent, persona: Persona, last: Turn): Answer {
  const text = last.text;
  const nonce = findNonce(text);
  const rule = systemRule(request.system.join('\n'));
  const withRule = (answer: string): string =>
    rule === undefined || answer.includes(rule.code) ? answer : rule.position === 'start' ? `${rule.code} ${answer}` : `${answer} ${rule.code}`;
  switch (intent.kind) {
    case 'tool-result':
      return { text: withRule(`Done. The tool reported: ${last.toolResults.join(' ').slice(0, 120) || 'no output'}.`) };
    case 'tool-call': {
      const input = inputFromSchema({ type: 'object', ...intent.tool.schema }, text, nonce) as Record<string, unknown>;
      const preface = persona.prefacesToolUse ? `I'll call the ${intent.tool.name} tool as you asked.` : undefined;
      return { ...(preface ? { text: preface } : {}), toolUse: { name: intent.tool.name, input } };
    }
    case 'json':
      return { text: jsonText(intent.keys, text, nonce, persona.fencesJson) };
    case 'exact':
      return { text: intent.target };
    case 'recall':
      if (intent.code && /\b(?:code|it) only\b|\bonly (?:with )?the code\b/i.test(text)) return { text: withRule(intent.code) };
      return {
        text: withRule(
          intent.code ? `The code you asked me to remember is ${intent.code}.` : "I don't see a code earlier in our conversation.",
        ),
      };
    case 'memorize': {
      const only = /\breply only with\s+["'`]?([^\s."'`]+)/i.exec(text)?.[1];
      return { text: withRule(only ? `${only}.` : `Got it. I'll remember the code ${intent.code}.`) };
    }
    case 'chat':
      return { text: withRule(chatText(text)) };
  }
}

const EVASIONS: readonly ((topic: string) => string)[] = [
  (topic) => `Sure! Questions like this about ${topic} come up a lot, and the best answer is usually a friendly, detailed explanation rather than a one-word reply.`,
  (topic) => `Thanks for asking about ${topic}. I'd rather walk you through the background than give a terse answer, since context tends to matter here.`,
  (topic) => `Great point about ${topic}! There are many ways to look at it, and I think a conversational overview is more helpful than a strict format.`,
];

/** A fluent answer that follows none of the instructions: no nonce, no tool call, no JSON. */
function evasiveAnswer(last: Turn): Answer {
  return { text: pick(EVASIONS, hash(last.text))(topicOf(last.text)) };
}

const DELIBERATION = [
  'Let me re-read the request to make sure I follow it precisely.',
  'I should not add anything that was not asked for.',
  'Is there any ambiguity here? I do not think so, the instruction is clear.',
  'Let me double-check the exact spelling before I answer.',
  'The format matters more than style in this case.',
  'I will keep the answer as short as the instruction allows.',
  'Wait, let me verify that against the conversation once more.',
  'Yes, that matches what was asked.',
];

function describe(intent: Intent, request: ConverseRequest, last: Turn): string {
  switch (intent.kind) {
    case 'tool-result':
      return 'The tool has returned its result, so I should summarise it for the user.';
    case 'tool-call': {
      const properties = Object.keys(intent.tool.schema.properties ?? {});
      return `The user wants me to call the ${intent.tool.name} tool, so I need arguments for ${properties.join(', ') || 'it'}.`;
    }
    case 'json':
      return `The user wants only a JSON object with the keys ${intent.keys.join(', ') || 'they described'}.`;
    case 'exact':
      return `The user wants me to reply with exactly ${intent.target} and nothing else.`;
    case 'recall':
      return intent.code
        ? `Earlier the user asked me to remember the code ${intent.code}, and now they want it back.`
        : 'The user asks about something from earlier, but I cannot find it.';
    case 'memorize':
      return `The user wants me to remember the code ${intent.code} for later.`;
    case 'chat': {
      const rule = systemRule(request.system.join('\n'));
      const about = `The user is asking about ${topicOf(last.text)}.`;
      return rule ? `${about} The system prompt says my answer must include the code word ${rule.code}.` : about;
    }
  }
}

/** Thinking text of roughly `words` words, opening with what the request asks for. */
function reasoningFor(intent: Intent, request: ConverseRequest, last: Turn, words: number): string {
  const seed = hash(last.text);
  const sentences = ['Okay, let me think about what is being asked.', describe(intent, request, last)];
  let count = sentences.join(' ').split(/\s+/).length;
  for (let i = 0; count < words; i += 1) {
    const sentence = DELIBERATION[(seed + i) % DELIBERATION.length] as string;
    sentences.push(sentence);
    count += sentence.split(/\s+/).length;
  }
  return sentences.join(' ');
}

/** Decides what the model says to this request. */
export function answer(request: ConverseRequest, persona: Persona): Answer {
  const turns = request.turns;
  const lastUserIndex = turns.map((turn) => turn.role).lastIndexOf('user');
  const last = turns[lastUserIndex] as Turn;
  const intent = detectIntent(request, last, turns.slice(0, lastUserIndex));
  const result = persona.obedient ? obedientAnswer(request, intent, persona, last) : evasiveAnswer(last);
  if (persona.reasoningWords !== undefined) {
    // Longer prompts get a little more thought, so reasoning length depends on the request.
    const words = persona.reasoningWords + (hash(last.text) % 15);
    result.reasoning = reasoningFor(persona.obedient ? intent : { kind: 'chat' }, request, last, words);
  }
  return result;
}
