import type { TokenUsage } from '../types.js';
import { baseModelId } from './base-model-id.js';

/** On-demand price of one model in USD per million tokens. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
  /** Input tokens written to the prompt cache (5-minute TTL); absent where caching is not sold. */
  cacheWritePerMillion?: number;
  /** Input tokens read from the prompt cache; absent where caching is not sold. */
  cacheReadPerMillion?: number;
}

/** Anthropic's cache prices on Bedrock: writes 1.25x, reads 0.1x the input price (5-minute TTL). */
function claude(inputPerMillion: number, outputPerMillion: number): ModelPrice {
  return {
    inputPerMillion,
    outputPerMillion,
    cacheWritePerMillion: round(inputPerMillion * 1.25),
    cacheReadPerMillion: round(inputPerMillion * 0.1),
  };
}

/** Amazon Nova's: reads 75 % below the input price, writes not charged. */
function nova(inputPerMillion: number, outputPerMillion: number): ModelPrice {
  return {
    inputPerMillion,
    outputPerMillion,
    cacheWritePerMillion: 0,
    cacheReadPerMillion: round(inputPerMillion * 0.25),
  };
}

/** Prices to 1e-6 USD per million tokens, so 1.25 x 0.8 reads 1, not 1.0000000000000002. */
function round(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}

/**
 * On-demand text prices, USD per 1M tokens, US East (N. Virginia).
 * Source: Amazon Bedrock pricing page, https://aws.amazon.com/bedrock/pricing/ (as listed in
 * 2025 and 2026; cache prices: the page's prompt-caching columns, 5-minute cache writes).
 * Cross-region inference profiles cost the same as their base model (no extra charge,
 * priced in the source region), so profiles are looked up by base model id. Update this table
 * when AWS changes prices; an unknown model gets `null`, never a guess. Retired models keep
 * their last price: a stored result of theirs still shows what it cost.
 */
