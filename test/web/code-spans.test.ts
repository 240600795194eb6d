import { describe, expect, it } from 'vitest';
import { splitCodeSpans } from '../../web/code-spans.js';

describe('splitCodeSpans', () => {
  it('splits a hint into text and code spans', () => {
    expect(
      splitCodeSpans(
        'check the id with `aws bedrock list-foundation-models --region us-east-1` (models differ).',
      ),
    ).toEqual([
      { code: false, text: 'check the id with ' },
      { code: true, text: 'aws bedrock list-foundation-models --region us-east-1' },
      { code: false, text: ' (models differ).' },
    ]);
    expect(splitCodeSpans('`a` and `b`')).toEqual([
      { code: true, text: 'a' },
      { code: false, text: ' and ' },
      { code: true, text: 'b' },
    ]);
  });

  it('keeps an unpaired backtick, an empty span and markup-looking text as plain text', () => {
    expect(splitCodeSpans('one ` alone')).toEqual([{ code: false, text: 'one ` alone' }]);
    expect(splitCodeSpans('empty `` here')).toEqual([{ code: false, text: 'empty `` here' }]);
    expect(splitCodeSpans('`<img src=x onerror=alert(1)>` <b>')).toEqual([
      { code: true, text: '<img src=x onerror=alert(1)>' },
      { code: false, text: ' <b>' },
    ]);
    expect(splitCodeSpans('')).toEqual([]);
  });
});
