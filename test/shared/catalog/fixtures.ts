import type { ModelAvailabilitySource } from '../../../shared/catalog/model-availability.js';
import type {
  ListedFoundationModel,
  ListedInferenceProfile,
  ModelListing,
} from '../../../shared/catalog/model-listing.js';
import type { ModelAccess } from '../../../shared/types.js';

/** A text model offered on demand; override what the test is about. */
export function foundationModel(
  modelId: string,
  overrides: Partial<ListedFoundationModel> = {},
): ListedFoundationModel {
  return {
    modelId,
    modelName: modelId,
    providerName: 'Amazon',
    outputModalities: ['TEXT'],
    inferenceTypesSupported: ['ON_DEMAND'],
    lifecycle: 'ACTIVE',
    ...overrides,
  };
}

/** A system-defined profile `<prefix>.<modelId>` routing to `modelId`. */
export function systemProfile(
  prefix: string,
  modelId: string,
  overrides: Partial<ListedInferenceProfile> = {},
): ListedInferenceProfile {
  return {
    inferenceProfileId: `${prefix}.${modelId}`,
    inferenceProfileArn: `arn:aws:bedrock:us-east-1:123456789012:inference-profile/${prefix}.${modelId}`,
    inferenceProfileName: `${prefix.toUpperCase()} ${modelId}`,
    type: 'SYSTEM_DEFINED',
    modelIds: [modelId],
    ...overrides,
  };
}

/** An application profile with a 12-character id, routing to `modelId`. */
export function applicationProfile(
  id: string,
  modelId: string,
  name = `app ${id}`,
): ListedInferenceProfile {
  return {
    inferenceProfileId: id,
    inferenceProfileArn: `arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/${id}`,
    inferenceProfileName: name,
    type: 'APPLICATION',
    modelIds: [modelId],
  };
}

/** A listing source that counts its calls and answers what the test put in `listing`. */
export class FakeListingSource {
  calls = 0;
  failure: Error | undefined;
  constructor(public listing: ModelListing = { foundationModels: [], inferenceProfiles: [] }) {}
  list(): Promise<ModelListing> {
    this.calls += 1;
    return this.failure ? Promise.reject(this.failure) : Promise.resolve(this.listing);
  }
}

/**
 * Access as the test sets it, by `region/modelId` or by `region` (the first wins; default
 * `AVAILABLE`), counting its calls as `region/modelId`.
 */
export class FakeAvailability implements ModelAvailabilitySource {
  calls: string[] = [];
  answers = new Map<string, ModelAccess>();
  access(region: string, modelId: string): Promise<ModelAccess> {
    const key = `${region}/${modelId}`;
    this.calls.push(key);
    return Promise.resolve(this.answers.get(key) ?? this.answers.get(region) ?? 'AVAILABLE');
  }
}
