/**
 * The full suite's seven probes against the hand-written fake: what each sends, what passes it,
 * and how a model that refuses, ignores or cannot be asked is reported (three-valued
 * capabilities, `FEATURE_IGNORED` with its own diagnosis).
 */
import { ThrottlingException, ValidationException } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import {
  certifyModel,
  type CertificationDraft,
  type CertifyModelOptions,
} from '../../../shared/certification/engine.js';
import { promptCacheMinimumTokens } from '../../../shared/certification/prompt-cache-minimums.js';
import { reasoningRequestFor } from '../../../shared/certification/probes/reasoning-request.js';
import {
  schemaProblem,
  VERIFICATION_SCHEMA,
} from '../../../shared/certification/probes/structured-output.js';
import { capabilitiesOf, testNamesOf } from '../../../shared/suites.js';
import type { TestName, TestResult } from '../../../shared/types.js';
import { stringContaining } from '../../support/matchers.js';
import {
  FakeConverseClient,
  cachedReply,
  citedReply,
  obedientModel,
  textReply,
  type FakeCall,
  type FakeReply,
} from './fake-converse-client.js';

const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const FULL = testNamesOf('full');
const NEW = FULL.slice(testNamesOf('core').length);

function certify(
  fake: FakeConverseClient,
  options: Partial<CertifyModelOptions> = {},
  modelId = CLAUDE,
): Promise<CertificationDraft> {
  return certifyModel(modelId, {
    bedrock: fake,
    region: 'us-east-1',
    suite: 'full',
    retry: { sleep: () => Promise.resolve() },
    ...options,
  });
}

/** Obedient except for `probe`, which gets `reply`. */
function exceptFor(
  probe: TestName,
  reply: (call: FakeCall, fake: FakeConverseClient) => FakeReply | Promise<FakeReply>,
): (call: FakeCall, fake: FakeConverseClient) => FakeReply | Promise<FakeReply> {
  return (call, fake) => (call.probe === probe ? reply(call, fake) : obedientModel(call, fake));
}

function result(certification: CertificationDraft, name: TestName): TestResult {
  const found = certification.results.find((r) => r.testName === name);
  if (found === undefined) throw new Error(`no result for ${name}`);
  return found;
}

function refusal(message: string): ValidationException {
  return new ValidationException({ message, $metadata: { httpStatusCode: 400 } });
}

function callOf(fake: FakeConverseClient, probe: TestName): FakeCall {
  const call = fake.calls.find((candidate) => candidate.probe === probe);
  if (call === undefined) throw new Error(`no call of ${probe}`);
  return call;
}

