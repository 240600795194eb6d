import { describe, expect, it } from 'vitest';
import { ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { startBedrockSimulator } from '../../../local/bedrock-simulator/index.js';
import {
  ask,
  converse,
  converseStream,
  expectBedrockError,
  nonce,
  sdkClient,
  textOf,
  useSimulator,
  waitFor,
} from './sdk-helpers.js';

const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const NOVA = 'amazon.nova-pro-v1:0';

const bedrock = useSimulator({ perTest: true });

/** The rejection of `call`, which must reject. */
async function rejection(call: Promise<unknown>): Promise<Error> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(Error);
  return outcome as Error;
}

describe('stats', () => {
  it('counts every call per model id as sent, errors included, and resets', async () => {
    await converse(bedrock.client, { modelId: CLAUDE, messages: ask('Hi') });
    await converseStream(bedrock.client, { modelId: CLAUDE, messages: ask('Hi') });
    await converse(bedrock.client, { modelId: 'sim.throttled', messages: ask('Hi') }).catch(
      () => undefined,
    );
    expect(bedrock.simulator.stats).toEqual({
      requests: 3,
      active: 0,
      aborted: 0,
      byModel: { [CLAUDE]: 2, 'sim.throttled': 1 },
      controlPlane: {},
    });

    bedrock.simulator.resetStats();
    expect(bedrock.simulator.stats).toEqual({
      requests: 0,
      active: 0,
      aborted: 0,
      byModel: {},
      controlPlane: {},
    });
  });

  it('decodes ARNs and profile ids the SDK percent-encodes', async () => {
    const arn = `arn:aws:bedrock:us-east-1::foundation-model/${NOVA}`;
    const profileArn =
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.meta.llama4-scout-17b-instruct-v1:0';
    const code = nonce();
    for (const modelId of [arn, profileArn]) {
      const output = await converse(bedrock.client, {
        modelId,
        messages: ask(`Reply with exactly ${code}.`),
      });
      expect(textOf(output)).toBe(code);
    }
    expect(Object.keys(bedrock.simulator.stats.byModel).sort()).toEqual([arn, profileArn].sort());
  });

  it('knows inference profiles only in their own geography', async () => {
    const euClient = sdkClient(bedrock.simulator, 'eu-west-1');
    try {
      await expectBedrockError(
        converse(euClient, { modelId: 'us.amazon.nova-lite-v1:0', messages: ask('Hi') }),
        {
          name: 'ValidationException',
          status: 400,
          message: 'The provided model identifier is invalid.',
        },
      );
    } finally {
      euClient.destroy();
    }
  });
});

