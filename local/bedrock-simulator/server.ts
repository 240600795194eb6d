/**
 * The simulator's HTTP server: the Bedrock Runtime routes (Converse, ConverseStream) and the
 * control plane routes (ListFoundationModels, GetFoundationModel, ListInferenceProfiles,
 * GetInferenceProfile, GetFoundationModelAvailability) the AWS
 * SDK clients call through their `endpoint` option, all on one port and answered for the Region
 * each request was signed for; the simulator's own admin routes; request accounting; and a
 * `close()` that really ends everything, hung requests and keep-alive sockets included.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { silentLogger, type LogSink } from '../../shared/logger.js';
import {
  accountKindFromEnv,
  SimulatedAccount,
  type AccountKind,
  type AccountState,
} from './account.js';
import { ADMIN_PREFIX, handleAdmin, type AdminResponse } from './admin.js';
import { DEFAULT_REGION, SIMULATOR_ACCOUNT_ID, type SimulatedModel } from './catalog.js';
import {
  getFoundationModel,
  getFoundationModelAvailability,
  getInferenceProfile,
  listFoundationModels,
  listInferenceProfiles,
  type ControlPlaneResult,
} from './control-plane.js';
import {
  bedrockErrors,
  STREAM_EXCEPTION_TYPES,
  type BedrockError,
  type StreamExceptionType,
} from './errors.js';
import { createDualProtocolServer, type AnyRequest, type AnyResponse } from './dual-protocol.js';
import { Exchange } from './exchange.js';
import { answer, type Persona } from './instruction-follower.js';
import { ModelRegistry, type ModelBehaviourPatch } from './model-registry.js';
import { resolveModel, signingRegion } from './model-resolution.js';
import { DEFAULT_PROMPT_CACHE_MIN_TOKENS, PromptCache } from './prompt-cache.js';
import { parseConverseRequest, type ConverseRequest } from './request.js';
import { planResponse } from './response-plan.js';
import {
  sendConverse,
  sendConverseStream,
  sendError,
  sendJson,
  type StreamDrop,
  type Timing,
} from './responses.js';
import { groupDeltas } from './tokens.js';

/** Request counters, updated live. */
export interface SimulatorStats {
  /** Every Converse/ConverseStream call received. */
  requests: number;
  /** Calls in flight. */
  active: number;
  /** Calls whose client went away before the answer finished. */
  aborted: number;
  /** Calls per model id, as sent by the client (URL-decoded). */
  byModel: Record<string, number>;
  /** Control plane calls per operation (`ListFoundationModels`, ...); not counted in `requests`. */
  controlPlane: Record<string, number>;
}

/**
 * How every control plane call fails while a fault is set: `throttled` (ThrottlingException,
 * which the SDK retries), `unavailable` (ServiceUnavailableException, retried too) or
 * `access-denied` (the role lacks the `bedrock:List*` action; not retried). The runtime is not
 * affected, as in AWS, where the two are separate endpoints.
 */
export type ControlPlaneFault = 'throttled' | 'unavailable' | 'access-denied';

/** The models of a running simulator, changeable while it runs (the admin routes do the same over HTTP). */
export interface SimulatorModels {
  /** A model as it currently behaves, by foundation model id. */
  find(modelId: string): SimulatedModel | undefined;
  /**
   * Changes a model's behaviour (features, lifecycle, access, fault) for every later call,
   * runtime and control plane alike; returns the model as it now is, `undefined` for an unknown id.
   */
  patch(modelId: string, patch: ModelBehaviourPatch): SimulatedModel | undefined;
  /** Restores one model, or every model, to the catalog's defaults; false for an unknown id. */
  reset(modelId?: string): boolean;
}

/** The simulated account's one-time steps, changeable while it runs (the admin routes do the same over HTTP). */
export interface SimulatorAccount {
  describe(): AccountState;
  /** Starts over as a fresh account (use-case form and subscriptions pending) or an established one. */
  reset(kind: AccountKind): void;
  /** Marks Anthropic's use-case form submitted. */
  submitAnthropicUseCase(): void;
}

