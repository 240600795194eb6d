import { describe, expect, it } from 'vitest';
import type { TestResult } from '../../client/index.js';
import { describeOutputSpeed, MIN_OUTPUT_TOKENS_FOR_SPEED } from '../../web/output-speed.js';

const streaming = (outputTokens?: number): TestResult[] => [
  {
    testName: 'streaming-test',
    status: 'passed',
    latencyMs: 400,
    ...(outputTokens === undefined
      ? {}
      : { usage: { inputTokens: 15, outputTokens, totalTokens: 15 + outputTokens } }),
  },
];

describe('describeOutputSpeed', () => {
  it('hides a speed measured on a 3-token answer and says why', () => {
    const speed = describeOutputSpeed({ outputTokensPerSecond: 2000, results: streaming(3) });

    expect(speed.shown).toBe(false);
    expect(speed.text).toBe('— (3 tokens: too short an answer to measure)');
  });

  it('shows it from the threshold on (a reasoning model streams 100+ tokens)', () => {
    expect(
      describeOutputSpeed({
        outputTokensPerSecond: 48.2,
        results: streaming(MIN_OUTPUT_TOKENS_FOR_SPEED),
      }),
    ).toEqual({ text: '48.2 tok/s', shown: true });
    expect(describeOutputSpeed({ outputTokensPerSecond: 141, results: streaming(154) })).toEqual({
      text: '141 tok/s',
      shown: true,
    });
    expect(
      describeOutputSpeed({
        outputTokensPerSecond: 90,
        results: streaming(MIN_OUTPUT_TOKENS_FOR_SPEED - 1),
      }).shown,
    ).toBe(false);
  });

  it('is a dash when there is no speed or no token count', () => {
    expect(describeOutputSpeed({ outputTokensPerSecond: null, results: streaming(200) })).toEqual({
      text: '—',
      shown: false,
    });
    expect(describeOutputSpeed({ outputTokensPerSecond: 50, results: streaming() }).text).toBe(
      '— (too few tokens: too short an answer to measure)',
    );
  });
});
