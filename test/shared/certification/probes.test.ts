import { ValidationException } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import {
  certifyModel,
  type CertificationDraft,
  type CertifyModelOptions,
} from '../../../shared/certification/engine.js';
import { DEFAULT_PROBES, suiteProbes } from '../../../shared/certification/probes/index.js';
import {
  CAPABILITY_NAMES,
  PROBE_REGISTRY,
  capabilitiesOf,
  probesOf,
  testNamesOf,
} from '../../../shared/suites.js';
import { TEST_NAMES, type TestName, type TestResult } from '../../../shared/types.js';
import {
  FakeConverseClient,
  evasiveModel,
  obedientModel,
  textReply,
  textStream,
  toolReply,
  toolStream,
  type FakeCall,
  type FakeReply,
} from './fake-converse-client.js';
import { stringContaining } from '../../support/matchers.js';

const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';

function certify(
  fake: FakeConverseClient,
  options: Partial<CertifyModelOptions> = {},
): Promise<CertificationDraft> {
  return certifyModel(MODEL, {
    bedrock: fake,
    region: 'us-east-1',
    retry: { sleep: () => Promise.resolve() },
    ...options,
  });
}

/** Obedient except for `probe`, which gets `reply`. */
function exceptFor(
  probe: TestName,
  reply: (call: FakeCall) => FakeReply,
): (call: FakeCall) => FakeReply {
  return (call) => (call.probe === probe ? reply(call) : obedientModel(call));
}

function result(certification: CertificationDraft, name: TestName): TestResult {
  const found = certification.results.find((r) => r.testName === name);
  if (found === undefined) throw new Error(`no result for ${name}`);
  return found;
}

describe('the default suite', () => {
  it("is the API contract's six in order, each with its own feature, and every capability but streamingToolUse proved by exactly one", () => {
    expect(DEFAULT_PROBES.map((probe) => probe.testName)).toEqual([...TEST_NAMES]);
    expect(TEST_NAMES).toEqual([
      'basic-completion',
      'streaming-test',
      'system-prompt',
      'multi-turn',
      'tool-use',
      'json-output',
    ]);
    const core = probesOf('core');
    expect(new Set(core.map((probe) => probe.feature)).size).toBe(TEST_NAMES.length);
    expect(
      capabilitiesOf('core')
        .map((capability) => capability.key)
        .sort(),
    ).toEqual([
      'jsonOutput',
      'multiTurn',
      'streaming',
      'streamingToolUse',
      'systemPrompt',
      'toolUse',
    ]);
  });

  it('the full suite adds the seven, one capability each, and every registered probe has an implementation', () => {
    expect(suiteProbes('full').map((probe) => probe.testName)).toEqual(
      PROBE_REGISTRY.map((probe) => probe.testName),
    );
    expect(testNamesOf('full').slice(TEST_NAMES.length)).toEqual([
      'image-input',
      'document-input',
      'citations',
      'reasoning',
      'prompt-caching',
      'structured-output',
      'tool-choice',
    ]);
    expect(
      capabilitiesOf('full')
        .filter((capability) => capability.suite === 'full')
        .map((capability) => capability.key),
    ).toEqual([
      'imageInput',
      'documentInput',
      'citations',
      'reasoning',
      'promptCaching',
      'structuredOutput',
      'toolChoice',
    ]);
    expect(new Set(CAPABILITY_NAMES).size).toBe(CAPABILITY_NAMES.length);
  });
});

