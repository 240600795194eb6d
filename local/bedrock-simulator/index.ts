/**
 * A local Amazon Bedrock Runtime that the real `@aws-sdk/client-bedrock-runtime` reaches
 * through `endpoint`: Converse and ConverseStream on the real wire protocol, a catalog of
 * real model ids with their true feature support, fault models, and realistic timing.
 * Local only; never bundled into the Lambda.
 */
export { startBedrockSimulator, timeScaleFromEnv } from './server.js';
export type { BedrockSimulator, BedrockSimulatorOptions, SimulatorStats } from './server.js';
export { SIMULATOR_CATALOG } from './catalog.js';
