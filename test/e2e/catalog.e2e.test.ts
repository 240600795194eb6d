/**
 * The catalog end to end over real HTTP: Function URL emulator → the real handler module →
 * `@aws-sdk/client-bedrock` → the simulator's control plane, merged with certifications in
 * dynalite; tokens from the local RS256 issuer.
 */
import {
  BedrockClient,
  ListFoundationModelsCommand,
  paginateListInferenceProfiles,
  type InferenceProfileSummary,
  type InferenceProfileType,
} from '@aws-sdk/client-bedrock';
import { describe, expect, it } from 'vitest';
import { getCatalog } from '../../client/index.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import type {
  CatalogEntry,
  CatalogResponse,
  Certification,
  ErrorBody,
  RegionsResponse,
} from '../../shared/types.js';
import { STACK_TRACE_PATTERNS } from '../support/service-client.js';
import { useFixture } from '../support/suite-fixture.js';

const CATALOG = '/api/certification/catalog';
const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
/** The data file's account has an IAM deny on it (`handKept.account.access`). */
const DENIED = 'anthropic.claude-opus-4-6-v1';
/** Legacy, and the data file's account has not used it lately: not entitled. */
const LEGACY_UNUSED = 'anthropic.claude-opus-4-1-20250805-v1:0';
const NOVA_LITE = 'amazon.nova-lite-v1:0';
/** Sold through AWS Marketplace. */
const PALMYRA = 'writer.palmyra-x5-v1:0';
// The API's entry fields, plus the documented addition lastChangedAt.
const ENTRY_FIELDS = [
  'access',
  'baseModelId',
  'certification',
  'inferenceProfiles',
  'kind',
  'lastChangedAt',
  'lifecycle',
  'modelId',
  'modelName',
  'onDemand',
  'provider',
];
const SUMMARY_FIELDS = [
  'capabilities',
  'certifiedAt',
  'estimatedCostUsd',
  'expiresAt',
  'status',
  'successRate',
  'ttftMs',
];
const QUIET = {
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  CERTIFICATION_DEADLINE_MS: '5000',
  PROBE_TIMEOUT_MS: '3000',
};

function useStack(): LocalStack {
  return useFixture(
    () => startLocalStack({ env: QUIET }),
    (stack) => stack.close(),
  );
}

function get(stack: LocalStack, path: string, token?: string): Promise<Response> {
  return fetch(
    `${stack.url}${path}`,
    token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } },
  );
}

async function catalogOf(stack: LocalStack, query = '', sub = 'reader'): Promise<CatalogResponse> {
  const response = await get(stack, `${CATALOG}${query}`, stack.token(sub));
  expect(response.status).toBe(200);
  return (await response.json()) as CatalogResponse;
}

async function certify(stack: LocalStack, modelId: string, sub: string): Promise<Certification> {
  const response = await fetch(`${stack.url}/api/certification/certify-model`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.token(sub)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ modelId }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { certification: Certification }).certification;
}

const entryOf = (catalog: CatalogResponse, modelId: string): CatalogEntry | undefined =>
  catalog.models.find((entry) => entry.modelId === modelId);
const ids = (catalog: CatalogResponse): string[] => catalog.models.map((entry) => entry.modelId);

