import { readFileSync } from 'node:fs';
import { transform } from 'esbuild';

/**
 * The original system's client document (`test/fixtures/original-sse-example.md`, Portuguese),
 * kept byte for byte in test/fixtures so a clean clone has it; its SHA-256 pins it to the
 * original. Tests run its examples as written: the code is cut out of the document at test time,
 * never retyped.
 */
export const ORIGINAL_DOCUMENT_PATH = new URL(
  '../fixtures/original-sse-example.md',
  import.meta.url,
);
export const ORIGINAL_DOCUMENT_SHA256 =
  '31669796749f4a2b1ddec7f844f2a240b90649f8c15dfbe4f89f365b2508e299';

export function originalDocument(): string {
  return readFileSync(ORIGINAL_DOCUMENT_PATH, 'utf8');
}

/** The first fenced code block after `heading` (a whole line of the document). */
export function codeBlockAfter(heading: string): { language: string; code: string } {
  const text = originalDocument();
  const at = text.split('\n').indexOf(heading);
  if (at < 0) throw new Error(`The original document has no heading ${JSON.stringify(heading)}`);
  const rest = text
    .split('\n')
    .slice(at + 1)
    .join('\n');
  const match = /^```(\w*)\n([\s\S]*?)\n```$/m.exec(rest);
  if (!match) throw new Error(`No code block after ${JSON.stringify(heading)}`);
  return { language: match[1] ?? '', code: match[2] ?? '' };
}

/**
 * The "Usando fetch (Node.js ou Browser)" example as JavaScript: its TypeScript types stripped by
 * esbuild, nothing else changed. It declares `certifyModelWithProgress(modelId, token)` and then
 * calls it once, as its "Uso" part does, with the placeholder token `'your-jwt-token'`.
 */
export async function originalFetchExample(): Promise<string> {
  const { language, code } = codeBlockAfter('### Usando fetch (Node.js ou Browser)');
  if (language !== 'typescript') throw new Error(`expected a typescript block, got ${language}`);
  return (await transform(code, { loader: 'ts' })).code;
}

/** The "Teste Manual com cURL" command (a bash block) and the output the document expects. */
export function originalCurl(): { script: string; expectedOutput: string[] } {
  const script = codeBlockAfter('## Teste Manual com cURL').code;
  const expected = codeBlockAfter('**Saída esperada**:').code;
  return { script, expectedOutput: expected.split('\n') };
}

/**
 * Wraps the example into one async expression that runs it with a recording `console` and then
 * certifies `modelId` with `token` through its own `certifyModelWithProgress`. Evaluated where
 * `fetch` resolves the example's relative URLs (a page of the service's origin), or with a
 * `fetch` parameter that does (Node).
 */
export function runnableFetchExample(
  javascript: string,
  modelId: string,
  token: string,
  options: { fetchParameter?: boolean } = {},
): string {
  return `(async (${options.fetchParameter ? 'fetch' : ''}) => {
  const logs = [];
  const record = (level) => (...args) => logs.push([level, ...args.map((arg) => (typeof arg === 'string' ? arg : arg instanceof Error ? String(arg) : JSON.stringify(arg)))]);
  const console = { log: record('log'), error: record('error') };
${javascript}
  let certification;
  let error;
  try {
    certification = await certifyModelWithProgress(${JSON.stringify(modelId)}, ${JSON.stringify(token)});
  } catch (caught) {
    error = String(caught);
  }
  return { logs, certification, error };
})`;
}

/** What one run of the fetch example observed. */
export interface FetchExampleRun {
  logs: string[][];
  certification?: { modelId: string; status: string; cached: boolean };
  error?: string;
}
