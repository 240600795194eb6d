/**
 * Which simulated model a model id in the request path names, or the error Bedrock answers
 * for it: unknown ids, profiles of another geography, models that need an inference
 * profile, models without access and retired models.
 */
import { inferenceProfilePrefix } from '../../shared/model-id.js';
import { findModel, type SimulatedModel } from './catalog.js';
import { bedrockErrors, type BedrockError } from './errors.js';

/** The outcome of resolving a model id. */
export type Resolution = { ok: true; model: SimulatedModel; viaProfile: boolean } | { ok: false; error: BedrockError };

const ARN = /^arn:aws(?:-[a-z]+)*:bedrock:[a-z0-9-]+:(?:\d{12})?:(foundation-model|inference-profile)\/(.+)$/;
const PROFILE = /^(us|eu|apac|us-gov|global|jp|au|ca)\.(.+)$/;

/** Resolves `modelId` (already URL-decoded) for a client calling from `region`. */
export function resolveModel(modelId: string, region: string): Resolution {
  let id = modelId;
  const arn = ARN.exec(modelId);
  if (arn) {
    id = arn[2] as string;
    if (arn[1] === 'foundation-model' && PROFILE.test(id)) return { ok: false, error: bedrockErrors.invalidModelId() };
  } else if (modelId.startsWith('arn:')) {
    return { ok: false, error: bedrockErrors.invalidModelId() };
  }

  const profile = PROFILE.exec(id);
  const foundationId = profile ? (profile[2] as string) : id;
  const model = findModel(foundationId);
  if (!model) return { ok: false, error: bedrockErrors.invalidModelId() };
  if (profile) {
    // A system inference profile exists only for its own geography (`us.` from us-east-1, ...).
    const prefix = profile[1] as string;
    if (!model.profiles.includes(prefix) || prefix !== inferenceProfilePrefix(region)) {
      return { ok: false, error: bedrockErrors.invalidModelId() };
    }
  }

  switch (model.availability) {
    case 'access-denied':
      return { ok: false, error: bedrockErrors.accessDenied() };
    case 'end-of-life':
      return { ok: false, error: bedrockErrors.endOfLife() };
    case 'inference-profile-only':
      if (!profile) return { ok: false, error: bedrockErrors.inferenceProfileRequired(foundationId) };
      break;
    case 'on-demand':
      break;
  }
  return { ok: true, model, viaProfile: profile !== null };
}

/** The region a SigV4 `Authorization` header was signed for (its credential scope). */
export function signingRegion(authorization: string | undefined): string | undefined {
  return /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/bedrock\//.exec(authorization ?? '')?.[1];
}
