import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../local/bedrock-simulator/index.js';
import { PRICE_TABLE, estimateCostUsd, priceOf } from '../../../shared/certification/pricing.js';

describe('estimateCostUsd', () => {
  it('prices input and output tokens separately per million', () => {
    // Claude 3.5 Sonnet: $3 / $15 per 1M tokens.
    expect(
      estimateCostUsd('anthropic.claude-3-5-sonnet-20241022-v2:0', {
        inputTokens: 1000,
        outputTokens: 100,
      }),
    ).toBeCloseTo(0.0045, 10);
  });

  it('prices an inference profile as its base model', () => {
    const usage = { inputTokens: 12_345, outputTokens: 678 };
    expect(estimateCostUsd('us.meta.llama3-2-11b-instruct-v1:0', usage)).toBe(
      estimateCostUsd('meta.llama3-2-11b-instruct-v1:0', usage),
    );
    expect(estimateCostUsd('us.meta.llama3-2-11b-instruct-v1:0', usage)).not.toBeNull();
  });

  it('prices foundation-model and inference-profile ARNs as their model', () => {
    expect(
      priceOf('arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1'),
    ).toEqual(PRICE_TABLE['amazon.titan-text-express-v1']);
    expect(
      priceOf(
        'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0',
      ),
    ).toEqual(PRICE_TABLE['anthropic.claude-3-5-sonnet-20241022-v2:0']);
  });

  it('is null for an unknown model or an opaque ARN, never a guess', () => {
    expect(
      estimateCostUsd('acme.nonexistent-v1:0', { inputTokens: 10, outputTokens: 10 }),
    ).toBeNull();
    expect(
      estimateCostUsd('arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdefghijkl', {
        inputTokens: 1,
        outputTokens: 1,
      }),
    ).toBeNull();
  });

  it('counts cache writes and reads at their own prices where the model has them, else at the input price', () => {
    const table = {
      'anthropic.claude-sonnet-4-5-20250929-v1:0': {
        inputPerMillion: 3,
        outputPerMillion: 15,
        cacheWritePerMillion: 3.75,
        cacheReadPerMillion: 0.3,
      },
      'amazon.nova-lite-v1:0': { inputPerMillion: 0.06, outputPerMillion: 0.24 },
    };
    const usage = {
      inputTokens: 20,
      outputTokens: 10,
      cacheWriteInputTokens: 1_000_000,
      cacheReadInputTokens: 1_000_000,
    };
    // 20 × 3 + 10 × 15 per 1M, plus 1M written at 3.75 and 1M read at 0.30.
    expect(estimateCostUsd('us.anthropic.claude-sonnet-4-5-20250929-v1:0', usage, table)).toBe(
      Math.round((0.00021 + 3.75 + 0.3) * 1e8) / 1e8,
    );
    // No cache prices: the cached tokens are input tokens.
    expect(estimateCostUsd('amazon.nova-lite-v1:0', usage, table)).toBe(
      Math.round(((20 * 0.06 + 10 * 0.24 + 2_000_000 * 0.06) / 1e6) * 1e8) / 1e8,
    );
    // Without cache counts, as before.
    expect(
      estimateCostUsd('amazon.nova-lite-v1:0', { inputTokens: 1_000_000, outputTokens: 0 }, table),
    ).toBe(0.06);
  });

  it('is zero for zero tokens of a known model', () => {
    expect(estimateCostUsd('amazon.nova-lite-v1:0', { inputTokens: 0, outputTokens: 0 })).toBe(0);
  });

  it('has a sane price for every entry', () => {
    for (const [modelId, price] of Object.entries(PRICE_TABLE)) {
      expect(price.inputPerMillion, modelId).toBeGreaterThan(0);
      expect(price.outputPerMillion, modelId).toBeGreaterThanOrEqual(price.inputPerMillion);
    }
  });

  it('prices every Bedrock text model the local simulator offers, so a certification always shows a cost', () => {
    const text = MODELS.filter(
      (model) =>
        model.providerName !== 'Simulator' &&
        model.outputModalities.includes('TEXT') &&
        model.lifecycle !== 'END_OF_LIFE' &&
        model.provisionedOnly !== true,
    );
    expect(text.length).toBeGreaterThan(10);
    expect(
      text.map((model) => model.modelId).filter((modelId) => priceOf(modelId) === undefined),
    ).toEqual([]);
  });

  it('prices prompt cache writes and reads where the model caches: Claude 1.25x and 0.1x, Nova free and 0.25x', () => {
    expect(priceOf('us.anthropic.claude-sonnet-4-5-20250929-v1:0')).toEqual({
      inputPerMillion: 3,
      outputPerMillion: 15,
      cacheWritePerMillion: 3.75,
      cacheReadPerMillion: 0.3,
    });
    expect(priceOf('anthropic.claude-opus-4-6-v1')).toMatchObject({
      cacheWritePerMillion: 6.25,
      cacheReadPerMillion: 0.5,
    });
    expect(priceOf('amazon.nova-lite-v1:0')).toMatchObject({
      cacheWritePerMillion: 0,
      cacheReadPerMillion: 0.015,
    });
    expect(priceOf('meta.llama3-3-70b-instruct-v1:0')?.cacheReadPerMillion).toBeUndefined();
    // Every model the simulated account documents as caching has cache prices.
    const caching = MODELS.filter(
      (model) =>
        model.features.promptCaching === true &&
        model.lifecycle !== 'END_OF_LIFE' &&
        model.provisionedOnly !== true,
    );
    expect(caching.length).toBeGreaterThan(5);
    expect(
      caching
        .map((model) => model.modelId)
        .filter((modelId) => priceOf(modelId)?.cacheReadPerMillion === undefined),
    ).toEqual([]);
  });
});
