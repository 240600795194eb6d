/**
 * Text layout for a terminal: display widths, wrapping and truncation, and tables that fit a
 * width. Pure functions of plain text; colour is applied to cells after they are padded, so
 * escape sequences never count towards a width.
 */

/** Width used when the output is not a terminal (a pipe, a file, a CI log) and `COLUMNS` says nothing. */
export const DEFAULT_WIDTH = 100;
/** Narrower than this, nothing is laid out any narrower: a table cannot be useful below it. */
const MIN_WIDTH = 40;

/** What the layout needs to know of a stream. */
export interface WidthSource {
  isTTY?: boolean;
  columns?: number;
}

/**
 * The width to lay out for: the terminal's, else `COLUMNS` (as shells export it), else
 * {@link DEFAULT_WIDTH}.
 */
export function outputWidth(
  output: WidthSource,
  env: Readonly<Record<string, string | undefined>> = {},
): number {
  const fromTerminal = output.isTTY === true ? output.columns : undefined;
  const fromEnv = Number(env.COLUMNS);
  const width =
    fromTerminal !== undefined && fromTerminal > 0
      ? fromTerminal
      : Number.isInteger(fromEnv) && fromEnv > 0
        ? fromEnv
        : DEFAULT_WIDTH;
  return Math.max(MIN_WIDTH, width);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** East Asian Wide and Fullwidth blocks, which a terminal draws two cells wide. */
function isWide(codePoint: number): boolean {
  return (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0x303e) ||
    (codePoint >= 0x3041 && codePoint <= 0x33ff) ||
    (codePoint >= 0x3400 && codePoint <= 0x4dbf) ||
    (codePoint >= 0x4e00 && codePoint <= 0x9fff) ||
    (codePoint >= 0xa000 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  );
}

function graphemeWidth(grapheme: string): number {
  const first = grapheme.codePointAt(0) ?? 0;
  if (first < 0x20 || (first >= 0x7f && first < 0xa0)) return 0;
  // Emoji (✅), and symbols an emoji presentation selector makes one (⚠️), take two cells.
  if (isWide(first) || /\p{Emoji_Presentation}|\uFE0F/u.test(grapheme)) return 2;
  if (/^\p{Mn}/u.test(grapheme)) return 0;
  return 1;
}

/** Terminal cells `text` takes: wide characters count two, combining marks none. */
export function displayWidth(text: string): number {
  // Printable ASCII, nearly every cell: skip the segmenter.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  let width = 0;
  for (const { segment } of graphemes.segment(text)) width += graphemeWidth(segment);
  return width;
}

/** The longest start of `text` at most `width` cells wide. */
function sliceToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const cells = graphemeWidth(segment);
    if (used + cells > width) break;
    out += segment;
    used += cells;
  }
  return out;
}

/** `text` without its colour (SGR) escape sequences. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex -- the escape character is what this removes
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

/** `text` cut to `width` cells, ending in `…` when anything was cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  return `${sliceToWidth(text, width - 1).trimEnd()}…`;
}

/** Pads `text` with spaces to `width` cells, on the right (`left`-aligned) or the left. */
export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'left' ? text + fill : fill + text;
}

/**
 * Text from the wire as a terminal should show it: line breaks and tabs as one space, other
 * control characters (an escape sequence could move the cursor or retitle the window) written
 * out as `\u001b`.
 */
