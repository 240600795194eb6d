/**
 * Changing a model's behaviour while the simulator runs, programmatically and over the admin
 * routes, as the scheduled re-certification tests need: a flip shows in Converse, in the
 * control plane and in a certification, and a reset undoes it.
 */
import { BedrockClient, GetFoundationModelCommand } from '@aws-sdk/client-bedrock';
import { describe, expect, it } from 'vitest';
import { certifyModel } from '../../../shared/certification/engine.js';
import { ask, converse, expectBedrockError, nonce, textOf, useSimulator } from './sdk-helpers.js';

const NOVA = 'amazon.nova-lite-v1:0';
/** Nova Lite's Converse features as the data file records them. */
const NOVA_FEATURES = {
  systemPrompt: true,
  toolUse: true,
  streamingToolUse: true,
  imageInput: true,
  documentInput: true,
  citations: false,
  reasoning: false,
  promptCaching: true,
  structuredOutput: false,
  toolChoice: true,
};
const TOOLS = {
  tools: [
    {
      toolSpec: {
        name: 'record_code',
        description: 'Records a verification code.',
        inputSchema: {
          json: { type: 'object', properties: { code: { type: 'string' } }, required: ['code'] },
        },
      },
    },
  ],
};

const bedrock = useSimulator({ perTest: true });

