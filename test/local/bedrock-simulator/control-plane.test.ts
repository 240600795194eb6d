/**
 * The control plane, driven by the unmodified `@aws-sdk/client-bedrock` pointed at the
 * simulator through `endpoint`: the same catalog the runtime serves, per signed Region.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BedrockClient,
  GetFoundationModelAvailabilityCommand,
  GetFoundationModelCommand,
  GetInferenceProfileCommand,
  ListFoundationModelsCommand,
  ListInferenceProfilesCommand,
  paginateListInferenceProfiles,
  type FoundationModelSummary,
  type InferenceProfileSummary,
  type ListFoundationModelsCommandInput,
} from '@aws-sdk/client-bedrock';
import { describe, expect, it } from 'vitest';
import {
  APPLICATION_PROFILES,
  applicationProfileArn,
  type BedrockSimulator,
} from '../../../local/bedrock-simulator/index.js';
import { ask, converse, expectBedrockError, sdkClient, useSimulator } from './sdk-helpers.js';
import { anyDate } from '../../support/matchers.js';

const bedrock = useSimulator();
const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

function controlPlane(simulator: BedrockSimulator, region = 'us-east-1'): BedrockClient {
  return new BedrockClient({
    region,
    endpoint: simulator.url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

async function withClient<T>(
  region: string,
  body: (client: BedrockClient) => Promise<T>,
): Promise<T> {
  const client = controlPlane(bedrock.simulator, region);
  try {
    return await body(client);
  } finally {
    client.destroy();
  }
}

function listModels(
  input: ListFoundationModelsCommandInput = {},
  region = 'us-east-1',
): Promise<FoundationModelSummary[]> {
  return withClient(
    region,
    async (client) =>
      (await client.send(new ListFoundationModelsCommand(input))).modelSummaries ?? [],
  );
}

function listProfiles(
  type?: 'SYSTEM_DEFINED' | 'APPLICATION',
  region = 'us-east-1',
): Promise<InferenceProfileSummary[]> {
  return withClient(region, async (client) => {
    const profiles: InferenceProfileSummary[] = [];
    for await (const page of paginateListInferenceProfiles(
      { client, pageSize: 7 },
      type ? { typeEquals: type } : {},
    )) {
      profiles.push(...(page.inferenceProfileSummaries ?? []));
    }
    return profiles;
  });
}

const ids = (models: readonly { modelId?: string }[]): string[] =>
  models.map((model) => model.modelId as string);

describe('ListFoundationModels', () => {
  it('lists the catalog in the shapes of the API reference: text models of several providers, Legacy ones, non-text ones', async () => {
    const models = await listModels();
    const text = models.filter((model) => model.outputModalities?.includes('TEXT'));
    expect(text.length).toBeGreaterThanOrEqual(10);
    expect(new Set(text.map((model) => model.providerName)).size).toBeGreaterThanOrEqual(5);
    expect(
      models.filter((model) => model.modelLifecycle?.status === 'LEGACY').length,
    ).toBeGreaterThanOrEqual(1);
    expect(models.some((model) => model.outputModalities?.includes('EMBEDDING'))).toBe(true);
    // Image generation (Stability AI) is offered in us-west-2, since Nova Canvas reached end of life.
    const oregon = await listModels({}, 'us-west-2');
    expect(oregon.some((model) => model.outputModalities?.includes('IMAGE'))).toBe(true);

    expect(models.find((model) => model.modelId === SONNET)).toEqual({
      modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${SONNET}`,
      modelId: SONNET,
      modelName: 'Claude Sonnet 4.5',
      providerName: 'Anthropic',
      inputModalities: ['TEXT', 'IMAGE'],
      outputModalities: ['TEXT'],
      responseStreamingSupported: true,
      customizationsSupported: [],
      inferenceTypesSupported: ['INFERENCE_PROFILE'],
      modelLifecycle: { status: 'ACTIVE' },
    });
    expect(
      models.find((model) => model.modelId === 'amazon.nova-lite-v1:0')?.inferenceTypesSupported,
    ).toEqual(['ON_DEMAND', 'INFERENCE_PROFILE']);
    // A Legacy model carries the dates the Bedrock lifecycle page publishes for it.
    expect(
      models.find((model) => model.modelId === 'anthropic.claude-opus-4-1-20250805-v1:0')
        ?.modelLifecycle,
    ).toEqual({
      status: 'LEGACY',
      legacyTime: new Date('2026-07-08T00:00:00Z'),
      publicExtendedAccessTime: new Date('2026-10-08T00:00:00Z'),
      endOfLifeTime: new Date('2027-01-08T00:00:00Z'),
    });
  });

  it('leaves out retired models, fault models and models not offered in the Region', async () => {
    const listed = ids(await listModels());
    expect(listed).not.toContain('anthropic.claude-v2');
    expect(listed).not.toContain('anthropic.claude-3-5-sonnet-20241022-v2:0');
    expect(listed.filter((id) => id.startsWith('sim.'))).toEqual([]);
    expect(listed).not.toContain('deepseek.v3-v1:0');
    expect(ids(await listModels({}, 'us-west-2'))).toContain('deepseek.v3-v1:0');
  });

  it('filters by provider (case-insensitively), output modality, inference type and customization', async () => {
    const anthropic = await listModels({ byProvider: 'anthropic' });
    expect(anthropic.length).toBeGreaterThan(3);
    expect(new Set(anthropic.map((model) => model.providerName))).toEqual(new Set(['Anthropic']));

    const embeddings = ids(await listModels({ byOutputModality: 'EMBEDDING' }));
    expect(embeddings.sort()).toEqual(['amazon.titan-embed-text-v2:0', 'cohere.embed-english-v3']);
    const text = await listModels({ byOutputModality: 'TEXT' });
    expect(text.every((model) => model.outputModalities?.includes('TEXT'))).toBe(true);
    expect(ids(await listModels({ byOutputModality: 'IMAGE' }, 'us-west-2'))).toEqual([
      'stability.sd3-5-large-v1:0',
    ]);
    expect(ids(text)).not.toContain('stability.sd3-5-large-v1:0');

    expect(ids(await listModels({ byInferenceType: 'PROVISIONED' }))).toEqual([
      'amazon.nova-pro-v1:0:300k',
    ]);
    const onDemand = await listModels({ byInferenceType: 'ON_DEMAND' });
    expect(onDemand.every((model) => model.inferenceTypesSupported?.includes('ON_DEMAND'))).toBe(
      true,
    );
    expect(ids(onDemand)).not.toContain(SONNET);

    const distillation = await listModels({ byCustomizationType: 'DISTILLATION' });
    expect(ids(distillation)).toContain('amazon.nova-pro-v1:0');
    expect(
      distillation.every((model) => model.customizationsSupported?.includes('DISTILLATION')),
    ).toBe(true);
    expect(
      ids(await listModels({ byProvider: 'Anthropic', byOutputModality: 'EMBEDDING' })),
    ).toEqual([]);
  });

  it('reports what the Region offers: Nova Lite needs a profile in eu-west-1', async () => {
    const nova = (await listModels({}, 'eu-west-1')).find(
      (model) => model.modelId === 'amazon.nova-lite-v1:0',
    );
    expect(nova).toMatchObject({
      modelArn: 'arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-lite-v1:0',
      inferenceTypesSupported: ['INFERENCE_PROFILE'],
    });
  });

  it('refuses a filter value outside its enum with ValidationException', async () => {
    await withClient('us-east-1', (client) =>
      expectBedrockError(
        client.send(new ListFoundationModelsCommand({ byOutputModality: 'AUDIO' as 'TEXT' })),
        {
          name: 'ValidationException',
          status: 400,
          message:
            "1 validation error detected: Value 'AUDIO' at 'byOutputModality' failed to satisfy constraint: Member must satisfy enum value set: [TEXT, IMAGE, EMBEDDING]",
        },
      ),
    );
  });
});

describe('GetFoundationModel', () => {
  it('describes a model by id or ARN exactly as the listing does', async () => {
    const listed = (await listModels()).find((model) => model.modelId === 'amazon.nova-lite-v1:0');
    await withClient('us-east-1', async (client) => {
      const byId = await client.send(
        new GetFoundationModelCommand({ modelIdentifier: 'amazon.nova-lite-v1:0' }),
      );
      expect(byId.modelDetails).toEqual(listed);
      const byArn = await client.send(
        new GetFoundationModelCommand({
          modelIdentifier: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0',
        }),
      );
      expect(byArn.modelDetails).toEqual(listed);
    });
  });

  it('does not know unknown, retired or elsewhere-only models', async () => {
    await withClient('us-east-1', async (client) => {
      for (const modelIdentifier of [
        'acme.nonexistent-v1:0',
        'anthropic.claude-v2',
        'deepseek.v3-v1:0',
        'sim.hang',
      ]) {
        await expectBedrockError(client.send(new GetFoundationModelCommand({ modelIdentifier })), {
          name: 'ValidationException',
          status: 400,
          message: 'The provided model identifier is invalid.',
        });
      }
    });
  });
});

describe('ListInferenceProfiles', () => {
  it("lists the Region's system-defined profiles by default, global ones with the Region-less model ARN", async () => {
    const profiles = await listProfiles();
    expect(
      profiles.every((profile) => profile.type === 'SYSTEM_DEFINED' && profile.status === 'ACTIVE'),
    ).toBe(true);
    const byId = new Map(
      profiles.map((profile) => [profile.inferenceProfileId as string, profile]),
    );
    expect(byId.get(`us.${SONNET}`)).toEqual({
      inferenceProfileName: 'US Anthropic Claude Sonnet 4.5',
      description:
        'Routes requests to Anthropic Claude Sonnet 4.5 in us-east-1, us-east-2, us-west-2.',
      createdAt: anyDate(),
      updatedAt: anyDate(),
      inferenceProfileArn: `arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.${SONNET}`,
      models: ['us-east-1', 'us-east-2', 'us-west-2'].map((region) => ({
        modelArn: `arn:aws:bedrock:${region}::foundation-model/${SONNET}`,
      })),
      inferenceProfileId: `us.${SONNET}`,
      status: 'ACTIVE',
      type: 'SYSTEM_DEFINED',
    });
    expect(byId.get(`global.${SONNET}`)?.models).toEqual([
      { modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${SONNET}` },
      { modelArn: `arn:aws:bedrock:::foundation-model/${SONNET}` },
    ]);
    // Only the caller's geography: no eu., jp. or apac. profiles from us-east-1.
    expect([...byId.keys()].filter((id) => !/^(us|global)\./.test(id))).toEqual([]);
    expect(byId.has('us.anthropic.claude-v2')).toBe(false);
  });

  it("lists the account's application profiles with typeEquals APPLICATION", async () => {
    const [application] = APPLICATION_PROFILES;
    const listed = await listProfiles('APPLICATION');
    const system = (await listProfiles()).find(
      (profile) => profile.inferenceProfileId === application?.copiedFrom,
    );
    expect(listed).toEqual([
      expect.objectContaining({
        inferenceProfileId: application?.id,
        inferenceProfileArn: applicationProfileArn(
          application as (typeof APPLICATION_PROFILES)[number],
        ),
        type: 'APPLICATION',
        status: 'ACTIVE',
        models: system?.models,
      }),
    ]);
    expect(await listProfiles('APPLICATION', 'us-west-2')).toEqual([]);
  });

  it('pages with maxResults and nextToken, every profile once', async () => {
    const all = await withClient(
      'us-east-1',
      async (client) =>
        (await client.send(new ListInferenceProfilesCommand({}))).inferenceProfileSummaries ?? [],
    );
    expect(all.length).toBeGreaterThan(15);
    const pages = await withClient('us-east-1', async (client) => {
      const seen: number[] = [];
      for await (const page of paginateListInferenceProfiles({ client, pageSize: 7 }, {}))
        seen.push(page.inferenceProfileSummaries?.length ?? 0);
      return seen;
    });
    expect(pages.length).toBe(Math.ceil(all.length / 7));
    expect(pages.slice(0, -1).every((size) => size === 7)).toBe(true);
    expect((await listProfiles()).map((profile) => profile.inferenceProfileId)).toEqual(
      all.map((profile) => profile.inferenceProfileId),
    );

    await withClient('us-east-1', async (client) => {
      const first = await client.send(new ListInferenceProfilesCommand({ maxResults: 2 }));
      expect(first.nextToken).toEqual(expect.any(String));
      // A token continues only the listing that issued it.
      await expectBedrockError(
        client.send(
          new ListInferenceProfilesCommand({
            typeEquals: 'APPLICATION',
            nextToken: first.nextToken,
          }),
        ),
        {
          name: 'ValidationException',
          status: 400,
          message: 'The provided pagination token is invalid.',
        },
      );
      await expectBedrockError(client.send(new ListInferenceProfilesCommand({ maxResults: 0 })), {
        name: 'ValidationException',
        status: 400,
        message:
          "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
      });
    });
  });

  it("follows the signed Region's geographies: eu. and global. from eu-west-1, jp., apac. and global. from Tokyo", async () => {
    const europe = (await listProfiles(undefined, 'eu-west-1')).map(
      (profile) => profile.inferenceProfileId as string,
    );
    expect(europe).toContain(`eu.${SONNET}`);
    expect(europe).toContain('eu.amazon.nova-lite-v1:0');
    expect(europe.filter((id) => !/^(eu|global)\./.test(id))).toEqual([]);
    const tokyo = (await listProfiles(undefined, 'ap-northeast-1')).map(
      (profile) => profile.inferenceProfileId as string,
    );
    expect(tokyo).toEqual(
      expect.arrayContaining([`jp.${SONNET}`, `global.${SONNET}`, 'apac.amazon.nova-lite-v1:0']),
    );
  });
});

describe('GetInferenceProfile', () => {
  it('describes a system-defined profile by id or ARN, and an application profile by id or ARN, as the listing does', async () => {
    const [application] = APPLICATION_PROFILES as [(typeof APPLICATION_PROFILES)[number]];
    const system = (await listProfiles()).find(
      (profile) => profile.inferenceProfileId === `global.${SONNET}`,
    );
    const own = (await listProfiles('APPLICATION'))[0];
    await withClient('us-east-1', async (client) => {
      const get = async (inferenceProfileIdentifier: string) => {
        const { $metadata: _metadata, ...profile } = await client.send(
          new GetInferenceProfileCommand({ inferenceProfileIdentifier }),
        );
        return profile;
      };
      expect(await get(`global.${SONNET}`)).toEqual(system);
      expect(await get(system?.inferenceProfileArn as string)).toEqual(system);
      expect(await get(application.id)).toEqual(own);
      expect(await get(applicationProfileArn(application))).toEqual(own);
    });
  });

  it('does not know a profile of another geography, a retired model or a malformed id', async () => {
    await withClient('us-east-1', async (client) => {
      for (const id of [`eu.${SONNET}`, 'us.anthropic.claude-3-5-sonnet-20241022-v2:0']) {
        await expectBedrockError(
          client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: id })),
          {
            name: 'ResourceNotFoundException',
            status: 404,
            message: `Inference profile ${id} not found.`,
          },
        );
      }
      await expectBedrockError(
        client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: 'us sonnet' })),
        {
          name: 'ValidationException',
          status: 400,
          message:
            "1 validation error detected: Value 'us sonnet' at 'inferenceProfileIdentifier' failed to satisfy constraint: " +
            'Member must satisfy regular expression pattern: (arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|application-inference-profile)/)?[a-zA-Z0-9-:.]+',
        },
      );
    });
  });
});

describe('GetFoundationModelAvailability', () => {
  const availability = (modelId: string, region = 'us-east-1') =>
    withClient(region, (client) =>
      client.send(new GetFoundationModelAvailabilityCommand({ modelId })),
    );
  // The data file's account: an IAM deny on one model, a Legacy model it has not used lately.
  const DENIED = 'anthropic.claude-opus-4-6-v1';
  const LEGACY_UNUSED = 'anthropic.claude-opus-4-1-20250805-v1:0';

  it('answers in the shape of the API reference, per signed Region: offered where the model is', async () => {
    const here = await availability(SONNET);
    expect(here).toMatchObject({
      modelId: SONNET,
      agreementAvailability: { status: 'AVAILABLE' },
      authorizationStatus: 'AUTHORIZED',
      entitlementAvailability: 'AVAILABLE',
      regionAvailability: 'AVAILABLE',
    });
    // Llama 4 Scout is offered in the US Regions of the data file, not in Ireland.
    const scout = 'meta.llama4-scout-17b-instruct-v1:0';
    expect((await availability(scout, 'us-west-2')).regionAvailability).toBe('AVAILABLE');
    expect((await availability(scout, 'eu-west-1')).regionAvailability).toBe('NOT_AVAILABLE');
  });

  it('tells a model the account may not invoke (denied, Legacy and unused) from one it may', async () => {
    expect(await availability(DENIED)).toMatchObject({
      authorizationStatus: 'NOT_AUTHORIZED',
      regionAvailability: 'AVAILABLE',
    });
    expect(await availability(LEGACY_UNUSED)).toMatchObject({
      authorizationStatus: 'AUTHORIZED',
      entitlementAvailability: 'NOT_AVAILABLE',
    });
  });

  it('does not know retired or fault models, and refuses an id outside the pattern', async () => {
    await withClient('us-east-1', async (client) => {
      for (const modelId of ['anthropic.claude-v2', 'sim.hang'])
        await expectBedrockError(
          client.send(new GetFoundationModelAvailabilityCommand({ modelId })),
          {
            name: 'ResourceNotFoundException',
            message: `Model ${modelId} not found.`,
            status: 404,
          },
        );
      const error = await client
        .send(new GetFoundationModelAvailabilityCommand({ modelId: 'Not A Model' }))
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({
        name: 'ValidationException',
        $metadata: { httpStatusCode: 400 },
      });
    });
  });
});

describe('one catalog for both APIs', () => {
  it.each(['us-east-1', 'eu-west-1', 'us-west-2'])(
    'every id %s lists is one the runtime there knows and does not send to a profile',
    async (region) => {
      const models = await listModels({ byOutputModality: 'TEXT' }, region);
      const onDemand = models
        .filter((model) => model.inferenceTypesSupported?.includes('ON_DEMAND'))
        .map((model) => model.modelId as string);
      const profiles = (await listProfiles(undefined, region)).map(
        (profile) => profile.inferenceProfileId as string,
      );
      const application = (await listProfiles('APPLICATION', region)).map(
        (profile) => profile.inferenceProfileArn as string,
      );
      const runtime = sdkClient(bedrock.simulator, region);
      try {
        for (const modelId of [...onDemand, ...profiles, ...application]) {
          const outcome = await converse(runtime, {
            modelId,
            messages: ask('Hi'),
            inferenceConfig: { maxTokens: 50 },
          }).then(
            () => 'answered',
            (error: Error) => error.message,
          );
          // Legacy and denied models are listed and known, but refused for this account.
          expect(outcome, modelId).toMatch(
            /^answered$|marked by provider as Legacy|You don't have access/,
          );
        }
      } finally {
        runtime.destroy();
      }
    },
  );

  it('needs no botocore-style service model files (~/.aws/models): the SDK carries its own', async () => {
    const home = await mkdtemp(join(tmpdir(), 'no-aws-home-'));
    const saved = {
      HOME: process.env.HOME,
      AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE,
      AWS_SHARED_CREDENTIALS_FILE: process.env.AWS_SHARED_CREDENTIALS_FILE,
    };
    Object.assign(process.env, {
      HOME: home,
      AWS_CONFIG_FILE: join(home, '.aws/config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws/credentials'),
    });
    try {
      const models = await listModels({ byProvider: 'Amazon' });
      expect(ids(models)).toContain('amazon.nova-lite-v1:0');
      expect(await readdir(home)).toEqual([]);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await rm(home, { recursive: true, force: true });
    }
  });

  it('counts control plane calls per operation, apart from runtime requests', async () => {
    bedrock.simulator.resetStats();
    await listModels();
    await listProfiles();
    expect(bedrock.simulator.stats.controlPlane.ListFoundationModels).toBe(1);
    expect(bedrock.simulator.stats.controlPlane.ListInferenceProfiles).toBeGreaterThanOrEqual(3);
    expect(bedrock.simulator.stats.requests).toBe(0);
  });
});

describe('control plane faults', () => {
  it('fails every control plane call as Bedrock does while a fault is set, leaves the runtime alone, and heals', async () => {
    bedrock.simulator.resetStats();
    try {
      bedrock.simulator.setControlPlaneFault('throttled');
      await withClient('us-east-1', (client) =>
        expectBedrockError(client.send(new ListFoundationModelsCommand({})), {
          name: 'ThrottlingException',
          status: 429,
          message: 'Too many requests, please wait before trying again.',
        }),
      );
      bedrock.simulator.setControlPlaneFault('unavailable');
      await withClient('us-east-1', (client) =>
        expectBedrockError(client.send(new ListInferenceProfilesCommand({})), {
          name: 'ServiceUnavailableException',
          status: 503,
          message: 'Bedrock is unable to process your request.',
        }),
      );
      bedrock.simulator.setControlPlaneFault('access-denied');
      await withClient('us-east-1', async (client) => {
        await expectBedrockError(
          client.send(new GetFoundationModelCommand({ modelIdentifier: 'amazon.nova-lite-v1:0' })),
          {
            name: 'AccessDeniedException',
            status: 403,
            message:
              'User: arn:aws:sts::123456789012:assumed-role/certification-handler/local is not authorized to perform: bedrock:GetFoundationModel because no identity-based policy allows the bedrock:GetFoundationModel action',
          },
        );
      });
      // The runtime is another endpoint in AWS: it keeps answering.
      const answer = await converse(bedrock.client, {
        modelId: 'amazon.nova-lite-v1:0',
        messages: ask('Hi'),
        inferenceConfig: { maxTokens: 20 },
      });
      expect(answer.stopReason).toBeDefined();
      expect(bedrock.simulator.stats.controlPlane).toEqual({
        ListFoundationModels: 1,
        ListInferenceProfiles: 1,
        GetFoundationModel: 1,
      });
    } finally {
      bedrock.simulator.setControlPlaneFault(null);
    }
    expect(ids(await listModels())).toContain('amazon.nova-lite-v1:0');
  });
});