export function printable(text: string): string {
  return text
    .replace(/[\t\n\r\v\f]+/g, ' ')
    .replace(/\p{Cc}/gu, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Splits `text` into pieces each ending where a line may break, and splits any piece wider than
 * `width` (a token with no break in it) into pieces that fit.
 */
function pieces(text: string, breakAfter: RegExp, width: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const { segment } of graphemes.segment(text)) {
    current += segment;
    if (breakAfter.test(segment)) {
      out.push(current);
      current = '';
    }
  }
  if (current !== '') out.push(current);
  return out.flatMap((piece) => {
    const parts: string[] = [];
    let rest = piece;
    while (displayWidth(rest) > width) {
      const head = sliceToWidth(rest, width);
      // A zero-width or too-wide first character: take it anyway rather than loop forever.
      const taken = head === '' ? ([...rest][0] ?? '') : head;
      parts.push(taken);
      rest = rest.slice(taken.length);
    }
    if (rest !== '') parts.push(rest);
    return parts;
  });
}

/** Greedy line filling of `pieces`, each line at most `width` cells (later lines `rest` wide). */
function fill(parts: readonly string[], width: number, rest = width): string[] {
  const lines: string[] = [];
  let line = '';
  for (const piece of parts) {
    const limit = lines.length === 0 ? width : rest;
    if (line !== '' && displayWidth(line + piece.trimEnd()) > limit) {
      lines.push(line.trimEnd());
      line = piece.trimStart();
    } else {
      line += piece;
    }
  }
  if (line.trimEnd() !== '' || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

/**
 * A model id, ARN or URL over lines of at most `width` cells, broken after `.`, `-`, `/` or `:`
 * (never inside a token unless one token is wider than a line). Joining the lines gives `id`.
 */
export function wrapId(id: string, width: number): string[] {
  const parts = pieces(id, /^[.\-/:]$/, Math.max(1, width));
  const lines: string[] = [];
  let line = '';
  for (const piece of parts) {
    if (line !== '' && displayWidth(line + piece) > width) {
      lines.push(line);
      line = piece;
    } else line += piece;
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** Prose over lines of at most `width` cells (`rest` for the lines after the first), broken at spaces. */
export function wrapText(text: string, width: number, rest = width): string[] {
  const limit = Math.max(1, Math.min(width, rest));
  return fill(pieces(text.trim(), /^\s$/, limit), width, rest);
}

/**
 * `text` as a block: `first` starts the first line, `indent` the others, every line at most
 * `width` cells, and at most `maxLines` lines (the last cut with `…` when more would follow).
 * Returns the lines and whether anything was cut.
 */
export function wrapBlock(
  text: string,
  options: { width: number; first: string; indent: string; maxLines?: number },
): { lines: string[]; cut: boolean } {
  const { width, first, indent } = options;
  const lines = wrapText(
    text,
    Math.max(1, width - displayWidth(first)),
    Math.max(1, width - displayWidth(indent)),
  );
  const maxLines = options.maxLines ?? Number.POSITIVE_INFINITY;
  let cut = false;
  if (lines.length > maxLines) {
    cut = true;
    const kept = lines.slice(0, maxLines);
    const lastWidth = width - displayWidth(maxLines === 1 ? first : indent);
    kept[maxLines - 1] = truncate(
      `${kept[maxLines - 1] ?? ''} ${lines[maxLines] ?? ''}`,
      lastWidth,
    );
    lines.splice(0, lines.length, ...kept);
  }
  return {
    lines: lines.map((line, index) => `${index === 0 ? first : indent}${line}`),
    cut,
  };
}

/** One column of {@link renderTable}. */
export interface TableColumn {
  title: string;
  align?: 'left' | 'right';
  /**
   * How a cell wider than the column gives way: `id` wraps after `.`, `-`, `/`, `:`; `text` wraps
   * at spaces; `truncate` cuts with `…`; `fixed` (the default) never narrows.
   */
  shrink?: 'id' | 'text' | 'truncate' | 'fixed';
  /** The narrowest a shrinking column gets (default: its title's width, at least 8). */
  minWidth?: number;
  /**
   * The narrowest a shrinking column gets while a column with a `dropOrder` could be left out
   * instead (default: `minWidth`): an id stays readable before figures are given up.
   */
  preferredWidth?: number;
  /**
   * When even the narrowed table is too wide, columns with a `dropOrder` are left out, lowest
   * first; the others always stay.
   */
  dropOrder?: number;
  /** Colours a cell: gets the cell's text and the same text padded to the column. */
  paint?: (cell: string, padded: string) => string;
}

/** What {@link renderTable} drew. */
export interface RenderedTable {
  /** The lines, none wider than the width asked for (unless the fixed columns alone are). */
  lines: string[];
  /** Titles of the columns left out to fit. */
  dropped: string[];
  /** True when a `truncate` cell was cut. */
  cut: boolean;
  /** The width of each column drawn, in order. */
  widths: number[];
}

const GAP = '  ';

/**
 * A table at most `width` cells wide: natural column widths when they fit; otherwise the
 * shrinking columns narrow (the widest first) to their preferred width, then columns with a
 * `dropOrder` are left out (lowest first), and only then do shrinking columns narrow to their
 * minimum. A wrapped cell makes its row several lines tall; a continued id is indented by two
 * spaces.
 */
export function renderTable(
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  options: { width: number; header?: (line: string) => string },
): RenderedTable {
  const cleanRows = rows.map((row) => columns.map((_, index) => printable(row[index] ?? '')));
  let visible = columns.map((_, index) => index);
  const dropped: string[] = [];
  let widths: number[] = [];
  const fits = (candidate: readonly number[]): boolean =>
    candidate.reduce((sum, width) => sum + width, 0) + GAP.length * (candidate.length - 1) <=
    options.width;
  for (;;) {
    const layout = (floor: 'preferred' | 'min'): number[] =>
      layoutWidths(
        visible.map((index) => columns[index] as TableColumn),
        cleanRows.map((row) => visible.map((index) => row[index] ?? '')),
        options.width,
        floor,
      );
    widths = layout('preferred');
    if (fits(widths)) break;
    const droppable = visible
      .filter((index) => columns[index]?.dropOrder !== undefined)
      .sort((a, b) => (columns[a]?.dropOrder ?? 0) - (columns[b]?.dropOrder ?? 0));
    const drop = droppable[0];
    if (drop === undefined) {
      widths = layout('min');
      break;
    }
    dropped.push(columns[drop]?.title ?? '');
    visible = visible.filter((index) => index !== drop);
  }

  let cut = false;
  const lines: string[] = [];
  const titleCells = visible.map((index, position) =>
    pad(columns[index]?.title ?? '', widths[position] ?? 0, columns[index]?.align),
  );
  const title = titleCells.join(GAP).trimEnd();
  lines.push(options.header ? options.header(title) : title);
  for (const row of cleanRows) {
    const cells = visible.map((index, position) => {
      const column = columns[index] as TableColumn;
      const width = widths[position] ?? 0;
      const text = row[index] ?? '';
      if (displayWidth(text) <= width) return [text];
      switch (column.shrink ?? 'fixed') {
        case 'id': {
          const [head = '', ...tail] = wrapId(text, width);
          const continued = tail.length === 0 ? [] : wrapId(tail.join(''), Math.max(1, width - 2));
          return [head, ...continued.map((line) => `  ${line}`)];
        }
        case 'text':
          return wrapText(text, width);
        case 'truncate':
          cut = true;
          return [truncate(text, width)];
        case 'fixed':
          return [text];
      }
    });
    const height = Math.max(...cells.map((cell) => cell.length));
    for (let line = 0; line < height; line++) {
      lines.push(
        visible
          .map((index, position) => {
            const column = columns[index] as TableColumn;
            const text = cells[position]?.[line] ?? '';
            const padded = pad(text, widths[position] ?? 0, column.align);
            return column.paint && text !== '' ? column.paint(text, padded) : padded;
          })
          .join(GAP)
          .trimEnd(),
      );
    }
  }
  return { lines, dropped, cut, widths };
}

/**
 * Natural widths, then the shrinking columns narrowed (widest first) until the row fits or they
 * are at their floor: their preferred or their minimum width.
 */
function layoutWidths(
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  width: number,
  floor: 'preferred' | 'min',
): number[] {
  const widths = columns.map((column, index) =>
    Math.max(displayWidth(column.title), ...rows.map((row) => displayWidth(row[index] ?? ''))),
  );
  const minimum = columns.map((column, index) => {
    if ((column.shrink ?? 'fixed') === 'fixed') return widths[index] ?? 0;
    const least = Math.max(column.minWidth ?? 8, displayWidth(column.title));
    const limit = floor === 'preferred' ? Math.max(least, column.preferredWidth ?? least) : least;
    return Math.min(widths[index] ?? 0, limit);
  });
  let excess = widths.reduce((sum, w) => sum + w, 0) + GAP.length * (widths.length - 1) - width;
  while (excess > 0) {
    let widest = -1;
    for (let index = 0; index < widths.length; index++) {
      const slack = (widths[index] ?? 0) - (minimum[index] ?? 0);
      if (slack > 0 && (widest === -1 || (widths[index] ?? 0) > (widths[widest] ?? 0)))
        widest = index;
    }
    if (widest === -1) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    excess--;
  }
  return widths;
}
