/**
 * Intent: what the last user turn asks for (a tool call, a JSON object, an exact reply, recall
 * or memorizing of a code, or plain chat), and what the system prompt demands of every answer.
 */
import { findNonce, NONCE } from './prompt-text.js';
import type { ConverseRequest, ToolDefinition, Turn } from './request.js';

/** What the last user turn asks for. */
export type Intent =
  | { kind: 'tool-result' }
  | { kind: 'tool-call'; tool: ToolDefinition }
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

/** What `last` (the last user turn) asks for, given the turns before it. */
export function detectIntent(request: ConverseRequest, last: Turn, earlier: Turn[]): Intent {
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
    const withRemember = said.find(
      (turn) => /\bremember\b/i.test(turn.text) && findNonce(turn.text),
    );
    const code =
      findNonce(withRemember?.text ?? '') ?? said.map((turn) => findNonce(turn.text)).find(Boolean);
    return { kind: 'recall', code };
  }
  const code = findNonce(text);
  if (/\bremember\b/i.test(text) && code) return { kind: 'memorize', code };
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