export const PRICE_TABLE: Readonly<Record<string, ModelPrice>> = {
  'anthropic.claude-sonnet-4-5-20250929-v1:0': claude(3, 15),
  'anthropic.claude-haiku-4-5-20251001-v1:0': claude(1, 5),
  'anthropic.claude-opus-4-5-20251101-v1:0': claude(5, 25),
  'anthropic.claude-sonnet-4-6': claude(3, 15),
  'anthropic.claude-opus-4-6-v1': claude(5, 25),
  'anthropic.claude-opus-4-1-20250805-v1:0': claude(15, 75),
  'amazon.nova-2-lite-v1:0': { inputPerMillion: 0.3, outputPerMillion: 2.5 },
  'amazon.nova-premier-v1:0': nova(2.5, 12.5),
  'meta.llama4-maverick-17b-instruct-v1:0': { inputPerMillion: 0.24, outputPerMillion: 0.97 },
  'meta.llama4-scout-17b-instruct-v1:0': { inputPerMillion: 0.17, outputPerMillion: 0.66 },
  'meta.llama3-3-70b-instruct-v1:0': { inputPerMillion: 0.72, outputPerMillion: 0.72 },
  'mistral.pixtral-large-2502-v1:0': { inputPerMillion: 2, outputPerMillion: 6 },
  'mistral.mistral-large-3-675b-instruct': { inputPerMillion: 0.5, outputPerMillion: 1.5 },
  'deepseek.v3-v1:0': { inputPerMillion: 0.58, outputPerMillion: 1.68 },
  'qwen.qwen3-32b-v1:0': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'qwen.qwen3-235b-a22b-2507-v1:0': { inputPerMillion: 0.22, outputPerMillion: 0.88 },
  'qwen.qwen3-coder-30b-a3b-v1:0': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'writer.palmyra-x5-v1:0': { inputPerMillion: 0.6, outputPerMillion: 6 },
  'anthropic.claude-3-5-sonnet-20241022-v2:0': { inputPerMillion: 3, outputPerMillion: 15 },
  'anthropic.claude-3-5-sonnet-20240620-v1:0': { inputPerMillion: 3, outputPerMillion: 15 },
  'anthropic.claude-3-7-sonnet-20250219-v1:0': claude(3, 15),
  'anthropic.claude-sonnet-4-20250514-v1:0': claude(3, 15),
  'anthropic.claude-3-5-haiku-20241022-v1:0': claude(0.8, 4),
  'anthropic.claude-3-haiku-20240307-v1:0': { inputPerMillion: 0.25, outputPerMillion: 1.25 },
  'anthropic.claude-3-opus-20240229-v1:0': { inputPerMillion: 15, outputPerMillion: 75 },
  'anthropic.claude-v2': { inputPerMillion: 8, outputPerMillion: 24 },
  'anthropic.claude-v2:1': { inputPerMillion: 8, outputPerMillion: 24 },
  'amazon.titan-text-express-v1': { inputPerMillion: 0.2, outputPerMillion: 0.6 },
  'amazon.titan-text-lite-v1': { inputPerMillion: 0.15, outputPerMillion: 0.2 },
  'amazon.nova-micro-v1:0': nova(0.035, 0.14),
  'amazon.nova-lite-v1:0': nova(0.06, 0.24),
  'amazon.nova-pro-v1:0': nova(0.8, 3.2),
  'meta.llama3-2-1b-instruct-v1:0': { inputPerMillion: 0.1, outputPerMillion: 0.1 },
  'meta.llama3-2-3b-instruct-v1:0': { inputPerMillion: 0.15, outputPerMillion: 0.15 },
  'meta.llama3-2-11b-instruct-v1:0': { inputPerMillion: 0.16, outputPerMillion: 0.16 },
  'meta.llama3-2-90b-instruct-v1:0': { inputPerMillion: 0.72, outputPerMillion: 0.72 },
  'meta.llama3-1-8b-instruct-v1:0': { inputPerMillion: 0.22, outputPerMillion: 0.22 },
  'meta.llama3-1-70b-instruct-v1:0': { inputPerMillion: 0.72, outputPerMillion: 0.72 },
  'mistral.mistral-large-2402-v1:0': { inputPerMillion: 4, outputPerMillion: 12 },
  'mistral.mistral-large-2407-v1:0': { inputPerMillion: 2, outputPerMillion: 6 },
  'mistral.mixtral-8x7b-instruct-v0:1': { inputPerMillion: 0.45, outputPerMillion: 0.7 },
  'mistral.mistral-7b-instruct-v0:2': { inputPerMillion: 0.15, outputPerMillion: 0.2 },
  'cohere.command-r-plus-v1:0': { inputPerMillion: 3, outputPerMillion: 15 },
  'cohere.command-r-v1:0': { inputPerMillion: 0.5, outputPerMillion: 1.5 },
  'deepseek.r1-v1:0': { inputPerMillion: 1.35, outputPerMillion: 5.4 },
  'openai.gpt-oss-120b-1:0': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'openai.gpt-oss-20b-1:0': { inputPerMillion: 0.07, outputPerMillion: 0.3 },
};

/** The on-demand price of a model id, inference profile id or model ARN, if known. */
export function priceOf(
  modelId: string,
  table: Readonly<Record<string, ModelPrice>> = PRICE_TABLE,
): ModelPrice | undefined {
  const base = baseModelId(modelId);
  return base === undefined ? undefined : table[base];
}

/**
 * Estimated on-demand cost in USD of `usage` on `modelId`, rounded to 1e-8 USD;
 * `null` when the model's price is unknown. Tokens written to or read from the prompt cache are
 * counted at the model's cache prices, and at its input price where it has none (Bedrock's
 * `inputTokens` leaves them out, so they are never counted twice).
 */
export function estimateCostUsd(
  modelId: string,
  usage: Pick<
    TokenUsage,
    'inputTokens' | 'outputTokens' | 'cacheReadInputTokens' | 'cacheWriteInputTokens'
  >,
  table: Readonly<Record<string, ModelPrice>> = PRICE_TABLE,
): number | null {
  const price = priceOf(modelId, table);
  if (price === undefined) return null;
  const usd =
    (usage.inputTokens * price.inputPerMillion +
      usage.outputTokens * price.outputPerMillion +
      (usage.cacheWriteInputTokens ?? 0) * (price.cacheWritePerMillion ?? price.inputPerMillion) +
      (usage.cacheReadInputTokens ?? 0) * (price.cacheReadPerMillion ?? price.inputPerMillion)) /
    1_000_000;
  return Math.round(usd * 1e8) / 1e8;
}
