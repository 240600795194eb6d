import { baseModelId } from './base-model-id.js';

/**
 * Fewest prompt tokens before a cache point that Bedrock will cache, per model family. Below it
 * the cache point is accepted and silently ignored, so the prompt-caching probe must send at least
 * this much or it would blame the model for its own short prefix.
 * Sources: https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html ("Supported
 * models, Regions, and limits") and Anthropic's table of minimum cacheable lengths
 * (https://platform.claude.com/docs/en/build-with-claude/prompt-caching).
 */
const MINIMUMS: readonly [RegExp, number][] = [
  [/^anthropic\.claude-(?:haiku-4-5|opus-4-5|opus-4-6)/, 4_096],
  [/^anthropic\.claude-(?:3-5-haiku|3-haiku|sonnet-4-6)/, 2_048],
  [/^anthropic\./, 1_024],
  [/^amazon\.nova-/, 1_000],
];

/** A model whose family the table does not know gets the most common minimum. */
export const DEFAULT_PROMPT_CACHE_MINIMUM = 1_024;

/** The documented minimum cacheable prefix of `modelId`, in tokens. */
export function promptCacheMinimumTokens(modelId: string): number {
  const base = baseModelId(modelId) ?? '';
  return MINIMUMS.find(([pattern]) => pattern.test(base))?.[1] ?? DEFAULT_PROMPT_CACHE_MINIMUM;
}
