import type { ProbeRequest } from '../probe-session.js';
import { promptCacheMinimumTokens } from '../prompt-cache-minimums.js';
import type { Probe } from './probe.js';
import { expectNonce, featureIgnored } from './answer-checks.js';

/**
 * How much longer than the documented minimum the prefix is made, estimating four characters per
 * token: tokenizers count these short numbered lines at three to four characters per token, so
 * the real prefix is above the minimum with room to spare, and not much more is spent.
 */
const MARGIN = 1.2;
const CHARS_PER_TOKEN = 4;
const WORDS = ['amber', 'birch', 'cedar', 'delta', 'ember', 'fjord', 'grove', 'harbor'];

/** A system prompt of at least `minTokens` that states the code first. */
export function cachedPrefix(nonce: string, minTokens: number): string {
  const lines = [`Session code: ${nonce}. Answer questions about this reference list.`];
  let length = lines[0]?.length ?? 0;
  for (let n = 1; length < minTokens * MARGIN * CHARS_PER_TOKEN; n++) {
    const line = `Entry ${n}: ${WORDS[n % WORDS.length] ?? ''} ${WORDS[(n * 3) % WORDS.length] ?? ''}.`;
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
}

/**
 * Prompt caching, proved by a cache read: the same request, with a cache point after a system
 * prompt of the model's documented minimum, sent twice in a row. The first call writes the cache
 * (or reads one), the second must report `cacheReadInputTokens`. A model that accepts the cache
 * point and reads nothing fails with `FEATURE_IGNORED`: it would bill every call in full. The
 * prefix holds a fresh code, so no earlier run's cache entry can answer it.
 */
export const promptCaching = {
  testName: 'prompt-caching',
  async run(session) {
    const nonce = session.nonce();
    const request: ProbeRequest = {
      system: [
        { text: cachedPrefix(nonce, promptCacheMinimumTokens(session.modelId)) },
        { cachePoint: { type: 'default' } },
      ],
      messages: [
        {
          role: 'user',
          content: [{ text: 'What is the session code? Reply with the code only.' }],
        },
      ],
    };
    const first = await session.converse(request, 20);
    const second = await session.converse(request, 20);
    expectNonce(second.text, nonce, 'the session code');
    const read = second.usage?.cacheReadInputTokens ?? 0;
    if (read === 0) {
      const written = first.usage?.cacheWriteInputTokens ?? 0;
      throw featureIgnored(
        `the cache point was accepted, but the second identical request read no cached tokens (the first wrote ${written}).`,
      );
    }
    return {};
  },
} satisfies Probe;
