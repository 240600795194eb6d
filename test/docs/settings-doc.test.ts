import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * docs/settings.md is the one table of every environment variable the project reads. This test
 * keeps it true: it extracts the names the code reads and compares them with the names the
 * document lists, in both directions.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SETTINGS_DOC = join(ROOT, 'docs/settings.md');

/**
 * Where settings are read: the service (`shared/`, whose settings live in shared/config.ts), the
 * Lambda entry points, `npm start` and its stand-ins (`local/`), the CLIs (`client/`) and the
 * scripts. Not `web/` (a browser has no environment), `bench/` or `test/`.
 */
const SOURCE_DIRS = ['shared', 'functions', 'local', 'client', 'scripts'];

const NAME = String.raw`[A-Z_][A-Z0-9_]*`;
/** Not a read: `process.env.X = ...`, `env.X ??= ...`, `env.X ||= ...`. */
const NOT_ASSIGNED = String.raw`(?!\s*(?:=(?!=)|\?\?=|\|\|=|&&=))`;
const READ_PATTERNS = [
  // A helper given the environment and a name: optional(env, 'X'), integer(\n env,\n 'X', ...).
  new RegExp(String.raw`\b[A-Za-z_$][\w$]*\(\s*env\s*,\s*(['"\`])(${NAME})\1`, 'g'),
  // env.X, env?.X, process.env.X, options.env?.X.
  new RegExp(String.raw`\benv\??\.(${NAME})\b${NOT_ASSIGNED}`, 'g'),
  // env['X'], env?.['X'].
  new RegExp(String.raw`\benv(?:\?\.)?\[\s*(['"\`])(${NAME})\1\s*\]${NOT_ASSIGNED}`, 'g'),
];

/** Block comments and whole-line `//` comments, so prose naming a variable is not a read. */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** The environment variable names a TypeScript source reads. */
function variablesReadBy(source: string): Set<string> {
  const code = stripComments(source);
  const names = new Set<string>();
  for (const pattern of READ_PATTERNS) {
    for (const match of code.matchAll(pattern)) {
      // The name is the last group in every pattern.
      const name = match[match.length - 1];
      if (name !== undefined) names.add(name);
    }
  }
  return names;
}

/**
 * The names docs/settings.md documents: the first cell of each row of a table whose header's
 * first cell is `Variable`. (Variables read only by libraries sit in tables headed otherwise.)
 */
function variablesDocumentedIn(markdown: string): Set<string> {
  const names = new Set<string>();
  let inSettingsTable = false;
  for (const line of markdown.split('\n')) {
    const cells = line.trim().startsWith('|') ? line.split('|').map((cell) => cell.trim()) : [];
    if (cells.length === 0) {
      inSettingsTable = false;
      continue;
    }
    const first = cells[1] ?? '';
    if (/^-+$/.test(first.replace(/:/g, ''))) continue;
    if (!inSettingsTable) {
      inSettingsTable = first === 'Variable';
      continue;
    }
    for (const match of first.matchAll(new RegExp(String.raw`\`(${NAME})\``, 'g'))) {
      if (match[1] !== undefined) names.add(match[1]);
    }
  }
  return names;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every variable the code reads, with the files that read it. */
function variablesReadByCode(): Map<string, string[]> {
  const readers = new Map<string, string[]>();
  for (const file of SOURCE_DIRS.flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
    for (const name of variablesReadBy(readFileSync(file, 'utf8'))) {
      readers.set(name, [...(readers.get(name) ?? []), relative(ROOT, file)]);
    }
  }
  return readers;
}

describe('the extraction of variable names', () => {
  it('finds names given to helpers, across lines, and env property reads of every form', () => {
    const source = [
      "const a = optional(env, 'ALPHA');",
      'const b = integer(',
      '  env,',
      "  'BRAVO_SECONDS',",
      '  defaults.bravo,',
      ');',
      "const c = required(env, 'CHARLIE');",
      'const d = process.env.DELTA ?? 3;',
      'const e = options.env?.ECHO;',
      "const f = env['FOXTROT'];",
      'if (env.GOLF === undefined) {}',
    ].join('\n');
    expect([...variablesReadBy(source)].sort()).toEqual([
      'ALPHA',
      'BRAVO_SECONDS',
      'CHARLIE',
      'DELTA',
      'ECHO',
      'FOXTROT',
      'GOLF',
    ]);
  });

  it('ignores assignments, comments and names that are not upper case', () => {
    const source = [
      "process.env.WRITTEN = 'true';",
      "process.env.DEFAULTED ??= 'SILENT';",
      '/** Reads `env.IN_A_DOC_COMMENT`. */',
      "  // optional(env, 'IN_A_LINE_COMMENT')",
      'const x = env.lowerCase;',
      "const y = { TABLE_NAME: 'object key' };",
    ].join('\n');
    expect([...variablesReadBy(source)]).toEqual([]);
  });

  it('reads only the first cells of tables headed "Variable"', () => {
    const markdown = [
      '| Variable | Default |',
      '| --- | --- |',
      '| `ONE` | 1 |',
      '| `TWO`, `THREE` | mentions `NOT_A_ROW_NAME` |',
      '',
      '| Library variable | Read by |',
      '| --- | --- |',
      '| `POWERTOOLS_LOG_LEVEL` | Powertools |',
    ].join('\n');
    expect([...variablesDocumentedIn(markdown)].sort()).toEqual(['ONE', 'THREE', 'TWO']);
  });
});

describe('docs/settings.md', () => {
  const documented = variablesDocumentedIn(readFileSync(SETTINGS_DOC, 'utf8'));
  const read = variablesReadByCode();

  it('finds the settings code (the extraction still matches how settings are read)', () => {
    // shared/config.ts reads these through its helpers; if none is found, the patterns are stale.
    for (const name of ['TABLE_NAME', 'AUTH_CLIENT_ID', 'CACHE_TTL_CERTIFIED_SECONDS', 'PORT'])
      expect(read.has(name), name).toBe(true);
  });

  it('documents every variable the code reads', () => {
    const undocumented = [...read.keys()]
      .filter((name) => !documented.has(name))
      .sort()
      .map((name) => `${name} (read in ${(read.get(name) ?? []).join(', ')})`);
    expect(undocumented, 'add these to a "Variable" table in docs/settings.md').toEqual([]);
  });

  it('lists no variable the code no longer reads', () => {
    const stale = [...documented].filter((name) => !read.has(name)).sort();
    expect(stale, 'remove these from docs/settings.md, or read them in the code').toEqual([]);
  });
});