/** A running simulator. */
export interface BedrockSimulator {
  /** Base URL to pass as the SDK's `endpoint`. */
  url: string;
  stats: SimulatorStats;
  resetStats(): void;
  /** The served models, changeable at runtime. */
  models: SimulatorModels;
  /** The simulated account: established (the default) or fresh. */
  account: SimulatorAccount;
  /** Makes every later control plane call fail with `fault`; `null` heals it. Calls are still counted. */
  setControlPlaneFault(fault: ControlPlaneFault | null): void;
  /**
   * Holds every later Converse/ConverseStream call of `modelId` (as sent, URL-decoded) on
   * arrival, counted and in flight, until the returned function is called: then the held calls
   * and all later ones are answered as usual. Not Bedrock behaviour: a test's run lasts exactly
   * until the test says so.
   */
  hold(modelId: string): () => void;
  /** Stops the server, ending open connections (hung and keep-alive ones too). */
  close(): Promise<void>;
}

/** How to start a simulator. */
export interface BedrockSimulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** Multiplies all simulated delays (a fresh account's Marketplace wait too); default from env BEDROCK_SIM_TIME_SCALE or 1. */
  timeScale?: number;
  /** `fresh` plays an account that has not done Bedrock's one-time steps; default from env BEDROCK_SIM_ACCOUNT or `established`. */
  account?: AccountKind;
  /** The clock a fresh account's Marketplace subscriptions are timed with; `Date.now` by default. */
  now?: () => number;
  /** Where request logs go; silent by default. */
  logger?: LogSink;
}

/** Largest request body accepted; Converse requests with text only are far smaller. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;
const ROUTE = /^\/model\/([^/]+)\/(converse|converse-stream)$/;
const FOUNDATION_MODEL_ROUTE = /^\/foundation-models\/([^/]+)$/;
const INFERENCE_PROFILE_ROUTE = /^\/inference-profiles\/([^/]+)$/;
const AVAILABILITY_ROUTE = /^\/foundation-model-availability\/([^/]+)$/;
/** Largest admin request body; a behaviour patch is a few hundred bytes. */
const MAX_ADMIN_BODY_BYTES = 64 * 1024;

/** The time scale from the environment, failing loudly on a malformed value. */
export function timeScaleFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): number {
  const raw = env.BEDROCK_SIM_TIME_SCALE?.trim();
  if (raw === undefined || raw === '') return 1;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(
      `Invalid configuration: BEDROCK_SIM_TIME_SCALE must be a number >= 0, got "${raw}"`,
    );
  }
  return value;
}

function emptyStats(): SimulatorStats {
  return { requests: 0, active: 0, aborted: 0, byModel: {}, controlPlane: {} };
}