describe('probes against an obedient model', () => {
  it('pass all six in suite order, each with a fresh nonce and a small token budget', async () => {
    const fake = new FakeConverseClient();
    const certification = await certify(fake);
    expect(certification.results.map((r) => [r.testName, r.status])).toEqual(
      TEST_NAMES.map((name) => [name, 'passed']),
    );
    expect(certification.status).toBe('certified');
    const nonces = fake.calls.map((call) => call.nonce);
    expect(nonces.every((nonce) => /^[A-Z]{4}-\d{4}$/.test(nonce))).toBe(true);
    expect(new Set(nonces).size).toBe(nonces.length);
    for (const call of fake.calls) expect(call.maxTokens, call.probe).toBeLessThanOrEqual(200);
  });

  it('send the prompt conventions the simulator keys on', async () => {
    const fake = new FakeConverseClient();
    await certify(fake);
    const byProbe = new Map(fake.calls.map((call) => [call.probe, call.input]));
    const userText = (name: TestName): string =>
      (byProbe.get(name)?.messages ?? [])
        .filter((m) => m.role === 'user')
        .map((m) => m.content?.map((b) => b.text).join(' '))
        .join(' | ');
    expect(userText('basic-completion')).toMatch(/Reply with exactly [A-Z]{4}-\d{4}/);
    expect(userText('streaming-test')).toMatch(/Reply with exactly [A-Z]{4}-\d{4}/);
    const system =
      byProbe
        .get('system-prompt')
        ?.system?.map((b) => ('text' in b ? b.text : ''))
        .join(' ') ?? '';
    expect(system).toMatch(/always.*the code word [A-Z]{4}-\d{4}/);
    expect(userText('multi-turn')).toMatch(
      /Remember the code [A-Z]{4}-\d{4}.*What code did I ask you to remember\?/,
    );
    const tool = byProbe.get('tool-use')?.toolConfig?.tools?.[0]?.toolSpec;
    expect(tool?.name).toBe('record_code');
    expect(tool?.inputSchema?.json).toMatchObject({
      required: ['code'],
      properties: { code: { type: 'string' } },
    });
    expect(userText('json-output')).toMatch(
      /Respond with only a JSON object.*`code`, `ok`.*[A-Z]{4}-\d{4}/,
    );
  });
});

describe('a fluent model that ignores instructions', () => {
  it('fails every probe with WRONG_ANSWER', async () => {
    const certification = await certify(new FakeConverseClient(evasiveModel));
    expect(certification.status).toBe('failed');
    expect(certification.isAvailable).toBe(true);
    expect(certification.results.map((r) => r.error?.code)).toEqual(
      TEST_NAMES.map(() => 'WRONG_ANSWER'),
    );
    expect(certification.diagnosis).toEqual([
      {
        code: 'WRONG_ANSWER',
        tests: [...TEST_NAMES],
        hint: stringContaining('ignored the instruction'),
      },
    ]);
  });
});

const wrongAnswers: readonly {
  probe: TestName;
  reply: (call: FakeCall) => FakeReply;
  message: RegExp;
}[] = [
  {
    probe: 'basic-completion',
    reply: () => textReply('Sure, here is a word: banana'),
    message: /Expected the reply [A-Z]{4}-\d{4}; got "Sure, here is a word: banana"/,
  },
  {
    probe: 'streaming-test',
    reply: () => ({ events: textStream('Hello there!') }),
    message: /Expected the streamed reply/,
  },
  {
    probe: 'system-prompt',
    reply: () => textReply('Red is a primary color.'),
    message: /code word/,
  },
  {
    probe: 'multi-turn',
    reply: () => textReply("I don't remember any code."),
    message: /recalled code/,
  },
  // Reasoning text is not the answer, even when it holds the nonce.
  {
    probe: 'multi-turn',
    reply: (call) => textReply('No idea.', { reasoning: `The code was ${call.nonce}` }),
    message: /recalled code/,
  },
  {
    probe: 'tool-use',
    reply: (call) =>
      call.kind === 'stream'
        ? { events: textStream('I cannot call tools.') }
        : textReply('I cannot call tools.'),
    message: /Expected a call to record_code/,
  },
  {
    probe: 'tool-use',
    reply: (call) =>
      call.kind === 'stream'
        ? { events: toolStream('record_code', { code: 'ABCD-0000' }) }
        : toolReply('record_code', { code: 'ABCD-0000' }),
    message: /called with code/,
  },
  {
    probe: 'tool-use',
    reply: (call) =>
      call.kind === 'stream'
        ? { events: toolStream('other_tool', { code: call.nonce }) }
        : toolReply('other_tool', { code: call.nonce }),
    message: /Expected a call to record_code/,
  },
  {
    probe: 'tool-use',
    reply: (call) =>
      call.kind === 'stream'
        ? { events: toolStream('record_code', 'not an object') }
        : toolReply('record_code', 'not an object'),
    message: /valid JSON object/,
  },
  // Streamed tool input that is not JSON at all.
  {
    probe: 'tool-use',
    reply: () => ({
      events: toolStream('record_code', { code: 'x' }).map((e) =>
        e.contentBlockDelta?.delta?.toolUse
          ? { contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: '{"co' } } } }
          : e,
      ),
    }),
    message: /valid JSON object/,
  },
  {
    probe: 'json-output',
    reply: (call) => textReply(`Here you go: {"code": "${call.nonce}", "ok": true}`),
    message: /Expected a JSON object/,
  },
  {
    probe: 'json-output',
    reply: (call) => textReply(JSON.stringify({ code: call.nonce })),
    message: /lacks the key\(s\) ok/,
  },
  {
    probe: 'json-output',
    reply: () => textReply(JSON.stringify({ code: 'WXYZ-1111', ok: true })),
    message: /Expected "code" to be/,
  },
  { probe: 'json-output', reply: () => textReply('[1, 2]'), message: /Expected a JSON object/ },
];

