/**
 * The models one running simulator serves: the shared catalog plus whatever a test changed at
 * runtime (a model losing tool support, becoming Legacy, starting to throttle). The runtime and
 * the control plane both read from here, so a change shows in Converse and in the listings alike.
 */
import {
  FAULTS,
  MODELS,
  type Access,
  type Fault,
  type Features,
  type Lifecycle,
  type SimulatedModel,
} from './catalog.js';

/** A change to a model's behaviour; omitted fields keep their value, `fault: null` clears a fault. */
export interface ModelBehaviourPatch {
  features?: Partial<Features>;
  lifecycle?: Lifecycle;
  access?: Access;
  fault?: Fault | null;
}

/** Why a patch was refused; the message says which field is wrong. */
export class InvalidPatchError extends Error {
  override readonly name = 'InvalidPatchError';
}

const LIFECYCLES: readonly Lifecycle[] = ['ACTIVE', 'LEGACY', 'END_OF_LIFE'];
const ACCESSES: readonly Access[] = [
  'granted',
  'denied',
  'marketplace-denied',
  'not-used-recently',
];
const FEATURE_NAMES: readonly (keyof Features)[] = [
  'systemPrompt',
  'toolUse',
  'streamingToolUse',
  'imageInput',
  'documentInput',
  'citations',
  'reasoning',
  'promptCaching',
  'structuredOutput',
  'toolChoice',
];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
    return value as T;
  throw new InvalidPatchError(`${field} must be one of ${allowed.join(', ')}.`);
}

/** Validates untrusted JSON (the admin route's body) as a patch; throws `InvalidPatchError`. */
export function parseBehaviourPatch(value: unknown): ModelBehaviourPatch {
  if (!isObject(value)) throw new InvalidPatchError('The body must be a JSON object.');
  const unknown = Object.keys(value).filter(
    (key) => !['features', 'lifecycle', 'access', 'fault'].includes(key),
  );
  if (unknown.length > 0)
    throw new InvalidPatchError(
      `Unknown field ${unknown.join(', ')}; allowed: features, lifecycle, access, fault.`,
    );
  const patch: ModelBehaviourPatch = {};
  if (value.features !== undefined) {
    if (!isObject(value.features)) throw new InvalidPatchError('features must be an object.');
    const features: Partial<Features> = {};
    for (const [name, enabled] of Object.entries(value.features)) {
      if (!(FEATURE_NAMES as readonly string[]).includes(name)) {
        throw new InvalidPatchError(
          `Unknown feature ${name}; allowed: ${FEATURE_NAMES.join(', ')}.`,
        );
      }
      // Prompt caching may also be accepted and ignored (nothing is ever read from the cache).
      if (name === 'promptCaching' && enabled === 'ignored') features.promptCaching = 'ignored';
      else if (typeof enabled !== 'boolean')
        throw new InvalidPatchError(
          `features.${name} must be true or false${name === 'promptCaching' ? ' or "ignored"' : ''}.`,
        );
      else features[name as keyof Features] = enabled;
    }
    patch.features = features;
  }
  if (value.lifecycle !== undefined)
    patch.lifecycle = oneOf(value.lifecycle, LIFECYCLES, 'lifecycle');
  if (value.access !== undefined) patch.access = oneOf(value.access, ACCESSES, 'access');
  if (value.fault !== undefined)
    patch.fault = value.fault === null ? null : oneOf(value.fault, FAULTS, 'fault');
  return patch;
}

/** The catalog as one simulator currently serves it. */
export class ModelRegistry {
  private readonly models = new Map<string, SimulatedModel>();

  constructor(private readonly defaults: readonly SimulatedModel[] = MODELS) {
    this.reset();
  }

  /** The model with this foundation model id, as currently patched. */
  find(modelId: string): SimulatedModel | undefined {
    return this.models.get(modelId);
  }

  /** Every model, in catalog order. */
  all(): SimulatedModel[] {
    return [...this.models.values()];
  }

  /** Applies `patch` to a model; returns the model as it now is, or `undefined` for an unknown id. */
  patch(modelId: string, patch: ModelBehaviourPatch): SimulatedModel | undefined {
    const current = this.models.get(modelId);
    if (current === undefined) return undefined;
    const { fault: _fault, ...rest } = current;
    const fault = patch.fault === undefined ? current.fault : (patch.fault ?? undefined);
    const next: SimulatedModel = {
      ...rest,
      features: { ...current.features, ...patch.features },
      lifecycle: patch.lifecycle ?? current.lifecycle,
      access: patch.access ?? current.access,
      ...(fault === undefined ? {} : { fault }),
    };
    this.models.set(modelId, next);
    return next;
  }

  /** Restores one model (or, without an id, every model) to the catalog's defaults. Returns false for an unknown id. */
  reset(modelId?: string): boolean {
    if (modelId === undefined) {
      this.models.clear();
      for (const model of this.defaults) this.models.set(model.modelId, model);
      return true;
    }
    const original = this.defaults.find((model) => model.modelId === modelId);
    if (original === undefined) return false;
    this.models.set(modelId, original);
    return true;
  }
}
