/**
 * Diagnosis hints quote commands and fields in Markdown code spans (`` `aws bedrock ...` ``).
 * The page shows them as `<code>` built from text nodes, never by handing the hint to
 * `innerHTML`, so a hint can never become markup.
 */

/** One piece of a hint: plain text, or the inside of a code span. */
export interface TextSegment {
  code: boolean;
  text: string;
}

/**
 * Splits `text` at single backticks into plain and code segments. A backtick without a partner
 * stays literal text, as in Markdown; empty segments are dropped.
 */
export function splitCodeSpans(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  const push = (segment: TextSegment): void => {
    if (segment.text === '') return;
    const last = segments.at(-1);
    if (last?.code === false && !segment.code) last.text += segment.text;
    else segments.push(segment);
  };
  let rest = text;
  for (;;) {
    const open = rest.indexOf('`');
    const close = open === -1 ? -1 : rest.indexOf('`', open + 1);
    if (close === -1) {
      push({ code: false, text: rest });
      return segments;
    }
    push({ code: false, text: rest.slice(0, open) });
    const inside = rest.slice(open + 1, close);
    // "``" is not a code span; keep it as written.
    push(inside === '' ? { code: false, text: '``' } : { code: true, text: inside });
    rest = rest.slice(close + 1);
  }
}
