/**
 * The simulator's behaviour for the full suite's seven features, through the real Bedrock
 * Runtime SDK: what a model with a feature answers (and counts), what one without it refuses,
 * with Bedrock's words, and the admin switch for each, prompt caching's "ignored" included.
 */
import type { ContentBlock, SystemContentBlock } from '@aws-sdk/client-bedrock-runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { encodePng } from '../../../shared/certification/image/png.js';
import { renderText } from '../../../shared/certification/image/pixel-font.js';
import {
  ask,
  converse,
  converseStream,
  expectBedrockError,
  nonce,
  streamedText,
  textOf,
  useSimulator,
} from './sdk-helpers.js';

const SONNET = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const NOVA_PRO = 'amazon.nova-pro-v1:0';
const MICRO = 'amazon.nova-micro-v1:0';
const LLAMA = 'us.meta.llama3-3-70b-instruct-v1:0';
const GPT = 'openai.gpt-oss-120b-1:0';

const bedrock = useSimulator();
afterEach(() => {
  bedrock.simulator.models.reset();
});

function imageOf(code: string): ContentBlock {
  return { image: { format: 'png', source: { bytes: encodePng(renderText(code)) } } };
}

function documentOf(code: string, citations = false): ContentBlock {
  const text = `Verification note. The verification code is ${code}. Keep this note on file.`;
  return {
    document: {
      format: 'txt',
      name: 'verification note',
      source: citations ? { text } : { bytes: new TextEncoder().encode(text) },
      ...(citations ? { citations: { enabled: true } } : {}),
    },
  };
}

/** A system prompt of about `tokens` tokens (four characters each) holding `code`, then a cache point. */
function cachedSystem(code: string, tokens: number): SystemContentBlock[] {
  const filler = 'Entry: amber birch cedar delta.\n'.repeat(Math.ceil((tokens * 4) / 32));
  return [{ text: `Session code: ${code}.\n${filler}` }, { cachePoint: { type: 'default' } }];
}

describe('image input', () => {
  it('a vision model reads the code off a PNG; an image costs width × height / 750 tokens', async () => {
    const code = nonce();
    const output = await converse(bedrock.client, {
      modelId: SONNET,
      messages: [
        {
          role: 'user',
          content: [imageOf(code), { text: 'Reply with the code shown in the image.' }],
        },
      ],
    });
    expect(textOf(output)).toBe(code);
    const { width, height } = renderText(code);
    const plain = await converse(bedrock.client, {
      modelId: SONNET,
      messages: ask('Reply with the code shown in the image.'),
    });
    expect((output.usage?.inputTokens ?? 0) - (plain.usage?.inputTokens ?? 0)).toBe(
      Math.ceil((width * height) / 750),
    );
  });

  it('a text-only model refuses the image block', async () => {
    await expectBedrockError(
      converse(bedrock.client, {
        modelId: MICRO,
        messages: [{ role: 'user', content: [imageOf(nonce()), { text: 'What code?' }] }],
      }),
      {
        name: 'ValidationException',
        status: 400,
        message:
          "This model doesn't support the image field for user messages. Remove image and try again.",
      },
    );
  });
});

describe('documents and citations', () => {
  it('a model with document chat quotes the code; one without refuses the document', async () => {
    const code = nonce();
    const question = {
      text: 'What is the verification code in the document? Reply with the code only.',
    };
    const output = await converse(bedrock.client, {
      modelId: NOVA_PRO,
      messages: [{ role: 'user', content: [documentOf(code), question] }],
    });
    expect(textOf(output)).toBe(code);
    await expectBedrockError(
      converse(bedrock.client, {
        modelId: GPT,
        messages: [{ role: 'user', content: [documentOf(code), question] }],
      }),
      {
        name: 'ValidationException',
        message:
          "This model doesn't support the document field for user messages. Remove document and try again.",
      },
    );
  });

  it('with citations enabled Claude answers in a citationsContent block pointing at the sentence, also streamed', async () => {
    const code = nonce();
    const input = {
      modelId: SONNET,
      messages: [
        {
          role: 'user' as const,
          content: [documentOf(code, true), { text: 'What is the verification code? Cite it.' }],
        },
      ],
    };
    const output = await converse(bedrock.client, input);
    const block = output.output?.message?.content?.[0]?.citationsContent;
    expect(block?.content).toEqual([{ text: code }]);
    const sentence = `The verification code is ${code}.`;
    const start = 'Verification note. '.length;
    expect(block?.citations).toEqual([
      {
        title: 'verification note',
        sourceContent: [{ text: sentence }],
        location: { documentChar: { documentIndex: 0, start, end: start + sentence.length } },
      },
    ]);
    const events = await converseStream(bedrock.client, input);
    expect(streamedText(events)).toBe(code);
    expect(events.map((event) => event.contentBlockDelta?.delta?.citation).filter(Boolean)).toEqual(
      block?.citations,
    );
  });

  it("a model without citations refuses them with Bedrock's message", async () => {
    await expectBedrockError(
      converse(bedrock.client, {
        modelId: NOVA_PRO,
        messages: [{ role: 'user', content: [documentOf(nonce(), true), { text: 'Code?' }] }],
      }),
      { name: 'ValidationException', message: "This model doesn't support citations." },
    );
  });
});

