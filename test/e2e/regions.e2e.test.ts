/**
 * Regions end to end over real HTTP: a local stack listing four Regions, the real handler module,
 * one Bedrock Runtime and one control plane client per Region (the unmodified AWS SDK clients,
 * signing for their Region) against the simulator, which answers each for the Region signed.
 */
import { describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import type {
  CatalogResponse,
  Certification,
  CheckResponse,
  ErrorBody,
  RegionListResponse,
  RegionsResponse,
  StreamTicketResponse,
} from '../../shared/types.js';
import { paths, probeCodes } from '../support/service-client.js';
import { eventsOf, readFrames } from '../support/sse-client.js';
import { useFixture } from '../support/suite-fixture.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-northeast-1', 'us-west-2'];
const SCOUT = 'meta.llama4-scout-17b-instruct-v1:0';
/** The data file's account has an IAM deny on it. */
const DENIED = 'anthropic.claude-opus-4-6-v1';
const QWEN = 'qwen.qwen3-32b-v1:0';
const NOVA_LITE = 'amazon.nova-lite-v1:0';
const REGION_FIELDS = [
  'access',
  'certification',
  'inferenceProfiles',
  'lifecycle',
  'offered',
  'onDemand',
  'region',
];

const stack = useFixture(
  () =>
    startLocalStack({
      env: {
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        CERTIFICATION_DEADLINE_MS: '5000',
        PROBE_TIMEOUT_MS: '3000',
        CERTIFICATION_REGIONS: REGIONS.join(','),
      },
    }),
  (running: LocalStack) => running.close(),
);

function get(path: string, sub = 'reader'): Promise<Response> {
  return fetch(`${stack.url}${path}`, {
    headers: { authorization: `Bearer ${stack.token(sub)}` },
  });
}