/** Starts a Bedrock Runtime simulator on `host:port`. */
export async function startBedrockSimulator(
  options: BedrockSimulatorOptions = {},
): Promise<BedrockSimulator> {
  const timeScale = options.timeScale ?? timeScaleFromEnv();
  if (!Number.isFinite(timeScale) || timeScale < 0)
    throw new Error(`timeScale must be a number >= 0, got ${timeScale}`);
  const logger = options.logger ?? silentLogger;
  const host = options.host ?? '127.0.0.1';
  const stats = emptyStats();
  const registry = new ModelRegistry();
  const account = new SimulatedAccount({
    kind: options.account ?? accountKindFromEnv(),
    marketplaceSubscriptionMs:
      registry.catalog.account.marketplaceSubscriptionMinutes * 60_000 * timeScale,
    ...(options.now ? { now: options.now } : {}),
  });
  const promptCache = new PromptCache();
  const exchanges = new Set<Exchange>();
  /** Calls waiting for their model's hold to be released, by model id. */
  const held = new Map<string, (() => void)[]>();
  let controlPlaneFault: ControlPlaneFault | null = null;
  const { server, sockets } = createDualProtocolServer(handle);

  function handle(request: AnyRequest, response: AnyResponse): void {
    const requestId = randomUUID();
    const url = new URL(request.url ?? '/', 'http://simulator');
    // Unsigned requests (curl) are answered as from the local stack's Region.
    const region = signingRegion(request.headers.authorization) ?? DEFAULT_REGION;
    if (url.pathname.startsWith(ADMIN_PREFIX)) {
      readAdminBody(request, (body) =>
        sendAdmin(
          response,
          body === undefined
            ? tooLarge()
            : handleAdmin({ registry, account }, request.method ?? 'GET', url.pathname, body),
        ),
      );
      return;
    }
    const controlPlane = request.method === 'GET' ? controlPlaneCall(url, region) : undefined;
    if (controlPlane !== undefined) {
      request.resume();
      stats.controlPlane[controlPlane.operation] =
        (stats.controlPlane[controlPlane.operation] ?? 0) + 1;
      logger.debug('Bedrock simulator control plane call', {
        operation: controlPlane.operation,
        region,
        requestId,
      });
      const result =
        controlPlaneFault === null
          ? controlPlane.run()
          : {
              ok: false as const,
              error: controlPlaneError(controlPlaneFault, controlPlane.operation),
            };
      if (result.ok) sendJson(response, 200, result.body, requestId);
      else sendError(response, result.error, requestId);
      return;
    }
    const route = ROUTE.exec(url.pathname);
    if (request.method !== 'POST' || !route) {
      request.resume();
      sendError(response, bedrockErrors.unknownOperation(), requestId);
      return;
    }
    let modelId: string;
    try {
      // The SDK percent-encodes the id (`:` and `/` of ARNs), so the raw path segment is decoded once.
      modelId = decodeURIComponent(route[1] as string);
    } catch {
      request.resume();
      sendError(response, bedrockErrors.invalidModelId(), requestId);
      return;
    }
    const streaming = route[2] === 'converse-stream';

    stats.requests += 1;
    stats.active += 1;
    stats.byModel[modelId] = (stats.byModel[modelId] ?? 0) + 1;
    const exchange = new Exchange(request, response, (outcome) => {
      exchanges.delete(exchange);
      stats.active -= 1;
      if (outcome === 'aborted') stats.aborted += 1;
      logger.debug('Bedrock simulator call ended', {
        modelId,
        operation: streaming ? 'ConverseStream' : 'Converse',
        outcome,
        requestId,
      });
    });
    exchanges.add(exchange);

    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('error', () => undefined);
    request.on('end', () => {
      if (exchange.isEnded) return;
      if (size > MAX_BODY_BYTES) {
        sendError(response, bedrockErrors.malformedRequest(), requestId);
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const answer = (): void => {
        // The client may have left while the call was held.
        if (!exchange.isEnded) respond(exchange, modelId, region, streaming, body, requestId);
      };
      const queue = held.get(modelId);
      if (queue) queue.push(answer);
      else answer();
    });
  }

  /** The control plane operation a GET names, if any, ready to run against the registry. */
  function controlPlaneCall(
    url: URL,
    region: string,
  ): { operation: string; run: () => ControlPlaneResult } | undefined {
    if (url.pathname === '/foundation-models') {
      return {
        operation: 'ListFoundationModels',
        run: () => listFoundationModels(registry, region, url.searchParams),
      };
    }
    if (url.pathname === '/inference-profiles') {
      return {
        operation: 'ListInferenceProfiles',
        run: () => listInferenceProfiles(registry, region, url.searchParams),
      };
    }
    // The SDK percent-encodes the path parameter (an ARN's `:` and `/`); it is decoded once, and
    // a bad escape is the operation's own refusal.
    const byId = (
      operation: string,
      route: RegExp,
      answer: (id: string) => ControlPlaneResult,
      badEncoding: () => BedrockError = bedrockErrors.invalidModelId,
    ): { operation: string; run: () => ControlPlaneResult } | undefined => {
      const match = route.exec(url.pathname);
      if (!match) return undefined;
      return {
        operation,
        run: () => {
          try {
            return answer(decodeURIComponent(match[1] as string));
          } catch {
            return { ok: false, error: badEncoding() };
          }
        },
      };
    };
    return (
      byId('GetFoundationModel', FOUNDATION_MODEL_ROUTE, (id) =>
        getFoundationModel(registry, region, id),
      ) ??
      byId(
        'GetInferenceProfile',
        INFERENCE_PROFILE_ROUTE,
        (id) => getInferenceProfile(registry, region, id),
        bedrockErrors.malformedRequest,
      ) ??
      byId('GetFoundationModelAvailability', AVAILABILITY_ROUTE, (id) =>
        getFoundationModelAvailability(registry, account, region, id),
      )
    );
  }

  function respond(
    exchange: Exchange,
    modelId: string,
    region: string,
    streaming: boolean,
    body: string,
    requestId: string,
  ): void {
    const fail = (error: BedrockError): void => sendError(exchange.response, error, requestId);
    const resolution = resolveModel(modelId, region, registry, account);
    if (!resolution.ok) return fail(resolution.error);
    const model = resolution.model;
    if (model.fault === 'throttled') return fail(bedrockErrors.throttled());
    if (model.fault === 'unavailable') return fail(bedrockErrors.serviceUnavailable());

    const parsed = parseConverseRequest(body);
    if (!parsed.ok) return fail(parsed.error);
    const request = parsed.request;
    const unsupported = featureError(model, request, streaming);
    if (unsupported) return fail(unsupported);
    // A hung model keeps the connection open with nothing scheduled; only the client (or close()) ends it.
    if (model.fault === 'hang') return;

    const caching = model.features.promptCaching;
    const plan = planResponse(answer(request, persona(model, request)), {
      maxTokens: request.maxTokens ?? model.defaultMaxTokens,
      inputTokens: request.promptTokens + (request.tools.length > 0 ? model.toolPromptTokens : 0),
      signReasoning: model.reasoningSignature === true,
      ...(request.cachePoints.length > 0 && caching !== false
        ? {
            cache: promptCache.use(model.modelId, request.cachePoints, {
              minTokens: model.promptCacheMinTokens ?? DEFAULT_PROMPT_CACHE_MIN_TOKENS,
              mode: caching,
            }),
          }
        : {}),
    });
    const timing = timingOf(model, timeScale);
    if (!streaming) return sendConverse(exchange, plan, timing, requestId);
    sendConverseStream(
      exchange,
      plan,
      timing,
      requestId,
      model.fault === 'stream-drop' ? streamDrop(plan, request) : undefined,
    );
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    stats,
    resetStats() {
      stats.requests = 0;
      stats.aborted = 0;
      stats.byModel = {};
      stats.controlPlane = {};
      // `active` is a gauge of what is in flight right now, so it is not reset.
    },
    setControlPlaneFault(fault) {
      controlPlaneFault = fault;
    },
    account: {
      describe: () => account.describe(),
      reset: (kind) => account.reset(kind),
      submitAnthropicUseCase: () => account.submitAnthropicUseCase(),
    },
    hold(modelId) {
      const queue: (() => void)[] = [];
      held.set(modelId, queue);
      return () => {
        if (held.get(modelId) === queue) held.delete(modelId);
        for (const answer of queue.splice(0)) answer();
      };
    },
    models: {
      find: (modelId) => registry.find(modelId),
      patch: (modelId, patch) => registry.patch(modelId, patch),
      reset: (modelId) => {
        if (modelId === undefined) promptCache.clear();
        return registry.reset(modelId);
      },
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        // Their sockets are gone, so these calls can never be answered; settle them now so the
        // stats are final when close() resolves.
        for (const exchange of [...exchanges]) exchange.abandon();
      });
      return closing;
    },
  };
}