describe('sim.hang and aborted calls', () => {
  it('holds a Converse call until the SDK aborts it, then counts it aborted', async () => {
    const controller = new AbortController();
    const call = bedrock.client.send(
      new ConverseCommand({ modelId: 'sim.hang', messages: ask('Hi') }),
      { abortSignal: controller.signal },
    );
    await waitFor(() => bedrock.simulator.stats.active === 1, 'the hung call to arrive');
    controller.abort();
    const error = await rejection(call);
    expect(error.name).toBe('AbortError');
    await waitFor(() => bedrock.simulator.stats.active === 0, 'the server to notice the abort');
    expect(bedrock.simulator.stats).toMatchObject({
      requests: 1,
      active: 0,
      aborted: 1,
      byModel: { 'sim.hang': 1 },
    });
  });

  it('holds a ConverseStream call until the SDK aborts it', async () => {
    const controller = new AbortController();
    const call = bedrock.client.send(
      new ConverseStreamCommand({ modelId: 'sim.hang', messages: ask('Hi') }),
      { abortSignal: controller.signal },
    );
    await waitFor(() => bedrock.simulator.stats.active === 1, 'the hung call to arrive');
    controller.abort();
    expect((await rejection(call)).name).toBe('AbortError');
    await waitFor(() => bedrock.simulator.stats.aborted === 1, 'the server to notice the abort');
    expect(bedrock.simulator.stats.active).toBe(0);
  });

  it('counts a stream aborted halfway, and stops writing to it', async () => {
    const paced = await startBedrockSimulator({ timeScale: 0.1 });
    const pacedClient = sdkClient(paced);
    try {
      const controller = new AbortController();
      const response = await pacedClient.send(
        new ConverseStreamCommand({
          modelId: CLAUDE,
          messages: ask('Tell me about the history of lighthouses along the Atlantic coast.'),
        }),
        { abortSignal: controller.signal },
      );
      let deltas = 0;
      let stopped = false;
      try {
        for await (const event of response.stream ?? []) {
          if (event.contentBlockDelta) deltas += 1;
          if (event.messageStop) stopped = true;
          if (deltas === 2) controller.abort();
        }
      } catch {
        // Whether iteration ends quietly or with an AbortError is the SDK's business.
      }
      expect(stopped).toBe(false);
      await waitFor(() => paced.stats.aborted === 1, 'the server to notice the abort');
      expect(paced.stats.active).toBe(0);
      expect(deltas).toBe(2);
    } finally {
      pacedClient.destroy();
      await paced.close();
    }
  });

  it('notices an HTTP/1.1 client that gives up too', async () => {
    const controller = new AbortController();
    const call = fetch(`${bedrock.simulator.url}/model/sim.hang/converse`, {
      method: 'POST',
      body: JSON.stringify({ messages: ask('Hi') }),
      signal: controller.signal,
    });
    await waitFor(() => bedrock.simulator.stats.active === 1, 'the hung call to arrive');
    controller.abort();
    await rejection(call);
    await waitFor(() => bedrock.simulator.stats.aborted === 1, 'the server to notice the abort');
  });

  it('settles HTTP/1.1 keep-alive calls as completed', async () => {
    for (let i = 0; i < 2; i += 1) {
      const response = await fetch(
        `${bedrock.simulator.url}/model/${encodeURIComponent(CLAUDE)}/converse-stream`,
        {
          method: 'POST',
          body: JSON.stringify({ messages: ask('Hi') }),
        },
      );
      await response.arrayBuffer();
    }
    await waitFor(() => bedrock.simulator.stats.active === 0, 'both calls to settle');
    expect(bedrock.simulator.stats).toMatchObject({ requests: 2, aborted: 0 });
  });

  it('does not count completed calls as aborted', async () => {
    await Promise.all([
      converse(bedrock.client, { modelId: CLAUDE, messages: ask('Hi') }),
      converseStream(bedrock.client, { modelId: CLAUDE, messages: ask('Hi') }),
    ]);
    expect(bedrock.simulator.stats).toMatchObject({ requests: 2, active: 0, aborted: 0 });
  });
});

describe('close()', () => {
  it('ends the server even with a hung call and keep-alive connections open', async () => {
    const own = await startBedrockSimulator();
    const ownClient = sdkClient(own);
    // A keep-alive HTTP/1.1 connection and an idle HTTP/2 session stay open after these.
    await fetch(`${own.url}/model/${encodeURIComponent(CLAUDE)}/converse`, {
      method: 'POST',
      body: JSON.stringify({ messages: ask('Hi') }),
    });
    await converse(ownClient, { modelId: CLAUDE, messages: ask('Hi') });
    const hung = ownClient.send(new ConverseCommand({ modelId: 'sim.hang', messages: ask('Hi') }));
    await waitFor(() => own.stats.active === 1, 'the hung call to arrive');

    await own.close();
    const error = await rejection(hung);
    expect(error.name).not.toBe('AbortError');
    expect(own.stats.active).toBe(0);
    // Closing twice is harmless, and the port no longer answers.
    await own.close();
    await expect(
      fetch(`${own.url}/model/x/converse`, { method: 'POST', body: '{}' }),
    ).rejects.toThrow();
    ownClient.destroy();
  });

  it('cancels the timers of calls in progress', async () => {
    const own = await startBedrockSimulator({ timeScale: 1 });
    const ownClient = sdkClient(own);
    // At full scale this answer is seconds away; close() must not wait for it.
    const slow = ownClient.send(
      new ConverseCommand({ modelId: 'sim.slow-first-token', messages: ask('Hi') }),
    );
    await waitFor(() => own.stats.active === 1, 'the slow call to arrive');
    await own.close();
    await rejection(slow);
    expect(own.stats.aborted).toBe(1);
    ownClient.destroy();
  });
});
