/**
 * `npm run simulator`: the Bedrock simulator alone, for any AWS SDK or the AWS CLI
 * (`--endpoint-url`), and for `BEDROCK=aws npm start` through the SDK's standard endpoint
 * settings. PORT (default 4010; 0 picks a free one), BEDROCK_SIM_TIME_SCALE scales the simulated
 * delays; BEDROCK_SIM_ACCOUNT=fresh plays an account that has not done Bedrock's one-time steps. The runtime (Converse, ConverseStream) and the control plane (ListFoundationModels,
 * GetFoundationModel, ListInferenceProfiles) answer on the one URL, for whichever Region a request
 * is signed for, with any credentials.
 */
import {
  DEFAULT_REGION,
  SIMULATOR_CATALOG,
  startBedrockSimulator,
  timeScaleFromEnv,
} from './index.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const rawPort = process.env.PORT?.trim() || '4010';
const port = Number(rawPort);
if (!Number.isInteger(port) || port < 0 || port > 65_535)
  fail(`PORT must be a port number, got "${rawPort}"`);
let timeScale: number;
try {
  timeScale = timeScaleFromEnv();
} catch (error) {
  fail((error as Error).message);
}

const simulator = await startBedrockSimulator({ port, timeScale }).catch((error: unknown) => {
  const code = (error as { code?: unknown }).code;
  return fail(
    code === 'EADDRINUSE'
      ? `Port ${port} is in use: set PORT to another port (0 picks a free one).`
      : `The Bedrock simulator could not start: ${(error as Error).message}`,
  );
});
const url = simulator.url;
const example = 'amazon.nova-lite-v1:0';
process.stdout.write(`Bedrock simulator listening on ${url}

Runtime and control plane on this one URL, answered for the Region each request is signed for
(unsigned requests: ${DEFAULT_REGION}), with any credentials.

The AWS CLI:
  export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=${DEFAULT_REGION}
  aws bedrock list-foundation-models --endpoint-url ${url}
  aws bedrock-runtime converse --endpoint-url ${url} --model-id ${example} \\
    --messages '[{"role":"user","content":[{"text":"Say hello"}]}]'

Any AWS SDK, through its standard endpoint settings (the service in BEDROCK=aws mode, too):
  AWS_ENDPOINT_URL_BEDROCK_RUNTIME=${url} AWS_ENDPOINT_URL_BEDROCK=${url} BEDROCK=aws npm start
or its endpoint option:
  new BedrockRuntimeClient({ region: '${DEFAULT_REGION}', endpoint: '${url}', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })

${
  simulator.account.describe().kind === 'fresh'
    ? `A fresh account: Anthropic models wait for the use-case form (curl -X POST ${url}/_simulator/account/anthropic-use-case), Marketplace models for their subscription.`
    : 'An established account (BEDROCK_SIM_ACCOUNT=fresh plays a new one).'
}

Change a model while it runs:
  curl -X PUT ${url}/_simulator/models/${example} -d '{"features":{"toolUse":false}}'

Models:
${SIMULATOR_CATALOG.map((entry) => `  ${entry.modelId.padEnd(48)} ${entry.description}`).join('\n')}
`);

const stop = (): void => {
  void simulator.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