/** The error a faulty control plane answers `operation` with. */
function controlPlaneError(fault: ControlPlaneFault, operation: string): BedrockError {
  switch (fault) {
    case 'throttled':
      return bedrockErrors.throttled();
    case 'unavailable':
      return bedrockErrors.serviceUnavailable();
    case 'access-denied':
      return bedrockErrors.notAuthorized(
        `arn:aws:sts::${SIMULATOR_ACCOUNT_ID}:assumed-role/certification-handler/local`,
        `bedrock:${operation}`,
      );
  }
}

/** Reads an admin request body; `undefined` when it is larger than any patch can be. */
function readAdminBody(request: AnyRequest, then: (body: string | undefined) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_ADMIN_BODY_BYTES) chunks.push(chunk);
  });
  request.on('error', () => undefined);
  request.on('end', () =>
    then(size > MAX_ADMIN_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')),
  );
}

function tooLarge(): AdminResponse {
  return {
    status: 413,
    body: { message: `Admin request bodies are at most ${MAX_ADMIN_BODY_BYTES} bytes.` },
  };
}

function sendAdmin(response: AnyResponse, answer: AdminResponse): void {
  if (answer.body === undefined) {
    response.writeHead(answer.status, answer.headers ?? {});
    response.end();
    return;
  }
  const body = JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    ...answer.headers,
  });
  response.end(body);
}

function featureError(
  model: SimulatedModel,
  request: ConverseRequest,
  streaming: boolean,
): BedrockError | undefined {
  const max = model.maxOutputTokens;
  if (request.maxTokens !== undefined && request.maxTokens > max)
    return bedrockErrors.maxTokensTooLarge(max);
  if (request.system.length > 0 && !model.features.systemPrompt)
    return bedrockErrors.systemMessagesUnsupported();
  if (request.tools.length > 0 && !model.features.toolUse)
    return bedrockErrors.toolUseUnsupported();
  if (streaming && request.tools.length > 0 && !model.features.streamingToolUse)
    return bedrockErrors.streamingToolUseUnsupported();
  return fullSuiteFeatureError(model, request);
}

/** The request fields each family reads reasoning from (see `reasoningRequestFor` in the probes). */
const REASONING_KEYS = ['thinking', 'reasoningConfig', 'reasoning_effort'] as const;

