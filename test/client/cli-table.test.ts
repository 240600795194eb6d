import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  displayWidth,
  outputWidth,
  printable,
  renderTable,
  truncate,
  wrapBlock,
  wrapId,
  wrapText,
} from '../../client/cli-table.js';

/** Ids as Bedrock spells them: lowercase words joined by `.`, `-`, `/`, `:`. */
const idArbitrary = fc
  .array(fc.tuple(fc.stringMatching(/^[a-z0-9]{1,14}$/), fc.constantFrom('.', '-', '/', ':')), {
    minLength: 1,
    maxLength: 12,
  })
  .map((parts) => parts.map(([word, separator]) => word + separator).join('') + 'v1');

describe('terminal text layout', () => {
  it('measures what a terminal draws: wide characters two cells, combining marks none', () => {
    expect(displayWidth('amazon.nova-pro-v1:0')).toBe(20);
    expect(displayWidth('日本語')).toBe(6);
    expect(displayWidth('✅ pass')).toBe(7);
    expect(displayWidth('⚠️')).toBe(2);
    expect(displayWidth('é')).toBe(1);
    expect(displayWidth('—')).toBe(1);
  });

  it('wraps an id only after its separators, and the lines join back to it', () => {
    fc.assert(
      fc.property(idArbitrary, fc.integer({ min: 16, max: 60 }), (id, width) => {
        const lines = wrapId(id, width);
        expect(lines.join('')).toBe(id);
        for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
        for (const line of lines.slice(0, -1)) expect(line).toMatch(/[.\-/:]$/);
      }),
    );
    // One token wider than the line is the only thing split inside.
    expect(wrapId('a'.repeat(25), 10)).toEqual(['a'.repeat(10), 'a'.repeat(10), 'a'.repeat(5)]);
  });

  it('wraps prose at spaces, keeping every word, each line within the width', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-zA-Z]{1,12}$/), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 12, max: 80 }),
        (words, width) => {
          const lines = wrapText(words.join(' '), width);
          expect(lines.join(' ').split(' ')).toEqual(words);
          for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
        },
      ),
    );
  });

  it('cuts a block after its last line with … and says so', () => {
    const long = 'word '.repeat(100);
    const { lines, cut } = wrapBlock(long, { width: 30, first: '  ', indent: '    ', maxLines: 3 });
    expect(cut).toBe(true);
    expect(lines).toHaveLength(3);
    expect(lines[0]?.startsWith('  word')).toBe(true);
    expect(lines[1]?.startsWith('    word')).toBe(true);
    expect(lines[2]?.endsWith('…')).toBe(true);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(30);
    expect(wrapBlock('short', { width: 30, first: '', indent: '', maxLines: 3 })).toEqual({
      lines: ['short'],
      cut: false,
    });
    expect(truncate('日本語テキスト', 7)).toBe('日本語…');
  });

  it('writes out control characters: a message cannot move the cursor or clear the screen', () => {
    expect(printable('evil\u001b[2Jsub\u009b\u0007 two\nlines\ttab')).toBe(
      'evil\\u001b[2Jsub\\u009b\\u0007 two lines tab',
    );
  });

  it('lays out for the terminal width, else COLUMNS, else 100, never below 40', () => {
    expect(outputWidth({ isTTY: true, columns: 132 }, { COLUMNS: '80' })).toBe(132);
    expect(outputWidth({ isTTY: false, columns: 132 }, { COLUMNS: '80' })).toBe(80);
    expect(outputWidth({}, {})).toBe(100);
    expect(outputWidth({ isTTY: true, columns: 20 }, {})).toBe(40);
    expect(outputWidth({}, { COLUMNS: 'wide' })).toBe(100);
  });
});

describe('renderTable', () => {
  const columns = [
    { title: 'MODEL', shrink: 'id' as const, minWidth: 16 },
    { title: 'NOTE', shrink: 'truncate' as const, dropOrder: 2 },
    { title: 'N', align: 'right' as const },
    { title: 'EXTRA', dropOrder: 1 },
  ];
  const rows = [
    [
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-pro-v1:0',
      'a note that goes on and on',
      '7',
      'x',
    ],
    ['short.id', 'n', '12', 'y'],
  ];

  it('uses natural widths when they fit', () => {
    const { lines, dropped, cut } = renderTable(columns, rows, { width: 200 });
    expect(dropped).toEqual([]);
    expect(cut).toBe(false);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^short\.id\s+n\s+12 {2}y$/);
  });

  it('fits any width from 40 up: narrows, wraps ids, cuts notes, then leaves columns out lowest first', () => {
    for (let width = 40; width <= 130; width++) {
      const { lines, dropped } = renderTable(columns, rows, { width });
      for (const line of lines)
        expect(displayWidth(line), `${width}: ${line}`).toBeLessThanOrEqual(width);
      if (dropped.length > 0) expect(dropped[0]).toBe('EXTRA');
      if (dropped.length > 1) expect(dropped[1]).toBe('NOTE');
      // The id's pieces, continuation indent removed, are the id.
      const first = lines.slice(
        1,
        lines.findIndex((line) => line.startsWith('short.id')),
      );
      expect(first.map((line) => line.trim().split(/ {2,}/)[0]).join('')).toBe(rows[0]?.[0]);
    }
  });

  it('colours cells after padding, so colour never counts towards a width', () => {
    const { lines } = renderTable(
      [{ title: 'STATUS', paint: (_cell, padded) => `\x1b[32m${padded}\x1b[39m` }, { title: 'N' }],
      [['ok', '1']],
      { width: 80 },
    );
    expect(lines[1]).toBe('\x1b[32mok    \x1b[39m  1');
  });
});