describe('the full suite against an obedient model', () => {
  it('runs every registered probe at once, in report order, and determines every capability', async () => {
    const fake = new FakeConverseClient();
    const events: { total: number }[] = [];
    const certification = await certify(fake, { onProgress: (event) => events.push(event) });
    expect(certification.suite).toBe('full');
    expect(certification.results.map((r) => [r.testName, r.status])).toEqual(
      FULL.map((name) => [name, 'passed']),
    );
    expect(certification.status).toBe('certified');
    expect(events[0]).toMatchObject({
      total: FULL.length,
      message: `Starting ${FULL.length} certification tests`,
    });
    // The opening event, one running and one finished event per probe.
    expect(events).toHaveLength(1 + 2 * FULL.length);
    expect(fake.maxActive).toBe(FULL.length);
    expect(Object.keys(certification.capabilities).sort()).toEqual(
      capabilitiesOf('full')
        .map((capability) => capability.key)
        .sort(),
    );
    expect(Object.values(certification.capabilities).every((value) => value === true)).toBe(true);
  });

  it('sends the smallest request that proves each feature, with a fresh code in each', async () => {
    const fake = new FakeConverseClient();
    await certify(fake);
    const image = callOf(fake, 'image-input').input.messages?.[0]?.content?.[0]?.image;
    expect(image?.format).toBe('png');
    // The code is only in the picture, never in the text.
    expect(JSON.stringify(callOf(fake, 'image-input').input.messages)).not.toMatch(
      /[A-Z]{4}-\d{4}/,
    );
    expect(callOf(fake, 'image-input').nonce).toMatch(/^[A-Z]{4}-\d{4}$/);

    const document = callOf(fake, 'document-input').input.messages?.[0]?.content?.[0]?.document;
    expect(document).toMatchObject({ format: 'txt', name: 'verification note' });
    expect(document?.citations).toBeUndefined();
    const cited = callOf(fake, 'citations').input.messages?.[0]?.content?.[0]?.document;
    expect(cited).toMatchObject({ format: 'txt', citations: { enabled: true } });
    expect(cited?.source?.text).toContain(callOf(fake, 'citations').nonce);

    const reasoning = callOf(fake, 'reasoning');
    expect(reasoning.input.additionalModelRequestFields).toEqual({
      thinking: { type: 'enabled', budget_tokens: 1_024 },
    });
    // Claude's thinking refuses a temperature, and needs room above its budget.
    expect(reasoning.input.inferenceConfig?.temperature).toBeUndefined();
    expect(reasoning.maxTokens).toBeGreaterThan(1_024);

    const caching = fake.calls.filter((call) => call.probe === 'prompt-caching');
    expect(caching).toHaveLength(2);
    expect(caching[0]?.input).toEqual(caching[1]?.input);
    const system = caching[0]?.input.system ?? [];
    expect(system.at(-1)).toEqual({ cachePoint: { type: 'default' } });
    const prefix = system[0] && 'text' in system[0] ? (system[0].text ?? '') : '';
    // At least the documented minimum, counting four characters per token.
    expect(prefix.length / 4).toBeGreaterThanOrEqual(promptCacheMinimumTokens(CLAUDE));
    expect(prefix.length / 4).toBeLessThan(promptCacheMinimumTokens(CLAUDE) * 1.3);

    const structured = callOf(fake, 'structured-output').input.outputConfig?.textFormat;
    expect(structured?.type).toBe('json_schema');
    const schema = structured?.structure?.jsonSchema?.schema;
    expect(JSON.parse(schema ?? '{}')).toEqual(VERIFICATION_SCHEMA);
    expect(VERIFICATION_SCHEMA.properties.status.enum.length).toBeGreaterThan(1);

    const choice = callOf(fake, 'tool-choice').input.toolConfig;
    expect(choice?.toolChoice).toEqual({ any: {} });
    expect(choice?.tools?.map((tool) => tool.toolSpec?.name)).toEqual([
      'record_code',
      'archive_code',
    ]);

    const nonces = fake.calls.map((call) => call.nonce);
    expect(nonces.every((nonce) => /^[A-Z]{4}-\d{4}$/.test(nonce))).toBe(true);
    // One code per probe: the caching probe sends its code twice, every other probe once.
    expect(new Set(nonces).size).toBe(nonces.length - 1);
  });
});

describe('a model that refuses a feature', () => {
  it.each([
    [
      'image-input',
      "This model doesn't support the image field for user messages. Remove image and try again.",
    ],
    [
      'document-input',
      "This model doesn't support the document field for user messages. Remove document and try again.",
    ],
    ['citations', "This model doesn't support citations."],
    [
      'reasoning',
      'Malformed input request: #: extraneous key [thinking] is not permitted, please reformat your input and try again.',
    ],
    [
      'prompt-caching',
      "This model doesn't support the cachePoint field. Remove cachePoint and try again.",
    ],
    [
      'structured-output',
      "This model doesn't support the outputConfig field. Remove outputConfig and try again.",
    ],
    [
      'tool-choice',
      "This model doesn't support the toolConfig.toolChoice.any field. Remove toolConfig.toolChoice.any and try again.",
    ],
  ] as const)(
    "%s: false, with Bedrock's words in the result and the diagnosis",
    async (probe, message) => {
      const fake = new FakeConverseClient(
        exceptFor(probe, () => {
          throw refusal(message);
        }),
      );
      const certification = await certify(fake);
      expect(result(certification, probe).error).toEqual({ code: 'FEATURE_UNSUPPORTED', message });
      expect(certification.status).toBe('failed');
      const key = capabilitiesOf('full').find((capability) => capability.testName === probe)?.key;
      expect(key && certification.capabilities[key]).toBe(false);
      expect(certification.diagnosis).toEqual([
        {
          code: 'FEATURE_UNSUPPORTED',
          tests: [probe],
          hint: stringContaining(`Bedrock: "${message}"`),
        },
      ]);
    },
  );
});