/** One admin request; the JSON body of the answer (or null for none). */
async function admin(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${bedrock.simulator.url}/_simulator/${path}`, {
    method,
    ...(body === undefined
      ? {}
      : {
          body: typeof body === 'string' ? body : JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

function certify(modelId: string) {
  return certifyModel(modelId, {
    bedrock: bedrock.client,
    region: 'us-east-1',
    retry: { baseDelayMs: 20 },
  });
}

describe('programmatic', () => {
  it("takes a model's tool support away and gives it back: Converse refuses, certification changes, reset restores", async () => {
    const before = await certify(NOVA);
    expect(before.capabilities.toolUse).toBe(true);

    expect(
      bedrock.simulator.models.patch(NOVA, {
        features: { toolUse: false, streamingToolUse: false },
      })?.features,
    ).toEqual({ ...NOVA_FEATURES, toolUse: false, streamingToolUse: false });
    await expectBedrockError(
      converse(bedrock.client, {
        modelId: NOVA,
        messages: ask('Call the record_code tool.'),
        toolConfig: TOOLS,
      }),
      {
        name: 'ValidationException',
        status: 400,
        message: "This model doesn't support tool use.",
      },
    );
    const after = await certify(NOVA);
    expect(after.status).toBe('failed');
    expect(after.capabilities).toMatchObject({
      toolUse: false,
      streaming: true,
      systemPrompt: true,
    });
    expect(after.results.find((result) => result.testName === 'tool-use')?.error?.code).toBe(
      'FEATURE_UNSUPPORTED',
    );

    expect(bedrock.simulator.models.reset(NOVA)).toBe(true);
    expect((await certify(NOVA)).status).toBe('certified');
  });

  it('makes a model Legacy-refused, throttled, or clears a fault', async () => {
    bedrock.simulator.models.patch(NOVA, { lifecycle: 'LEGACY', access: 'not-used-recently' });
    expect((await certify(NOVA)).results[0]?.error?.code).toBe('MODEL_LEGACY');
    bedrock.simulator.models.patch(NOVA, { access: 'granted', fault: 'throttled' });
    await expectBedrockError(converse(bedrock.client, { modelId: NOVA, messages: ask('Hi') }), {
      name: 'ThrottlingException',
      status: 429,
      message: 'Too many requests, please wait before trying again.',
    });
    bedrock.simulator.models.patch('sim.throttled', { fault: null });
    const code = nonce();
    expect(
      textOf(
        await converse(bedrock.client, {
          modelId: 'sim.throttled',
          messages: ask(`Reply with exactly ${code}.`),
        }),
      ),
    ).toBe(code);
  });

  it('answers undefined or false for a model it does not know', () => {
    expect(
      bedrock.simulator.models.patch('acme.nonexistent-v1:0', { features: { toolUse: false } }),
    ).toBeUndefined();
    expect(bedrock.simulator.models.reset('acme.nonexistent-v1:0')).toBe(false);
  });
});

describe('admin routes', () => {
  it('PUT patches a model, GET reads it, DELETE resets it; the control plane shows the change too', async () => {
    expect(
      await admin('PUT', `models/${encodeURIComponent(NOVA)}`, {
        features: { toolUse: false },
        lifecycle: 'LEGACY',
      }),
    ).toEqual({
      status: 200,
      body: {
        model: {
          modelId: NOVA,
          lifecycle: 'LEGACY',
          access: 'granted',
          features: { ...NOVA_FEATURES, toolUse: false },
          fault: null,
        },
      },
    });
    expect(await admin('GET', `models/${NOVA}`)).toMatchObject({
      status: 200,
      body: { model: { features: { toolUse: false } } },
    });

    const control = new BedrockClient({
      region: 'us-east-1',
      endpoint: bedrock.simulator.url,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const lifecycle = async () =>
        (await control.send(new GetFoundationModelCommand({ modelIdentifier: NOVA }))).modelDetails
          ?.modelLifecycle?.status;
      expect(await lifecycle()).toBe('LEGACY');
      await expectBedrockError(
        converse(bedrock.client, {
          modelId: NOVA,
          messages: ask('Call the record_code tool.'),
          toolConfig: TOOLS,
        }),
        {
          name: 'ValidationException',
          status: 400,
          message: "This model doesn't support tool use.",
        },
      );

      expect(await admin('DELETE', `models/${NOVA}`)).toMatchObject({
        status: 200,
        body: { model: { lifecycle: 'ACTIVE', features: { toolUse: true } } },
      });
      expect(await lifecycle()).toBe('ACTIVE');
    } finally {
      control.destroy();
    }
  });

  it('DELETE /_simulator/models resets every model; GET lists them all', async () => {
    await admin('PUT', 'models/sim.hang', { fault: null });
    await admin('PUT', `models/${NOVA}`, { access: 'denied' });
    expect(await admin('DELETE', 'models')).toEqual({ status: 204, body: null });
    const { body } = (await admin('GET', 'models')) as {
      body: { models: { modelId: string; fault: string | null; access: string }[] };
    };
    expect(body.models.find((model) => model.modelId === 'sim.hang')?.fault).toBe('hang');
    expect(body.models.find((model) => model.modelId === NOVA)?.access).toBe('granted');
  });

  it.each([
    ['not JSON', '{"features":', 'The body must be JSON.'],
    ['not an object', [], 'The body must be a JSON object.'],
    [
      'an unknown field',
      { toolUse: false },
      'Unknown field toolUse; allowed: features, lifecycle, access, fault.',
    ],
    [
      'an unknown feature',
      { features: { vision: true } },
      'Unknown feature vision; allowed: systemPrompt, toolUse, streamingToolUse, imageInput, documentInput, citations, reasoning, promptCaching, structuredOutput, toolChoice.',
    ],
    [
      'a prompt caching mode that is not one',
      { features: { promptCaching: 'sometimes' } },
      'features.promptCaching must be true or false or "ignored".',
    ],
    [
      'a non-boolean feature',
      { features: { toolUse: 'no' } },
      'features.toolUse must be true or false.',
    ],
    [
      'ignored for a feature other than caching',
      { features: { citations: 'ignored' } },
      'features.citations must be true or false.',
    ],
    [
      'a bad caching mode',
      { features: { promptCaching: 'sometimes' } },
      'features.promptCaching must be true or false or "ignored".',
    ],
    [
      'a bad lifecycle',
      { lifecycle: 'RETIRED' },
      'lifecycle must be one of ACTIVE, LEGACY, END_OF_LIFE.',
    ],
    [
      'a bad fault',
      { fault: 'explode' },
      'fault must be one of throttled, unavailable, stream-drop, hang, wrong-answers.',
    ],
  ])('refuses a patch with %s (400) and changes nothing', async (_what, body, message) => {
    expect(await admin('PUT', `models/${NOVA}`, body)).toEqual({ status: 400, body: { message } });
    expect(await admin('GET', `models/${NOVA}`)).toMatchObject({
      body: { model: { features: { toolUse: true }, lifecycle: 'ACTIVE' } },
    });
  });

  it('sets every documented feature, and prompt caching to "ignored"', async () => {
    const features = {
      imageInput: false,
      documentInput: false,
      citations: true,
      reasoning: true,
      promptCaching: 'ignored',
      structuredOutput: true,
      toolChoice: false,
    };
    expect(await admin('PUT', `models/${NOVA}`, { features })).toMatchObject({
      status: 200,
      body: { model: { features: { ...NOVA_FEATURES, ...features } } },
    });
  });

  it('takes system prompt support away: Converse refuses a system message as Bedrock does', async () => {
    await admin('PUT', `models/${NOVA}`, { features: { systemPrompt: false } });
    await expectBedrockError(
      converse(bedrock.client, {
        modelId: NOVA,
        system: [{ text: 'Be brief.' }],
        messages: ask('Hi'),
      }),
      {
        name: 'ValidationException',
        status: 400,
        message:
          "This model doesn't support system messages. Try again without a system message or use a model that supports system messages.",
      },
    );
  });

  it('answers 404 for an unknown model or route and 405 for a wrong method', async () => {
    expect(await admin('PUT', 'models/acme.nonexistent-v1:0', { fault: 'hang' })).toEqual({
      status: 404,
      body: { message: 'The simulator has no model acme.nonexistent-v1:0.' },
    });
    expect((await admin('GET', 'stats')).status).toBe(404);
    expect((await admin('POST', `models/${NOVA}`, {})).status).toBe(405);
    expect((await admin('PUT', 'models', {})).status).toBe(405);
  });

  it('is not a Bedrock operation: no Converse request is counted', async () => {
    await admin('GET', 'models');
    expect(bedrock.simulator.stats.requests).toBe(0);
  });
});

describe('holding calls', () => {
  it('holds the calls of one model, counted and in flight, until released; other models and later calls are answered', async () => {
    const { simulator, client } = bedrock;
    const release = simulator.hold(NOVA);
    let answered = 0;
    const held = Array.from({ length: 2 }, () =>
      converse(client, { modelId: NOVA, messages: ask('Reply with the word ready.') }).then(
        (output) => ((answered += 1), output),
      ),
    );
    await expect.poll(() => simulator.stats.active).toBe(2);

    // Another model is not held: it is answered while both NOVA calls wait.
    const other = await converse(client, {
      modelId: 'amazon.nova-micro-v1:0',
      messages: ask('Reply with the word ready.'),
    });
    expect(textOf(other)).not.toBe('');
    expect(answered).toBe(0);
    expect(simulator.stats.active).toBe(2);

    release();
    for (const output of await Promise.all(held)) expect(textOf(output)).not.toBe('');
    expect(simulator.stats.byModel[NOVA]).toBe(2);
    await expect(
      converse(client, { modelId: NOVA, messages: ask('Reply with the word ready.') }),
    ).resolves.toMatchObject({ stopReason: 'end_turn' });
  });
});
