/**
 * A local Amazon Bedrock that the real `@aws-sdk/client-bedrock-runtime` and
 * `@aws-sdk/client-bedrock` reach through `endpoint`: Converse and ConverseStream on the real
 * wire protocol, ListFoundationModels, GetFoundationModel and ListInferenceProfiles on the real
 * REST-JSON protocol, one catalog of real model ids with their true feature support, lifecycle
 * and Regions, fault models, realistic timing, and admin routes that change a model's
 * behaviour at runtime. Local only; never bundled into the Lambda.
 */
export { startBedrockSimulator, timeScaleFromEnv } from './server.js';
export type {
  BedrockSimulator,
  BedrockSimulatorOptions,
  ControlPlaneFault,
  SimulatorModels,
  SimulatorStats,
} from './server.js';
export {
  APPLICATION_PROFILES,
  applicationProfileArn,
  DEFAULT_REGION,
  MODELS,
  SIMULATOR_ACCOUNT_ID,
  SIMULATOR_CATALOG,
} from './catalog.js';
export type {
  Access,
  ApplicationInferenceProfile,
  Fault,
  Features,
  Lifecycle,
  SimulatedModel,
} from './catalog.js';
export type { ModelBehaviour } from './admin.js';
export type { ModelBehaviourPatch } from './model-registry.js';
