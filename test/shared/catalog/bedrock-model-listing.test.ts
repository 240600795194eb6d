/**
 * The listing through the unmodified `@aws-sdk/client-bedrock`, built as the service builds it,
 * against the simulator's control plane on the real REST-JSON protocol.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { BedrockClient } from '@aws-sdk/client-bedrock';
import { describe, expect, it } from 'vitest';
import {
  APPLICATION_PROFILES,
  applicationProfileArn,
  startBedrockSimulator,
} from '../../../local/bedrock-simulator/index.js';
import {
  BedrockModelListing,
  createBedrockControlPlaneClient,
} from '../../../shared/catalog/bedrock-model-listing.js';
import { buildCatalog } from '../../../shared/catalog/build-catalog.js';
import { CatalogUnavailableError } from '../../../shared/errors.js';
import { useFixture } from '../../support/suite-fixture.js';

const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

const bedrock = useFixture(
  async () => {
    const simulator = await startBedrockSimulator();
    return { simulator, client: clientFor(simulator.url) };
  },
  async ({ simulator, client }) => {
    client.destroy();
    await simulator.close();
  },
);

/** The service's client, with static credentials (the simulator accepts any signature). */
function clientFor(endpoint: string, region = 'us-east-1'): BedrockClient {
  return createBedrockControlPlaneClient({ region, endpoint, credentials: CREDENTIALS });
}

async function failureOf(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('BedrockModelListing', () => {
  it('lists every foundation model of the region, text or not, with what the catalog needs', async () => {
    const { foundationModels } = await new BedrockModelListing({ client: bedrock.client }).list();
    expect(foundationModels.find((model) => model.modelId === SONNET)).toEqual({
      modelId: SONNET,
      modelName: 'Claude Sonnet 4.5',
      providerName: 'Anthropic',
      outputModalities: ['TEXT'],
      inferenceTypesSupported: ['INFERENCE_PROFILE'],
      lifecycle: 'ACTIVE',
    });
    expect(
      foundationModels.find((model) => model.modelId === 'anthropic.claude-opus-4-1-20250805-v1:0')
        ?.lifecycle,
    ).toBe('LEGACY');
    expect(foundationModels.some((model) => model.outputModalities.includes('EMBEDDING'))).toBe(
      true,
    );
  });

  it('lists system-defined and application profiles with the foundation model ids behind them', async () => {
    const { inferenceProfiles } = await new BedrockModelListing({ client: bedrock.client }).list();
    expect(
      inferenceProfiles.find((profile) => profile.inferenceProfileId === `global.${SONNET}`),
    ).toEqual({
      inferenceProfileId: `global.${SONNET}`,
      inferenceProfileArn: `arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.${SONNET}`,
      inferenceProfileName: 'Global Anthropic Claude Sonnet 4.5',
      type: 'SYSTEM_DEFINED',
      // The Region-less ARN of a global profile names the same model: listed once.
      modelIds: [SONNET],
    });
    const [application] = APPLICATION_PROFILES;
    expect(inferenceProfiles.filter((profile) => profile.type === 'APPLICATION')).toEqual([
      expect.objectContaining({
        inferenceProfileId: application?.id,
        inferenceProfileArn: applicationProfileArn(
          application as (typeof APPLICATION_PROFILES)[number],
        ),
        modelIds: [SONNET],
      }),
    ]);
  });

  it('follows every page of ListInferenceProfiles', async () => {
    const { simulator, client } = bedrock;
    const whole = await new BedrockModelListing({ client }).list();
    simulator.resetStats();
    const paged = await new BedrockModelListing({ client, pageSize: 4 }).list();
    expect(paged).toEqual(whole);
    const system = whole.inferenceProfiles.filter(
      (profile) => profile.type === 'SYSTEM_DEFINED',
    ).length;
    // One page per 4 system profiles, one for the application profile, one ListFoundationModels.
    expect(simulator.stats.controlPlane).toEqual({
      ListFoundationModels: 1,
      ListInferenceProfiles: Math.ceil(system / 4) + 1,
    });
  });

  it('lists what the signed region offers', async () => {
    const client = clientFor(bedrock.simulator.url, 'eu-west-1');
    try {
      const catalog = buildCatalog(
        await new BedrockModelListing({ client }).list(),
        [],
        'eu-west-1',
      );
      const ids = catalog.map((entry) => entry.modelId);
      expect(ids).toContain(`eu.${SONNET}`);
      expect(ids.filter((id) => id.startsWith('us.'))).toEqual([]);
      expect(catalog.find((entry) => entry.modelId === 'amazon.nova-lite-v1:0')?.onDemand).toBe(
        false,
      );
    } finally {
      client.destroy();
    }
  });

  it.each([
    ['throttled', 'ThrottlingException', 3],
    ['unavailable', 'ServiceUnavailableException', 3],
    ['access-denied', 'AccessDeniedException', 1],
  ] as const)(
    'turns a %s control plane into CatalogUnavailableError with the SDK error as cause (%s, %i attempts)',
    async (fault, name, attempts) => {
      const { simulator, client } = bedrock;
      simulator.resetStats();
      simulator.setControlPlaneFault(fault);
      try {
        const error = await failureOf(new BedrockModelListing({ client }).list());
        expect(error).toBeInstanceOf(CatalogUnavailableError);
        expect((error as CatalogUnavailableError).message).toBe(
          'The Bedrock model listing is unavailable; try again shortly.',
        );
        expect(((error as CatalogUnavailableError).cause as Error).name).toBe(name);
        // The SDK retries throttling and 503s (three attempts), not a refusal.
        expect(simulator.stats.controlPlane.ListFoundationModels).toBe(attempts);
      } finally {
        simulator.setControlPlaneFault(null);
      }
    },
  );

  it('turns an unreachable control plane into CatalogUnavailableError', async () => {
    // A port that was free a moment ago: connections are refused.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as AddressInfo;
        server.close(() => resolve(free));
      });
    });
    const client = clientFor(`http://127.0.0.1:${port}`);
    try {
      const error = await failureOf(new BedrockModelListing({ client }).list());
      expect(error).toBeInstanceOf(CatalogUnavailableError);
      expect((error as CatalogUnavailableError).cause).toBeInstanceOf(Error);
    } finally {
      client.destroy();
    }
  });
});
