/**
 * Reads back the Markdown the CLI writes, by the rules of the CommonMark and GFM specs, for the
 * few constructs it uses: table rows, code spans, backslash escapes and entities. No Markdown
 * parser is a dependency of this project; this is strict instead: any character that would start
 * markup (emphasis, a link, raw HTML, strikethrough) unescaped makes it throw, so "escaped" is
 * checked rather than assumed.
 */

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/**
 * The cells of a GFM table row: split at every `|` not escaped (a backslash before any ASCII
 * punctuation escapes it, even inside code), then `\|` unescaped and each cell trimmed, as
 * cmark-gfm's table extension does before parsing the cell's inlines.
 */
export function tableCells(row: string): string[] {
  let text = row.trim();
  if (text.startsWith('|')) text = text.slice(1);
  const cells: string[] = [];
  let cell = '';
  let closed = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index] ?? '';
    const next = text[index + 1] ?? '';
    closed = false;
    if (char === '\\' && ASCII_PUNCTUATION.test(next)) {
      cell += char + next;
      index++;
    } else if (char === '|') {
      cells.push(cell);
      cell = '';
      closed = true;
    } else cell += char;
  }
  if (!closed || cell.trim() !== '') cells.push(cell);
  return cells.map((value) => value.replace(/\\\|/g, '|').trim());
}

/** What an inline reads as: its text (code spans' contents included) and its code spans. */
export interface ReadInline {
  text: string;
  code: string[];
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };

/**
 * Reads one line of inline Markdown: backslash escapes, the entities above, and code spans (a
 * backtick run closed by the next run of the same length; one space stripped from each side
 * when both are spaces and the content is not all spaces). Throws on unescaped `*`, `_`, `[`,
 * `]`, `<`, `~`, on `&` that is not one of the entities, and on emoji-free markup generally.
 */
export function readInline(markdown: string): ReadInline {
  let text = '';
  const code: string[] = [];
  for (let index = 0; index < markdown.length;) {
    const char = markdown[index] ?? '';
    const next = markdown[index + 1] ?? '';
    if (char === '\\' && ASCII_PUNCTUATION.test(next)) {
      text += next;
      index += 2;
      continue;
    }
    if (char === '`') {
      const run = /^`+/.exec(markdown.slice(index))?.[0] ?? '`';
      let search = index + run.length;
      let close = -1;
      while (search < markdown.length) {
        const found = markdown.indexOf('`', search);
        if (found === -1) break;
        const closing = /^`+/.exec(markdown.slice(found))?.[0] ?? '';
        if (closing.length === run.length) {
          close = found;
          break;
        }
        search = found + closing.length;
      }
      if (close === -1) throw new Error(`unclosed code span at ${index} in ${markdown}`);
      let content = markdown.slice(index + run.length, close);
      if (content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '')
        content = content.slice(1, -1);
      code.push(content);
      text += content;
      index = close + run.length;
      continue;
    }
    if (char === '&') {
      const entity = Object.keys(ENTITIES).find((name) => markdown.startsWith(name, index));
      if (entity === undefined) throw new Error(`bare & at ${index} in ${markdown}`);
      text += ENTITIES[entity] ?? '';
      index += entity.length;
      continue;
    }
    if ('*_[]<~'.includes(char)) throw new Error(`unescaped ${char} at ${index} in ${markdown}`);
    text += char;
    index++;
  }
  return { text, code };
}
