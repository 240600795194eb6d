import { describe, expect, it } from 'vitest';
import { formatSseMessage, SSE_KEEP_ALIVE } from '../../shared/sse.js';

describe('formatSseMessage', () => {
  it('writes id then one data line and a blank line', () => {
    expect(formatSseMessage({ id: '7', data: '{"type":"progress"}' })).toBe('id: 7\ndata: {"type":"progress"}\n\n');
  });

  it('splits multi-line data into several data lines', () => {
    expect(formatSseMessage({ data: 'a\nb\r\nc' })).toBe('data: a\ndata: b\ndata: c\n\n');
  });

  it('rejects a line break in id or event, which would inject a field', () => {
    expect(() => formatSseMessage({ id: '1\ndata: x', data: 'y' })).toThrow(RangeError);
    expect(() => formatSseMessage({ event: 'a\rb', data: 'y' })).toThrow(RangeError);
  });

  it('keep-alive is a comment frame that parsers ignore', () => {
    expect(SSE_KEEP_ALIVE.startsWith(':')).toBe(true);
    expect(SSE_KEEP_ALIVE.endsWith('\n\n')).toBe(true);
  });
});