describe('reasoning', () => {
  it("Claude thinks (signed reasoning) when thinking is enabled, and keeps Anthropic's rules", async () => {
    const code = nonce();
    const thinking = { thinking: { type: 'enabled', budget_tokens: 1_024 } };
    const output = await converse(bedrock.client, {
      modelId: SONNET,
      messages: ask(`Reply with exactly ${code} and nothing else.`),
      additionalModelRequestFields: thinking,
      inferenceConfig: { maxTokens: 1_100 },
    });
    const [reasoning, text] = output.output?.message?.content ?? [];
    expect(reasoning?.reasoningContent?.reasoningText?.signature).toMatch(/^[A-Za-z0-9+/=]{100,}$/);
    expect(text?.text).toBe(code);
    await expectBedrockError(
      converse(bedrock.client, {
        modelId: SONNET,
        messages: ask('Hello'),
        additionalModelRequestFields: thinking,
        inferenceConfig: { maxTokens: 1_100, temperature: 0 },
      }),
      {
        name: 'ValidationException',
        message:
          'The model returned the following errors: `temperature` may only be set to 1 when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#important-considerations-when-using-extended-thinking',
      },
    );
    await expectBedrockError(
      converse(bedrock.client, {
        modelId: SONNET,
        messages: ask('Hello'),
        additionalModelRequestFields: thinking,
        inferenceConfig: { maxTokens: 500 },
      }),
      {
        name: 'ValidationException',
        message:
          'The model returned the following errors: `max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size',
      },
    );
  });

  it.each([
    [
      'us.amazon.nova-2-lite-v1:0',
      { reasoningConfig: { type: 'enabled', maxReasoningEffort: 'low' } },
    ],
    [GPT, { reasoning_effort: 'low' }],
  ])("%s reasons with its family's setting", async (modelId, fields) => {
    const output = await converse(bedrock.client, {
      modelId,
      messages: ask(`Reply with exactly ${nonce()} and nothing else.`),
      additionalModelRequestFields: fields,
      inferenceConfig: { maxTokens: 1_024 },
    });
    expect(output.output?.message?.content?.[0]?.reasoningContent).toBeDefined();
  });

  it('a model without that setting refuses the key, as Bedrock validates the request', async () => {
    for (const [modelId, key] of [
      [NOVA_PRO, 'reasoningConfig'],
      [SONNET, 'reasoningConfig'],
      [LLAMA, 'thinking'],
    ] as const) {
      await expectBedrockError(
        converse(bedrock.client, {
          modelId,
          messages: ask('Hello'),
          additionalModelRequestFields: { [key]: { type: 'enabled' } },
        }),
        {
          name: 'ValidationException',
          message: `Malformed input request: #: extraneous key [${key}] is not permitted, please reformat your input and try again.`,
        },
      );
    }
  });
});

