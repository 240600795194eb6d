/**
 * `BEDROCK=aws npm start`, proven on this machine: `npm run simulator` plays Amazon Bedrock, and
 * the service reaches it only through the AWS SDK's standard endpoint settings
 * (`AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, `AWS_ENDPOINT_URL_BEDROCK`) with static credentials and a
 * Region from the environment, as it would reach AWS with a developer's own. The developer's own
 * AWS configuration never reaches these processes (test/support/spawned-script.ts).
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTokenMinter } from '../../local/jwt-issuer.js';
import type { Certification } from '../../shared/types.js';
import {
  ServiceClient,
  probeCodes,
  STACK_TRACE_PATTERNS,
  terminalEvents,
} from '../support/service-client.js';
import { isolatedAwsEnv, spawnScript, type SpawnedScript } from '../support/spawned-script.js';

const MODEL_ID = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const FAKE_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST', AWS_SECRET_ACCESS_KEY: 'local' };

/** A loopback port nothing listens on: taken, then freed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let directory: string;
let simulator: SpawnedScript;
let simulatorUrl: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'bedrock-aws-mode-'));
  simulator = spawnScript(
    'local/bedrock-simulator/main.ts',
    isolatedAwsEnv({ PORT: '0', BEDROCK_SIM_TIME_SCALE: '0.02' }),
  );
  simulatorUrl = (await simulator.waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1]!;
}, 60_000);
afterAll(async () => {
  await simulator.stop();
  await rm(directory, { recursive: true, force: true });
});

/** `npm start` with BEDROCK=aws and its state in a directory of its own; `env` on top. */
function startAwsMode(name: string, env: Record<string, string>): SpawnedScript {
  return spawnScript(
    'local/start.ts',
    isolatedAwsEnv({
      BEDROCK: 'aws',
      PORT: '0',
      ISSUER_KEY_FILE: join(directory, name, 'dev-issuer.json'),
      LOCAL_EVENTS_FILE: join(directory, name, 'events.jsonl'),
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      ...env,
    }),
  );
}

/** Waits for the banner; answers the stack's URL and a token signed with its key. */
async function running(stack: SpawnedScript, name: string): Promise<[ServiceClient, string]> {
  const [, url] = await stack.waitForOutput(/Function URL\s+(http:\/\/127\.0\.0\.1:\d+)/);
  await stack.waitForOutput(/Press Ctrl\+C/);
  const token = loadTokenMinter(join(directory, name, 'dev-issuer.json')).mint({ sub: 'aws-mode' });
  return [new ServiceClient(url!), token];
}

describe('BEDROCK=aws npm start against npm run simulator through the SDK endpoint settings', () => {
  let stack: SpawnedScript;
  let service: ServiceClient;
  let token: string;
  beforeAll(async () => {
    stack = startAwsMode('reachable', {
      ...FAKE_CREDENTIALS,
      // Not us-east-1, the simulator's answer to unsigned requests: the Region must be the one signed.
      AWS_REGION: 'us-west-2',
      AWS_ACCOUNT_ID: '123456789012',
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: simulatorUrl,
      AWS_ENDPOINT_URL_BEDROCK: simulatorUrl,
    });
    [service, token] = await running(stack, 'reachable');
  }, 90_000);
  afterAll(() => stack.stop());

  it('says which account pays and where the calls go, and starts no simulator of its own', () => {
    expect(stack.stdout).toContain('running locally (Amazon Bedrock in AWS, in-memory DynamoDB)');
    expect(stack.stdout).toContain(
      'Bedrock        Amazon Bedrock in us-west-2, account 123456789012 (credentials: AWS_ACCESS_KEY_ID)',
    );
    expect(stack.stdout).toContain(
      'every certification calls Bedrock and is billed to this account',
    );
    expect(stack.stdout).toContain(
      `Endpoints      runtime ${simulatorUrl}, control plane ${simulatorUrl} (the SDK's endpoint settings)`,
    );
    expect(stack.stdout).not.toMatch(/Simulator\s+http/);
  });

  it('certifies a model through the runtime endpoint, in the Region the SDK resolved', async () => {
    const outcome = await service.certify('stream', MODEL_ID, token);
    expect(outcome.status).toBe(200);
    expect(terminalEvents(outcome.frames)).toHaveLength(1);
    const certification = outcome.certification as Certification;
    expect(certification).toMatchObject({
      modelId: MODEL_ID,
      region: 'us-west-2',
      status: 'certified',
      testsPassed: 6,
    });
  });

  it('lists the catalog through the control plane endpoint, for the same Region', async () => {
    const response = await service.fetch('/api/certification/catalog', token);
    expect(response.status).toBe(200);
    const catalog = (await response.json()) as { region: string; models: { modelId: string }[] };
    expect(catalog.region).toBe('us-west-2');
    expect(catalog.models.map((model) => model.modelId)).toContain(MODEL_ID);
  });
});

