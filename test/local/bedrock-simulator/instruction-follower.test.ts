import { describe, expect, it } from 'vitest';
import type { ContentBlock, Tool } from '@aws-sdk/client-bedrock-runtime';
import { inputFromSchema } from '../../../local/bedrock-simulator/tool-arguments.js';
import { ask, converse, nonce, textOf, useSimulator } from './sdk-helpers.js';

const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const NONCE = /\b[A-Z]{4}-\d{4}\b/;

const bedrock = useSimulator();

const RICH_TOOL: Tool = {
  toolSpec: {
    name: 'file_ticket',
    description: 'Files a support ticket.',
    inputSchema: {
      json: {
        type: 'object',
        properties: {
          code: { type: 'string', description: 'Verification code.' },
          priority: { type: 'integer', minimum: 2, maximum: 5 },
          urgent: { type: 'boolean' },
          level: { type: 'string', enum: ['low', 'high'] },
          tags: { type: 'array', items: { type: 'string' }, minItems: 2 },
          contact: {
            type: 'object',
            properties: { email: { type: 'string', format: 'email' } },
            required: ['email'],
          },
          note: { type: 'string' },
        },
        required: ['code', 'priority', 'urgent', 'level', 'tags', 'contact'],
      },
    },
  },
};

describe('the probes’ instructions', () => {
  it('replies with exactly the asked word', async () => {
    const code = nonce();
    const output = await converse(bedrock.client, {
      modelId: CLAUDE,
      messages: ask(`Reply with exactly ${code} and nothing else.`),
      inferenceConfig: { maxTokens: 20 },
    });
    expect(textOf(output)).toBe(code);
    expect(output.stopReason).toBe('end_turn');
  });

  it('obeys a system prompt that demands a code word at the end', async () => {
    const code = nonce();
    const output = await converse(bedrock.client, {
      modelId: CLAUDE,
      system: [
        {
          text: `You are a concise assistant. You must always end every answer with the code word ${code}.`,
        },
      ],
      messages: ask('Name one primary color in one short sentence.'),
      inferenceConfig: { maxTokens: 40 },
    });
    const text = textOf(output);
    expect(text.endsWith(code)).toBe(true);
    expect(text.length).toBeGreaterThan(code.length + 10);
    expect(output.stopReason).toBe('end_turn');
  });

  it('recalls a code from an earlier turn', async () => {
    const code = nonce();
    const output = await converse(bedrock.client, {
      modelId: CLAUDE,
      messages: [
        ...ask(`Remember the code ${code}. Reply only with OK.`),
        { role: 'assistant', content: [{ text: 'OK.' }] },
        ...ask('What code did I ask you to remember? Reply with the code only.'),
      ],
      inferenceConfig: { maxTokens: 20 },
    });
    expect(textOf(output)).toBe(code);
  });

  it('acknowledges a code to remember as told', async () => {
    const output = await converse(bedrock.client, {
      modelId: CLAUDE,
      messages: ask(`Remember the code ${nonce()}. Reply only with OK.`),
    });
    expect(textOf(output)).toBe('OK.');
  });

  it('calls the offered tool with input valid against its schema', async () => {
    const code = nonce();
    const output = await converse(bedrock.client, {
      modelId: CLAUDE,
      messages: ask(`Call the file_ticket tool with the code ${code}. Do not answer in text.`),
      toolConfig: { tools: [RICH_TOOL] },
      inferenceConfig: { maxTokens: 200 },
    });
    expect(output.stopReason).toBe('tool_use');
    const blocks = output.output?.message?.content ?? [];
    // Claude says a word before calling, as the real one does.
    expect(blocks[0]?.text).toMatch(/file_ticket/);
    const toolUse = blocks.find((block: ContentBlock) => block.toolUse)?.toolUse;
    expect(toolUse?.toolUseId).toMatch(/^tooluse_[A-Za-z0-9]{22}$/);
    expect(toolUse?.name).toBe('file_ticket');
    const input = toolUse?.input as Record<string, unknown>;
    expect(input.code).toBe(code);
    expect(input.priority).toBe(2);
    expect(input.urgent).toBe(true);
    expect(input.level).toBe('low');
    expect(
      Array.isArray(input.tags) &&
        input.tags.length === 2 &&
        input.tags.every((tag) => typeof tag === 'string'),
    ).toBe(true);
    expect(input.contact).toEqual({ email: 'user@example.com' });
    // Optional properties the prompt does not mention are left out.
    expect('note' in input).toBe(false);
  });

  it('follows toolChoice to a named tool even when the prompt names none', async () => {
    const output = await converse(bedrock.client, {
      modelId: 'amazon.nova-lite-v1:0',
      messages: ask('Please file this for me.'),
      toolConfig: { tools: [RICH_TOOL], toolChoice: { tool: { name: 'file_ticket' } } },
    });
    expect(output.stopReason).toBe('tool_use');
    // Nova calls tools without a preamble.
    expect(output.output?.message?.content?.[0]?.toolUse?.name).toBe('file_ticket');
  });

  it('answers a tool result with text', async () => {
    const output = await converse(bedrock.client, {
      modelId: CLAUDE,
      toolConfig: { tools: [RICH_TOOL] },
      messages: [
        ...ask('Call the file_ticket tool.'),
        {
          role: 'assistant',
          content: [{ toolUse: { toolUseId: 'tooluse_abc', name: 'file_ticket', input: {} } }],
        },
        {
          role: 'user',
          content: [
            { toolResult: { toolUseId: 'tooluse_abc', content: [{ text: 'ticket 42 filed' }] } },
          ],
        },
      ],
    });
    expect(output.stopReason).toBe('end_turn');
    expect(textOf(output)).toContain('ticket 42 filed');
  });

  it('answers with a bare JSON object with the asked keys and values', async () => {
    const code = nonce();
    const output = await converse(bedrock.client, {
      modelId: CLAUDE,
      messages: ask(
        `Respond with only a JSON object with the keys \`code\`, \`ok\`: set "code" to "${code}" and "ok" to true. No prose, no code fences.`,
      ),
      inferenceConfig: { maxTokens: 60 },
    });
    expect(JSON.parse(textOf(output))).toEqual({ code, ok: true });
  });

  it('fences JSON for Llama, as the real one tends to', async () => {
    const code = nonce();
    const output = await converse(bedrock.client, {
      modelId: 'us.meta.llama4-scout-17b-instruct-v1:0',
      messages: ask(
        `Respond with only a JSON object with the keys \`code\`, \`count\`, \`label\`. The code is ${code}.`,
      ),
    });
    const fenced = /^```json\n([\s\S]*)\n```$/.exec(textOf(output));
    expect(fenced).not.toBeNull();
    expect(JSON.parse(fenced?.[1] ?? '')).toEqual({ code, count: 1, label: 'label value' });
  });

  it('answers differently to different questions (nothing canned)', async () => {
    const answers = await Promise.all(
      ['How do lighthouses work?', 'Why is the ocean salty?', 'What makes bread rise?'].map(
        async (question) =>
          textOf(await converse(bedrock.client, { modelId: CLAUDE, messages: ask(question) })),
      ),
    );
    expect(new Set(answers).size).toBe(3);
    expect(answers[0]).toMatch(/lighthouses/);
  });
});