function post(path: string, body: unknown, sub = 'poster'): Promise<Response> {
  return fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.token(sub)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function json<T>(response: Response, status = 200): Promise<T> {
  expect(response.status).toBe(status);
  return (await response.json()) as T;
}

async function streamed(path: string, sub = 'streamer'): Promise<Certification> {
  const response = await get(path, sub);
  expect(response.status).toBe(200);
  const last = eventsOf(await readFrames(response)).at(-1);
  if (last?.type !== 'complete') throw new Error(`stream ended with ${JSON.stringify(last)}`);
  return last.certification;
}

const regionsOf = (modelId: string) =>
  get(`/api/certification/regions/${encodeURIComponent(modelId)}`).then((response) =>
    json<RegionsResponse>(response),
  );
const inRegion = (answer: RegionsResponse, region: string) =>
  answer.regions.find((entry) => entry.region === region);

describe('Regions', () => {
  it('names the listed Regions, the default first', async () => {
    expect(await json<RegionListResponse>(await get('/api/certification/regions'))).toEqual({
      defaultRegion: 'us-east-1',
      regions: REGIONS,
    });
  });

  it("answers a model's view of every listed Region: offered where the control plane lists it, and how", async () => {
    const answer = await regionsOf(SCOUT);
    expect(answer.modelId).toBe(SCOUT);
    expect(answer.regions.map((entry) => entry.region)).toEqual(REGIONS);
    for (const entry of answer.regions) expect(Object.keys(entry).sort()).toEqual(REGION_FIELDS);
    // Llama 4 Scout is a US model, served only through its us. profile.
    for (const region of ['us-east-1', 'us-west-2'])
      expect(inRegion(answer, region)).toEqual({
        region,
        offered: true,
        lifecycle: 'ACTIVE',
        onDemand: false,
        inferenceProfiles: [`us.${SCOUT}`],
        access: 'AVAILABLE',
        certification: null,
      });
    for (const region of ['eu-west-1', 'ap-northeast-1'])
      expect(inRegion(answer, region)).toEqual({
        region,
        offered: false,
        lifecycle: null,
        onDemand: false,
        inferenceProfiles: [],
        access: 'NOT_AVAILABLE',
        certification: null,
      });
  });

  it('tells a model offered but not allowed to this account (GetFoundationModelAvailability) from one it may invoke', async () => {
    const denied = await regionsOf(DENIED);
    expect(inRegion(denied, 'us-east-1')).toMatchObject({
      offered: true,
      access: 'NOT_AVAILABLE',
    });
    // Nova Lite answers on demand in the US, only through a profile in Europe.
    const nova = await regionsOf(NOVA_LITE);
    expect(inRegion(nova, 'us-east-1')).toMatchObject({ onDemand: true, access: 'AVAILABLE' });
    expect(inRegion(nova, 'eu-west-1')).toMatchObject({
      offered: true,
      onDemand: false,
      inferenceProfiles: expect.arrayContaining([`eu.${NOVA_LITE}`]) as unknown,
      access: 'AVAILABLE',
    });
  });

  it("keeps the control plane's answers per container: a second look spends no control plane call", async () => {
    await regionsOf(QWEN);
    stack.simulator.resetStats();
    const again = await regionsOf(QWEN);
    expect(again.regions).toHaveLength(REGIONS.length);
    expect(stack.simulator.stats.controlPlane).toEqual({});
  });

  it('certifies where it is asked, with that Region’s runtime client: cache, check and catalog are per Region', async () => {
    const there = await streamed(`${paths.stream(QWEN)}?region=eu-west-1`);
    expect(there).toMatchObject({ modelId: QWEN, region: 'eu-west-1', status: 'certified' });
    const check = (region?: string) =>
      get(`${paths.check(QWEN)}${region ? `?region=${region}` : ''}`).then((response) =>
        json<CheckResponse>(response),
      );
    expect(await check('eu-west-1')).toMatchObject({ cached: true });
    expect(await check()).toEqual({ cached: false });

    const view = await regionsOf(QWEN);
    expect(inRegion(view, 'eu-west-1')?.certification).toMatchObject({
      status: 'certified',
      certifiedAt: there.certifiedAt,
    });
    expect(inRegion(view, 'us-east-1')?.certification).toBeNull();

    const catalog = (query: string) =>
      get(`/api/certification/catalog${query}`).then((response) => json<CatalogResponse>(response));
    const european = await catalog('?region=eu-west-1');
    expect(european.region).toBe('eu-west-1');
    expect(european.models.find((entry) => entry.modelId === QWEN)?.certification).toMatchObject({
      status: 'certified',
    });
    expect(european.models.map((entry) => entry.modelId)).not.toContain(SCOUT);
    const home = await catalog('');
    expect(home.region).toBe('us-east-1');
    expect(home.models.find((entry) => entry.modelId === QWEN)?.certification).toBeNull();
  });

  it('signs each Region’s runtime calls for that Region: Nova Lite answers on demand in us-east-1, needs a profile in Europe', async () => {
    const european = await json<{ certification: Certification }>(
      await post(paths.certify, { modelId: NOVA_LITE, region: 'eu-west-1' }),
    );
    expect(european.certification).toMatchObject({ region: 'eu-west-1', status: 'unavailable' });
    expect(Object.values(probeCodes(european.certification))).toContain(
      'INFERENCE_PROFILE_REQUIRED',
    );
    const american = await json<{ certification: Certification }>(
      await post(paths.certify, { modelId: NOVA_LITE, region: 'us-east-1' }),
    );
    expect(american.certification).toMatchObject({ region: 'us-east-1', status: 'certified' });
  });

  it('binds a stream ticket to its Region', async () => {
    const issued = await json<StreamTicketResponse>(
      await post('/api/certification/stream-tickets', { modelId: QWEN, region: 'ap-northeast-1' }),
      201,
    );
    expect(issued.streamUrl).toContain('region=ap-northeast-1');
    const elsewhere = await fetch(
      `${stack.url}${issued.streamUrl.replace('ap-northeast-1', 'us-west-2')}`,
    );
    expect(elsewhere.status).toBe(401);
    const response = await fetch(`${stack.url}${issued.streamUrl}`);
    expect(response.status).toBe(200);
    const last = eventsOf(await readFrames(response)).at(-1);
    expect(last).toMatchObject({ type: 'complete', certification: { region: 'ap-northeast-1' } });
    // The default Region keeps the URL the original clients know.
    const home = await json<StreamTicketResponse>(
      await post('/api/certification/stream-tickets', { modelId: QWEN }),
      201,
    );
    expect(home.streamUrl).not.toContain('region=');
  });

  it.each([
    ['the stream', () => get(`${paths.stream(QWEN)}?region=eu-central-1`)],
    ['POST', () => post(paths.certify, { modelId: QWEN, region: 'eu-central-1' })],
    [
      'a ticket',
      () => post('/api/certification/stream-tickets', { modelId: QWEN, region: 'eu-central-1' }),
    ],
    ['the catalog', () => get('/api/certification/catalog?region=eu-central-1')],
    ['the check route', () => get(`${paths.check(QWEN)}?region=eu-central-1`)],
  ])('refuses a Region it does not list on %s with 400 UNSUPPORTED_REGION', async (_, send) => {
    const response = await send();
    const body = await json<ErrorBody>(response, 400);
    expect(body.error.code).toBe('UNSUPPORTED_REGION');
    expect(body.error.message).toContain(REGIONS.join(', '));
  });

  it('refuses a region that is no Region name in a body with 400 INVALID_REQUEST', async () => {
    const body = await json<ErrorBody>(
      await post(paths.certify, { modelId: QWEN, region: 7 }),
      400,
    );
    expect(body.error.code).toBe('INVALID_REQUEST');
  });
});
