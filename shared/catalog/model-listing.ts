/**
 * What the Bedrock control plane says the account has in a region, reduced to what the catalog
 * needs and free of SDK types, so the merge can be tested with plain objects.
 */

/** A foundation model as `ListFoundationModels` describes it. */
export interface ListedFoundationModel {
  modelId: string;
  modelName: string;
  providerName: string;
  /** `TEXT`, `IMAGE`, `EMBEDDING`, ... */
  outputModalities: readonly string[];
  /** `ON_DEMAND`, `INFERENCE_PROFILE` (reachable through a profile only), `PROVISIONED`. */
  inferenceTypesSupported: readonly string[];
  /** `modelLifecycle.status`: `ACTIVE` or `LEGACY`. */
  lifecycle: string;
}

/** An inference profile as `ListInferenceProfiles` describes it. */
export interface ListedInferenceProfile {
  /** `us.anthropic...` for a system-defined profile, a 12-character id for an application one. */
  inferenceProfileId: string;
  inferenceProfileArn: string;
  inferenceProfileName: string;
  type: 'SYSTEM_DEFINED' | 'APPLICATION';
  /** The foundation model ids the profile routes to (one model, in one or more Regions). */
  modelIds: readonly string[];
}

/** One region's listing. */
export interface ModelListing {
  foundationModels: readonly ListedFoundationModel[];
  inferenceProfiles: readonly ListedInferenceProfile[];
}

/** Where listings come from; throws `CatalogUnavailableError` when the control plane does not answer. */
export interface ModelListingSource {
  list(): Promise<ModelListing>;
}
