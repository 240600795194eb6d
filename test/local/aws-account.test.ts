/**
 * What `BEDROCK=aws` resolves before it starts, through the SDK's own chains, in this process:
 * its environment is replaced for each test (and restored), the developer's AWS configuration
 * never read, and config files are written to a directory of the test's own.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AwsSetupError, resolveAwsAccount } from '../../local/aws-account.js';

const saved = { ...process.env };
let directory: string;
let files = 0;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'aws-account-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));
afterEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
});

/** This process's environment without any AWS setting of the developer's, then `env`. */
function useEnvironment(env: Record<string, string>): void {
  for (const name of Object.keys(process.env))
    if (name.startsWith('AWS_') && name !== 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED')
      delete process.env[name];
  Object.assign(process.env, {
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SHARED_CREDENTIALS_FILE: join(directory, 'no-credentials'),
    AWS_CONFIG_FILE: join(directory, 'no-config'),
    ...env,
  });
}

/** A config file of its own (the SDK caches a file's content by its path). */
async function configFile(text: string): Promise<string> {
  files += 1;
  const path = join(directory, `config-${files}`);
  await writeFile(path, text);
  return path;
}

describe('resolveAwsAccount', () => {
  it('answers the Region, the account the credentials carry, their source and the endpoint settings', async () => {
    useEnvironment({
      AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ACCOUNT_ID: '123456789012',
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'http://127.0.0.1:4010',
    });
    expect(await resolveAwsAccount()).toEqual({
      region: 'eu-west-1',
      accountId: '123456789012',
      credentialSource: 'AWS_ACCESS_KEY_ID',
      runtimeEndpoint: 'http://127.0.0.1:4010',
    });
  });

  it('reads a profile as the SDK does: its keys, its region and its endpoint_url for both clients', async () => {
    useEnvironment({
      AWS_PROFILE: 'lab',
      AWS_CONFIG_FILE: await configFile(
        '[profile lab]\nregion = ap-southeast-2\naws_access_key_id = AKIDLAB\naws_secret_access_key = lab\nendpoint_url = http://127.0.0.1:4011\n',
      ),
    });
    expect(await resolveAwsAccount()).toEqual({
      region: 'ap-southeast-2',
      credentialSource: 'AWS_PROFILE=lab',
      runtimeEndpoint: 'http://127.0.0.1:4011',
      controlPlaneEndpoint: 'http://127.0.0.1:4011',
    });
  });

  it('gives up after timeoutMs when a credential_process does not answer, saying so in one line', async () => {
    useEnvironment({
      AWS_PROFILE: 'slow',
      AWS_CONFIG_FILE: await configFile(
        '[profile slow]\nregion = us-east-1\ncredential_process = sleep 2\n',
      ),
    });
    const resolving = resolveAwsAccount({ timeoutMs: 200 });
    await expect(resolving).rejects.toBeInstanceOf(AwsSetupError);
    await expect(resolving).rejects.toThrow(
      'BEDROCK=aws: the AWS Region and credentials did not resolve within 0.2 s (a credential_process or an SSO refresh waiting?); check the profile AWS_PROFILE=slow, or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.',
    );
  });

  it('a profile whose credential_process fails: names the profile to fix', async () => {
    useEnvironment({
      AWS_PROFILE: 'broken',
      AWS_CONFIG_FILE: await configFile(
        '[profile broken]\nregion = us-east-1\ncredential_process = sh -c "echo not-json"\n',
      ),
    });
    const resolving = resolveAwsAccount();
    await expect(resolving).rejects.toBeInstanceOf(AwsSetupError);
    await expect(resolving).rejects.toThrow(
      'BEDROCK=aws found no AWS credentials for AWS_PROFILE=broken: check that profile in ~/.aws/config and ~/.aws/credentials (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE), or run aws sso login --profile broken.',
    );
  });
});
