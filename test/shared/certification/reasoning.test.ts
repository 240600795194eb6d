import { describe, expect, it } from 'vitest';
import { certifyModel } from '../../../shared/certification/engine.js';
import { TEST_NAMES } from '../../../shared/types.js';
import {
  FakeConverseClient,
  obedientModel,
  textReply,
  textStream,
  type FakeCall,
  type FakeReply,
} from './fake-converse-client.js';

const THINKING = 'Okay, let me think about what is being asked. The user wants a precise answer.';

/** Adds reasoning in front of the obedient answer; below `needs` tokens it runs out mid-thought. */
function reasoningModel(needs: number): (call: FakeCall) => FakeReply {
  return (call) => {
    const enough = (call.maxTokens ?? 0) >= needs;
    if (!enough) {
      return call.kind === 'stream'
        ? { events: textStream('', { reasoning: THINKING, stopReason: 'max_tokens' }) }
        : textReply('', {
            reasoning: THINKING,
            stopReason: 'max_tokens',
            outputTokens: call.maxTokens ?? 0,
          });
    }
    const answer = obedientModel(call);
    if ('events' in answer) {
      // The obedient model streams a plain list of events.
      const events = Symbol.iterator in answer.events ? [...answer.events] : [];
      const thinking = textStream('', { reasoning: THINKING }).slice(1, 3);
      return { events: [events[0]!, ...thinking, ...events.slice(1).map((e) => shift(e))] };
    }
    const content = answer.output?.message?.content ?? [];
    return {
      ...answer,
      output: {
        message: {
          role: 'assistant',
          content: [{ reasoningContent: { reasoningText: { text: THINKING } } }, ...content],
        },
      },
    };
  };
}

/** Moves content block indexes up by one, after the inserted reasoning block. */
function shift<T extends object>(event: T): T {
  const copy = structuredClone(event) as Record<string, { contentBlockIndex?: number }>;
  for (const value of Object.values(copy))
    if (typeof value.contentBlockIndex === 'number') value.contentBlockIndex += 1;
  return copy as T;
}

const certify = (fake: FakeConverseClient, reasoningMaxTokens?: number) =>
  certifyModel('openai.gpt-oss-120b-1:0', {
    bedrock: fake,
    region: 'us-east-1',
    ...(reasoningMaxTokens ? { reasoningMaxTokens } : {}),
  });

describe('reasoning models', () => {
  it('pass when the answer fits next to the reasoning, without any retry', async () => {
    const fake = new FakeConverseClient(reasoningModel(0));
    const certification = await certify(fake);
    expect(certification.status).toBe('certified');
    expect(fake.calls).toHaveLength(TEST_NAMES.length);
  });

  it('get one retry with the larger budget, only for calls that ran out while thinking', async () => {
    const fake = new FakeConverseClient(reasoningModel(500));
    const certification = await certify(fake, 777);
    expect(certification.status).toBe('certified');
    expect(certification.capabilities.streamingToolUse).toBe(true);
    for (const name of TEST_NAMES) {
      const calls = fake.calls.filter((call) => call.probe === name);
      expect(
        calls.map((call) => call.maxTokens),
        name,
      ).toEqual([expect.any(Number), 777]);
      expect(calls[0]!.maxTokens, name).toBeLessThanOrEqual(200);
      expect(calls[0]!.kind, name).toBe(calls[1]!.kind);
    }
  });

  it('counts the tokens of the attempt that ran out too', async () => {
    const fake = new FakeConverseClient(reasoningModel(500));
    const certification = await certify(fake);
    const basic = certification.results[0]!;
    // 20 input + 20 output (the budget spent thinking), then 20 input + 3 output.
    expect(basic.usage).toEqual({ inputTokens: 40, outputTokens: 23, totalTokens: 63 });
  });

  it('fail with WRONG_ANSWER when they think past the larger budget too', async () => {
    const fake = new FakeConverseClient(reasoningModel(5_000));
    const certification = await certify(fake, 600);
    expect(certification.results.map((r) => r.error?.message)).toEqual(
      TEST_NAMES.map(
        () => 'The model spent its whole budget of 600 tokens reasoning and gave no answer.',
      ),
    );
    expect(certification.results.every((r) => r.error?.code === 'WRONG_ANSWER')).toBe(true);
    expect(fake.calls).toHaveLength(2 * TEST_NAMES.length);
  });

  it('get the retry when thinking left room only for a truncated answer', async () => {
    const fake = new FakeConverseClient((call) =>
      call.probe === 'json-output' && (call.maxTokens ?? 0) < 1_024
        ? textReply('{"code":', { reasoning: THINKING, stopReason: 'max_tokens' })
        : obedientModel(call),
    );
    const certification = await certify(fake);
    expect(certification.status).toBe('certified');
    expect(
      fake.calls.filter((call) => call.probe === 'json-output').map((call) => call.maxTokens),
    ).toEqual([60, 1_024]);
  });

  it('a model that is cut off without reasoning is not given more tokens', async () => {
    const fake = new FakeConverseClient((call) =>
      call.probe === 'basic-completion'
        ? textReply('Well, the answer you are', { stopReason: 'max_tokens' })
        : obedientModel(call),
    );
    const certification = await certify(fake);
    expect(certification.results[0]?.error?.code).toBe('WRONG_ANSWER');
    expect(fake.calls.filter((call) => call.probe === 'basic-completion')).toHaveLength(1);
  });
});