describe('catalog', () => {
  const stack = useStack();

  it('lists the region with exactly the fields the API gives an entry', async () => {
    const catalog = await catalogOf(stack);
    expect(catalog.region).toBe('us-east-1');
    expect(catalog.models.length).toBeGreaterThan(20);
    for (const entry of catalog.models) {
      expect(Object.keys(entry).sort(), entry.modelId).toEqual(ENTRY_FIELDS);
      expect(['foundation-model', 'inference-profile']).toContain(entry.kind);
      expect(['ACTIVE', 'LEGACY']).toContain(entry.lifecycle);
      expect(typeof entry.onDemand).toBe('boolean');
      expect(entry.baseModelId === null).toBe(entry.kind === 'foundation-model');
      // The simulator's control plane answers for every listed model.
      expect(['AVAILABLE', 'NOT_AVAILABLE'], entry.modelId).toContain(entry.access);
    }
    expect(new Set(catalog.models.map((entry) => entry.provider)).size).toBeGreaterThanOrEqual(5);
    expect(catalog.models.filter((entry) => entry.lifecycle === 'LEGACY').length).toBeGreaterThan(
      0,
    );
  });

  it('holds every text-output model and every profile @aws-sdk/client-bedrock lists, and nothing else', async () => {
    const client = new BedrockClient({
      region: 'us-east-1',
      endpoint: stack.simulator.url,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const models =
        (await client.send(new ListFoundationModelsCommand({ byOutputModality: 'TEXT' })))
          .modelSummaries ?? [];
      const offered = models.filter((model) =>
        model.inferenceTypesSupported?.some(
          (type) => type === 'ON_DEMAND' || (type as string) === 'INFERENCE_PROFILE',
        ),
      );
      const profiles = async (typeEquals: InferenceProfileType) => {
        const all: InferenceProfileSummary[] = [];
        for await (const page of paginateListInferenceProfiles({ client }, { typeEquals }))
          all.push(...(page.inferenceProfileSummaries ?? []));
        return all;
      };
      const expected = [
        ...offered.map((model) => model.modelId),
        ...(await profiles('SYSTEM_DEFINED')).map((profile) => profile.inferenceProfileId),
        ...(await profiles('APPLICATION')).map((profile) => profile.inferenceProfileArn),
      ];
      expect(ids(await catalogOf(stack)).sort()).toEqual((expected as string[]).sort());
      // The Provisioned Throughput-only variant is a text model too, but nothing can certify it.
      expect(models.map((model) => model.modelId)).toContain('amazon.nova-pro-v1:0:300k');
      expect(ids(await catalogOf(stack))).not.toContain('amazon.nova-pro-v1:0:300k');
    } finally {
      client.destroy();
    }
  });

  it("leaves out non-text models and the simulator's fault models", async () => {
    const listed = ids(await catalogOf(stack));
    for (const modelId of ['amazon.titan-embed-text-v2:0', 'cohere.embed-english-v3'])
      expect(listed).not.toContain(modelId);
    expect(listed.filter((id) => id.startsWith('sim.'))).toEqual([]);
  });

  it('shows a profile-only model as not on demand, with its profiles, each an entry of its own', async () => {
    const catalog = await catalogOf(stack);
    const sonnet = entryOf(catalog, SONNET);
    expect(sonnet).toMatchObject({
      provider: 'Anthropic',
      kind: 'foundation-model',
      lifecycle: 'ACTIVE',
      onDemand: false,
      baseModelId: null,
    });
    expect(sonnet?.inferenceProfiles).toEqual(
      expect.arrayContaining([`us.${SONNET}`, `global.${SONNET}`]),
    );
    for (const profileId of sonnet?.inferenceProfiles ?? []) {
      expect(entryOf(catalog, profileId)).toMatchObject({
        kind: 'inference-profile',
        onDemand: true,
        baseModelId: SONNET,
        provider: 'Anthropic',
        inferenceProfiles: [],
      });
    }
    // The account's application profile, by the ARN it is invoked with.
    expect(
      sonnet?.inferenceProfiles.filter((id) => id.includes(':application-inference-profile/')),
    ).toHaveLength(1);
    expect(entryOf(catalog, 'amazon.nova-lite-v1:0')).toMatchObject({
      onDemand: true,
      inferenceProfiles: ['us.amazon.nova-lite-v1:0'],
    });
  });

  it("fills in an entry's certification after it is certified, and files it under each status filter", async () => {
    const certified = 'amazon.nova-lite-v1:0';
    const failing = 'amazon.nova-micro-v1:0';
    const unavailable = 'meta.llama3-3-70b-instruct-v1:0';
    const before = await catalogOf(stack);
    for (const modelId of [certified, failing, unavailable])
      expect(entryOf(before, modelId)?.certification).toBeNull();
    expect(ids(await catalogOf(stack, '?status=uncertified'))).toEqual(
      expect.arrayContaining([certified, failing, unavailable]),
    );

    stack.simulator.models.patch(failing, { features: { toolUse: false } });
    let runs: Certification[];
    try {
      runs = [
        await certify(stack, certified, 'merge-1'),
        await certify(stack, failing, 'merge-2'),
        await certify(stack, unavailable, 'merge-3'),
      ];
    } finally {
      stack.simulator.models.reset(failing);
    }
    expect(runs.map((run) => run.status)).toEqual(['certified', 'failed', 'unavailable']);

    const after = await catalogOf(stack);
    const [run] = runs;
    expect(entryOf(after, certified)?.certification).toEqual({
      status: 'certified',
      certifiedAt: run?.certifiedAt,
      expiresAt: run?.expiresAt,
      capabilities: run?.capabilities,
      ttftMs: run?.ttftMs,
      estimatedCostUsd: run?.estimatedCostUsd,
      successRate: 100,
    });
    for (const entry of after.models.filter((model) => model.certification !== null))
      expect(Object.keys(entry.certification ?? {}).sort()).toEqual(SUMMARY_FIELDS);
    // The profile is its own id: certifying the model does not certify it.
    expect(entryOf(after, `us.${certified}`)?.certification).toBeNull();
    // A model's first recorded run is when it last changed, as far as the history knows.
    expect(entryOf(after, certified)?.lastChangedAt).toBe(run?.certifiedAt);
    expect(entryOf(after, `us.${certified}`)?.lastChangedAt).toBeNull();

    expect(ids(await catalogOf(stack, '?status=certified'))).toEqual([certified]);
    expect(ids(await catalogOf(stack, '?status=failed'))).toEqual([failing]);
    expect(ids(await catalogOf(stack, '?status=unavailable'))).toEqual([unavailable]);
    const uncertified = ids(await catalogOf(stack, '?status=uncertified'));
    expect(uncertified).toHaveLength(after.models.length - 3);
    for (const modelId of [certified, failing, unavailable])
      expect(uncertified).not.toContain(modelId);
  });

  it('keeps the listing in memory: an environment that has listed asks the control plane no more', async () => {
    stack.simulator.resetStats();
    const environments = stack.emulator.stats.environmentsCreated;
    for (let i = 0; i < 5; i += 1) await catalogOf(stack);
    // Only an environment started since (the emulator decides) may list, once.
    expect(stack.simulator.stats.controlPlane.ListFoundationModels ?? 0).toBeLessThanOrEqual(
      stack.emulator.stats.environmentsCreated - environments,
    );
    expect(stack.emulator.stats.environmentsCreated).toBeLessThan(environments + 5);
  });

  it("shows the account's access to each model, a profile its model's, as the Regions view does; a warm answer asks the control plane nothing", async () => {
    const catalog = await catalogOf(stack);
    const denied = entryOf(catalog, DENIED);
    expect(denied?.access).toBe('NOT_AVAILABLE');
    expect(denied?.inferenceProfiles.length).toBeGreaterThan(0);
    for (const profileId of denied?.inferenceProfiles ?? [])
      expect(entryOf(catalog, profileId)?.access, profileId).toBe('NOT_AVAILABLE');
    expect(entryOf(catalog, LEGACY_UNUSED)?.access).toBe('NOT_AVAILABLE');
    expect(entryOf(catalog, NOVA_LITE)?.access).toBe('AVAILABLE');
    expect(entryOf(catalog, `us.${NOVA_LITE}`)?.access).toBe('AVAILABLE');
    expect(entryOf(catalog, SONNET)?.access).toBe('AVAILABLE');

    stack.simulator.resetStats();
    const environments = stack.emulator.stats.environmentsCreated;
    expect(await catalogOf(stack)).toEqual(catalog);
    // The Regions view reads the same per-container answers: it agrees, and asks nothing either.
    for (const modelId of [DENIED, `us.${DENIED}`, NOVA_LITE, LEGACY_UNUSED]) {
      const response = await get(
        stack,
        `/api/certification/regions/${encodeURIComponent(modelId)}`,
        stack.token('reader'),
      );
      expect(response.status).toBe(200);
      const regions = (await response.json()) as RegionsResponse;
      expect(regions.regions[0]?.access, modelId).toBe(entryOf(catalog, modelId)?.access);
    }
    expect(stack.simulator.stats.controlPlane).toEqual({});
    expect(stack.emulator.stats.environmentsCreated).toBe(environments);
  });

  it('is not rate limited: a user past the certify limit still reads it', async () => {
    for (let i = 0; i < 12; i += 1)
      expect((await get(stack, CATALOG, stack.token('heavy-reader'))).status).toBe(200);
  });

  it('needs a valid bearer token', async () => {
    for (const token of [undefined, 'not-a-jwt', stack.token('expired', -60)]) {
      const response = await get(stack, CATALOG, token);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(((await response.json()) as ErrorBody).error.code).toBe('UNAUTHORIZED');
    }
  });

  it('refuses an unknown status with a JSON 400', async () => {
    const response = await get(stack, `${CATALOG}?status=pending`, stack.token('reader'));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({
      error: {
        code: 'INVALID_REQUEST',
        message: 'status must be one of certified, failed, unavailable, uncertified, given once.',
      },
    });
  });

  it('is what the typed client reads', async () => {
    const catalog = await getCatalog({
      baseUrl: stack.url,
      token: stack.token('client'),
      status: 'certified',
    });
    expect(catalog).toEqual(await catalogOf(stack, '?status=certified'));
  });
});

describe('catalog of a fresh account', () => {
  // Access is kept per container as long as the listing (CATALOG_LISTING_TTL_SECONDS); 0 asks
  // on every answer, so a step the account takes shows at once.
  const stack = useFixture(
    () => startLocalStack({ env: { ...QUIET, CATALOG_LISTING_TTL_SECONDS: '0' } }),
    (running) => running.close(),
  );

  /** The simulator's admin API, as a developer playing a fresh account would use it. */
  async function admin(method: string, path: string, body?: unknown): Promise<void> {
    const response = await fetch(`${stack.simulator.url}/_simulator/${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.ok, `${method} ${path}`).toBe(true);
  }

  it('shows Anthropic models NOT_AVAILABLE until the use-case form is submitted, and a Marketplace model while its subscription is processed', async () => {
    await admin('PUT', 'account', { kind: 'fresh' });
    const before = await catalogOf(stack, '', 'fresh');
    expect(entryOf(before, SONNET)?.access).toBe('NOT_AVAILABLE');
    expect(entryOf(before, `us.${SONNET}`)?.access).toBe('NOT_AVAILABLE');
    // Nothing to do for a model outside Marketplace; a Marketplace one subscribes on first use.
    expect(entryOf(before, NOVA_LITE)?.access).toBe('AVAILABLE');
    expect(entryOf(before, PALMYRA)?.access).toBe('AVAILABLE');

    await admin('POST', 'account/anthropic-use-case');
    const after = await catalogOf(stack, '', 'fresh');
    expect(entryOf(after, SONNET)?.access).toBe('AVAILABLE');
    expect(entryOf(after, `us.${SONNET}`)?.access).toBe('AVAILABLE');

    // The first call starts Palmyra's subscription (minutes long at this time scale): refused,
    // and not available until it completes.
    expect((await certify(stack, `us.${PALMYRA}`, 'fresh-certify')).status).toBe('unavailable');
    expect(entryOf(await catalogOf(stack, '', 'fresh'), PALMYRA)?.access).toBe('NOT_AVAILABLE');
  });
});

describe('catalog while the control plane is down', () => {
  const stack = useStack();

  it('answers 503 CATALOG_UNAVAILABLE, then lists once the control plane is back, without a restart', async () => {
    for (const fault of ['access-denied', 'throttled', 'unavailable'] as const) {
      stack.simulator.setControlPlaneFault(fault);
      const response = await get(stack, CATALOG, stack.token('outage'));
      expect(response.status, fault).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        error: {
          code: 'CATALOG_UNAVAILABLE',
          message: 'The Bedrock model listing is unavailable; try again shortly.',
        },
      });
      for (const pattern of STACK_TRACE_PATTERNS) expect(text).not.toMatch(pattern);
      expect(text).not.toContain('ListFoundationModels');
    }
    expect(stack.simulator.stats.controlPlane.ListFoundationModels).toBeGreaterThanOrEqual(3);

    stack.simulator.setControlPlaneFault(null);
    expect(entryOf(await catalogOf(stack, '', 'outage'), SONNET)).toBeDefined();
    // Certifying a known id never needed the control plane.
    stack.simulator.setControlPlaneFault('unavailable');
    try {
      expect((await certify(stack, 'amazon.nova-lite-v1:0', 'outage-certify')).status).toBe(
        'certified',
      );
    } finally {
      stack.simulator.setControlPlaneFault(null);
    }
  });
});
