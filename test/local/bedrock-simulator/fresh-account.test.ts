/**
 * What a fresh account meets (`BEDROCK_SIM_ACCOUNT=fresh`): Anthropic's use-case form first,
 * then, for every Marketplace model, a subscription that refuses calls for its first minutes;
 * Amazon, Meta, Mistral, DeepSeek, OpenAI and Qwen models answer at once. The certification
 * says what to do. Time is a fake clock: nothing waits on the wall clock.
 */
import { BedrockClient, GetFoundationModelAvailabilityCommand } from '@aws-sdk/client-bedrock';
import { describe, expect, it } from 'vitest';
import { toAccess } from '../../../shared/catalog/model-availability.js';
import { certifyModel } from '../../../shared/certification/engine.js';
import { accountKindFromEnv } from '../../../local/bedrock-simulator/index.js';
import {
  ask,
  converse,
  converseStream,
  expectBedrockError,
  nonce,
  textOf,
  useSimulator,
  type ExpectedError,
} from './sdk-helpers.js';

const SONNET = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const PALMYRA = 'us.writer.palmyra-x5-v1:0';
const NOVA = 'amazon.nova-lite-v1:0';
const MINUTE = 60_000;

const USE_CASE: ExpectedError = {
  name: 'ResourceNotFoundException',
  status: 404,
  message:
    'Model use case details have not been submitted for this account. Fill out the Anthropic use case details form before using the model. If you have already filled out the form, try again in 15 minutes.',
};
const SUBSCRIBING: ExpectedError = {
  name: 'AccessDeniedException',
  status: 403,
  message:
    'Your account is not authorized to access this model. Your AWS Marketplace subscription for this model is still being processed.',
};

const clock = { now: Date.parse('2026-12-07T09:00:00Z') };
const bedrock = useSimulator({
  perTest: true,
  simulator: { account: 'fresh', timeScale: 1, now: () => clock.now },
});

async function answers(modelId: string): Promise<void> {
  const code = nonce();
  const output = await converse(bedrock.client, {
    modelId,
    messages: ask(`Reply with exactly ${code} and nothing else.`),
    inferenceConfig: { maxTokens: 50 },
  });
  expect(textOf(output)).toBe(code);
}

