/**
 * Intent: what the last user turn asks for (a tool call, a JSON object, an exact reply, recall
 * or memorizing of a code, or plain chat), and what the system prompt demands of every answer.
 */
import { findNonce, NONCE } from './prompt-text.js';
import type { ConverseRequest, JsonSchema, ToolDefinition, Turn } from './request.js';

/** Where in an attached document an answer's fact stands, for a citation. */
export interface CitedPassage {
  documentIndex: number;
  title: string;
  /** The sentence that states it. */
  text: string;
  /** Character offsets of that sentence in the document. */
  start: number;
  end: number;
}

/** What the last user turn asks for. */
export type Intent =
  | { kind: 'tool-result' }
  | { kind: 'tool-call'; tool: ToolDefinition }
  | { kind: 'structured'; schema: JsonSchema }
  /** A code stated in an attachment or the system prompt, cited when its document asks for it. */
  | { kind: 'lookup'; code: string; citation?: CitedPassage }
  | { kind: 'json'; keys: string[] }
  | { kind: 'exact'; target: string }
  | { kind: 'recall'; code: string | undefined }
  | { kind: 'memorize'; code: string }
  | { kind: 'chat' };

/** The offered tool the request makes or lets the model call, if any. */
function chooseTool(request: ConverseRequest, text: string): ToolDefinition | undefined {
  const { tools, toolChoice } = request;
  if (tools.length === 0) return undefined;
  if (toolChoice.kind === 'tool')
    return tools.find((tool) => tool.name === toolChoice.name) ?? tools[0];
  const named = tools.find((tool) => tool.name.length > 0 && text.includes(tool.name));
  if (named) return named;
  if (toolChoice.kind === 'any' || /\b(call|use|invoke|run)\b[^.]*\b(tool|function)\b/i.test(text))
    return tools[0];
  return undefined;
}

/** Identifiers the prompt puts in backticks (or quotes), nonces excluded: the asked JSON keys. */
function askedKeys(text: string): string[] {
  const backticked = [...text.matchAll(/`([A-Za-z_][A-Za-z0-9_-]*)`/g)].map((m) => m[1] as string);
  const quoted = [...text.matchAll(/"([A-Za-z_][A-Za-z0-9_]*)"/g)].map((m) => m[1] as string);
  const keys = (backticked.length > 0 ? backticked : quoted).filter(
    (key) => !NONCE.test(key) && key.toLowerCase() !== 'json',
  );
  return [...new Set(keys)];
}

/** The value a user asks to be repeated verbatim, from the sentence with "exactly". */
function exactTarget(text: string): string | undefined {
  const sentence = /[^.!?\n]*\bexactly\b[^.!?\n]*(?:[.!?]|$)/i.exec(text)?.[0] ?? text;
  const nonce = findNonce(sentence);
  if (nonce) return nonce;
  const quoted = /["'`“]([^"'`”]+)["'`”]/.exec(sentence)?.[1];
  if (quoted) return quoted;
  const word =
    /\bthe word\s+([^\s,.;:!?]+)/i.exec(sentence)?.[1] ??
    /\bexactly\s*:?\s*([^\s,.;:!?]+)/i.exec(sentence)?.[1];
  return word;
}

/** The sentence of `text` around `index`, with its offsets. */
function sentenceAt(text: string, index: number): { text: string; start: number; end: number } {
  const before = text.slice(0, index).search(/[^.!?\n]*$/);
  const start =
    before < 0 ? 0 : before + (text.slice(before, index).match(/^\s*/)?.[0].length ?? 0);
  const stop = text.slice(index).search(/[.!?\n]/);
  const end = stop < 0 ? text.length : index + stop + 1;
  return { text: text.slice(start, end), start, end };
}

/** A code the turn's images or documents show, when the turn asks about a code. */
function attachedCode(last: Turn): Intent | undefined {
  if (!/\bcode\b/i.test(last.text) || findNonce(last.text)) return undefined;
  for (const attachment of last.attachments) {
    const code = findNonce(attachment.text);
    if (code === undefined) continue;
    if (attachment.kind === 'image' || !attachment.citations) return { kind: 'lookup', code };
    const sentence = sentenceAt(attachment.text, attachment.text.indexOf(code));
    return {
      kind: 'lookup',
      code,
      citation: { documentIndex: attachment.documentIndex, title: attachment.name, ...sentence },
    };
  }
  return undefined;
}

/** What `last` (the last user turn) asks for, given the turns before it. */
export function detectIntent(request: ConverseRequest, last: Turn, earlier: Turn[]): Intent {
  const text = last.text;
  if (last.toolResults.length > 0) return { kind: 'tool-result' };
  const tool = chooseTool(request, text);
  if (tool) return { kind: 'tool-call', tool };
  if (request.outputSchema) return { kind: 'structured', schema: request.outputSchema };
  const attached = attachedCode(last);
  if (attached) return attached;
  if (/\bJSON\b/i.test(text)) return { kind: 'json', keys: askedKeys(text) };
  if (/\b(reply|respond|answer|say|output|return)\b[^.!?\n]*\bexactly\b/i.test(text)) {
    const target = exactTarget(text);
    if (target) return { kind: 'exact', target };
  }
  if (/\bremember/i.test(text) && (/\?/.test(text) || /\bwhat\b/i.test(text)) && !findNonce(text)) {
    const said = earlier.filter((turn) => turn.role === 'user');
    const withRemember = said.find(
      (turn) => /\bremember\b/i.test(turn.text) && findNonce(turn.text),
    );
    const code =
      findNonce(withRemember?.text ?? '') ?? said.map((turn) => findNonce(turn.text)).find(Boolean);
    return { kind: 'recall', code };
  }
  const code = findNonce(text);
  if (/\bremember\b/i.test(text) && code) return { kind: 'memorize', code };
  // "What is the session code?" about a code the system prompt states (not one it demands).
  const system = request.system.join('\n');
  const stated = findNonce(system);
  if (!code && stated && !systemRule(system) && /\bwhat\b[^.!?]*\bcode\b/i.test(text))
    return { kind: 'lookup', code: stated };
  return { kind: 'chat' };
}

/** The code word a system prompt demands, and whether it goes first or last. */
export function systemRule(
  system: string,
): { code: string; position: 'start' | 'end' } | undefined {
  if (!/code ?word/i.test(system)) return undefined;
  const code = findNonce(system);
  if (!code) return undefined;
  return {
    code,
    position: /\b(start|begin)\b/i.test(system) && !/\bend\b/i.test(system) ? 'start' : 'end',
  };
}
