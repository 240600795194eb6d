/**
 * Markdown (CommonMark with GitHub's tables) written from text that came over the wire: nothing in
 * it may become markup, break a table row, or end a code span early. Pure functions.
 */
import { splitCodeSpans } from '../web/code-spans.js';

/** Where the text goes: a GFM table cell also splits at every unescaped `|`, even inside code. */
export interface MarkdownContext {
  inTable?: boolean;
}

/** Control characters as spaces, then every run of whitespace as one space: a cell or list item is one line. */
function oneLinePrintable(text: string): string {
  return text
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Text where Markdown and HTML must not be interpreted: `&`, `<`, `>` as entities, the inline
 * markers (`\`, `` ` ``, `*`, `_`, `[`, `]`, `|`, `~`) backslash-escaped, and a leading block
 * marker (`#`, `+`, `-`, `=`, `1.`) escaped too, since a list item's text starts a line.
 */
export function markdownText(text: string): string {
  return escapeLineStart(escapeInline(oneLinePrintable(text)));
}

function escapeInline(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1');
}

function escapeLineStart(text: string): string {
  return text.replace(/^([#+\-=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * `text` as one code span. Per CommonMark the fence is a backtick run longer than any inside the
 * text, and a space pads each side when the text starts or ends with a backtick (or with a space
 * on both sides, which the parser would strip). In a table cell `|` is escaped, which GFM allows
 * even in code; a backslash right before a `|` cannot be written in a cell's code span, so that
 * rare text is written escaped instead.
 */
export function markdownCode(text: string, context: MarkdownContext = {}): string {
  let code = oneLinePrintable(text);
  if (code === '') return '';
  if (context.inTable) {
    if (/\\\|/.test(code)) return markdownText(code);
    code = code.replace(/\|/g, '\\|');
  }
  const longestRun = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padded =
    code.startsWith('`') || code.endsWith('`') || (code.startsWith(' ') && code.endsWith(' '))
      ? ` ${code} `
      : code;
  return `${fence}${padded}${fence}`;
}

/**
 * Text of this service's own (a diagnosis hint) that quotes commands and fields in code spans:
 * its code spans stay code, everything else is {@link markdownText}.
 */
export function markdownWithCode(text: string, context: MarkdownContext = {}): string {
  return escapeLineStart(
    splitCodeSpans(oneLinePrintable(text))
      .map((segment) =>
        segment.code ? markdownCode(segment.text, context) : escapeInline(segment.text),
      )
      .join(''),
  );
}

/** One GFM table row; every cell must already be escaped for a table. */
export function markdownRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}
