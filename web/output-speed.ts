/**
 * Whether a certification's output speed means anything. It is measured on the streaming
 * probe's answer, from the first token to the last; a plain model answers that probe with
 * about 3 tokens, so the figure rests on two inter-token gaps and swings wildly (35–222 tok/s
 * seen for one model). Bedrock also delivers several tokens per delta, so a handful of tokens may
 * arrive in one or two network chunks. Reasoning models think first and stream 100+ tokens, which
 * gives a stable figure.
 */
import type { Certification } from '../client/index.js';
import { t } from './i18n.js';
import { plural, rate as formatRate } from './locale-format.js';

/**
 * Fewest output tokens of the streaming probe for which the page shows a speed. At 20 tokens
 * the measurement spans 19 gaps, roughly 130–400 ms at 50–150 tok/s, so a 20–30 ms network
 * jitter moves it by about 10–20% instead of by a factor of six.
 */
export const MIN_OUTPUT_TOKENS_FOR_SPEED = 20;

/** What the page shows for output speed: the rate, or why there is none. */
export function describeOutputSpeed(
  certification: Pick<Certification, 'outputTokensPerSecond' | 'results'>,
): { text: string; shown: boolean } {
  const rate = certification.outputTokensPerSecond;
  if (rate === null) return { text: '—', shown: false };
  const tokens = certification.results.find((result) => result.testName === 'streaming-test')?.usage
    ?.outputTokens;
  if (tokens === undefined || tokens < MIN_OUTPUT_TOKENS_FOR_SPEED) {
    const text =
      tokens === undefined
        ? t('web.outputSpeed.tooFew')
        : plural(tokens, {
            one: 'web.outputSpeed.tokens.one',
            other: 'web.outputSpeed.tokens.other',
          });
    return { text, shown: false };
  }
  return { text: formatRate(rate), shown: true };
}