describe('a model that accepts a feature and ignores it', () => {
  it('prompt caching that never reads the cache fails as "accepted but ignored", with its own diagnosis', async () => {
    const fake = new FakeConverseClient(
      exceptFor('prompt-caching', (call) => cachedReply(call.nonce, 'none')),
    );
    const certification = await certify(fake);
    const caching = result(certification, 'prompt-caching');
    expect(caching.error).toEqual({
      code: 'FEATURE_IGNORED',
      message:
        'Accepted but ignored: the cache point was accepted, but the second identical request read no cached tokens (the first wrote 0).',
    });
    expect(certification.capabilities.promptCaching).toBe(false);
    expect(certification.diagnosis).toEqual([
      {
        code: 'FEATURE_IGNORED',
        tests: ['prompt-caching'],
        hint: stringContaining('accepted but ignored'),
      },
    ]);
    // Both calls' tokens count, cached or not.
    expect(caching.usage?.inputTokens).toBe(2 * 1_320);
  });

  it('prompt caching passes on a cache read, and its cache tokens are counted apart', async () => {
    const certification = await certify(new FakeConverseClient());
    expect(result(certification, 'prompt-caching').usage).toEqual({
      inputTokens: 40,
      outputTokens: 8,
      totalTokens: 2 * 1_324,
      cacheWriteInputTokens: 1_300,
      cacheReadInputTokens: 1_300,
    });
    expect(certification.usage.cacheReadInputTokens).toBe(1_300);
    expect(certification.usage.cacheWriteInputTokens).toBe(1_300);
  });

  it.each([
    [
      'citations',
      (call: FakeCall) => textReply(call.nonce),
      /^Accepted but ignored: citations were enabled, but the answer \("[A-Z]{4}-\d{4}"\) carries no citation\.$/,
    ],
    [
      'reasoning',
      (call: FakeCall) => textReply(call.nonce),
      /^Accepted but ignored: reasoning was enabled \(Anthropic extended thinking\), but the answer carries no reasoning content\.$/,
    ],
    [
      'structured-output',
      (call: FakeCall) =>
        textReply(
          `\`\`\`json\n${JSON.stringify({ code: call.nonce, status: 'verified' })}\n\`\`\``,
        ),
      /^Accepted but ignored: the answer .* does not follow the schema: it is not JSON\.$/,
    ],
    [
      'tool-choice',
      () => textReply('I would rather just tell you: the code is noted.'),
      /^Accepted but ignored: toolChoice "any" was accepted, but the model answered .* without calling record_code or archive_code\.$/,
    ],
  ] as const)('%s that is ignored fails with FEATURE_IGNORED', async (probe, reply, message) => {
    const certification = await certify(new FakeConverseClient(exceptFor(probe, reply)));
    const failed = result(certification, probe);
    expect(failed.error?.code).toBe('FEATURE_IGNORED');
    expect(failed.error?.message).toMatch(message);
  });
});

describe('a model that answers wrongly', () => {
  it.each([
    ['image-input', () => textReply('I see a white rectangle.'), /the code read from the image/],
    ['document-input', () => textReply('There is no code.'), /the code quoted from the document/],
    [
      'citations',
      (call: FakeCall) => citedReply(call.nonce, 'Keep this note on file.'),
      /Expected a citation of the sentence holding/,
    ],
    [
      'structured-output',
      () => textReply(JSON.stringify({ code: 'ABCD-0000', status: 'verified' })),
      /Expected code [A-Z]{4}-\d{4} with status verified/,
    ],
    [
      'tool-choice',
      () => ({
        ...textReply(''),
        output: {
          message: {
            role: 'assistant' as const,
            content: [{ toolUse: { toolUseId: 't', name: 'record_code', input: { code: 'x' } } }],
          },
        },
        stopReason: 'tool_use' as const,
      }),
      /Expected record_code to be called with code/,
    ],
  ] as const)('%s fails with WRONG_ANSWER', async (probe, reply, message) => {
    const certification = await certify(new FakeConverseClient(exceptFor(probe, reply)));
    const failed = result(certification, probe);
    expect(failed.error?.code).toBe('WRONG_ANSWER');
    expect(failed.error?.message).toMatch(message);
  });
});