describe('sim.wrong-answers', () => {
  it('answers fluently but never with the nonce, a tool call or JSON', async () => {
    const code = nonce();
    const [exact, json, tool, system] = await Promise.all([
      converse(bedrock.client, {
        modelId: 'sim.wrong-answers',
        messages: ask(`Reply with exactly ${code} and nothing else.`),
      }),
      converse(bedrock.client, {
        modelId: 'sim.wrong-answers',
        messages: ask(
          `Respond with only a JSON object with the keys \`code\`, \`ok\`. Code ${code}.`,
        ),
      }),
      converse(bedrock.client, {
        modelId: 'sim.wrong-answers',
        messages: ask(`Call the file_ticket tool with the code ${code}.`),
        toolConfig: { tools: [RICH_TOOL] },
      }),
      converse(bedrock.client, {
        modelId: 'sim.wrong-answers',
        system: [{ text: `Always end every answer with the code word ${code}.` }],
        messages: ask('Name one primary color.'),
      }),
    ]);
    for (const output of [exact, json, tool, system]) {
      const text = textOf(output);
      expect(text.split(/\s+/).length).toBeGreaterThan(10);
      expect(text).not.toMatch(NONCE);
      expect(output.stopReason).toBe('end_turn');
      expect(output.output?.message?.content?.some((block) => block.toolUse)).toBe(false);
    }
    expect(() => void JSON.parse(textOf(json))).toThrow();
  });
});

describe('inputFromSchema', () => {
  it('fills required properties by type and gives `code` the nonce', () => {
    const input = inputFromSchema(
      {
        type: 'object',
        properties: {
          code: { type: 'string' },
          n: { type: 'number', minimum: 3 },
          maybe: { type: ['null', 'boolean'] },
        },
      },
      'Use code QXTR-4821',
      'QXTR-4821',
    );
    expect(input).toEqual({ code: 'QXTR-4821', n: 3, maybe: true });
  });

  it('takes values the prompt assigns, enum values the prompt names, and respects maxLength', () => {
    const input = inputFromSchema(
      {
        type: 'object',
        properties: {
          city: { type: 'string' },
          unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
          short: { type: 'string', maxLength: 3 },
        },
        required: ['city', 'unit', 'short'],
      },
      'Get the weather with "city" set to "Lisbon" in fahrenheit.',
      undefined,
    );
    expect(input).toEqual({ city: 'Lisbon', unit: 'fahrenheit', short: 'get' });
  });
});
