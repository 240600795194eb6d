/**
 * Plausible token arithmetic. Real tokenizers differ per model; about four characters per
 * token is the rule of thumb Bedrock's own documentation uses, and is close enough for cost
 * estimates and budgets to behave as they would in AWS.
 */

const CHARS_PER_TOKEN = 4;

/** Token estimate for prompt text of the given length (system, messages, tool schemas). */
export function tokensForCharacters(characters: number): number {
  return Math.ceil(characters / CHARS_PER_TOKEN);
}

/**
 * Splits generated text into token-sized pieces that concatenate back to the text. Output
 * usage is the number of pieces, so truncation and streaming agree with the reported usage.
 */
export function splitTokens(text: string): string[] {
  // A piece is optional leading whitespace plus up to four visible characters.
  const pieces = text.match(/\s*\S{1,4}/g) ?? [];
  const consumed = pieces.join('').length;
  if (consumed < text.length) {
    const rest = text.slice(consumed);
    if (pieces.length === 0) return rest.length > 0 ? [rest] : [];
    pieces[pieces.length - 1] += rest;
  }
  return pieces;
}

/** Groups token pieces into stream deltas of one to three tokens, as Bedrock's deltas vary in size. */
export function groupDeltas(pieces: readonly string[]): { text: string; tokens: number }[] {
  const sizes = [2, 1, 3];
  const deltas: { text: string; tokens: number }[] = [];
  let i = 0;
  let n = 0;
  while (i < pieces.length) {
    const size = Math.min(sizes[n % sizes.length] as number, pieces.length - i);
    deltas.push({ text: pieces.slice(i, i + size).join(''), tokens: size });
    i += size;
    n += 1;
  }
  return deltas;
}
