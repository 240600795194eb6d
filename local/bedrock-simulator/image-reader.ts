/**
 * How the simulated models "see" an image: the PNG is decoded for real (chunks, zlib, the five
 * scanline filters) and the text on it is read by matching its ink against the bitmap font the
 * image-input probe draws with. A picture in another font, or no PNG at all, reads as nothing,
 * as a real model would then fail to find a code in it.
 */
import { inflateSync } from 'node:zlib';
import {
  GLYPHS,
  GLYPH_GAP,
  GLYPH_HEIGHT,
  GLYPH_WIDTH,
  type Bitmap,
} from '../../shared/certification/image/pixel-font.js';
import { PNG_SIGNATURE } from '../../shared/certification/image/png.js';

/** Channels per pixel of each PNG colour type (grey, RGB, palette, grey+alpha, RGBA). */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** The image's size and grey levels, or `undefined` when it is no PNG this reader handles. */
export function decodePng(bytes: Uint8Array): Bitmap | undefined {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (data.length < 8 || !data.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  let width = 0;
  let height = 0;
  let colourType = -1;
  let palette: Buffer | undefined;
  const compressed: Buffer[] = [];
  for (let offset = 8; offset + 8 <= data.length;) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    const body = data.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      // 8-bit, not interlaced: what the probe writes and what most encoders write by default.
      if (body[8] !== 8 || body[12] !== 0) return undefined;
      colourType = body[9] ?? -1;
    } else if (type === 'PLTE') palette = body;
    else if (type === 'IDAT') compressed.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const channels = CHANNELS[colourType];
  if (channels === undefined || width === 0 || height === 0 || width * height > 4_000_000)
    return undefined;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(compressed));
  } catch {
    return undefined;
  }
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) return undefined;
  const rows = unfilter(raw, width, height, channels);
  if (rows === undefined) return undefined;
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * stride + x * channels;
      pixels[y * width + x] = grey(rows, at, colourType, palette);
    }
  }
  return { width, height, pixels };
}

function grey(
  rows: Uint8Array,
  at: number,
  colourType: number,
  palette: Buffer | undefined,
): number {
  const value = (index: number): number => rows[index] ?? 0;
  switch (colourType) {
    case 0:
    case 4:
      return value(at);
    case 3: {
      const entry = value(at) * 3;
      if (palette === undefined || entry + 2 >= palette.length) return 255;
      return luminance(palette[entry] ?? 0, palette[entry + 1] ?? 0, palette[entry + 2] ?? 0);
    }
    default:
      return luminance(value(at), value(at + 1), value(at + 2));
  }
}

function luminance(r: number, g: number, b: number): number {
  return Math.round(0.299 * r + 0.587 * g + 0.114 * b);
}

/** Undoes PNG's per-row filters (none, sub, up, average, Paeth). */
function unfilter(
  raw: Buffer,
  width: number,
  height: number,
  channels: number,
): Uint8Array | undefined {
  const stride = width * channels;
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i] ?? 0;
      const a = i >= channels ? (out[y * stride + i - channels] ?? 0) : 0;
      const b = y > 0 ? (out[(y - 1) * stride + i] ?? 0) : 0;
      const c = y > 0 && i >= channels ? (out[(y - 1) * stride + i - channels] ?? 0) : 0;
      let predictor: number;
      switch (filter ?? -1) {
        case 0:
          predictor = 0;
          break;
        case 1:
          predictor = a;
          break;
        case 2:
          predictor = b;
          break;
        case 3:
          predictor = (a + b) >> 1;
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          return undefined;
      }
      out[y * stride + i] = (x + predictor) & 0xff;
    }
  }
  return out;
}

const DARK = 128;
const FONT = Object.entries(GLYPHS);

/**
 * The text drawn on `bitmap` in the probe's font: the ink's bounding box gives the scale (glyphs
 * are seven font pixels tall), then every horizontal alignment within one glyph pitch is tried
 * and the reading whose glyphs match best wins. Empty when nothing legible is there.
 */
export function readText(bitmap: Bitmap): string {
  const { width, height, pixels } = bitmap;
  const dark = (x: number, y: number): boolean =>
    x >= 0 && y >= 0 && x < width && y < height && (pixels[y * width + x] ?? 255) < DARK;
  let top = height;
  let bottom = -1;
  let left = width;
  let right = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!dark(x, y)) continue;
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
      left = Math.min(left, x);
      right = Math.max(right, x);
    }
  }
  if (bottom < 0) return '';
  const scale = Math.max(1, Math.round((bottom - top + 1) / GLYPH_HEIGHT));
  const pitch = (GLYPH_WIDTH + GLYPH_GAP) * scale;
  let best: { text: string; misses: number } | undefined;
  for (let shift = 0; shift < GLYPH_WIDTH; shift++) {
    const start = left - shift * scale;
    const count = Math.ceil((right + 1 - start + GLYPH_GAP * scale) / pitch);
    let text = '';
    let misses = 0;
    for (let n = 0; n < count; n++) {
      const cell = (gx: number, gy: number): boolean =>
        dark(
          start + n * pitch + gx * scale + Math.floor(scale / 2),
          top + gy * scale + Math.floor(scale / 2),
        );
      const [character, distance] = closestGlyph(cell);
      text += character;
      misses += distance;
    }
    if (best === undefined || misses < best.misses) best = { text, misses };
  }
  // More than a few wrong cells per glyph is not this font: nothing legible.
  if (best === undefined || best.misses > best.text.length * 3) return '';
  return best.text;
}

function closestGlyph(cell: (gx: number, gy: number) => boolean): [string, number] {
  let best: [string, number] = ['?', Number.POSITIVE_INFINITY];
  for (const [character, rows] of FONT) {
    let distance = 0;
    rows.forEach((row, gy) => {
      for (let gx = 0; gx < GLYPH_WIDTH; gx++) if ((row[gx] === '#') !== cell(gx, gy)) distance++;
    });
    if (distance < best[1]) best = [character, distance];
  }
  return best;
}