describe('capabilities are three-valued', () => {
  it('a throttled probe leaves its capability null, never false, and the model is not certified', async () => {
    const fake = new FakeConverseClient(
      exceptFor('image-input', () => {
        throw new ThrottlingException({ message: 'Too many requests', $metadata: {} });
      }),
    );
    const certification = await certify(fake);
    expect(result(certification, 'image-input').error?.code).toBe('THROTTLED');
    expect(certification.capabilities.imageInput).toBeNull();
    expect(certification.status).toBe('failed');
    expect(
      NEW.filter((name) => name !== 'image-input').every(
        (name) => result(certification, name).status === 'passed',
      ),
    ).toBe(true);
  });

  it('a model that cannot be invoked determines nothing', async () => {
    const { AccessDeniedException } = await import('@aws-sdk/client-bedrock-runtime');
    const certification = await certify(
      new FakeConverseClient(() => {
        throw new AccessDeniedException({ message: 'denied', $metadata: {} });
      }),
    );
    expect(certification.status).toBe('unavailable');
    expect(Object.values(certification.capabilities).every((value) => value === null)).toBe(true);
  });

  it('the core suite reports only the core capabilities', async () => {
    const certification = await certify(new FakeConverseClient(), { suite: 'core' });
    expect(certification.suite).toBe('core');
    expect(Object.keys(certification.capabilities).sort()).toEqual(
      capabilitiesOf('core')
        .map((capability) => capability.key)
        .sort(),
    );
  });
});

describe('reasoning request per family', () => {
  it.each([
    [
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      { thinking: { type: 'enabled', budget_tokens: 1_024 } },
    ],
    [
      'anthropic.claude-3-7-sonnet-20250219-v1:0',
      { thinking: { type: 'enabled', budget_tokens: 1_024 } },
    ],
    ['global.anthropic.claude-opus-4-7', { thinking: { type: 'adaptive' } }],
    [
      'us.amazon.nova-2-lite-v1:0',
      { reasoningConfig: { type: 'enabled', maxReasoningEffort: 'low' } },
    ],
    ['openai.gpt-oss-120b-1:0', { reasoning_effort: 'low' }],
    ['us.deepseek.r1-v1:0', undefined],
  ])('%s', (modelId, fields) => {
    const request = reasoningRequestFor(modelId);
    expect(request?.fields).toEqual(fields);
  });

  it('a family without a documented setting is asked without one, and fails as unsupported when it does not reason', async () => {
    expect(reasoningRequestFor('meta.llama3-3-70b-instruct-v1:0')).toBeUndefined();
    const fake = new FakeConverseClient(exceptFor('reasoning', (call) => textReply(call.nonce)));
    const certification = await certify(fake, {}, 'meta.llama3-3-70b-instruct-v1:0');
    expect(callOf(fake, 'reasoning').input.additionalModelRequestFields).toBeUndefined();
    expect(result(certification, 'reasoning').error).toEqual({
      code: 'FEATURE_UNSUPPORTED',
      message:
        'The model returned no reasoning content, and Bedrock documents no reasoning setting for its family.',
    });
  });
});

describe('the structured-output schema check', () => {
  it.each([
    ['{"code":"A","status":"verified"}', undefined],
    ['{"code":"A","status":"maybe"}', '"status" is not one of verified, rejected'],
    ['{"code":"A"}', 'it lacks the required status'],
    ['{"code":"A","status":"verified","note":1}', 'it has the undeclared note'],
    ['{"code":1,"status":"verified"}', '"code" is not a string'],
    ['["code"]', 'it is not a JSON object'],
    ['Here you go: {}', 'it is not JSON'],
  ])('%s → %s', (text, problem) => {
    expect(schemaProblem(text)).toBe(problem);
  });
});
