import { describe, expect, it } from 'vitest';
import { ConverseStreamCommand, type Tool } from '@aws-sdk/client-bedrock-runtime';
import { startBedrockSimulator, timeScaleFromEnv } from '../../../local/bedrock-simulator/index.js';
import {
  ask,
  converse,
  converseStream,
  kinds,
  nonce,
  sdkClient,
  streamedText,
  textOf,
  useSimulator,
} from './sdk-helpers.js';

const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const R1 = 'us.deepseek.r1-v1:0';
const HAIKU = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const LONG_QUESTION =
  'Tell me something about the history of lighthouses along the Atlantic coast.';

const bedrock = useSimulator();

describe('ConverseStream events', () => {
  it('streams a text answer in Bedrock’s event order', async () => {
    const events = await converseStream(bedrock.client, {
      modelId: CLAUDE,
      messages: ask(LONG_QUESTION),
    });
    const order = kinds(events);
    expect(order[0]).toBe('messageStart');
    expect(order.slice(-3)).toEqual(['contentBlockStop', 'messageStop', 'metadata']);
    expect(order.filter((kind) => kind === 'contentBlockDelta').length).toBeGreaterThan(3);
    // Text blocks get no contentBlockStart (Bedrock sends one only for tool use).
    expect(order).not.toContain('contentBlockStart');
    const metadata = events.at(-1)?.metadata;
    expect(metadata?.usage?.totalTokens).toBe(
      (metadata?.usage?.inputTokens ?? 0) + (metadata?.usage?.outputTokens ?? 0),
    );
    expect(metadata?.metrics?.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('delivers the first delta while the answer is still being generated', async () => {
    // At the suite's default scale a short answer is generated in a few milliseconds; a larger
    // scale leaves the gap between deltas wide enough to observe.
    const paced = await startBedrockSimulator({ timeScale: 0.2 });
    const pacedClient = sdkClient(paced);
    try {
      const response = await pacedClient.send(
        new ConverseStreamCommand({ modelId: CLAUDE, messages: ask(LONG_QUESTION) }),
      );
      let activeAtFirstDelta: number | undefined;
      for await (const event of response.stream ?? []) {
        if (event.contentBlockDelta && activeAtFirstDelta === undefined)
          activeAtFirstDelta = paced.stats.active;
      }
      // The call was still in flight on the server when its first delta reached the client.
      expect(activeAtFirstDelta).toBe(1);
      expect(paced.stats.active).toBe(0);
    } finally {
      pacedClient.destroy();
      await paced.close();
    }
  });

  it('streams tool input as JSON deltas after a contentBlockStart', async () => {
    const code = nonce();
    const tool: Tool = {
      toolSpec: {
        name: 'record_code',
        inputSchema: {
          json: { type: 'object', properties: { code: { type: 'string' } }, required: ['code'] },
        },
      },
    };
    const events = await converseStream(bedrock.client, {
      modelId: CLAUDE,
      messages: ask(`Call the record_code tool with the code ${code}.`),
      toolConfig: { tools: [tool] },
    });
    const startIndex = events.findIndex((event) => event.contentBlockStart);
    const start = events[startIndex]?.contentBlockStart;
    expect(start?.contentBlockIndex).toBe(1);
    expect(start?.start?.toolUse?.toolUseId).toMatch(/^tooluse_/);
    const inputDeltas = events
      .slice(startIndex)
      .filter((event) => event.contentBlockDelta?.delta?.toolUse);
    expect(inputDeltas.length).toBeGreaterThan(1);
    expect(
      JSON.parse(
        inputDeltas.map((event) => event.contentBlockDelta?.delta?.toolUse?.input).join(''),
      ),
    ).toEqual({ code });
    expect(events.find((event) => event.messageStop)?.messageStop?.stopReason).toBe('tool_use');
  });
});

describe('reasoning models', () => {
  it('DeepSeek-R1 returns a reasoningContent block before the answer, without signature', async () => {
    const code = nonce();
    const output = await converse(bedrock.client, {
      modelId: R1,
      messages: ask(`Reply with exactly ${code} and nothing else.`),
      inferenceConfig: { maxTokens: 1000 },
    });
    const [reasoning, answer] = output.output?.message?.content ?? [];
    expect(reasoning?.reasoningContent?.reasoningText?.text).toMatch(/reply with exactly/);
    expect(reasoning?.reasoningContent?.reasoningText?.signature).toBeUndefined();
    expect(answer?.text).toBe(code);
    // Thinking is paid for as output.
    expect(output.usage?.outputTokens).toBeGreaterThan(50);
  });

  it('DeepSeek-R1 streams reasoning deltas, then the text', async () => {
    const code = nonce();
    const events = await converseStream(bedrock.client, {
      modelId: R1,
      messages: ask(`Reply with exactly ${code} and nothing else.`),
      inferenceConfig: { maxTokens: 1000 },
    });
    const deltas = events
      .filter((event) => event.contentBlockDelta)
      .map((event) => event.contentBlockDelta);
    const firstText = deltas.findIndex((delta) => delta?.delta?.text !== undefined);
    expect(firstText).toBeGreaterThan(5);
    expect(
      deltas
        .slice(0, firstText)
        .every(
          (delta) =>
            delta?.delta?.reasoningContent?.text !== undefined && delta.contentBlockIndex === 0,
        ),
    ).toBe(true);
    expect(streamedText(events)).toBe(code);
  });

  it('spends its budget thinking when maxTokens is small: max_tokens and no text', async () => {
    const code = nonce();
    const output = await converse(bedrock.client, {
      modelId: R1,
      messages: ask(`Reply with exactly ${code} and nothing else.`),
      inferenceConfig: { maxTokens: 20 },
    });
    expect(output.stopReason).toBe('max_tokens');
    expect(output.usage?.outputTokens).toBe(20);
    const content = output.output?.message?.content ?? [];
    expect(content).toHaveLength(1);
    expect(content[0]?.reasoningContent?.reasoningText?.text).toBeTruthy();
    expect(textOf(output)).toBe('');

    const events = await converseStream(bedrock.client, {
      modelId: R1,
      messages: ask(`Reply with exactly ${code} and nothing else.`),
      inferenceConfig: { maxTokens: 20 },
    });
    expect(streamedText(events)).toBe('');
    expect(events.find((event) => event.messageStop)?.messageStop?.stopReason).toBe('max_tokens');
  });

  it('Claude Haiku 4.5 thinks only when thinking is enabled, and signs its reasoning', async () => {
    const code = nonce();
    const plain = await converse(bedrock.client, {
      modelId: HAIKU,
      messages: ask(`Reply with exactly ${code} and nothing else.`),
    });
    expect(
      plain.output?.message?.content?.map((block) =>
        Object.keys(block).filter((key) => key !== '$unknown'),
      ),
    ).toEqual([['text']]);

    const thinking = { thinking: { type: 'enabled', budget_tokens: 1024 } };
    const output = await converse(bedrock.client, {
      modelId: HAIKU,
      messages: ask(`Reply with exactly ${code} and nothing else.`),
      additionalModelRequestFields: thinking,
    });
    const reasoning = output.output?.message?.content?.[0]?.reasoningContent?.reasoningText;
    expect(reasoning?.text).toBeTruthy();
    expect(reasoning?.signature?.length).toBeGreaterThan(50);
    expect(textOf(output)).toBe(code);

    const events = await converseStream(bedrock.client, {
      modelId: HAIKU,
      messages: ask(`Reply with exactly ${code} and nothing else.`),
      additionalModelRequestFields: thinking,
    });
    const signatureDelta = events.find(
      (event) => event.contentBlockDelta?.delta?.reasoningContent?.signature,
    );
    expect(signatureDelta?.contentBlockDelta?.contentBlockIndex).toBe(0);
    expect(streamedText(events)).toBe(code);
  });
});

describe('maxTokens', () => {
  it('cuts a long answer at maxTokens with stop reason max_tokens', async () => {
    const full = await converse(bedrock.client, { modelId: CLAUDE, messages: ask(LONG_QUESTION) });
    expect(full.stopReason).toBe('end_turn');
    const cut = await converse(bedrock.client, {
      modelId: CLAUDE,
      messages: ask(LONG_QUESTION),
      inferenceConfig: { maxTokens: 5 },
    });
    expect(cut.stopReason).toBe('max_tokens');
    expect(cut.usage?.outputTokens).toBe(5);
    expect(textOf(full).startsWith(textOf(cut))).toBe(true);
    expect(textOf(cut).length).toBeLessThan(textOf(full).length);

    const streamed = await converseStream(bedrock.client, {
      modelId: CLAUDE,
      messages: ask(LONG_QUESTION),
      inferenceConfig: { maxTokens: 5 },
    });
    expect(streamedText(streamed)).toBe(textOf(cut));
    expect(streamed.at(-1)?.metadata?.usage?.outputTokens).toBe(5);
  });

  it('drops a tool call that does not fit', async () => {
    const tool: Tool = {
      toolSpec: {
        name: 'record_code',
        inputSchema: { json: { type: 'object', properties: { code: { type: 'string' } } } },
      },
    };
    const output = await converse(bedrock.client, {
      modelId: CLAUDE,
      messages: ask(`Call the record_code tool with the code ${nonce()}.`),
      toolConfig: { tools: [tool] },
      inferenceConfig: { maxTokens: 12 },
    });
    expect(output.stopReason).toBe('max_tokens');
    expect(output.output?.message?.content?.some((block) => block.toolUse)).toBe(false);
  });
});

describe('token usage', () => {
  it('counts about four characters per input token, including system prompt and tool schemas', async () => {
    const base = await converse(bedrock.client, {
      modelId: 'amazon.nova-lite-v1:0',
      messages: ask('Hi there'),
    });
    const system = 'x'.repeat(400);
    const withSystem = await converse(bedrock.client, {
      modelId: 'amazon.nova-lite-v1:0',
      system: [{ text: system }],
      messages: ask('Hi there'),
    });
    const delta = (withSystem.usage?.inputTokens ?? 0) - (base.usage?.inputTokens ?? 0);
    expect(delta).toBeGreaterThanOrEqual(100);
    expect(delta).toBeLessThanOrEqual(110);

    const tool: Tool = {
      toolSpec: {
        name: 'noop',
        description: 'd'.repeat(200),
        inputSchema: { json: { type: 'object' } },
      },
    };
    const withTool = await converse(bedrock.client, {
      modelId: 'amazon.nova-lite-v1:0',
      messages: ask('Hi there'),
      toolConfig: { tools: [tool] },
    });
    expect(
      (withTool.usage?.inputTokens ?? 0) - (base.usage?.inputTokens ?? 0),
    ).toBeGreaterThanOrEqual(50);
  });

  it('adds Anthropic’s hidden tool-use prompt when tools are offered to Claude', async () => {
    const tool: Tool = { toolSpec: { name: 'noop', inputSchema: { json: { type: 'object' } } } };
    const plain = await converse(bedrock.client, { modelId: CLAUDE, messages: ask('Hi there') });
    const withTool = await converse(bedrock.client, {
      modelId: CLAUDE,
      messages: ask('Hi there'),
      toolConfig: { tools: [tool] },
    });
    expect((withTool.usage?.inputTokens ?? 0) - (plain.usage?.inputTokens ?? 0)).toBeGreaterThan(
      340,
    );
  });

  it('counts output from the generated text and reports the same usage streaming or not', async () => {
    const output = await converse(bedrock.client, {
      modelId: CLAUDE,
      messages: ask(LONG_QUESTION),
    });
    const text = textOf(output);
    const outputTokens = output.usage?.outputTokens ?? 0;
    expect(outputTokens).toBeGreaterThanOrEqual(Math.ceil(text.length / 5));
    expect(outputTokens).toBeLessThanOrEqual(Math.ceil(text.length / 2));
    expect(output.usage?.totalTokens).toBe((output.usage?.inputTokens ?? 0) + outputTokens);
    const events = await converseStream(bedrock.client, {
      modelId: CLAUDE,
      messages: ask(LONG_QUESTION),
    });
    expect(events.at(-1)?.metadata?.usage).toEqual(output.usage);
  });
});

describe('time scale', () => {
  it('reads BEDROCK_SIM_TIME_SCALE, defaulting to 1 and refusing nonsense', () => {
    expect(timeScaleFromEnv({})).toBe(1);
    expect(timeScaleFromEnv({ BEDROCK_SIM_TIME_SCALE: '0.25' })).toBe(0.25);
    expect(() => timeScaleFromEnv({ BEDROCK_SIM_TIME_SCALE: 'fast' })).toThrow(
      /BEDROCK_SIM_TIME_SCALE/,
    );
    expect(() => timeScaleFromEnv({ BEDROCK_SIM_TIME_SCALE: '-1' })).toThrow(
      /BEDROCK_SIM_TIME_SCALE/,
    );
  });

  it('keeps the per-model timing: a slow first token finishes after a fast model', async () => {
    const scaled = await startBedrockSimulator({ timeScale: 0.01 });
    const scaledClient = sdkClient(scaled);
    try {
      const finished: string[] = [];
      const call = (modelId: string): Promise<void> =>
        converse(scaledClient, { modelId, messages: ask('Reply with exactly ABCD-1234.') }).then(
          () => {
            finished.push(modelId);
          },
        );
      // slow-first-token waits 20 s × 0.01 = 200 ms; Nova Micro answers in a few milliseconds.
      await Promise.all([call('sim.slow-first-token'), call('amazon.nova-micro-v1:0')]);
      expect(finished).toEqual(['amazon.nova-micro-v1:0', 'sim.slow-first-token']);
    } finally {
      scaledClient.destroy();
      await scaled.close();
    }
  });

  it('applies the scale to every delay: the same model answers first on the faster simulator', async () => {
    const fast = await startBedrockSimulator({ timeScale: 0 });
    const slow = await startBedrockSimulator({ timeScale: 0.05 });
    const fastClient = sdkClient(fast);
    const slowClient = sdkClient(slow);
    try {
      const finished: string[] = [];
      await Promise.all([
        converseStream(slowClient, { modelId: CLAUDE, messages: ask(LONG_QUESTION) }).then(() =>
          finished.push('slow'),
        ),
        converseStream(fastClient, { modelId: CLAUDE, messages: ask(LONG_QUESTION) }).then(() =>
          finished.push('fast'),
        ),
      ]);
      expect(finished).toEqual(['fast', 'slow']);
    } finally {
      fastClient.destroy();
      slowClient.destroy();
      await Promise.all([fast.close(), slow.close()]);
    }
  });
});
