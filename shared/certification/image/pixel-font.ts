/**
 * A 5×7 bitmap font for the characters of a nonce (A–Z, 0–9 and `-`), so the image-input probe
 * can draw its code without a font file or a canvas, and the local simulator can read it back.
 */

/** Glyph size in font pixels. */
export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;
/** Empty font pixels between two glyphs. */
export const GLYPH_GAP = 1;

const rows = (...lines: string[]): readonly string[] => lines;

/** Each glyph as seven rows of five cells, `#` for ink. */
export const GLYPHS: Readonly<Record<string, readonly string[]>> = {
  A: rows('.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'),
  B: rows('####.', '#...#', '#...#', '####.', '#...#', '#...#', '####.'),
  C: rows('.###.', '#...#', '#....', '#....', '#....', '#...#', '.###.'),
  D: rows('####.', '#...#', '#...#', '#...#', '#...#', '#...#', '####.'),
  E: rows('#####', '#....', '#....', '####.', '#....', '#....', '#####'),
  F: rows('#####', '#....', '#....', '####.', '#....', '#....', '#....'),
  G: rows('.###.', '#...#', '#....', '#.###', '#...#', '#...#', '.####'),
  H: rows('#...#', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'),
  I: rows('.###.', '..#..', '..#..', '..#..', '..#..', '..#..', '.###.'),
  J: rows('..###', '...#.', '...#.', '...#.', '...#.', '#..#.', '.##..'),
  K: rows('#...#', '#..#.', '#.#..', '##...', '#.#..', '#..#.', '#...#'),
  L: rows('#....', '#....', '#....', '#....', '#....', '#....', '#####'),
  M: rows('#...#', '##.##', '#.#.#', '#.#.#', '#...#', '#...#', '#...#'),
  N: rows('#...#', '#...#', '##..#', '#.#.#', '#..##', '#...#', '#...#'),
  O: rows('.###.', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'),
  P: rows('####.', '#...#', '#...#', '####.', '#....', '#....', '#....'),
  Q: rows('.###.', '#...#', '#...#', '#...#', '#.#.#', '#..#.', '.##.#'),
  R: rows('####.', '#...#', '#...#', '####.', '#.#..', '#..#.', '#...#'),
  S: rows('.####', '#....', '#....', '.###.', '....#', '....#', '####.'),
  T: rows('#####', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..'),
  U: rows('#...#', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'),
  V: rows('#...#', '#...#', '#...#', '#...#', '#...#', '.#.#.', '..#..'),
  W: rows('#...#', '#...#', '#...#', '#.#.#', '#.#.#', '#.#.#', '.#.#.'),
  X: rows('#...#', '#...#', '.#.#.', '..#..', '.#.#.', '#...#', '#...#'),
  Y: rows('#...#', '#...#', '.#.#.', '..#..', '..#..', '..#..', '..#..'),
  Z: rows('#####', '....#', '...#.', '..#..', '.#...', '#....', '#####'),
  '0': rows('.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.'),
  '1': rows('..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'),
  '2': rows('.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'),
  '3': rows('#####', '...#.', '..#..', '...#.', '....#', '#...#', '.###.'),
  '4': rows('...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'),
  '5': rows('#####', '#....', '####.', '....#', '....#', '#...#', '.###.'),
  '6': rows('..##.', '.#...', '#....', '####.', '#...#', '#...#', '.###.'),
  '7': rows('#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'),
  '8': rows('.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'),
  '9': rows('.###.', '#...#', '#...#', '.####', '....#', '...#.', '.##..'),
  '-': rows('.....', '.....', '.....', '#####', '.....', '.....', '.....'),
};

/** A grayscale bitmap, one byte per pixel (0 black … 255 white), row by row. */
export interface Bitmap {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Options of {@link renderText}. */
export interface RenderOptions {
  /** Screen pixels per font pixel. Default 4. */
  scale?: number;
  /** White border in screen pixels. Default 8. */
  margin?: number;
}

/** True when every character of `text` has a glyph. */
export function canRender(text: string): boolean {
  return [...text].every((character) => GLYPHS[character] !== undefined);
}

/** Draws `text` black on white; throws for a character without a glyph. */
export function renderText(text: string, options: RenderOptions = {}): Bitmap {
  const scale = options.scale ?? 4;
  const margin = options.margin ?? 8;
  const characters = [...text];
  const pitch = (GLYPH_WIDTH + GLYPH_GAP) * scale;
  const width = 2 * margin + Math.max(0, characters.length * pitch - GLYPH_GAP * scale);
  const height = 2 * margin + GLYPH_HEIGHT * scale;
  const pixels = new Uint8Array(width * height).fill(255);
  characters.forEach((character, index) => {
    const glyph = GLYPHS[character];
    if (glyph === undefined) throw new RangeError(`No glyph for ${JSON.stringify(character)}.`);
    const left = margin + index * pitch;
    glyph.forEach((row, gy) => {
      [...row].forEach((cell, gx) => {
        if (cell !== '#') return;
        for (let dy = 0; dy < scale; dy++) {
          const offset = (margin + gy * scale + dy) * width + left + gx * scale;
          pixels.fill(0, offset, offset + scale);
        }
      });
    });
  });
  return { width, height, pixels };
}
