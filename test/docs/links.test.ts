import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Keeps the documentation's links from rotting: every relative link and `#anchor` in the
 * repository's Markdown must resolve to a file inside the repository and, for an anchor, to a
 * heading of that page (named as GitHub names it); and every `README, "Section"` or
 * `docs/page.md, "Section"` that code cites must name a heading that exists.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Not the project's documentation: dependencies, build output, local state. */
const SKIPPED_DIRS = new Set([
  'node_modules',
  '.git',
  'cdk.out',
  'coverage',
  'dist',
  '.local',
  'test-artifacts',
]);
/** Copies of other documents, kept byte for byte: their links are theirs. */
const VERBATIM_DIRS = new Set(['test/fixtures']);
/** Where code that cites a documentation section lives. */
const SOURCE_DIRS = [
  'shared',
  'functions',
  'local',
  'client',
  'scripts',
  'web',
  'infra',
  'bench',
  'test',
];
const GENERATED = new Set(['shared/web/page-assets.generated.ts']);
const THIS_FILE = relative(ROOT, fileURLToPath(import.meta.url));

function filesUnder(dir: string, accept: (name: string) => boolean): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory())
      return SKIPPED_DIRS.has(entry.name) || VERBATIM_DIRS.has(path)
        ? []
        : filesUnder(path, accept);
    return entry.isFile() && accept(entry.name) ? [path] : [];
  });
}

/** The repository's Markdown files, relative to its root. */
function markdownFiles(): string[] {
  return filesUnder('', (name) => name.endsWith('.md'));
}

/**
 * The anchor GitHub gives a heading: its text as rendered (code spans' backticks, emphasis and
 * link syntax gone), lower-cased, every character that is not a letter, digit, mark, space, `-`
 * or `_` dropped, and each space turned into `-`.
 */
export function githubSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '');
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** The lines of a Markdown text outside fenced code blocks, with their line numbers. */
function proseLines(markdown: string): { text: string; line: number }[] {
  const lines: { text: string; line: number }[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, index) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence === undefined && marker !== undefined) fence = marker;
    else if (
      fence !== undefined &&
      marker !== undefined &&
      marker[0] === fence[0] &&
      marker.length >= fence.length
    )
      fence = undefined;
    else if (fence === undefined) lines.push({ text, line: index + 1 });
  });
  return lines;
}

/** The headings of a Markdown text (ATX, outside code), as written. */
export function headingsOf(markdown: string): string[] {
  return proseLines(markdown).flatMap(({ text }) => {
    const match = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    return match?.[1] === undefined ? [] : [match[1]];
  });
}

