import { describe, expect, it } from 'vitest';
import type { Tool } from '@aws-sdk/client-bedrock-runtime';
import {
  APPLICATION_PROFILES,
  applicationProfileArn,
  SIMULATOR_CATALOG,
} from '../../../local/bedrock-simulator/index.js';
import {
  ask,
  converse,
  converseStream,
  expectBedrockError,
  type ExpectedError,
  nonce,
  streamedText,
  textOf,
  useSimulator,
} from './sdk-helpers.js';

const APPLICATION_PROFILE = applicationProfileArn(
  APPLICATION_PROFILES[0] as (typeof APPLICATION_PROFILES)[number],
);

const ON_DEMAND = (modelId: string): ExpectedError => ({
  name: 'ValidationException',
  status: 400,
  message: `Invocation of model ID ${modelId} with on-demand throughput isn\u2019t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
});
const ACCESS_DENIED: ExpectedError = {
  name: 'AccessDeniedException',
  status: 403,
  message: "You don't have access to the model with the specified model ID.",
};
const END_OF_LIFE: ExpectedError = {
  name: 'ResourceNotFoundException',
  status: 404,
  message:
    'This model version has reached the end of its life. Please refer to the AWS documentation for more details.',
};
const INVALID_ID: ExpectedError = {
  name: 'ValidationException',
  status: 400,
  message: 'The provided model identifier is invalid.',
};
const THROTTLED: ExpectedError = {
  name: 'ThrottlingException',
  status: 429,
  message: 'Too many requests, please wait before trying again.',
};
const UNAVAILABLE: ExpectedError = {
  name: 'ServiceUnavailableException',
  status: 503,
  message: 'Bedrock is unable to process your request.',
};
const STREAM_DROP: ExpectedError = {
  name: 'ModelStreamErrorException',
  message: 'The system encountered an unexpected error during processing. Try your request again.',
};
const LEGACY: ExpectedError = {
  name: 'ResourceNotFoundException',
  status: 404,
  message:
    'Access denied. This Model is marked by provider as Legacy and you have not been actively using the model in the last 15 days. Please upgrade to an active model on Amazon Bedrock',
};
const MARKETPLACE: ExpectedError = {
  name: 'AccessDeniedException',
  status: 403,
  message:
    'Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model. Refer to the Amazon Bedrock documentation for further details. Your AWS Marketplace subscription for this model cannot be completed at this time. If you recently fixed this issue, try again after 15 minutes.',
};
const NOT_TEXT: ExpectedError = {
  name: 'ValidationException',
  status: 400,
  message:
    "This action doesn't support the model that you provided. Try again with a supported text or chat model.",
};

type Outcome = 'answers' | 'ignores' | 'hangs' | ExpectedError;

const both = (outcome: Outcome): { converse: Outcome; stream: Outcome } => ({
  converse: outcome,
  stream: outcome,
});
/** A profile-only model: its us. (and global.) profiles answer, the bare id needs a profile. */
const profileOnly = (
  modelId: string,
  prefixes: readonly string[] = ['us'],
): Record<string, { converse: Outcome; stream: Outcome }> => ({
  ...Object.fromEntries(prefixes.map((prefix) => [`${prefix}.${modelId}`, both('answers')])),
  [modelId]: both(ON_DEMAND(modelId)),
});

/** What every catalog id does from us-east-1 with "Reply with exactly <nonce>", on Converse and on ConverseStream. */
const EXPECTED: Record<string, { converse: Outcome; stream: Outcome }> = {
  ...profileOnly('anthropic.claude-sonnet-4-5-20250929-v1:0', ['us', 'global']),
  ...profileOnly('anthropic.claude-haiku-4-5-20251001-v1:0', ['us', 'global']),
  ...profileOnly('anthropic.claude-opus-4-5-20251101-v1:0', ['us', 'global']),
  ...profileOnly('anthropic.claude-sonnet-4-6', ['us', 'global']),
  // An SCP of this account denies Opus 4.6; the bare id is refused first for lack of a profile.
  'us.anthropic.claude-opus-4-6-v1': both(ACCESS_DENIED),
  'global.anthropic.claude-opus-4-6-v1': both(ACCESS_DENIED),
  'anthropic.claude-opus-4-6-v1': both(ON_DEMAND('anthropic.claude-opus-4-6-v1')),
  // Legacy, and this account has not invoked it in 15 days.
  'us.anthropic.claude-opus-4-1-20250805-v1:0': both(LEGACY),
  'anthropic.claude-opus-4-1-20250805-v1:0': both(
    ON_DEMAND('anthropic.claude-opus-4-1-20250805-v1:0'),
  ),
  ...profileOnly('amazon.nova-2-lite-v1:0', ['us', 'global']),
  'amazon.nova-pro-v1:0': both('answers'),
  'us.amazon.nova-pro-v1:0': both('answers'),
  'amazon.nova-lite-v1:0': both('answers'),
  'us.amazon.nova-lite-v1:0': both('answers'),
  'amazon.nova-micro-v1:0': both('answers'),
  'us.amazon.nova-micro-v1:0': both('answers'),
  ...profileOnly('meta.llama4-maverick-17b-instruct-v1:0'),
  ...profileOnly('meta.llama4-scout-17b-instruct-v1:0'),
  ...profileOnly('meta.llama3-3-70b-instruct-v1:0'),
  ...profileOnly('mistral.pixtral-large-2502-v1:0'),
  'mistral.mistral-large-3-675b-instruct': both('answers'),
  // Offered in us-west-2 and elsewhere, not in us-east-1.
  'deepseek.v3-v1:0': both(INVALID_ID),
  ...profileOnly('deepseek.r1-v1:0'),
  'openai.gpt-oss-120b-1:0': both('answers'),
  'openai.gpt-oss-20b-1:0': both('answers'),
  'qwen.qwen3-32b-v1:0': both('answers'),
  'qwen.qwen3-235b-a22b-2507-v1:0': both('answers'),
  'qwen.qwen3-coder-30b-a3b-v1:0': both('answers'),
  ...profileOnly('writer.palmyra-x5-v1:0'),
  'amazon.titan-embed-text-v2:0': both(NOT_TEXT),
  'cohere.embed-english-v3': both(NOT_TEXT),
  'stability.sd3-5-large-v1:0': both(INVALID_ID),
  // Retired: no longer listed, still named in Bedrock's refusal.
  'anthropic.claude-3-5-sonnet-20241022-v2:0': both(END_OF_LIFE),
  'anthropic.claude-3-7-sonnet-20250219-v1:0': both(END_OF_LIFE),
  'anthropic.claude-sonnet-4-20250514-v1:0': both(END_OF_LIFE),
  'anthropic.claude-3-5-haiku-20241022-v1:0': both(END_OF_LIFE),
  'anthropic.claude-3-haiku-20240307-v1:0': both(END_OF_LIFE),
  'anthropic.claude-v2': both(END_OF_LIFE),
  'anthropic.claude-v2:1': both(END_OF_LIFE),
  'meta.llama3-2-11b-instruct-v1:0': both(END_OF_LIFE),
  'amazon.nova-premier-v1:0': both(END_OF_LIFE),
  'amazon.nova-canvas-v1:0': both(END_OF_LIFE),
  'sim.marketplace-denied': both(MARKETPLACE),
  'sim.throttled': both(THROTTLED),
  'sim.unavailable': both(UNAVAILABLE),
  'sim.stream-drop': { converse: 'answers', stream: STREAM_DROP },
  'sim.hang': both('hangs'),
  'sim.wrong-answers': both('ignores'),
  'sim.slow-first-token': both('answers'),
  [APPLICATION_PROFILE]: both('answers'),
  'acme.nonexistent-v1:0': both(INVALID_ID),
};

/** Retired ids the suggestions leave as bare ids, whose profiles answer the same refusal. */
const RETIRED_PROFILES: Record<string, ExpectedError> = {
  'us.anthropic.claude-3-5-sonnet-20241022-v2:0': END_OF_LIFE,
  'us.anthropic.claude-3-7-sonnet-20250219-v1:0': END_OF_LIFE,
  'global.anthropic.claude-sonnet-4-20250514-v1:0': END_OF_LIFE,
  // A geography the model never had is unknown, retired or not.
  'global.anthropic.claude-3-5-sonnet-20241022-v2:0': INVALID_ID,
};

/** Which probed features each model that answers supports: [system prompt, tool use, streaming tool use]. */
const FEATURES: Record<string, [boolean, boolean, boolean]> = {
  'us.anthropic.claude-sonnet-4-5-20250929-v1:0': [true, true, true],
  'global.anthropic.claude-haiku-4-5-20251001-v1:0': [true, true, true],
  'us.anthropic.claude-sonnet-4-6': [true, true, true],
  'global.amazon.nova-2-lite-v1:0': [true, true, true],
  'amazon.nova-lite-v1:0': [true, true, true],
  'amazon.nova-micro-v1:0': [true, true, true],
  'us.meta.llama4-maverick-17b-instruct-v1:0': [true, true, false],
  'us.meta.llama4-scout-17b-instruct-v1:0': [true, true, false],
  'us.mistral.pixtral-large-2502-v1:0': [true, true, true],
  'mistral.mistral-large-3-675b-instruct': [true, true, true],
  'us.deepseek.r1-v1:0': [true, false, false],
  'openai.gpt-oss-120b-1:0': [true, true, true],
  'qwen.qwen3-32b-v1:0': [true, true, true],
  'us.writer.palmyra-x5-v1:0': [true, true, true],
  [APPLICATION_PROFILE]: [true, true, true],
};

const TOOLS: Tool[] = [
  {
    toolSpec: {
      name: 'record_code',
      description: 'Records a verification code.',
      inputSchema: {
        json: { type: 'object', properties: { code: { type: 'string' } }, required: ['code'] },
      },
    },
  },
];

const bedrock = useSimulator();

describe('SIMULATOR_CATALOG', () => {
  it('lists exactly the ids this test covers, each with a description', () => {
    expect(SIMULATOR_CATALOG.map((entry) => entry.modelId).sort()).toEqual(
      Object.keys(EXPECTED).sort(),
    );
    for (const entry of SIMULATOR_CATALOG) expect(entry.description.length).toBeGreaterThan(10);
  });
});

describe.concurrent.each(Object.entries(RETIRED_PROFILES))('%s', (modelId, expected) => {
  it('refuses on Converse and ConverseStream', async () => {
    await expectBedrockError(converse(bedrock.client, { modelId, messages: ask('Hi') }), expected);
    await expectBedrockError(
      converseStream(bedrock.client, { modelId, messages: ask('Hi') }),
      expected,
    );
  });
});

describe.concurrent.each(
  Object.entries(EXPECTED).filter(([, outcome]) => outcome.converse !== 'hangs'),
)('%s', (modelId, expected) => {
  it('Converse behaves as the catalog says', async () => {
    const code = nonce();
    const call = converse(bedrock.client, {
      modelId,
      messages: ask(`Reply with exactly ${code} and nothing else.`),
      inferenceConfig: { maxTokens: 400 },
    });
    if (typeof expected.converse === 'object') return expectBedrockError(call, expected.converse);
    const text = textOf(await call);
    if (expected.converse === 'answers') expect(text).toBe(code);
    else expect(text).not.toContain(code);
  });

  it('ConverseStream behaves as the catalog says', async () => {
    const code = nonce();
    const call = converseStream(bedrock.client, {
      modelId,
      messages: ask(`Reply with exactly ${code} and nothing else.`),
      inferenceConfig: { maxTokens: 400 },
    });
    if (typeof expected.stream === 'object') return expectBedrockError(call, expected.stream);
    const events = await call;
    if (expected.stream === 'answers') expect(streamedText(events)).toBe(code);
    else expect(streamedText(events)).not.toContain(code);
    expect(events.at(-1)?.metadata?.usage?.outputTokens).toBeGreaterThan(0);
  });
});

describe.concurrent.each(Object.entries(FEATURES))(
  '%s features',
  (modelId, [systemPrompt, toolUse, streamingToolUse]) => {
    it(`system prompt ${systemPrompt ? 'works' : 'is refused'}`, async () => {
      const code = nonce();
      const call = converse(bedrock.client, {
        modelId,
        system: [{ text: `Always end every answer with the code word ${code}.` }],
        messages: ask('Name one primary color in one short sentence.'),
        inferenceConfig: { maxTokens: 400 },
      });
      if (!systemPrompt) {
        return expectBedrockError(call, {
          name: 'ValidationException',
          status: 400,
          message:
            "This model doesn't support system messages. Try again without a system message or use a model that supports system messages.",
        });
      }
      expect(textOf(await call).endsWith(code)).toBe(true);
    });

    it(`tool use ${toolUse ? 'works' : 'is refused'} on Converse`, async () => {
      const code = nonce();
      const call = converse(bedrock.client, {
        modelId,
        messages: ask(`Call the record_code tool with the code ${code}.`),
        toolConfig: { tools: TOOLS },
        inferenceConfig: { maxTokens: 400 },
      });
      if (!toolUse) {
        return expectBedrockError(call, {
          name: 'ValidationException',
          status: 400,
          message: "This model doesn't support tool use.",
        });
      }
      const output = await call;
      expect(output.stopReason).toBe('tool_use');
      const toolCall = output.output?.message?.content?.find((block) => block.toolUse)?.toolUse;
      expect(toolCall?.name).toBe('record_code');
      expect(toolCall?.input).toEqual({ code });
    });

    it(`tool use ${streamingToolUse ? 'works' : 'is refused'} on ConverseStream`, async () => {
      const code = nonce();
      const call = converseStream(bedrock.client, {
        modelId,
        messages: ask(`Call the record_code tool with the code ${code}.`),
        toolConfig: { tools: TOOLS },
        inferenceConfig: { maxTokens: 400 },
      });
      if (!streamingToolUse) {
        const message = toolUse
          ? "This model doesn't support tool use in streaming mode."
          : "This model doesn't support tool use.";
        return expectBedrockError(call, { name: 'ValidationException', status: 400, message });
      }
      const events = await call;
      const start = events.find((event) => event.contentBlockStart?.start?.toolUse)
        ?.contentBlockStart?.start?.toolUse;
      expect(start?.name).toBe('record_code');
      const input = events
        .map((event) => event.contentBlockDelta?.delta?.toolUse?.input ?? '')
        .join('');
      expect(JSON.parse(input)).toEqual({ code });
      expect(events.find((event) => event.messageStop)?.messageStop?.stopReason).toBe('tool_use');
    });
  },
);