describe('each probe checks the answer, not just the call', () => {
  it.each(wrongAnswers)(
    '$probe fails with WRONG_ANSWER ($message)',
    async ({ probe, reply, message }) => {
      const certification = await certify(new FakeConverseClient(exceptFor(probe, reply)));
      const failed = certification.results.filter((r) => r.status === 'failed');
      expect(failed.map((r) => r.testName)).toEqual([probe]);
      expect(result(certification, probe).error?.code).toBe('WRONG_ANSWER');
      expect(result(certification, probe).error?.message).toMatch(message);
      expect(certification.status).toBe('failed');
      expect(certification.testsPassed).toBe(5);
      expect(certification.successRate).toBe(83);
    },
  );
});

describe('json-output', () => {
  it('accepts a JSON object in a Markdown fence', async () => {
    const fenced = (call: FakeCall) =>
      textReply(`\`\`\`json\n${JSON.stringify({ code: call.nonce, ok: true }, null, 2)}\n\`\`\``);
    const certification = await certify(new FakeConverseClient(exceptFor('json-output', fenced)));
    expect(result(certification, 'json-output').status).toBe('passed');
    expect(certification.capabilities.jsonOutput).toBe(true);
  });
});

describe('streaming-test', () => {
  it('fails with MODEL_ERROR when the stream has no usage metadata', async () => {
    const fake = new FakeConverseClient(
      exceptFor('streaming-test', (call) => ({
        events: textStream(call.nonce, { metadata: false }),
      })),
    );
    const r = result(await certify(fake), 'streaming-test');
    expect(r.error).toEqual({
      code: 'MODEL_ERROR',
      message: 'The stream ended without usage metadata.',
    });
  });

  it('fails with MODEL_ERROR when the stream has no stop reason', async () => {
    const fake = new FakeConverseClient(
      exceptFor('streaming-test', (call) => ({
        events: textStream(call.nonce).filter((event) => event.messageStop === undefined),
      })),
    );
    expect(result(await certify(fake), 'streaming-test').error).toEqual({
      code: 'MODEL_ERROR',
      message: 'The stream ended without a stop reason.',
    });
  });

  it('fails with MODEL_ERROR when the stream breaks off with a ModelStreamErrorException', async () => {
    const { ModelStreamErrorException } = await import('@aws-sdk/client-bedrock-runtime');
    // A stream that breaks off: `for await` reads a plain generator's throw as the stream's failure.
    function* dropping(nonce: string) {
      yield* textStream(nonce).slice(0, 2);
      throw new ModelStreamErrorException({
        message:
          'The system encountered an unexpected error during processing. Try your request again.',
        $metadata: {},
      });
    }
    const fake = new FakeConverseClient(
      exceptFor('streaming-test', (call) => ({ events: dropping(call.nonce) })),
    );
    const certification = await certify(fake);
    expect(result(certification, 'streaming-test').error?.code).toBe('MODEL_ERROR');
    // A model error says nothing about streaming support: not determined.
    expect(certification.capabilities.streaming).toBeNull();
    expect(certification.ttftMs).toBeNull();
  });

  it('reports time to first token and output speed from the stream', async () => {
    let now = 1_000;
    const clock = { now: () => now };
    function* timed(nonce: string) {
      const events = textStream(nonce);
      for (const [i, event] of events.entries()) {
        // First delta 250 ms after the request, the stop 100 ms after that.
        if (i === 1) now += 250;
        if (event.messageStop !== undefined) now += 100;
        yield event;
      }
    }
    const fake = new FakeConverseClient(
      exceptFor('streaming-test', (call) => ({ events: timed(call.nonce) })),
    );
    const certification = await certify(fake, { clock });
    const r = result(certification, 'streaming-test');
    expect(r.ttftMs).toBe(250);
    // 3 output tokens for a 9-character nonce: 2 tokens after the first in 0.1 s.
    expect(r.outputTokensPerSecond).toBe(20);
    expect(certification.ttftMs).toBe(250);
    expect(certification.outputTokensPerSecond).toBe(20);
  });
});

