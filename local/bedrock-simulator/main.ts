/**
 * Runs the Bedrock simulator on its own for debugging: `npm run simulator`
 * (PORT, default 4010; BEDROCK_SIM_TIME_SCALE scales the simulated delays;
 * BEDROCK_SIM_ACCOUNT=fresh plays an account that has not done Bedrock's one-time steps).
 */
import { SIMULATOR_CATALOG, startBedrockSimulator } from './index.js';

const port = Number(process.env.PORT ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  throw new Error(
    `Invalid configuration: PORT must be a port number, got "${process.env.PORT ?? ''}"`,
  );
}
const simulator = await startBedrockSimulator({ port });
console.log(`Bedrock simulator listening on ${simulator.url}`);
console.log(
  `Point the SDK at it: new BedrockRuntimeClient({ region: 'us-east-1', endpoint: '${simulator.url}', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })`,
);
console.log(
  `The control plane (BedrockClient: ListFoundationModels, GetFoundationModel, ListInferenceProfiles, GetInferenceProfile) answers on the same endpoint.`,
);
console.log(
  simulator.account.describe().kind === 'fresh'
    ? `A fresh account: Anthropic models wait for the use-case form (curl -X POST ${simulator.url}/_simulator/account/anthropic-use-case), Marketplace models for their subscription.`
    : `An established account (BEDROCK_SIM_ACCOUNT=fresh plays a new one).`,
);
console.log(
  `Change a model while it runs: curl -X PUT ${simulator.url}/_simulator/models/amazon.nova-lite-v1:0 -d '{"features":{"toolUse":false}}'`,
);
console.log('Models:');
for (const entry of SIMULATOR_CATALOG)
  console.log(`  ${entry.modelId.padEnd(48)} ${entry.description}`);

const stop = (): void => {
  void simulator.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
