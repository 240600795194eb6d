/**
 * A terminal for in-process CLI tests: a writable that says it is a TTY of a given size, keeps
 * what was written, resolves waits when the output reaches a state, and renders the screen the
 * way a terminal would draw those bytes (the cursor movements and erasures the CLI uses), so a
 * test asserts on what a user sees rather than on escape sequences.
 */

/** A fake terminal stream. */
export interface FakeTerminal {
  readonly isTTY: true;
  readonly columns: number;
  readonly rows: number;
  write(chunk: string): boolean;
  /** Everything written, escape sequences included. */
  readonly text: string;
  /** Resolves once `predicate(text)` holds (checked now and after every write). */
  waitFor(predicate: (text: string) => boolean): Promise<void>;
  /** The lines on screen (scrollback included) as the terminal draws them. */
  screen(): string[];
}

/** A terminal `columns` wide and `rows` tall. */
export function fakeTerminal(columns = 100, rows = 40): FakeTerminal {
  let text = '';
  const waiters: { predicate: (text: string) => boolean; resolve: () => void }[] = [];
  const check = (): void => {
    for (const waiter of [...waiters]) {
      if (waiter.predicate(text)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  return {
    isTTY: true,
    columns,
    rows,
    write(chunk) {
      text += chunk;
      check();
      return true;
    },
    get text() {
      return text;
    },
    waitFor(predicate) {
      return new Promise((resolve) => {
        waiters.push({ predicate, resolve });
        check();
      });
    },
    screen: () => renderScreen(text, columns, rows),
  };
}

/**
 * Draws `bytes` as a VT100-style terminal would: printable characters at the cursor (wrapping at
 * the right edge), `\n` as a new line (the tty's `onlcr`), `\r`, and the CSI sequences the CLI
 * writes: `A` (cursor up, never above the top of the screen), `2K` (erase the line), `J` (erase
 * to the end of the screen) and `m` (colour, drawn as nothing). Any other escape fails the test:
 * the CLI should not write what this model does not know.
 */
export function renderScreen(bytes: string, columns: number, rows: number): string[] {
  const lines: string[][] = [[]];
  let row = 0;
  let col = 0;
  const top = (): number => Math.max(0, lines.length - rows);
  const line = (index: number): string[] => {
    while (lines.length <= index) lines.push([]);
    return lines[index] ?? [];
  };
  for (let index = 0; index < bytes.length;) {
    const char = bytes[index] ?? '';
    if (char === '\x1b') {
      // eslint-disable-next-line no-control-regex -- an escape sequence is what this reads
      const match = /^\x1b\[([0-9;]*)([A-Za-z])/.exec(bytes.slice(index));
      if (!match)
        throw new Error(
          `unexpected escape at ${index}: ${JSON.stringify(bytes.slice(index, index + 8))}`,
        );
      const [sequence, parameter = '', command] = match;
      const count = parameter === '' ? 1 : Number(parameter);
      if (command === 'A') row = Math.max(top(), row - count);
      else if (command === 'K' && parameter === '2') lines[row] = [];
      else if (command === 'J' && (parameter === '' || parameter === '0')) {
        line(row).length = Math.min(line(row).length, col);
        lines.length = row + 1;
      } else if (command !== 'm')
        throw new Error(`unexpected escape sequence ${JSON.stringify(sequence)}`);
      index += sequence.length;
      continue;
    }
    const codePoint = bytes.codePointAt(index) ?? 0;
    const glyph = String.fromCodePoint(codePoint);
    index += glyph.length;
    if (glyph === '\n') {
      row++;
      col = 0;
      line(row);
    } else if (glyph === '\r') {
      col = 0;
    } else {
      if (col >= columns) {
        row++;
        col = 0;
      }
      const cells = line(row);
      while (cells.length < col) cells.push(' ');
      cells[col] = glyph;
      col++;
    }
  }
  const drawn = lines.map((cells) => cells.join('').trimEnd());
  while (drawn.length > 0 && drawn.at(-1) === '') drawn.pop();
  return drawn;
}
