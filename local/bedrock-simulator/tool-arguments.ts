/**
 * Argument synthesis: the values a model fills into a tool call's input (from the tool's JSON
 * schema) or into the keys of a JSON answer, taken from what the prompt says about each name
 * ("`count` set to 3", "the code ABCD-1234") and from the schema's own constraints.
 */
import { escapeRegExp, topicOf } from './prompt-text.js';
import type { JsonSchema } from './request.js';

/** A value the prompt assigns to `key`, e.g. "`ok` set to true" or `"count": 3`. */
export function valueHint(key: string, text: string): unknown {
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

/** The value of a JSON answer's `key`: what the prompt says, else a plausible value for its name. */
export function guessValue(key: string, text: string, nonce: string | undefined): unknown {
  const hinted = valueHint(key, text);
  if (hinted !== undefined) return hinted;
  if (/code|nonce|token/i.test(key)) return nonce ?? 'none';
  if (/^(ok|success|valid|done|passed|enabled|active)$|^(is|has)[A-Z_]/i.test(key)) return true;
  if (/count|number|total|amount|age|^n$/i.test(key)) return 1;
  return `${key.replace(/[_-]+/g, ' ')} value`;
}

/** Arguments for a tool, built from its JSON schema and the prompt. */
export function inputFromSchema(
  schema: JsonSchema,
  text: string,
  nonce: string | undefined,
  name = '',
): unknown {
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return (
      schema.enum.find((option) => typeof option === 'string' && text.includes(option)) ??
      schema.enum[0]
    );
  }
  const types = Array.isArray(schema.type)
    ? schema.type
    : [schema.type ?? (schema.properties ? 'object' : 'string')];
  const type = types.find((candidate) => candidate !== 'null') ?? 'null';
  switch (type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? Object.keys(properties));
      const result: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(properties)) {
        // A model fills what is required, plus what the user mentions by name.
        if (required.has(key) || text.includes(key))
          result[key] = inputFromSchema(property, text, nonce, key);
      }
      return result;
    }
    case 'array': {
      const count = Math.max(1, schema.minItems ?? 1);
      return Array.from({ length: count }, () =>
        inputFromSchema(schema.items ?? { type: 'string' }, text, nonce, name),
      );
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

function stringFor(
  schema: JsonSchema,
  text: string,
  nonce: string | undefined,
  name: string,
): string {
  const hinted = valueHint(name, text);
  let value: string;
  if (typeof hinted === 'string') value = hinted;
  else if (
    nonce !== undefined &&
    (/code|nonce|token/i.test(name) || /\bcode\b/i.test(schema.description ?? ''))
  )
    value = nonce;
  else if (nonce !== undefined && schema.pattern !== undefined && safeTest(schema.pattern, nonce))
    value = nonce;
  else if (schema.format === 'date-time') value = '2024-01-01T00:00:00Z';
  else if (schema.format === 'date') value = '2024-01-01';
  else if (schema.format === 'email') value = 'user@example.com';
  else if (schema.format === 'uri') value = 'https://example.com';
  else
    value = /reason|note|comment|description|message/i.test(name)
      ? 'requested by the user'
      : topicOf(text);
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
