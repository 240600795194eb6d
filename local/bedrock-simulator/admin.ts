/**
 * The simulator's own admin API, which Bedrock does not have: tests change a model's behaviour
 * while the simulator runs (`PUT /_simulator/models/{modelId}` with a patch such as
 * `{"features":{"toolUse":false}}`), read it back, and reset it (`DELETE`); and play a fresh
 * account (`PUT /_simulator/account` with `{"kind":"fresh"}`, then
 * `POST /_simulator/account/anthropic-use-case` to submit Anthropic's form). Paths start with
 * `/_simulator/`, which no Bedrock operation uses. Local only, like the rest of the simulator.
 */
import { ACCOUNT_KINDS, type AccountKind, type SimulatedAccount } from './account.js';
import type { Access, Fault, Features, Lifecycle, SimulatedModel } from './catalog.js';
import { InvalidPatchError, parseBehaviourPatch, type ModelRegistry } from './model-registry.js';

/** The prefix of every admin path. */
export const ADMIN_PREFIX = '/_simulator/';

/** What the admin API shows of a model: the parts a patch can change. */
export interface ModelBehaviour {
  modelId: string;
  lifecycle: Lifecycle;
  access: Access;
  features: Features;
  fault: Fault | null;
}

/** An admin answer: status and JSON body (none for 204). */
export interface AdminResponse {
  status: number;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** The behaviour of a model, as the admin API shows it. */
export function behaviourOf(model: SimulatedModel): ModelBehaviour {
  return {
    modelId: model.modelId,
    lifecycle: model.lifecycle,
    access: model.access,
    features: { ...model.features },
    fault: model.fault ?? null,
  };
}

const MODELS_PATH = /^\/_simulator\/models(?:\/([^/]+))?$/;
const ACCOUNT_PATH = '/_simulator/account';
const USE_CASE_PATH = '/_simulator/account/anthropic-use-case';

/** What the admin routes act on. */
export interface AdminTargets {
  registry: ModelRegistry;
  account: SimulatedAccount;
}

function message(status: number, text: string, headers?: Record<string, string>): AdminResponse {
  return { status, body: { message: text }, ...(headers ? { headers } : {}) };
}

/** `GET`/`PUT /_simulator/account` and `POST /_simulator/account/anthropic-use-case`. */
function handleAccount(
  account: SimulatedAccount,
  method: string,
  path: string,
  body: string,
): AdminResponse {
  if (path === USE_CASE_PATH) {
    if (method !== 'POST') return message(405, `Use POST on ${USE_CASE_PATH}.`, { allow: 'POST' });
    account.submitAnthropicUseCase();
    return { status: 201, body: { account: { ...account.describe() } } };
  }
  if (method === 'GET') return { status: 200, body: { account: { ...account.describe() } } };
  if (method !== 'PUT')
    return message(405, `Use GET or PUT on ${ACCOUNT_PATH}.`, { allow: 'GET, PUT' });
  let kind: unknown;
  try {
    const parsed = JSON.parse(body) as unknown;
    kind =
      typeof parsed === 'object' && parsed !== null
        ? (parsed as { kind?: unknown }).kind
        : undefined;
  } catch {
    return message(400, 'The body must be JSON.');
  }
  if (typeof kind !== 'string' || !(ACCOUNT_KINDS as readonly string[]).includes(kind))
    return message(400, `kind must be one of ${ACCOUNT_KINDS.join(', ')}.`);
  account.reset(kind as AccountKind);
  return { status: 200, body: { account: { ...account.describe() } } };
}

/** Answers one admin request; `body` is the raw request body. */
export function handleAdmin(
  { registry, account }: AdminTargets,
  method: string,
  path: string,
  body: string,
): AdminResponse {
  if (path === ACCOUNT_PATH || path === USE_CASE_PATH)
    return handleAccount(account, method, path, body);
  const match = MODELS_PATH.exec(path);
  if (!match) return message(404, `No admin route ${path}.`);
  let modelId: string | undefined;
  try {
    modelId = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
  } catch {
    return message(400, 'The model id is not valid percent-encoding.');
  }

  if (modelId === undefined) {
    if (method === 'GET') return { status: 200, body: { models: registry.all().map(behaviourOf) } };
    if (method === 'DELETE') {
      registry.reset();
      return { status: 204 };
    }
    return message(405, 'Use GET or DELETE on /_simulator/models.', { allow: 'GET, DELETE' });
  }

  const unknown = (): AdminResponse => message(404, `The simulator has no model ${modelId}.`);
  switch (method) {
    case 'GET': {
      const model = registry.find(modelId);
      return model === undefined ? unknown() : { status: 200, body: { model: behaviourOf(model) } };
    }
    case 'PUT': {
      let patch;
      try {
        patch = parseBehaviourPatch(JSON.parse(body) as unknown);
      } catch (error) {
        return message(
          400,
          error instanceof InvalidPatchError ? error.message : 'The body must be JSON.',
        );
      }
      const model = registry.patch(modelId, patch);
      return model === undefined ? unknown() : { status: 200, body: { model: behaviourOf(model) } };
    }
    case 'DELETE': {
      if (!registry.reset(modelId)) return unknown();
      return {
        status: 200,
        body: { model: behaviourOf(registry.find(modelId) as SimulatedModel) },
      };
    }
    default:
      return message(405, 'Use GET, PUT or DELETE on /_simulator/models/{modelId}.', {
        allow: 'GET, PUT, DELETE',
      });
  }
}