/** The key a model's family takes reasoning through, if any. */
function reasoningKey(model: SimulatedModel): string | undefined {
  const vendor = model.modelId.split('.')[0];
  if (vendor === 'anthropic' || vendor === 'sim') return 'thinking';
  if (vendor === 'amazon') return 'reasoningConfig';
  if (vendor === 'openai') return 'reasoning_effort';
  return undefined;
}

/** The refusals of the full suite's features, as Bedrock words them for a model without one. */
function fullSuiteFeatureError(
  model: SimulatedModel,
  request: ConverseRequest,
): BedrockError | undefined {
  const { features } = model;
  if (request.images > 0 && !features.imageInput) return bedrockErrors.imagesUnsupported();
  if (request.documents > 0 && !features.documentInput) return bedrockErrors.documentsUnsupported();
  if (request.citations && !features.citations) return bedrockErrors.citationsUnsupported();
  if (request.cachePoints.length > 0 && features.promptCaching === false)
    return bedrockErrors.cachePointUnsupported();
  if (request.outputConfig && !features.structuredOutput)
    return bedrockErrors.outputConfigUnsupported();
  if (request.tools.length > 0 && request.toolChoice.kind !== 'auto' && !features.toolChoice)
    return bedrockErrors.toolChoiceUnsupported(request.toolChoice.kind);
  for (const key of REASONING_KEYS) {
    if (!(key in request.additionalFields)) continue;
    if (!features.reasoning || reasoningKey(model) !== key) return bedrockErrors.extraneousKey(key);
  }
  if (key(request.additionalFields.thinking, 'type') === 'enabled') {
    // Anthropic's own rules for extended thinking.
    if (request.temperature !== undefined && request.temperature !== 1)
      return bedrockErrors.thinkingTemperature();
    const budget = key(request.additionalFields.thinking, 'budget_tokens');
    if (typeof budget === 'number' && budget >= (request.maxTokens ?? model.defaultMaxTokens))
      return bedrockErrors.thinkingBudget();
  }
  return undefined;
}

/** `value[name]` of an untyped JSON object. */
function key(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

/** True when the request turns reasoning on the way the model's family takes it. */
function reasoningRequested(model: SimulatedModel, request: ConverseRequest): boolean {
  const fields = request.additionalFields;
  switch (reasoningKey(model) ?? 'none') {
    case 'thinking':
      return ['enabled', 'adaptive'].includes(String(key(fields.thinking, 'type')));
    case 'reasoningConfig':
      return key(fields.reasoningConfig, 'type') === 'enabled';
    case 'reasoning_effort':
      return typeof fields.reasoning_effort === 'string';
    default:
      return false;
  }
}

function persona(model: SimulatedModel, request: ConverseRequest): Persona {
  const thinks =
    model.features.reasoning &&
    (model.reasoning === 'always' ||
      (model.reasoning === 'on-request' && reasoningRequested(model, request)));
  return {
    obedient: model.fault !== 'wrong-answers',
    // Made to call a tool (toolChoice any or tool), Claude writes no text before the call.
    prefacesToolUse: model.prefacesToolUse && request.toolChoice.kind === 'auto',
    fencesJson: model.fencesJson,
    ...(thinks ? { reasoningWords: model.reasoningVerbosity ?? 60 } : {}),
  };
}

function timingOf(model: SimulatedModel, timeScale: number): Timing {
  // ±15 % on the first token, as consecutive calls to the same model never take exactly as long.
  const jitter = 0.85 + Math.random() * 0.3;
  return {
    timeToFirstTokenMs: model.timing.timeToFirstTokenMs * jitter * timeScale,
    msPerToken: (1000 / model.timing.tokensPerSecond) * timeScale,
  };
}

/**
 * Where a `sim.stream-drop` stream fails: halfway through its deltas. The exception type
 * defaults to `modelStreamErrorException`; `additionalModelRequestFields.streamErrorType`
 * picks another one so every mid-stream exception class can be exercised.
 */
function streamDrop(plan: ReturnType<typeof planResponse>, request: ConverseRequest): StreamDrop {
  const total = plan.blocks.reduce((sum, block) => sum + groupDeltas(block.pieces).length, 0);
  const requested = request.additionalFields.streamErrorType;
  const exception = STREAM_EXCEPTION_TYPES.includes(requested as StreamExceptionType)
    ? (requested as StreamExceptionType)
    : 'modelStreamErrorException';
  return { afterDeltas: Math.max(1, Math.floor(total / 2)), exception };
}
