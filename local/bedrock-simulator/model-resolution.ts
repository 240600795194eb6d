/**
 * Which simulated model a model id in the request path names, for a client calling the Region
 * its request was signed for, or the error Bedrock answers there: unknown ids, models not
 * offered in the Region, profiles of another geography, models that need an inference profile,
 * retired and Legacy models, and models this account may not invoke (yet, for a fresh account).
 */
import type { SimulatedAccount } from './account.js';
import type { SimulatedModel } from './catalog.js';
import { bedrockErrors, type BedrockError } from './errors.js';
import type { ModelRegistry } from './model-registry.js';

/** The outcome of resolving a model id. */
export type Resolution =
  { ok: true; model: SimulatedModel; viaProfile: boolean } | { ok: false; error: BedrockError };

const ARN =
  /^arn:aws(?:-[a-z]+)*:bedrock:([a-z0-9-]*):(\d{12})?:(foundation-model|inference-profile|application-inference-profile)\/(.+)$/;
const PROFILE = /^(us|eu|apac|us-gov|global|jp|au|ca)\.(.+)$/;

function fail(error: BedrockError): Resolution {
  return { ok: false, error };
}

/** The model id an ARN stands for (an application profile stands for what it was copied from). */
function idOfArn(modelId: string, region: string, registry: ModelRegistry): string | undefined {
  const arn = ARN.exec(modelId);
  if (!arn) return undefined;
  const [, arnRegion, account, kind, resource] = arn as unknown as [
    string,
    string,
    string | undefined,
    string,
    string,
  ];
  // A Region's endpoint knows only the resources of that Region.
  if (arnRegion !== region) return undefined;
  switch (kind) {
    case 'foundation-model':
      return PROFILE.test(resource) ? undefined : resource;
    case 'inference-profile':
      return PROFILE.test(resource) ? resource : undefined;
    default: {
      const owner = registry.catalog.account;
      const profile = owner.applicationInferenceProfiles.find(
        (candidate) => candidate.id === resource && candidate.region === region,
      );
      return profile !== undefined && account === owner.accountId ? profile.copiedFrom : undefined;
    }
  }
}

/**
 * Resolves `modelId` (already URL-decoded) for a client calling from `region`; with an
 * `account`, a fresh account's one-time steps are checked (and a Marketplace subscription started).
 */
export function resolveModel(
  modelId: string,
  region: string,
  registry: ModelRegistry,
  account?: SimulatedAccount,
): Resolution {
  const id = modelId.startsWith('arn:') ? idOfArn(modelId, region, registry) : modelId;
  if (id === undefined) return fail(bedrockErrors.invalidModelId());

  const profile = PROFILE.exec(id);
  const foundationId = profile ? (profile[2] as string) : id;
  const model = registry.find(foundationId);
  // A model not offered in this Region is unknown there, bare or through any profile.
  if (!model || !model.regions.includes(region)) return fail(bedrockErrors.invalidModelId());
  // A system profile exists only where the Region lists it (`us.` from us-*, `global.` from commercial Regions).
  if (profile && !(model.profilesByRegion[region] ?? []).includes(profile[1] as string))
    return fail(bedrockErrors.invalidModelId());

  if (model.lifecycle === 'END_OF_LIFE') return fail(bedrockErrors.endOfLife());
  const types = model.inferenceTypes[region];
  if (types !== undefined && types.every((type) => type === 'PROVISIONED'))
    return fail(bedrockErrors.provisionedThroughputOnly());
  if (!model.outputModalities.includes('TEXT')) return fail(bedrockErrors.notATextModel());
  if (!profile && !model.onDemandRegions.includes(region))
    return fail(bedrockErrors.inferenceProfileRequired(foundationId));
  switch (model.access) {
    case 'denied':
      return fail(bedrockErrors.accessDenied());
    case 'marketplace-denied':
      return fail(bedrockErrors.marketplaceDenied());
    case 'not-used-recently':
      // Disuse only matters once the provider has marked the model Legacy.
      if (model.lifecycle === 'LEGACY') return fail(bedrockErrors.legacyNotUsedRecently());
      break;
    case 'granted':
      break;
  }
  const refusal = account?.admit(model);
  if (refusal !== undefined) return fail(refusal);
  return { ok: true, model, viaProfile: profile !== null };
}

/** The region a SigV4 `Authorization` header was signed for (its credential scope). */
export function signingRegion(authorization: string | undefined): string | undefined {
  return /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/bedrock\//.exec(authorization ?? '')?.[1];
}
