import { describe, expect, it } from 'vitest';
import {
  BedrockRuntimeServiceException,
  ConverseStreamCommand,
  InternalServerException,
  ModelStreamErrorException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
  type ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { ask, converse, converseStream, expectBedrockError, useSimulator } from './sdk-helpers.js';

const MODEL = 'mistral.mistral-large-3-675b-instruct';
const LONG_PROMPT = 'Tell me something about the history of lighthouses along the Atlantic coast.';

const bedrock = useSimulator();

describe('request validation errors', () => {
  it('refuses a conversation that does not start with a user message', async () => {
    await expectBedrockError(
      converse(bedrock.client, {
        modelId: MODEL,
        messages: [{ role: 'assistant', content: [{ text: 'Hi' }] }],
      }),
      {
        name: 'ValidationException',
        status: 400,
        message:
          'A conversation must start with a user message. Try again with a conversation that starts with a user message.',
      },
    );
  });

  it('refuses two user turns in a row', async () => {
    await expectBedrockError(
      converse(bedrock.client, { modelId: MODEL, messages: [...ask('one'), ...ask('two')] }),
      {
        name: 'ValidationException',
        status: 400,
        message:
          'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.',
      },
    );
  });

  it('refuses tool blocks without a toolConfig', async () => {
    await expectBedrockError(
      converse(bedrock.client, {
        modelId: MODEL,
        messages: [
          ...ask('Call the tool.'),
          {
            role: 'assistant',
            content: [{ toolUse: { toolUseId: 'tooluse_1', name: 'record_code', input: {} } }],
          },
          {
            role: 'user',
            content: [{ toolResult: { toolUseId: 'tooluse_1', content: [{ text: 'ok' }] } }],
          },
        ],
      }),
      {
        name: 'ValidationException',
        status: 400,
        message:
          'The toolConfig field must be defined when using toolUse and toolResult content blocks.',
      },
    );
  });

  it('refuses maxTokens above the model limit and below 1', async () => {
    await expectBedrockError(
      converse(bedrock.client, {
        modelId: MODEL,
        messages: ask('Hi'),
        inferenceConfig: { maxTokens: 100_000 },
      }),
      {
        name: 'ValidationException',
        status: 400,
        message:
          'The maximum tokens you requested exceeds the model limit of 8192. Try again with a maximum tokens value that is lower than 8192.',
      },
    );
    await expectBedrockError(
      converse(bedrock.client, {
        modelId: MODEL,
        messages: ask('Hi'),
        inferenceConfig: { maxTokens: 0 },
      }),
      {
        name: 'ValidationException',
        status: 400,
        message:
          "1 validation error detected: Value '0' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1",
      },
    );
  });

  it('raises the SDK exception classes, not generic errors', async () => {
    const error: unknown = await converse(bedrock.client, {
      modelId: 'acme.nonexistent-v1:0',
      messages: ask('Hi'),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationException);
    expect(error).toBeInstanceOf(BedrockRuntimeServiceException);
    expect((error as ValidationException).$fault).toBe('client');
    const throttled: unknown = await converse(bedrock.client, {
      modelId: 'sim.throttled',
      messages: ask('Hi'),
    }).catch((caught: unknown) => caught);
    expect(throttled).toBeInstanceOf(ThrottlingException);
    const unavailable: unknown = await converse(bedrock.client, {
      modelId: 'sim.unavailable',
      messages: ask('Hi'),
    }).catch((caught: unknown) => caught);
    expect(unavailable).toBeInstanceOf(ServiceUnavailableException);
    expect((unavailable as ServiceUnavailableException).$fault).toBe('server');
  });
});

describe('mid-stream exceptions', () => {
  /** Streams from sim.stream-drop, returning the events before the exception and the exception. */
  async function dropped(
    streamErrorType?: string,
  ): Promise<{ events: ConverseStreamOutput[]; error: unknown }> {
    const response = await bedrock.client.send(
      new ConverseStreamCommand({
        modelId: 'sim.stream-drop',
        messages: ask(LONG_PROMPT),
        ...(streamErrorType ? { additionalModelRequestFields: { streamErrorType } } : {}),
      }),
    );
    const events: ConverseStreamOutput[] = [];
    try {
      for await (const event of response.stream ?? []) events.push(event);
    } catch (error) {
      return { events, error };
    }
    return { events, error: undefined };
  }

  it('fails with ModelStreamErrorException after some text deltas', async () => {
    const { events, error } = await dropped();
    expect(error).toBeInstanceOf(ModelStreamErrorException);
    expect((error as ModelStreamErrorException).message).toBe(
      'The system encountered an unexpected error during processing. Try your request again.',
    );
    expect((error as ModelStreamErrorException).originalStatusCode).toBe(500);
    expect(events[0]?.messageStart?.role).toBe('assistant');
    expect(
      events.filter((event) => event.contentBlockDelta?.delta?.text).length,
    ).toBeGreaterThanOrEqual(2);
    // The stream broke: it never stopped normally nor reported usage.
    expect(events.some((event) => event.messageStop || event.metadata)).toBe(false);
  });

  it.each([
    [
      'throttlingException',
      ThrottlingException,
      'Too many requests, please wait before trying again.',
    ],
    [
      'serviceUnavailableException',
      ServiceUnavailableException,
      'Bedrock is unable to process your request.',
    ],
    [
      'internalServerException',
      InternalServerException,
      'The system encountered an unexpected error during processing. Try your request again.',
    ],
    [
      'validationException',
      ValidationException,
      'Malformed input request, please reformat your input and try again.',
    ],
  ] as const)('delivers a %s event as the SDK class', async (type, ErrorClass, message) => {
    const { events, error } = await dropped(type);
    expect(error).toBeInstanceOf(ErrorClass);
    expect((error as Error).message).toBe(message);
    expect(events.some((event) => event.contentBlockDelta)).toBe(true);
  });

  it('still answers sim.stream-drop without streaming', async () => {
    const output = await converse(bedrock.client, {
      modelId: 'sim.stream-drop',
      messages: ask(LONG_PROMPT),
    });
    expect(output.stopReason).toBe('end_turn');
  });
});

describe('the wire format itself (HTTP/1.1, no SDK)', () => {
  it('sends errors as status + x-amzn-ErrorType + {"message"}', async () => {
    const response = await fetch(
      `${bedrock.simulator.url}/model/${encodeURIComponent('acme.nonexistent-v1:0')}/converse`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: ask('Hi') }),
      },
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')?.split(':')[0]).toBe('ValidationException');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({ message: 'The provided model identifier is invalid.' });
  });

  it('answers unknown routes with 404 and does not count them as calls', async () => {
    const before = bedrock.simulator.stats.requests;
    const response = await fetch(`${bedrock.simulator.url}/model/x/invoke`, {
      method: 'POST',
      body: '{}',
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')?.split(':')[0]).toBe(
      'UnknownOperationException',
    );
    expect(bedrock.simulator.stats.requests).toBe(before);
  });

  it('refuses a body that is not JSON', async () => {
    const response = await fetch(
      `${bedrock.simulator.url}/model/${encodeURIComponent(MODEL)}/converse`,
      { method: 'POST', body: 'not json' },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      message: 'Malformed input request, please reformat your input and try again.',
    });
  });

  it('streams application/vnd.amazon.eventstream frames the codec decodes', async () => {
    const response = await fetch(
      `${bedrock.simulator.url}/model/${encodeURIComponent(MODEL)}/converse-stream`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: ask('Reply with exactly ABCD-1234 and nothing else.') }),
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    const bytes = new Uint8Array(await response.arrayBuffer());
    const codec = new EventStreamCodec(toUtf8, fromUtf8);
    const types: string[] = [];
    for (let offset = 0; offset < bytes.length;) {
      const length = new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(0);
      const message = codec.decode(bytes.subarray(offset, offset + length));
      expect(message.headers[':message-type']?.value).toBe('event');
      expect(message.headers[':content-type']?.value).toBe('application/json');
      types.push(String(message.headers[':event-type']?.value));
      JSON.parse(toUtf8(message.body));
      offset += length;
    }
    expect(types[0]).toBe('messageStart');
    expect(types.slice(-3)).toEqual(['contentBlockStop', 'messageStop', 'metadata']);
    expect(types).toContain('contentBlockDelta');
  });
});

describe('errors on ConverseStream come before the stream', () => {
  it('raises AccessDeniedException from send(), with the HTTP status', async () => {
    await expectBedrockError(
      converseStream(bedrock.client, {
        modelId: 'us.anthropic.claude-opus-4-6-v1',
        messages: ask('Hi'),
      }),
      {
        name: 'AccessDeniedException',
        status: 403,
        message: "You don't have access to the model with the specified model ID.",
      },
    );
  });
});
