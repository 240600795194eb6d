import type { ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { baseModelId } from '../base-model-id.js';

/** How to ask one model family for reasoning through Converse. */
export interface ReasoningRequest {
  /** Who documents it, for the failure message ("Anthropic extended thinking"). */
  setting: string;
  /** `additionalModelRequestFields` that turn reasoning on; none for a model that always reasons. */
  fields?: NonNullable<ConverseCommandInput['additionalModelRequestFields']>;
  /** Output budget: the thinking and a short answer must both fit. */
  maxTokens: number;
}

/** Claude's smallest thinking budget (Anthropic requires at least 1,024, and `max_tokens` above it). */
const CLAUDE_THINKING_BUDGET = 1_024;
/** Room for the answer after the thinking. */
const ANSWER_TOKENS = 64;
const CLAUDE_VERSION = /^anthropic\.claude-(?:opus|sonnet|haiku)-(\d+)-(\d+)(?:-|$)/;

/**
 * The reasoning setting of `modelId`'s family, or `undefined` when Bedrock documents none for it
 * (or the id, an application profile's ARN, hides its model).
 *
 * - Anthropic Claude up to 4.6: `thinking: {type: "enabled", budget_tokens}` (3.7 and later think;
 *   older models refuse the field, which the probe reports as their answer), no temperature
 *   change allowed (https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-extended-thinking.html);
 *   Claude 4.7 and later refuse that and take `thinking: {type: "adaptive"}`
 *   (https://platform.claude.com/docs/en/build-with-claude/extended-thinking).
 * - Amazon Nova 2: `reasoningConfig: {type: "enabled", maxReasoningEffort: "low"}`; its reasoning
 *   comes back redacted (https://docs.aws.amazon.com/nova/latest/nova2-userguide/reasoning-capabilities.html).
 * - OpenAI gpt-oss: the Chat Completions field `reasoning_effort`, passed through
 *   `additionalModelRequestFields` (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-openai.html).
 * - DeepSeek-R1: always reasons; nothing to send.
 */
export function reasoningRequestFor(modelId: string): ReasoningRequest | undefined {
  const base = baseModelId(modelId) ?? '';
  if (base.startsWith('anthropic.claude')) {
    // Older ids (`claude-3-7-sonnet`) put the version first; a model without thinking refuses the field.
    const version = CLAUDE_VERSION.exec(base);
    const [major, minor] = version ? [Number(version[1]), Number(version[2])] : [3, 0];
    if (major > 4 || (major === 4 && minor >= 7)) {
      return {
        setting: 'Anthropic adaptive thinking',
        fields: { thinking: { type: 'adaptive' } },
        maxTokens: CLAUDE_THINKING_BUDGET + ANSWER_TOKENS,
      };
    }
    return {
      setting: 'Anthropic extended thinking',
      fields: { thinking: { type: 'enabled', budget_tokens: CLAUDE_THINKING_BUDGET } },
      maxTokens: CLAUDE_THINKING_BUDGET + ANSWER_TOKENS,
    };
  }
  if (base.startsWith('amazon.nova-2-')) {
    return {
      setting: 'Amazon Nova 2 extended thinking',
      fields: { reasoningConfig: { type: 'enabled', maxReasoningEffort: 'low' } },
      maxTokens: 1_024,
    };
  }
  if (base.startsWith('openai.gpt-oss-')) {
    return {
      setting: 'OpenAI reasoning effort',
      fields: { reasoning_effort: 'low' },
      maxTokens: 1_024,
    };
  }
  if (base.startsWith('deepseek.r1'))
    return { setting: 'DeepSeek-R1 (always reasons)', maxTokens: 1_024 };
  return undefined;
}