/** Every anchor a page offers: its headings' slugs (repeats numbered as GitHub numbers them) and explicit ids. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const heading of headingsOf(markdown)) {
    const slug = githubSlug(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  for (const match of markdown.matchAll(/<a\s+(?:id|name)="([^"]+)"/g))
    if (match[1] !== undefined) anchors.add(match[1]);
  return anchors;
}

/** The link targets of a Markdown text: inline links and reference definitions, outside code. */
export function linksOf(markdown: string): { target: string; line: number }[] {
  return proseLines(markdown).flatMap(({ text, line }) => {
    const prose = text.replace(/(`+)[\s\S]*?\1/g, '');
    const inline = [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)];
    const definitions = [...prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/g)];
    return [...inline, ...definitions].flatMap((match) =>
      match[1] === undefined ? [] : [{ target: match[1], line }],
    );
  });
}

/**
 * What is wrong with the links of `file` (relative to `root`), given its text and a reader of the
 * repository's files: one line per broken link, none when all resolve.
 */
export function brokenLinks(
  file: string,
  markdown: string,
  read: (path: string) => string | undefined,
  root: string = ROOT,
): string[] {
  const problems: string[] = [];
  for (const { target, line } of linksOf(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:: not this test's
    const where = `${file}:${line}: ${target}`;
    const [rawPath = '', anchor] = target.split('#', 2);
    let path = file;
    if (rawPath !== '') {
      if (rawPath.startsWith('/')) {
        problems.push(`${where}: use a path relative to the page`);
        continue;
      }
      const absolute = resolve(root, dirname(file), decodeURIComponent(rawPath));
      path = relative(root, absolute);
      if (path.startsWith('..')) {
        problems.push(`${where}: points outside the repository`);
        continue;
      }
      if (!existsSync(absolute)) {
        problems.push(`${where}: no such file`);
        continue;
      }
    }
    if (anchor === undefined || anchor === '') continue;
    const page = path === file ? markdown : path.endsWith('.md') ? read(path) : undefined;
    if (page === undefined) problems.push(`${where}: an anchor into a file that is not Markdown`);
    else if (!anchorsOf(page).has(anchor))
      problems.push(`${where}: ${path} has no heading with the anchor #${anchor}`);
  }
  return problems;
}

/**
 * Sections code cites by page and title, e.g. `(README, "Node versions")` or
 * `docs/api.md ("Server-Sent Events")`, comment markers between lines ignored.
 */
export function citationsIn(source: string): { page: string; section: string }[] {
  const text = source.replace(/\n\s*(?:\*(?!\/)|\/\/)\s*/g, ' ');
  return [
    ...text.matchAll(/\b(README(?:\.md)?|docs\/[a-z-]+\.md),?\s*\(?["“]([^"”\n]{2,80})["”]/g),
  ].flatMap((match) =>
    match[1] === undefined || match[2] === undefined
      ? []
      : [{ page: match[1].startsWith('README') ? 'README.md' : match[1], section: match[2] }],
  );
}

function readRepositoryFile(path: string): string | undefined {
  const absolute = join(ROOT, path);
  return existsSync(absolute) ? readFileSync(absolute, 'utf8') : undefined;
}

describe('GitHub heading anchors', () => {
  it('are lower case, without punctuation, with a hyphen for each space', () => {
    expect(githubSlug('Run it locally')).toBe('run-it-locally');
    expect(githubSlug('`GET /api/certification/regions/{modelId}`')).toBe(
      'get-apicertificationregionsmodelid',
    );
    expect(githubSlug("The simulated models' features")).toBe('the-simulated-models-features');
    expect(githubSlug('Real Bedrock from this machine (`BEDROCK=aws`)')).toBe(
      'real-bedrock-from-this-machine-bedrockaws',
    );
    expect(githubSlug('CLI: `npm run -s certify`')).toBe('cli-npm-run--s-certify');
    expect(githubSlug('Metering and quota')).toBe('metering-and-quota');
    expect(githubSlug('[Linked](x.md) heading')).toBe('linked-heading');
  });

  it('number repeated headings, and ignore headings inside code blocks', () => {
    const page = ['# Page', '## Notes', '```sh', '# a shell comment', '```', '## Notes'].join('\n');
    expect([...anchorsOf(page)]).toEqual(['page', 'notes', 'notes-1']);
  });
});

describe('the link check', () => {
  const pages: Record<string, string> = {
    'README.md': '# Top\n## Run it locally\n',
    'docs/api.md': '# HTTP API\n## Errors\n',
  };
  const read = (path: string): string | undefined => pages[path];
  const check = (markdown: string): string[] =>
    brokenLinks('docs/page.md', markdown, read, ROOT).map((problem) =>
      problem.replace(/^docs\/page\.md:\d+: /, ''),
    );

  it('accepts links to files and headings that exist, and leaves code and web links alone', () => {
    expect(
      check(
        [
          'See [the errors](api.md#errors), [the README](../README.md#run-it-locally),',
          '[this page](#page), [a source file](../shared/config.ts) and [AWS](https://aws.amazon.com/#x).',
          '`[not a link](nowhere.md)`',
          '```md',
          '[not a link either](nowhere.md)',
          '```',
          '# Page',
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  it('reports a missing file, a missing anchor, an anchor into code and a path outside the repository', () => {
    expect(
      check(
        [
          '[gone](gone.md)',
          '[no heading](api.md#limits)',
          '[no anchor in code](../shared/config.ts#L1)',
          '[outside](../../elsewhere/notes.md)',
          '[absolute](/docs/api.md)',
          '[here](#nowhere)',
        ].join('\n'),
      ),
    ).toEqual([
      'gone.md: no such file',
      'api.md#limits: docs/api.md has no heading with the anchor #limits',
      '../shared/config.ts#L1: an anchor into a file that is not Markdown',
      '../../elsewhere/notes.md: points outside the repository',
      '/docs/api.md: use a path relative to the page',
      '#nowhere: docs/page.md has no heading with the anchor #nowhere',
    ]);
  });

  it('finds the sections code cites, across comment lines', () => {
    const source = [
      '// the lockfile keeps them (README, "Node versions").',
      '/**',
      ' * framed as docs/api.md ("Server-Sent',
      ' * Events") says.',
      ' */',
    ].join('\n');
    expect(citationsIn(source)).toEqual([
      { page: 'README.md', section: 'Node versions' },
      { page: 'docs/api.md', section: 'Server-Sent Events' },
    ]);
  });
});

describe("the repository's documentation", () => {
  const files = markdownFiles();

  it('is found: the README and every page under docs/', () => {
    expect(files).toContain('README.md');
    const docs = readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md'));
    expect(docs.length).toBeGreaterThan(3);
    for (const name of docs) expect(files).toContain(`docs/${name}`);
    expect(files.some((file) => file.startsWith('test/fixtures/'))).toBe(false);
  });

  it('has no broken relative link or anchor', () => {
    const problems = files.flatMap((file) =>
      brokenLinks(file, readFileSync(join(ROOT, file), 'utf8'), readRepositoryFile),
    );
    expect(problems).toEqual([]);
  });

  it('indexes every page of docs/ in docs/README.md', () => {
    const index = new Set(
      linksOf(readFileSync(join(ROOT, 'docs/README.md'), 'utf8')).map(({ target }) => target),
    );
    const pages = readdirSync(join(ROOT, 'docs')).filter(
      (name) => name.endsWith('.md') && name !== 'README.md',
    );
    for (const page of pages) expect(index, page).toContain(page);
  });

  it('has every section that code cites by name', () => {
    const sources = SOURCE_DIRS.flatMap((dir) =>
      filesUnder(dir, (name) => name.endsWith('.ts')),
    ).filter((file) => !GENERATED.has(file) && file !== THIS_FILE);
    const citations = sources.flatMap((file) =>
      citationsIn(readFileSync(join(ROOT, file), 'utf8')).map((citation) => ({
        file,
        ...citation,
      })),
    );
    // The Node versions note is cited from the code that prints it and the test that pins it.
    expect(citations.some(({ section }) => section === 'Node versions')).toBe(true);
    const missing = citations
      .filter(({ page, section }) => {
        const text = readRepositoryFile(page);
        return (
          text === undefined ||
          !headingsOf(text).some((heading) => heading.replace(/`/g, '') === section)
        );
      })
      .map(({ file, page, section }) => `${file}: ${page}, "${section}"`);
    expect(missing).toEqual([]);
  });
});
