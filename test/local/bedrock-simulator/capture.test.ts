/**
 * `npm run capture-catalog` against the simulator: what it captures of a Region reproduces the
 * data file's control-plane part (the file the simulator serves from), the hand-kept part is
 * carried over untouched, and every failure is one line. The script runs as a maintainer runs
 * it, in a child process whose only way to the simulator is the SDK's standard endpoint
 * variable, with fake static keys and no shared config or instance metadata to fall back on.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BedrockClient } from '@aws-sdk/client-bedrock';
import * as prettier from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  captureIntoFile,
  captureRegion,
  describeCaptureError,
  mergeCapture,
  runCaptureCatalog,
} from '../../../local/bedrock-simulator/capture.js';
import {
  readSimulatedAccount,
  SIMULATED_ACCOUNT_FILE,
  type SimulatedAccountFile,
} from '../../../local/bedrock-simulator/index.js';
import { useSimulator } from './sdk-helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT = join(ROOT, 'scripts/capture-catalog.ts');
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const original = readSimulatedAccount();

const bedrock = useSimulator();
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'capture-catalog-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An environment with nothing from this machine's AWS setup in it. */
function isolatedEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!key.startsWith('AWS_') && value !== undefined) env[key] = value;
  return {
    ...env,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    ...extra,
  };
}

/** The simulator as a real account's endpoint, with fake static keys. */
function simulatorEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return isolatedEnv({
    AWS_ENDPOINT_URL_BEDROCK: bedrock.simulator.url,
    AWS_ACCESS_KEY_ID: 'AKIDLOCALCAPTURE',
    AWS_SECRET_ACCESS_KEY: 'local-secret',
    ...extra,
  });
}

