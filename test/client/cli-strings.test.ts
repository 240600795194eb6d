/**
 * Every sentence the CLIs print comes from the message catalogs (`cli.` keys), so each has its
 * Portuguese. This reads the CLIs' sources with the TypeScript parser and lists the string
 * literals that read as prose outside the catalogs: there must be none but the few listed below,
 * each with its reason.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SMOKE_CHECKS } from '../../client/smoke.js';
import { MESSAGES_EN } from '../../shared/i18n/index.js';
import { CAPABILITIES } from '../../shared/suites.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What the CLIs are made of; the typed client's own modules are a library, not the CLI. */
const CLI_SOURCES = [
  'client/certify-cli.ts',
  'client/cli-arguments.ts',
  'client/cli-gates.ts',
  'client/cli-harness.ts',
  'client/cli-output.ts',
  'client/cli-reports.ts',
  'client/cli-table.ts',
  'client/markdown.ts',
  'client/smoke-cli.ts',
  'client/smoke.ts',
  'client/usage-report-cli.ts',
];

/** Literals that read as prose but are not for a reader of the CLI's output, with reasons. */
const NOT_OUTPUT = new Set<string>([
  // The smoke checks' names and the name of what a check may need: identifiers, printed through
  // `cli.smoke.check.*` and `cli.smoke.needCertification`.
  ...SMOKE_CHECKS,
  'a certification from the stream',
  // JUnit is a machine format: the same English in every language (docs/clients.md, "Languages").
  'The probe failed.',
  // Thrown and caught inside the smoke test's stream reader; never printed.
  'not an object',
]);

/**
 * Prose: two or more words (letters only, maybe ending in punctuation) among the literal's
 * space-separated pieces; not a code, a flag, a path, a number or markup (JUnit's XML).
 */
function isProse(text: string): boolean {
  if (text.trimStart().startsWith('<')) return false;
  const words = text.split(/\s+/).filter((token) => /^\p{L}{2,}[.,;:!?]?$/u.test(token));
  return words.length >= 2;
}

/** The string literals of TypeScript `code` that could be printed, with their line. */
function literals(code: string, file = 'code.ts'): { text: string; line: number }[] {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true);
  const found: { text: string; line: number }[] = [];
  const visit = (node: ts.Node): void => {
    // Module paths, types and object keys are not output (a key's value may be).
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isTypeNode(node)) return;
    if (ts.isPropertyAssignment(node)) {
      visit(node.initializer);
      return;
    }
    let text: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    // A template as one text, its substitutions as spaces: `Certifying ${id} at ${url}` is prose.
    if (ts.isTemplateExpression(node))
      text = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ');
    if (text !== undefined)
      found.push({ text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the CLIs’ words', () => {
  it('come from the catalogs: no sentence is written into the code', () => {
    const prose = CLI_SOURCES.flatMap((file) =>
      literals(readFileSync(`${ROOT}${file}`, 'utf8'), file)
        .filter(({ text }) => isProse(text) && !NOT_OUTPUT.has(text))
        .map(({ text, line }) => `${file}:${line}: ${JSON.stringify(text)}`),
    );
    expect(prose).toEqual([]);
  });

  it('would notice one, and not codes, flags, keys, paths or markup', () => {
    const prose = (code: string) =>
      literals(code)
        .map(({ text }) => text)
        .filter(isProse);
    expect(prose('stderr.write(`Certifying ${id} at ${url}`);')).toHaveLength(1);
    expect(prose("throw new UsageError('pass model ids or --catalog, not both.');")).toHaveLength(
      1,
    );
    expect(
      prose(
        "t.t('cli.usage.url', { url }); const f = ['table', 'json']; const x = `${a}: ${b} (${c})`;" +
          " type T = 'one two'; const h = { 'accept-language': 'text/event-stream' }; const m = '<testsuite name=\"';",
      ),
    ).toEqual([]);
  });

  it('name the capabilities in English as the registry does', () => {
    for (const capability of CAPABILITIES)
      expect(MESSAGES_EN[`cli.capability.${capability.key}`]).toBe(capability.label);
  });
});
