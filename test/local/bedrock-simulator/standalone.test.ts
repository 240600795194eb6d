/**
 * `npm run simulator` as a user runs it: its own process, its URL printed, and reached by
 * unmodified AWS clients (the JavaScript SDK and the AWS CLI through `--endpoint-url`), runtime
 * and control plane on that one URL, for whichever Region the request is signed for.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  BedrockClient,
  ListFoundationModelsCommand,
  ListInferenceProfilesCommand,
} from '@aws-sdk/client-bedrock';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDebianPackage } from '../../support/debian-package.js';
import { isolatedAwsEnv, spawnScript, type SpawnedScript } from '../../support/spawned-script.js';

const run = promisify(execFile);
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const MODEL_ID = 'amazon.nova-lite-v1:0';
/** Answers from every commercial Region (Nova Lite itself only on demand in some). */
const GLOBAL_PROFILE = 'global.amazon.nova-2-lite-v1:0';
const HELLO = [{ role: 'user' as const, content: [{ text: 'Reply with the word: ready' }] }];

let simulator: SpawnedScript;
let url: string;
beforeAll(async () => {
  simulator = spawnScript(
    'local/bedrock-simulator/main.ts',
    isolatedAwsEnv({ PORT: '0', BEDROCK_SIM_TIME_SCALE: '0.02' }),
  );
  url = (await simulator.waitForOutput(/^Bedrock simulator listening on (http:\/\/\S+)$/m))[1]!;
}, 60_000);
afterAll(() => simulator.stop());

describe('npm run simulator', () => {
  it('prints its URL and how the AWS CLI, the SDKs and BEDROCK=aws npm start reach it', () => {
    expect(simulator.stdout).toContain(`aws bedrock list-foundation-models --endpoint-url ${url}`);
    expect(simulator.stdout).toContain(
      `AWS_ENDPOINT_URL_BEDROCK_RUNTIME=${url} AWS_ENDPOINT_URL_BEDROCK=${url} BEDROCK=aws npm start`,
    );
    expect(simulator.stdout).toContain(MODEL_ID);
  });

  it('answers the unmodified runtime SDK on its URL: Converse and ConverseStream', async () => {
    const client = new BedrockRuntimeClient({ region: 'eu-west-1', endpoint: url, credentials });
    try {
      const answer = await client.send(
        new ConverseCommand({ modelId: GLOBAL_PROFILE, messages: HELLO }),
      );
      expect(answer.stopReason).toBe('end_turn');
      expect(answer.output?.message?.content?.[0]?.text).toMatch(/ready/i);
      const stream = await client.send(
        new ConverseStreamCommand({ modelId: GLOBAL_PROFILE, messages: HELLO }),
      );
      let text = '';
      let stopReason: string | undefined;
      for await (const event of stream.stream ?? []) {
        text += event.contentBlockDelta?.delta?.text ?? '';
        stopReason ??= event.messageStop?.stopReason;
      }
      expect(text).toMatch(/ready/i);
      expect(stopReason).toBe('end_turn');
    } finally {
      client.destroy();
    }
  });

  it('answers the unmodified control plane SDK on the same URL, for the Region each request is signed for', async () => {
    for (const region of ['us-west-2', 'eu-central-1']) {
      const client = new BedrockClient({ region, endpoint: url, credentials });
      try {
        const { modelSummaries = [] } = await client.send(new ListFoundationModelsCommand({}));
        expect(modelSummaries.length).toBeGreaterThan(0);
        for (const summary of modelSummaries)
          expect(summary.modelArn).toMatch(
            new RegExp(`^arn:aws:bedrock:${region}::foundation-model/`),
          );
        const { inferenceProfileSummaries = [] } = await client.send(
          new ListInferenceProfilesCommand({}),
        );
        expect(inferenceProfileSummaries.length).toBeGreaterThan(0);
        for (const profile of inferenceProfileSummaries)
          expect(profile.inferenceProfileArn).toContain(`:bedrock:${region}:`);
      } finally {
        client.destroy();
      }
    }
  });

  it('answers the AWS CLI through --endpoint-url, runtime and control plane', async () => {
    const aws = await awsCli();
    const env = isolatedAwsEnv({
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_DEFAULT_REGION: 'ap-northeast-1',
    });
    const cli = async (args: string[]): Promise<unknown> =>
      JSON.parse(
        (await run(aws, [...args, '--endpoint-url', url, '--output', 'json'], { env })).stdout,
      );

    const models = (await cli(['bedrock', 'list-foundation-models'])) as {
      modelSummaries: { modelId: string; modelArn: string }[];
    };
    expect(models.modelSummaries.length).toBeGreaterThan(0);
    expect(models.modelSummaries[0]?.modelArn).toMatch(/^arn:aws:bedrock:ap-northeast-1::/);

    const answer = (await cli([
      'bedrock-runtime',
      'converse',
      '--region',
      'us-east-1',
      '--model-id',
      MODEL_ID,
      '--messages',
      JSON.stringify(HELLO),
    ])) as { stopReason: string; output: { message: { content: { text: string }[] } } };
    expect(answer.stopReason).toBe('end_turn');
    expect(answer.output.message.content[0]?.text).toMatch(/ready/i);
  }, 60_000);

  it('refuses a PORT that is taken, in one line', async () => {
    const port = new URL(url).port;
    const { code, stdout, stderr } = await spawnScript(
      'local/bedrock-simulator/main.ts',
      isolatedAwsEnv({ PORT: port }),
    ).exited;
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`Port ${port} is in use: set PORT to another port (0 picks a free one).\n`);
  });
});

/** The AWS CLI on PATH, else Debian's (installed when missing, as Chromium is). */
async function awsCli(): Promise<string> {
  const found = await run('sh', ['-c', 'command -v aws']).then(
    ({ stdout }) => stdout.trim(),
    () => '',
  );
  if (found !== '') return found;
  await ensureDebianPackage('/usr/bin/aws', 'awscli');
  return '/usr/bin/aws';
}
