import { classifyModelId } from '../model-id.js';

const GEO_PREFIX = /^(?:us|eu|apac|us-gov|global|jp|au|ca)\./;
const MODEL_IN_ARN = /:(?:foundation-model|inference-profile)\/(.+)$/;

/**
 * The foundation model id behind a model reference: `us.meta.llama3-...` → `meta.llama3-...`,
 * `arn:...:foundation-model/x.y` → `x.y`. Opaque ARNs (provisioned, application profiles)
 * have no visible base model and yield `undefined`.
 */
export function baseModelId(modelId: string): string | undefined {
  const kind = classifyModelId(modelId);
  if (kind === 'foundation-model') return modelId;
  if (kind === 'inference-profile') return modelId.replace(GEO_PREFIX, '');
  const match = MODEL_IN_ARN.exec(modelId);
  return match?.[1]?.replace(GEO_PREFIX, '');
}
