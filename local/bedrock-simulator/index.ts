/**
 * A local Amazon Bedrock that the real `@aws-sdk/client-bedrock-runtime` and
 * `@aws-sdk/client-bedrock` reach through `endpoint`: Converse and ConverseStream on the real
 * wire protocol, ListFoundationModels, GetFoundationModel, ListInferenceProfiles and
 * GetInferenceProfile on the real REST-JSON protocol, one catalog of real model ids with their
 * documented feature support, lifecycle and Regions (read from `simulated-account.json`), fault
 * models, realistic timing, a fresh account's one-time steps, and admin routes that change a
 * model's behaviour at runtime. Local only; never bundled into the Lambda.
 */
export { startBedrockSimulator, timeScaleFromEnv } from './server.js';
export type {
  BedrockSimulator,
  BedrockSimulatorOptions,
  ControlPlaneFault,
  SimulatorAccount,
  SimulatorModels,
  SimulatorStats,
} from './server.js';
export { accountKindFromEnv, ACCOUNT_KINDS } from './account.js';
export type { AccountKind, AccountState } from './account.js';
export {
  APPLICATION_PROFILES,
  applicationProfileArn,
  buildSimulatedCatalog,
  DEFAULT_REGION,
  MODELS,
  SIMULATED_CATALOG,
  SIMULATOR_ACCOUNT_ID,
  SIMULATOR_CATALOG,
} from './catalog.js';
export type {
  Access,
  ApplicationInferenceProfile,
  Fault,
  Features,
  Lifecycle,
  SimulatedCatalog,
  SimulatedModel,
} from './catalog.js';
export {
  FEATURE_NAMES,
  InvalidSimulatedAccountError,
  parseSimulatedAccount,
  readSimulatedAccount,
  SIMULATED_ACCOUNT_FILE,
  SIMULATED_ACCOUNT_FORMAT,
  staleReferences,
} from './simulated-account.js';
export type { SimulatedAccountFile } from './simulated-account.js';
export type { ModelBehaviour } from './admin.js';
export type { ModelBehaviourPatch } from './model-registry.js';