describe('tool-use', () => {
  it('detects streaming tool use with a single streamed call', async () => {
    const fake = new FakeConverseClient();
    const certification = await certify(fake);
    const toolCalls = fake.calls.filter((call) => call.probe === 'tool-use');
    expect(toolCalls.map((call) => call.kind)).toEqual(['stream']);
    expect(certification.capabilities).toMatchObject({ toolUse: true, streamingToolUse: true });
  });

  it('does not ask again without streaming after a wrong streamed answer', async () => {
    const fake = new FakeConverseClient(
      exceptFor('tool-use', () => ({ events: textStream('No tools today.') })),
    );
    const certification = await certify(fake);
    expect(result(certification, 'tool-use').error?.code).toBe('WRONG_ANSWER');
    expect(fake.calls.filter((call) => call.probe === 'tool-use')).toHaveLength(1);
  });

  it('falls back to Converse when tool use is unsupported only in streaming mode', async () => {
    const fake = new FakeConverseClient(
      exceptFor('tool-use', (call) => {
        if (call.kind === 'stream')
          throw new ValidationException({
            message: "This model doesn't support tool use in streaming mode.",
            $metadata: {},
          });
        return toolReply('record_code', { code: call.nonce });
      }),
    );
    const certification = await certify(fake);
    expect(result(certification, 'tool-use').status).toBe('passed');
    expect(certification.capabilities).toMatchObject({ toolUse: true, streamingToolUse: false });
    expect(fake.calls.filter((call) => call.probe === 'tool-use').map((call) => call.kind)).toEqual(
      ['stream', 'converse'],
    );
    expect(certification.status).toBe('certified');
  });

  it('falls back to Converse when the streamed tool call breaks off', async () => {
    const { ModelStreamErrorException } = await import('@aws-sdk/client-bedrock-runtime');
    function* dropping() {
      yield { messageStart: { role: 'assistant' as const } };
      throw new ModelStreamErrorException({
        message: 'The system encountered an unexpected error during processing.',
        $metadata: {},
      });
    }
    const fake = new FakeConverseClient(
      exceptFor('tool-use', (call) =>
        call.kind === 'stream'
          ? { events: dropping() }
          : toolReply('record_code', { code: call.nonce }),
      ),
    );
    const certification = await certify(fake);
    expect(result(certification, 'tool-use').status).toBe('passed');
    expect(certification.capabilities).toMatchObject({ toolUse: true, streamingToolUse: false });
  });

  it('fails with FEATURE_UNSUPPORTED and the Bedrock message when the model has no tool use at all', async () => {
    const fake = new FakeConverseClient(
      exceptFor('tool-use', () => {
        throw new ValidationException({
          message: "This model doesn't support tool use.",
          $metadata: {},
        });
      }),
    );
    const certification = await certify(fake);
    expect(result(certification, 'tool-use').error).toEqual({
      code: 'FEATURE_UNSUPPORTED',
      message: "This model doesn't support tool use.",
    });
    expect(certification.capabilities).toMatchObject({ toolUse: false, streamingToolUse: false });
    expect(certification.diagnosis?.[0]).toMatchObject({
      code: 'FEATURE_UNSUPPORTED',
      tests: ['tool-use'],
    });
  });
});

describe('system-prompt', () => {
  it('reports FEATURE_UNSUPPORTED when system messages are rejected', async () => {
    const fake = new FakeConverseClient(
      exceptFor('system-prompt', () => {
        throw new ValidationException({
          message: "This model doesn't support system messages.",
          $metadata: {},
        });
      }),
    );
    const certification = await certify(fake);
    expect(result(certification, 'system-prompt').error?.code).toBe('FEATURE_UNSUPPORTED');
    expect(certification.capabilities.systemPrompt).toBe(false);
    expect(certification.status).toBe('failed');
  });
});