function capture(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [TSX, SCRIPT, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A copy of the data file, with `change` applied to its JSON. */
async function copyOfDataFile(
  name: string,
  change: (json: SimulatedAccountFile) => void = () => undefined,
): Promise<string> {
  const path = join(dir, name);
  await copyFile(SIMULATED_ACCOUNT_FILE, path);
  const json = JSON.parse(await readFile(path, 'utf8')) as SimulatedAccountFile;
  change(json);
  await writeFile(path, `${JSON.stringify(json, null, 2)}\n`);
  return path;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a capture of the simulator', () => {
  it("reproduces the data file's control-plane part, Region by Region", async () => {
    let rebuilt = { foundationModels: {}, inferenceProfiles: {}, regions: {} };
    for (const region of Object.keys(original.controlPlane.regions)) {
      const client = new BedrockClient({
        region,
        endpoint: bedrock.simulator.url,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      try {
        const captured = await captureRegion(client);
        expect(captured.notes, region).toEqual([]);
        rebuilt = mergeCapture(rebuilt, captured);
      } finally {
        client.destroy();
      }
    }
    expect(rebuilt).toEqual(original.controlPlane);
  });

  it('rewrites one Region through AWS_ENDPOINT_URL_BEDROCK and keeps the hand-kept part as written', async () => {
    const path = await copyOfDataFile('one-region.json', (json) => {
      delete json.controlPlane.regions['eu-west-1'];
    });
    const handKept = (JSON.parse(await readFile(path, 'utf8')) as SimulatedAccountFile).handKept;

    const result = await capture(['--file', path], simulatorEnv({ AWS_REGION: 'eu-west-1' }));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const listed = Object.keys(original.controlPlane.regions['eu-west-1']?.foundationModels ?? {});
    const profiles = Object.keys(
      original.controlPlane.regions['eu-west-1']?.inferenceProfiles ?? {},
    );
    expect(result.stdout).toBe(
      `Captured eu-west-1: ${listed.length} foundation models, ${profiles.length} system-defined inference profiles, into ${path}.\n`,
    );

    const text = await readFile(path, 'utf8');
    const written = JSON.parse(text) as SimulatedAccountFile;
    expect(written.controlPlane).toEqual(original.controlPlane);
    expect(written.handKept).toEqual(handKept);
    // Laid out as the repository's Prettier settings want it, so `npm run lint` stays clean.
    const options = (await prettier.resolveConfig(SIMULATED_ACCOUNT_FILE)) ?? {};
    expect(await prettier.check(text, { ...options, parser: 'json' })).toBe(true);
  });

  it('leaves the committed file byte for byte as it is when nothing changed (a re-capture diffs cleanly)', async () => {
    const path = join(dir, 'unchanged.json');
    await copyFile(SIMULATED_ACCOUNT_FILE, path);
    const client = new BedrockClient({
      region: 'ap-northeast-1',
      endpoint: bedrock.simulator.url,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      expect(await captureIntoFile(client, path)).toMatchObject({ added: [], gone: [], notes: [] });
    } finally {
      client.destroy();
    }
    expect(await readFile(path, 'utf8')).toBe(await readFile(SIMULATED_ACCOUNT_FILE, 'utf8'));
  });

  it('says which models are new to the file and which a Region no longer lists', async () => {
    const path = await copyOfDataFile('changed.json', (json) => {
      delete json.controlPlane.foundationModels['qwen.qwen3-coder-30b-a3b-v1:0'];
      for (const offer of Object.values(json.controlPlane.regions))
        delete offer.foundationModels['qwen.qwen3-coder-30b-a3b-v1:0'];
      const useast = json.controlPlane.regions['us-east-1'];
      if (useast !== undefined) useast.foundationModels['acme.gone-v1:0'] = ['ON_DEMAND'];
      json.controlPlane.foundationModels['acme.gone-v1:0'] = {
        modelName: 'Gone',
        providerName: 'Acme',
        inputModalities: ['TEXT'],
        outputModalities: ['TEXT'],
        responseStreamingSupported: true,
        customizationsSupported: [],
        modelLifecycle: { status: 'ACTIVE' },
      };
    });
    const result = await capture(
      ['--region', 'us-east-1', '--file', path],
      simulatorEnv({ AWS_REGION: 'eu-west-1' }),
    );
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').slice(1)).toEqual([
      'New models (no hand-kept features yet: the simulator gives them handKept.defaults): qwen.qwen3-coder-30b-a3b-v1:0',
      'No longer listed in us-east-1: acme.gone-v1:0 (end of life? add them to handKept.retiredModels)',
      '',
    ]);
    // Listed nowhere any more, so the control-plane part forgets it.
    const written = JSON.parse(await readFile(path, 'utf8')) as SimulatedAccountFile;
    expect(written.controlPlane.foundationModels['acme.gone-v1:0']).toBeUndefined();
  });
});

describe('a capture that cannot run', () => {
  it.each<[string, () => NodeJS.ProcessEnv, string[], string]>([
    [
      'no Region',
      () => simulatorEnv(),
      [],
      'No AWS Region: pass --region (or set AWS_REGION, or a region in your AWS profile).',
    ],
    [
      'no credentials',
      () =>
        isolatedEnv({ AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_BEDROCK: 'http://127.0.0.1:9' }),
      [],
      'No AWS credentials: sign in (`aws configure`, `aws sso login`, AWS_PROFILE) or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
    ],
  ])('stops with one line for %s, and leaves the file alone', async (_what, env, args, line) => {
    const path = await copyOfDataFile(`untouched-${args.length}-${line.length}.json`);
    const before = await readFile(path, 'utf8');
    const result = await capture([...args, '--file', path], env());
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: `${line}\n` });
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('stops with one line for an endpoint nothing answers', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const path = await copyOfDataFile('unreachable.json');
    const result = await capture(
      ['--region', 'us-east-1', '--file', path],
      simulatorEnv({ AWS_ENDPOINT_URL_BEDROCK: endpoint }),
    );
    expect(result).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `Cannot reach the Bedrock control plane at ${endpoint} (ECONNREFUSED).\n`,
    });
  });

  it("stops with one line, AWS's own reason in it, when the role may not list models", async () => {
    const path = await copyOfDataFile('denied.json');
    const before = await readFile(path, 'utf8');
    const out: string[] = [];
    const err: string[] = [];
    bedrock.simulator.setControlPlaneFault('access-denied');
    try {
      const code = await runCaptureCatalog(['--file', path], {
        stdout: { write: (text: string) => out.push(text) },
        stderr: { write: (text: string) => err.push(text) },
        env: {},
        client: () =>
          new BedrockClient({
            region: 'us-east-1',
            endpoint: bedrock.simulator.url,
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
            maxAttempts: 1,
          }),
      });
      expect(code).toBe(1);
    } finally {
      bedrock.simulator.setControlPlaneFault(null);
    }
    expect(out).toEqual([]);
    expect(err).toEqual([
      'Access denied: User: arn:aws:sts::123456789012:assumed-role/certification-handler/local is not authorized to perform: bedrock:ListFoundationModels because no identity-based policy allows the bedrock:ListFoundationModels action (the capture needs bedrock:ListFoundationModels, bedrock:GetFoundationModel, bedrock:ListInferenceProfiles and bedrock:GetInferenceProfile).\n',
    ]);
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('refuses unknown arguments and flags without a value (exit 2), and explains itself', async () => {
    const run = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCaptureCatalog(args, {
        stdout: { write: (text: string) => out.push(text) },
        stderr: { write: (text: string) => err.push(text) },
        env: {},
      });
      return { code, out: out.join(''), err: err.join('') };
    };
    expect(await run(['--regoin', 'us-east-1'])).toEqual({
      code: 2,
      out: '',
      err: 'Unknown argument --regoin; see npm run capture-catalog -- --help.\n',
    });
    expect(await run(['--region'])).toEqual({
      code: 2,
      out: '',
      err: '--region needs a value; see npm run capture-catalog -- --help.\n',
    });
    expect((await run(['--help'])).out).toMatch(/^Usage: npm run capture-catalog/);
  });

  it('names an expired SSO session, refused keys and a broken data file in one line each', () => {
    const where = { region: 'us-east-1', env: {} };
    expect(
      describeCaptureError(
        Object.assign(
          new Error(
            'The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.',
          ),
          { name: 'TokenProviderError' },
        ),
        where,
      ),
    ).toBe(
      'The AWS SSO session has expired: run `aws sso login` (with your profile) and try again.',
    );
    expect(
      describeCaptureError(
        Object.assign(new Error('The security token included in the request is expired'), {
          name: 'ExpiredTokenException',
          $fault: 'client',
        }),
        where,
      ),
    ).toBe(
      'AWS refused the credentials (ExpiredTokenException: The security token included in the request is expired); sign in again.',
    );
    expect(describeCaptureError(new Error('first line\n    at stack (x.js:1:1)'), where)).toBe(
      'The capture failed: first line',
    );
  });
});
