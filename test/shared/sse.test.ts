import { describe, expect, it } from 'vitest';
import { formatSseMessage, SSE_KEEP_ALIVE } from '../../shared/sse.js';

describe('formatSseMessage', () => {
  it('writes exactly one data line and a blank line: no id, event or retry field', () => {
    expect(formatSseMessage({ data: '{"type":"progress"}' })).toBe('data: {"type":"progress"}\n\n');
  });

  it('refuses data with a line break, which would become a second data line or a second event', () => {
    for (const data of ['a\nb', 'a\r\nb', 'a\rb', '{}\n\ndata: {}'])
      expect(() => formatSseMessage({ data })).toThrow(RangeError);
  });

  it('keep-alive is a comment frame that parsers ignore', () => {
    expect(SSE_KEEP_ALIVE).toBe(': keep-alive\n\n');
  });
});