/** The simulator's admin API. */
async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${bedrock.simulator.url}/_simulator/${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('a fresh account', () => {
  it("refuses Anthropic models with Bedrock's use-case message until the form is submitted", async () => {
    await expectBedrockError(
      converse(bedrock.client, { modelId: SONNET, messages: ask('Hi') }),
      USE_CASE,
    );
    await expectBedrockError(
      converseStream(bedrock.client, { modelId: SONNET, messages: ask('Hi') }),
      USE_CASE,
    );
    // Models not sold through AWS Marketplace need neither step.
    await answers(NOVA);
    await answers('us.meta.llama3-3-70b-instruct-v1:0');
  });

  it('after the form, subscribes on the first call and refuses until the subscription completes', async () => {
    expect(await admin('POST', 'account/anthropic-use-case')).toMatchObject({
      status: 201,
      body: { account: { kind: 'fresh', anthropicUseCaseSubmitted: true } },
    });
    await expectBedrockError(
      converse(bedrock.client, { modelId: SONNET, messages: ask('Hi') }),
      SUBSCRIBING,
    );
    clock.now += MINUTE;
    await expectBedrockError(
      converseStream(bedrock.client, { modelId: SONNET, messages: ask('Hi') }),
      SUBSCRIBING,
    );
    const { body } = await admin('GET', 'account');
    expect(body).toEqual({
      account: {
        kind: 'fresh',
        anthropicUseCaseSubmitted: true,
        marketplaceSubscriptionMs: 2 * MINUTE,
        marketplaceSubscriptions: {
          'anthropic.claude-sonnet-4-5-20250929-v1:0': {
            startedAt: new Date(clock.now - MINUTE).toISOString(),
            completesAt: new Date(clock.now + MINUTE).toISOString(),
          },
        },
      },
    });
    clock.now += MINUTE;
    await answers(SONNET);
    // The subscription is the model's, whatever id reaches it.
    await answers(`global.${SONNET.slice('us.'.length)}`);
  });

  it('subscribes a third-party model without Anthropic\u2019s form, each model on its own clock', async () => {
    await expectBedrockError(
      converse(bedrock.client, { modelId: PALMYRA, messages: ask('Hi') }),
      SUBSCRIBING,
    );
    clock.now += 2 * MINUTE;
    await answers(PALMYRA);
  });

  it('becomes an established account (and fresh again) through the admin API', async () => {
    expect(await admin('PUT', 'account', { kind: 'established' })).toMatchObject({
      status: 200,
      body: { account: { kind: 'established', marketplaceSubscriptions: {} } },
    });
    await answers(SONNET);
    bedrock.simulator.account.reset('fresh');
    await expectBedrockError(
      converse(bedrock.client, { modelId: SONNET, messages: ask('Hi') }),
      USE_CASE,
    );
    bedrock.simulator.account.submitAnthropicUseCase();
    expect(bedrock.simulator.account.describe().anthropicUseCaseSubmitted).toBe(true);
  });

  it('refuses a bad account change (400) and wrong methods (405)', async () => {
    expect(await admin('PUT', 'account', { kind: 'ancient' })).toEqual({
      status: 400,
      body: { message: 'kind must be one of established, fresh.' },
    });
    expect((await admin('DELETE', 'account')).status).toBe(405);
    expect((await admin('GET', 'account/anthropic-use-case')).status).toBe(405);
    expect(bedrock.simulator.account.describe().kind).toBe('fresh');
  });

  it('gives certifications a diagnosis that says what to do at each step', async () => {
    const certify = () =>
      certifyModel(SONNET, {
        bedrock: bedrock.client,
        region: 'us-east-1',
        retry: { baseDelayMs: 1 },
      });
    const form = await certify();
    expect(form.status).toBe('unavailable');
    expect(form.diagnosis?.[0]).toMatchObject({ code: 'ACCESS_DENIED' });
    expect(form.diagnosis?.[0]?.hint).toMatch(/submit the form .* Amazon Bedrock console/);

    bedrock.simulator.account.submitAnthropicUseCase();
    const subscribing = await certify();
    expect(subscribing.status).toBe('unavailable');
    expect(subscribing.diagnosis?.[0]?.hint).toContain('certify again in a few minutes');

    clock.now += 2 * MINUTE;
    expect((await certify()).status).toBe('certified');
  });
});

describe("a fresh account's GetFoundationModelAvailability", () => {
  /** The control plane's answer for `modelId`, and the access the service reads from it. */
  async function availability(modelId: string) {
    const client = new BedrockClient({
      region: 'us-east-1',
      endpoint: bedrock.simulator.url,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    try {
      const answer = await client.send(new GetFoundationModelAvailabilityCommand({ modelId }));
      return {
        agreement: answer.agreementAvailability?.status,
        entitlement: answer.entitlementAvailability,
        access: toAccess(answer),
      };
    } finally {
      client.destroy();
    }
  }
  const BASE_SONNET = SONNET.slice('us.'.length);
  const BASE_PALMYRA = PALMYRA.slice('us.'.length);

  it('shows Anthropic models not available until the use-case form is submitted', async () => {
    expect(await availability(BASE_SONNET)).toEqual({
      agreement: 'NOT_AVAILABLE',
      entitlement: 'NOT_AVAILABLE',
      access: 'NOT_AVAILABLE',
    });
    bedrock.simulator.account.submitAnthropicUseCase();
    // Entitled now; the agreement follows from the first call.
    expect(await availability(BASE_SONNET)).toEqual({
      agreement: 'NOT_AVAILABLE',
      entitlement: 'AVAILABLE',
      access: 'AVAILABLE',
    });
    // Asking starts no subscription.
    expect(bedrock.simulator.account.describe().marketplaceSubscriptions).toEqual({});
  });

  it('shows a Marketplace model not available while the subscription its first call started is processed', async () => {
    expect((await availability(BASE_PALMYRA)).access).toBe('AVAILABLE');
    await expectBedrockError(
      converse(bedrock.client, { modelId: PALMYRA, messages: ask('Hi') }),
      SUBSCRIBING,
    );
    expect(await availability(BASE_PALMYRA)).toEqual({
      agreement: 'PENDING',
      entitlement: 'NOT_AVAILABLE',
      access: 'NOT_AVAILABLE',
    });
    clock.now += 2 * MINUTE;
    expect(await availability(BASE_PALMYRA)).toEqual({
      agreement: 'AVAILABLE',
      entitlement: 'AVAILABLE',
      access: 'AVAILABLE',
    });
    // Models outside Marketplace have no step to take.
    expect((await availability(NOVA)).access).toBe('AVAILABLE');
    expect((await availability('meta.llama3-3-70b-instruct-v1:0')).access).toBe('AVAILABLE');
  });

  it('is the established answer once the account is established', async () => {
    bedrock.simulator.account.reset('established');
    expect(await availability(BASE_SONNET)).toEqual({
      agreement: 'AVAILABLE',
      entitlement: 'AVAILABLE',
      access: 'AVAILABLE',
    });
  });
});

describe('BEDROCK_SIM_ACCOUNT', () => {
  it('chooses the account kind, established by default, and refuses anything else', () => {
    expect(accountKindFromEnv({})).toBe('established');
    expect(accountKindFromEnv({ BEDROCK_SIM_ACCOUNT: ' fresh ' })).toBe('fresh');
    expect(() => accountKindFromEnv({ BEDROCK_SIM_ACCOUNT: 'new' })).toThrow(
      'Invalid configuration: BEDROCK_SIM_ACCOUNT must be one of established, fresh, got "new"',
    );
  });
});

describe('time scale', () => {
  const scaled = useSimulator({ simulator: { account: 'fresh', timeScale: 0.5 } });

  it("scales a subscription's minutes like every other simulated delay", () => {
    expect(scaled.simulator.account.describe().marketplaceSubscriptionMs).toBe(MINUTE);
  });
});
