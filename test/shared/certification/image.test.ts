/**
 * The image-input probe's picture: a real PNG (checked against zlib's own CRC and decoded by the
 * simulator's reader), and a font whose glyphs the reader tells apart, whatever the code.
 */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePng, readText } from '../../../local/bedrock-simulator/image-reader.js';
import { createNonce } from '../../../shared/certification/nonce.js';
import { crc32, encodePng, PNG_SIGNATURE } from '../../../shared/certification/image/png.js';
import {
  GLYPHS,
  GLYPH_HEIGHT,
  GLYPH_WIDTH,
  canRender,
  renderText,
} from '../../../shared/certification/image/pixel-font.js';

describe('the pixel font', () => {
  it('has a 5×7 glyph for every character a code can hold, no two closer than two cells', () => {
    const characters = Object.keys(GLYPHS);
    expect(canRender('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-')).toBe(true);
    expect(canRender('a')).toBe(false);
    for (const rows of Object.values(GLYPHS)) {
      expect(rows).toHaveLength(GLYPH_HEIGHT);
      for (const row of rows) expect(row).toMatch(new RegExp(`^[#.]{${GLYPH_WIDTH}}$`));
    }
    for (const a of characters) {
      for (const b of characters) {
        if (a >= b) continue;
        const cellsA = (GLYPHS[a] ?? []).join('');
        const cellsB = (GLYPHS[b] ?? []).join('');
        const distance = [...cellsA].filter((cell, i) => cell !== cellsB[i]).length;
        expect(distance, `${a} vs ${b}`).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('refuses a character it cannot draw', () => {
    expect(() => renderText('abc')).toThrow(/No glyph for "a"/);
  });
});

describe('encodePng', () => {
  it('writes a grayscale PNG whose chunks carry the CRC zlib computes', () => {
    const bitmap = renderText('QXTR-4821');
    const png = Buffer.from(encodePng(bitmap));
    expect(png.subarray(0, 8).equals(Buffer.from(PNG_SIGNATURE))).toBe(true);
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(bitmap.width);
    expect(png.readUInt32BE(20)).toBe(bitmap.height);
    expect([png[24], png[25]]).toEqual([8, 0]);
    // Walk every chunk: its CRC covers its type and data.
    const types: string[] = [];
    for (let offset = 8; offset < png.length;) {
      const length = png.readUInt32BE(offset);
      const typed = png.subarray(offset + 4, offset + 8 + length);
      types.push(png.toString('latin1', offset + 4, offset + 8));
      expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(typed));
      offset += 12 + length;
    }
    expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
    // The standard check value of CRC-32.
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('is small: a code costs Claude a couple dozen image tokens (width × height / 750)', () => {
    const { width, height } = renderText(createNonce());
    expect(Math.ceil((width * height) / 750)).toBeLessThanOrEqual(20);
  });
});

describe("the simulator's reader", () => {
  it('reads back any code the probe draws, at any scale', () => {
    for (let i = 0; i < 50; i++) {
      const nonce = createNonce();
      const scale = 1 + (i % 5);
      const png = encodePng(renderText(nonce, { scale, margin: 3 + i }));
      const bitmap = decodePng(png);
      expect(bitmap && readText(bitmap), `${nonce} at scale ${scale}`).toBe(nonce);
    }
  });

  it('decodes every PNG scanline filter and colour type it meets, as other encoders write them', () => {
    const nonce = 'ZQJW-0897';
    const { width, height, pixels } = renderText(nonce, { scale: 3 });
    for (const filter of [0, 1, 2, 3, 4]) {
      for (const channels of [1, 3, 4]) {
        const png = filteredPng(width, height, pixels, channels, filter);
        const bitmap = decodePng(png);
        expect(bitmap && readText(bitmap), `filter ${filter}, ${channels} channels`).toBe(nonce);
      }
    }
  });

  it('reads nothing from a blank picture, another font, or bytes that are no PNG', () => {
    const blank = { width: 40, height: 20, pixels: new Uint8Array(800).fill(255) };
    expect(readText(blank)).toBe('');
    const noise = { width: 64, height: 32, pixels: new Uint8Array(2048) };
    for (let i = 0; i < noise.pixels.length; i++)
      noise.pixels[i] = (i * 7919) % 256 < 128 ? 0 : 255;
    expect(readText(noise)).toBe('');
    expect(decodePng(Buffer.from('GIF89a not a png'))).toBeUndefined();
  });
});

/** A PNG of `pixels` as `channels` (grey, RGB, RGBA), every row written with `filter`. */
function filteredPng(
  width: number,
  height: number,
  pixels: Uint8Array,
  channels: number,
  filter: number,
): Uint8Array {
  const stride = width * channels;
  const plain = new Uint8Array(height * stride);
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < channels; c++) plain[i * channels + c] = c === 3 ? 255 : (pixels[i] ?? 0);
  }
  const raw = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = filter;
    for (let i = 0; i < stride; i++) {
      const x = plain[y * stride + i] ?? 0;
      const a = i >= channels ? (plain[y * stride + i - channels] ?? 0) : 0;
      const b = y > 0 ? (plain[(y - 1) * stride + i] ?? 0) : 0;
      const c = y > 0 && i >= channels ? (plain[(y - 1) * stride + i - channels] ?? 0) : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter] ?? 0;
      raw[y * (stride + 1) + 1 + i] = (x - predictor) & 0xff;
    }
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    typed.copy(out, 4);
    out.writeUInt32BE(crc32(typed), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = { 1: 0, 3: 2, 4: 6 }[channels] ?? 0;
  return Buffer.concat([
    Buffer.from(PNG_SIGNATURE),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
