/**
 * The runtime honours the Region each request is signed for: models offered only in some
 * Regions, on demand in some and through profiles in others, and profiles only from their own
 * geography (global. from any commercial Region, never from GovCloud).
 */
import { describe, expect, it } from 'vitest';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import {
  APPLICATION_PROFILES,
  applicationProfileArn,
} from '../../../local/bedrock-simulator/index.js';
import {
  ask,
  converse,
  expectBedrockError,
  nonce,
  sdkClient,
  textOf,
  useSimulator,
} from './sdk-helpers.js';

const bedrock = useSimulator();
const INVALID = {
  name: 'ValidationException',
  status: 400,
  message: 'The provided model identifier is invalid.',
};
const onDemand = (modelId: string) => ({
  name: 'ValidationException',
  status: 400,
  message: `Invocation of model ID ${modelId} with on-demand throughput isn\u2019t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
});

/** Runs `body` with an SDK client signing for `region`. */
async function from(
  region: string,
  body: (client: BedrockRuntimeClient) => Promise<void>,
): Promise<void> {
  const client = sdkClient(bedrock.simulator, region);
  try {
    await body(client);
  } finally {
    client.destroy();
  }
}

async function answers(client: BedrockRuntimeClient, modelId: string): Promise<void> {
  const code = nonce();
  const output = await converse(client, {
    modelId,
    messages: ask(`Reply with exactly ${code}.`),
    inferenceConfig: { maxTokens: 300 },
  });
  expect(textOf(output), modelId).toBe(code);
}

function refuses(
  client: BedrockRuntimeClient,
  modelId: string,
  expected: { name: string; status: number; message: string },
): Promise<void> {
  return expectBedrockError(converse(client, { modelId, messages: ask('Hi') }), expected);
}

describe('Regions', () => {
  it('refuses a model where it is not offered, as an invalid identifier, and answers where it is', async () => {
    await from('us-east-1', (client) => refuses(client, 'deepseek.v3-v1:0', INVALID));
    await from('us-west-2', (client) => answers(client, 'deepseek.v3-v1:0'));
    await from('us-east-1', (client) => refuses(client, 'stability.sd3-5-large-v1:0', INVALID));
  });

  it('answers a model on demand in one Region and only through a profile in another', async () => {
    await from('us-east-1', (client) => answers(client, 'amazon.nova-lite-v1:0'));
    await from('eu-west-1', async (client) => {
      await refuses(client, 'amazon.nova-lite-v1:0', onDemand('amazon.nova-lite-v1:0'));
      await answers(client, 'eu.amazon.nova-lite-v1:0');
      await refuses(client, 'us.amazon.nova-lite-v1:0', INVALID);
    });
  });

  it('serves each geography its own profiles, and global. from every commercial Region', async () => {
    const sonnet = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
    await from('eu-central-1', async (client) => {
      await answers(client, `eu.${sonnet}`);
      await answers(client, `global.${sonnet}`);
      await refuses(client, `jp.${sonnet}`, INVALID);
    });
    await from('ap-northeast-1', async (client) => {
      await answers(client, 'jp.anthropic.claude-haiku-4-5-20251001-v1:0');
      await answers(client, 'apac.amazon.nova-lite-v1:0');
      await refuses(client, `au.${sonnet}`, INVALID);
    });
    await from('ap-southeast-2', (client) => answers(client, `au.${sonnet}`));
    // Mumbai has neither an in-Region nor a geographic route to Nova 2 Lite, only the global one.
    await from('ap-south-1', async (client) => {
      await answers(client, 'global.amazon.nova-2-lite-v1:0');
      await refuses(client, 'apac.amazon.nova-2-lite-v1:0', INVALID);
    });
    await from('sa-east-1', async (client) => {
      await answers(client, `global.${sonnet}`);
      await refuses(client, `us.${sonnet}`, INVALID);
    });
    await from('us-gov-west-1', async (client) => {
      await refuses(client, `global.${sonnet}`, INVALID);
      await answers(client, 'amazon.nova-lite-v1:0');
    });
  });

  it('knows a Region-scoped ARN only in its own Region', async () => {
    const arn = 'arn:aws:bedrock:us-west-2::foundation-model/openai.gpt-oss-120b-1:0';
    await from('us-west-2', (client) => answers(client, arn));
    await from('us-east-1', (client) => refuses(client, arn, INVALID));
    const application = applicationProfileArn(
      APPLICATION_PROFILES[0] as (typeof APPLICATION_PROFILES)[number],
    );
    await from('us-east-1', (client) => answers(client, application));
    await from('us-west-2', (client) =>
      refuses(client, application.replace('us-east-1', 'us-west-2'), INVALID),
    );
    await from('us-east-1', (client) =>
      refuses(client, application.replace('k3m9x2p7q4za', 'zzzzzzzzzzzz'), INVALID),
    );
  });
});