describe('BEDROCK=aws with Bedrock unreachable: a classified result, never a hang', () => {
  let stack: SpawnedScript;
  let service: ServiceClient;
  let token: string;
  beforeAll(async () => {
    const refused = `http://127.0.0.1:${await closedPort()}`;
    stack = startAwsMode('unreachable', {
      ...FAKE_CREDENTIALS,
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: refused,
      AWS_ENDPOINT_URL_BEDROCK: refused,
    });
    [service, token] = await running(stack, 'unreachable');
  }, 90_000);
  afterAll(() => stack.stop());

  it('certifies as failed, every probe SERVICE_UNAVAILABLE with its hint, within the deadline', async () => {
    const outcome = await service.certify('stream', MODEL_ID, token);
    expect(outcome.status).toBe(200);
    const certification = outcome.certification as Certification & {
      diagnosis?: { code: string; hint: string }[];
    };
    expect(certification.status).toBe('failed');
    expect(certification.region).toBe('eu-west-1');
    expect(Object.values(probeCodes(certification))).toEqual(Array(6).fill('SERVICE_UNAVAILABLE'));
    expect(certification.diagnosis?.[0]?.hint).toMatch(/unavailable or unreachable/);
    // The certification object says nothing of the connection's internals.
    for (const pattern of STACK_TRACE_PATTERNS)
      expect(JSON.stringify(certification)).not.toMatch(pattern);
  });

  it('answers the catalog 503 CATALOG_UNAVAILABLE', async () => {
    const response = await service.fetch('/api/certification/catalog', token);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: 'CATALOG_UNAVAILABLE' } });
  });
});

describe('BEDROCK=aws refuses to start without what it needs: one line, exit 2, nothing written', () => {
  /** Runs the start to its end; asserts the one line on stderr and that nothing was written. */
  async function refused(name: string, env: Record<string, string>): Promise<string> {
    const state = join(directory, name);
    await mkdir(state, { recursive: true });
    const { code, stdout, stderr } = await startAwsMode(name, env).exited;
    expect(code).toBe(2);
    expect(stdout).toBe('');
    // Exactly one line (before even the Node version note), and nothing else.
    const lines = stderr.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    for (const pattern of STACK_TRACE_PATTERNS) expect(stderr).not.toMatch(pattern);
    // Refused before anything listens or is written: no issuer key, no stack record.
    expect(await readdir(state)).toEqual([]);
    return lines[0]!;
  }

  it('without credentials, says what to set', async () => {
    expect(await refused('no-credentials', { AWS_REGION: 'us-east-1' })).toBe(
      'BEDROCK=aws needs AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run aws sso login.',
    );
  });

  it('with a profile that gives no credentials, names the profile', async () => {
    expect(
      await refused('unknown-profile', { AWS_REGION: 'us-east-1', AWS_PROFILE: 'nowhere' }),
    ).toMatch(
      /^BEDROCK=aws found no AWS credentials for AWS_PROFILE=nowhere: .*aws sso login --profile nowhere\.$/,
    );
  });

  it('without a Region, says what to set', async () => {
    expect(await refused('no-region', FAKE_CREDENTIALS)).toBe(
      'BEDROCK=aws needs an AWS Region: set AWS_REGION (e.g. AWS_REGION=us-east-1), or AWS_PROFILE to a profile with a region.',
    );
  });

  it('with an expired SSO session, says to sign in again', async () => {
    // A profile signed in through IAM Identity Center whose cached token has expired: the SDK
    // refuses it from the cache, before any call (legacy SSO settings have no refresh token).
    const home = join(directory, 'sso-home');
    const startUrl = 'https://example.awsapps.com/start';
    await mkdir(join(home, '.aws', 'sso', 'cache'), { recursive: true });
    await writeFile(
      join(home, 'config'),
      `[profile dev]\nsso_start_url = ${startUrl}\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Dev\nregion = eu-central-1\n`,
    );
    const { createHash } = await import('node:crypto');
    await writeFile(
      join(
        home,
        '.aws',
        'sso',
        'cache',
        `${createHash('sha1').update(startUrl).digest('hex')}.json`,
      ),
      JSON.stringify({
        startUrl,
        region: 'us-east-1',
        accessToken: 'expired',
        expiresAt: '2020-01-01T00:00:00Z',
      }),
    );
    expect(
      await refused('expired-sso', {
        HOME: home,
        AWS_CONFIG_FILE: join(home, 'config'),
        AWS_PROFILE: 'dev',
      }),
    ).toBe(
      'BEDROCK=aws: the SSO session of AWS_PROFILE=dev has expired: run aws sso login --profile dev.',
    );
  });

  it('with BEDROCK set to anything else, names the choices', async () => {
    expect(await refused('bad-choice', { BEDROCK: 'bedrock' })).toBe(
      'BEDROCK must be "aws" or "simulator", got "bedrock"',
    );
  });
});