describe('prompt caching', () => {
  const question = ask('What is the session code? Reply with the code only.');

  it('writes the prefix on the first call and reads it on the second, in usage as Bedrock reports it', async () => {
    const code = nonce();
    const input = { modelId: SONNET, system: cachedSystem(code, 1_200), messages: question };
    const first = await converse(bedrock.client, input);
    const second = await converse(bedrock.client, input);
    expect(textOf(second)).toBe(code);
    const written = first.usage?.cacheWriteInputTokens ?? 0;
    expect(written).toBeGreaterThanOrEqual(1_024);
    expect(first.usage?.cacheReadInputTokens).toBe(0);
    expect(second.usage).toMatchObject({ cacheReadInputTokens: written, cacheWriteInputTokens: 0 });
    // inputTokens is the uncached remainder; totalTokens counts every token.
    expect(second.usage?.inputTokens).toBe(first.usage?.inputTokens);
    for (const usage of [first.usage, second.usage]) {
      expect(usage?.totalTokens).toBe(
        (usage?.inputTokens ?? 0) +
          (usage?.outputTokens ?? 0) +
          (usage?.cacheReadInputTokens ?? 0) +
          (usage?.cacheWriteInputTokens ?? 0),
      );
    }
  });

  it('reports the cache in the ConverseStream metadata too', async () => {
    const input = { modelId: SONNET, system: cachedSystem(nonce(), 1_200), messages: question };
    await converse(bedrock.client, input);
    const events = await converseStream(bedrock.client, input);
    expect(events.at(-1)?.metadata?.usage?.cacheReadInputTokens).toBeGreaterThanOrEqual(1_024);
  });

  it("caches nothing below the model's minimum, silently, as Bedrock does", async () => {
    const haiku = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
    expect(bedrock.simulator.models.find(haiku.slice(3))?.promptCacheMinTokens).toBe(4_096);
    const input = { modelId: haiku, system: cachedSystem(nonce(), 1_200), messages: question };
    await converse(bedrock.client, input);
    const second = await converse(bedrock.client, input);
    expect(second.usage).toMatchObject({ cacheReadInputTokens: 0, cacheWriteInputTokens: 0 });
  });

  it('a model without caching refuses the cache point; "ignored" accepts it and never reads', async () => {
    const input = { modelId: LLAMA, system: cachedSystem(nonce(), 1_200), messages: question };
    await expectBedrockError(converse(bedrock.client, input), {
      name: 'ValidationException',
      message: "This model doesn't support the cachePoint field. Remove cachePoint and try again.",
    });
    const response = await fetch(
      `${bedrock.simulator.url}/_simulator/models/${encodeURIComponent('anthropic.claude-sonnet-4-5-20250929-v1:0')}`,
      { method: 'PUT', body: JSON.stringify({ features: { promptCaching: 'ignored' } }) },
    );
    expect(response.status).toBe(200);
    expect(
      ((await response.json()) as { model: { features: unknown } }).model.features,
    ).toMatchObject({
      promptCaching: 'ignored',
    });
    const ignored = { modelId: SONNET, system: cachedSystem(nonce(), 1_200), messages: question };
    await converse(bedrock.client, ignored);
    const second = await converse(bedrock.client, ignored);
    expect(second.usage).toMatchObject({ cacheReadInputTokens: 0, cacheWriteInputTokens: 0 });
    expect(second.usage?.inputTokens).toBeGreaterThan(1_024);
  });
});

describe('structured output', () => {
  const schema = JSON.stringify({
    type: 'object',
    properties: {
      code: { type: 'string' },
      status: { type: 'string', enum: ['verified', 'rejected'] },
    },
    required: ['code', 'status'],
    additionalProperties: false,
  });
  const outputConfig = {
    textFormat: { type: 'json_schema' as const, structure: { jsonSchema: { name: 'v', schema } } },
  };

  it('a model with it answers bare JSON that follows the schema; one without refuses outputConfig', async () => {
    const code = nonce();
    const output = await converse(bedrock.client, {
      modelId: SONNET,
      messages: ask(`Record the verification code ${code} with the status verified.`),
      outputConfig,
    });
    expect(JSON.parse(textOf(output))).toEqual({ code, status: 'verified' });
    await expectBedrockError(
      converse(bedrock.client, { modelId: NOVA_PRO, messages: ask('Hello'), outputConfig }),
      {
        name: 'ValidationException',
        message:
          "This model doesn't support the outputConfig field. Remove outputConfig and try again.",
      },
    );
  });
});

describe('tool choice', () => {
  const tools = ['record_code', 'archive_code'].map((name) => ({
    toolSpec: {
      name,
      description: 'Keeps a code.',
      inputSchema: {
        json: { type: 'object', properties: { code: { type: 'string' } }, required: ['code'] },
      },
    },
  }));

  it('with "any" Claude calls a tool and writes no text first; a model without it refuses', async () => {
    const code = nonce();
    const output = await converse(bedrock.client, {
      modelId: SONNET,
      messages: ask(`The verification code is ${code}.`),
      toolConfig: { tools, toolChoice: { any: {} } },
    });
    expect(output.stopReason).toBe('tool_use');
    expect(output.output?.message?.content).toEqual([
      {
        toolUse: { toolUseId: expect.any(String) as string, name: 'record_code', input: { code } },
      },
    ]);
    await expectBedrockError(
      converse(bedrock.client, {
        modelId: LLAMA,
        messages: ask('Hello'),
        toolConfig: { tools, toolChoice: { any: {} } },
      }),
      {
        name: 'ValidationException',
        message:
          "This model doesn't support the toolConfig.toolChoice.any field. Remove toolConfig.toolChoice.any and try again.",
      },
    );
  });
});

describe('the admin switches', () => {
  it('turn each feature off and on, with the capability key as its name', async () => {
    const claude = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
    bedrock.simulator.models.patch(claude, { features: { imageInput: false } });
    await expectBedrockError(
      converse(bedrock.client, {
        modelId: SONNET,
        messages: [{ role: 'user', content: [imageOf(nonce()), { text: 'Code?' }] }],
      }),
      {
        name: 'ValidationException',
        message:
          "This model doesn't support the image field for user messages. Remove image and try again.",
      },
    );
    bedrock.simulator.models.patch(MICRO, { features: { imageInput: true } });
    const code = nonce();
    const output = await converse(bedrock.client, {
      modelId: MICRO,
      messages: [
        { role: 'user', content: [imageOf(code), { text: 'Reply with the code shown.' }] },
      ],
    });
    expect(textOf(output)).toBe(code);
  });
});
