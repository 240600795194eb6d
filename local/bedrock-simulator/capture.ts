/**
 * `npm run capture-catalog`: what a real account's Bedrock control plane answers for one Region,
 * written into the control-plane part of the simulator's data file, so a maintainer with an
 * account refreshes the simulated catalog in one command. The hand-kept part (features, timing,
 * retired models, account state) is carried over untouched, never dropped.
 *
 * Only the unmodified `@aws-sdk/client-bedrock` talks to AWS, with the SDK's default credential
 * chain and Region and its standard endpoint settings (`AWS_ENDPOINT_URL_BEDROCK`), which is also
 * how this is tested against the simulator. Every failure is one line, never a stack trace.
 */
import { readFile, writeFile } from 'node:fs/promises';
import {
  BedrockClient,
  GetFoundationModelCommand,
  GetInferenceProfileCommand,
  ListFoundationModelsCommand,
  paginateListInferenceProfiles,
  type FoundationModelLifecycle,
  type FoundationModelSummary,
  type InferenceProfileSummary,
} from '@aws-sdk/client-bedrock';
import {
  InvalidSimulatedAccountError,
  parseSimulatedAccount,
  SIMULATED_ACCOUNT_FILE,
  staleReferences,
  type ControlPlaneModel,
  type ControlPlanePart,
  type ControlPlaneProfile,
  type CustomizationType,
  type InferenceType,
  type LifecycleDates,
  type Modality,
  type RegionOffer,
} from './simulated-account.js';

/** One Region's answers, reduced to the data file's format. */
export interface RegionCapture {
  region: string;
  offer: RegionOffer;
  models: Record<string, ControlPlaneModel>;
  profiles: Record<string, ControlPlaneProfile>;
  /** What was left out, and why (a value the file's format does not know, a profile of an unlisted model). */
  notes: string[];
}

const MODALITIES: readonly string[] = ['TEXT', 'IMAGE', 'EMBEDDING', 'VIDEO', 'SPEECH'];
const CUSTOMIZATIONS: readonly string[] = ['FINE_TUNING', 'CONTINUED_PRE_TRAINING', 'DISTILLATION'];
const INFERENCE_TYPES: readonly string[] = ['ON_DEMAND', 'INFERENCE_PROFILE', 'PROVISIONED'];
const LIFECYCLE_DATES = [
  'startOfLifeTime',
  'legacyTime',
  'publicExtendedAccessTime',
  'endOfLifeTime',
] as const;
const PROFILE_ID = /^(us|eu|apac|jp|au|ca|us-gov|global)\.(.+)$/;
const MODEL_ARN = /^arn:aws(?:-[a-z]+)*:bedrock:([a-z0-9-]*)::foundation-model\/(.+)$/;

/** A timestamp as the data file writes it: ISO 8601 in whole seconds, so re-captures diff cleanly. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The values of `values` the file's format knows; the others are noted and left out. */
function known<T extends string>(
  values: readonly string[] | undefined,
  allowed: readonly string[],
  what: string,
  notes: string[],
): T[] {
  const kept: T[] = [];
  for (const value of values ?? []) {
    if (allowed.includes(value)) kept.push(value as T);
    else notes.push(`${what}: left out ${value}, which the data file's format does not know`);
  }
  return kept;
}

function lifecycleOf(lifecycle: FoundationModelLifecycle | undefined): LifecycleDates {
  const dates: LifecycleDates = {};
  for (const key of LIFECYCLE_DATES) {
    const value = lifecycle?.[key];
    if (value !== undefined) dates[key] = timestamp(value);
  }
  return dates;
}

/** Bounded concurrency for the per-item Get calls: a real Region lists a hundred models. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  body: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await body(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Calls the control plane of the client's Region: ListFoundationModels (every modality),
 * GetFoundationModel for Legacy models (their dates), ListInferenceProfiles (system-defined,
 * every page) and GetInferenceProfile for a summary that lacks its models.
 */
export async function captureRegion(client: BedrockClient): Promise<RegionCapture> {
  const region = await client.config.region();
  const notes: string[] = [];
  const listed = (await client.send(new ListFoundationModelsCommand({}))).modelSummaries ?? [];
  const summaries = await mapLimited(listed, 4, async (summary) =>
    summary.modelLifecycle?.status === 'LEGACY' && summary.modelId !== undefined
      ? ((await client.send(new GetFoundationModelCommand({ modelIdentifier: summary.modelId })))
          .modelDetails ?? summary)
      : summary,
  );

  const offer: RegionOffer = { foundationModels: {}, inferenceProfiles: {} };
  const models: Record<string, ControlPlaneModel> = {};
  for (const summary of summaries) {
    const model = toModel(summary, notes);
    if (model === undefined || summary.modelId === undefined) continue;
    const types = known<InferenceType>(
      summary.inferenceTypesSupported,
      INFERENCE_TYPES,
      summary.modelId,
      notes,
    );
    if (types.length === 0) {
      notes.push(`${summary.modelId}: left out, no inference type the data file's format knows`);
      continue;
    }
    models[summary.modelId] = model;
    offer.foundationModels[summary.modelId] = types;
  }

  const profiles: Record<string, ControlPlaneProfile> = {};
  const systemProfiles: InferenceProfileSummary[] = [];
  for await (const page of paginateListInferenceProfiles(
    { client, pageSize: 1000 },
    { typeEquals: 'SYSTEM_DEFINED' },
  ))
    systemProfiles.push(...(page.inferenceProfileSummaries ?? []));
  const described = await mapLimited(systemProfiles, 4, async (profile) =>
    profile.models === undefined && profile.inferenceProfileId !== undefined
      ? await client.send(
          new GetInferenceProfileCommand({
            inferenceProfileIdentifier: profile.inferenceProfileId,
          }),
        )
      : profile,
  );
  for (const profile of described) {
    const id = profile.inferenceProfileId ?? '';
    const modelId = PROFILE_ID.exec(id)?.[2];
    if (modelId === undefined) {
      notes.push(`profile ${id || '(no id)'}: left out, not a geography prefix and a model id`);
      continue;
    }
    if (offer.foundationModels[modelId] === undefined) {
      notes.push(`profile ${id}: left out, it routes to ${modelId}, which ${region} does not list`);
      continue;
    }
    const routes: string[] = [];
    for (const { modelArn } of profile.models ?? []) {
      const arn = MODEL_ARN.exec(modelArn ?? '');
      if (arn?.[2] !== modelId) {
        notes.push(`profile ${id}: left out the model ARN ${modelArn ?? '(none)'}`);
        continue;
      }
      routes.push(arn[1] === '' ? '*' : (arn[1] as string));
    }
    if (
      routes.length === 0 ||
      profile.inferenceProfileName === undefined ||
      profile.createdAt === undefined ||
      profile.updatedAt === undefined
    ) {
      notes.push(`profile ${id}: left out, its answer lacks a model, a name or its timestamps`);
      continue;
    }
    offer.inferenceProfiles[id] = routes;
    profiles[id] = {
      inferenceProfileName: profile.inferenceProfileName,
      description: profile.description ?? '',
      createdAt: timestamp(profile.createdAt),
      updatedAt: timestamp(profile.updatedAt),
    };
  }
  return { region, offer, models, profiles, notes };
}

function toModel(summary: FoundationModelSummary, notes: string[]): ControlPlaneModel | undefined {
  const { modelId, modelName, providerName } = summary;
  if (modelId === undefined || modelName === undefined || providerName === undefined) {
    notes.push(
      `${modelId ?? '(a model without id)'}: left out, its summary lacks a name or provider`,
    );
    return undefined;
  }
  // The API's enum today; a status it adds later is left out rather than written as something else.
  const status: string = summary.modelLifecycle?.status ?? 'ACTIVE';
  if (status !== 'ACTIVE' && status !== 'LEGACY') {
    notes.push(`${modelId}: left out, lifecycle ${status} is not ACTIVE or LEGACY`);
    return undefined;
  }
  const input = known<Modality>(summary.inputModalities, MODALITIES, modelId, notes);
  const output = known<Modality>(summary.outputModalities, MODALITIES, modelId, notes);
  if (input.length === 0 || output.length === 0) {
    notes.push(`${modelId}: left out, no modality the data file's format knows`);
    return undefined;
  }
  return {
    modelName,
    providerName,
    inputModalities: input,
    outputModalities: output,
    responseStreamingSupported: summary.responseStreamingSupported ?? false,
    customizationsSupported: known<CustomizationType>(
      summary.customizationsSupported,
      CUSTOMIZATIONS,
      modelId,
      notes,
    ),
    modelLifecycle: { status, ...lifecycleOf(summary.modelLifecycle) },
  };
}

/**
 * The control-plane part with one Region replaced by its capture: that Region's listing is
 * rewritten whole, the models and profiles it describes are updated in place (so a re-capture
 * keeps the file's order), and descriptions no Region refers to any more are dropped.
 */
export function mergeCapture(
  controlPlane: ControlPlanePart,
  capture: RegionCapture,
): ControlPlanePart {
  const regions = { ...controlPlane.regions, [capture.region]: capture.offer };
  const foundationModels = { ...controlPlane.foundationModels, ...capture.models };
  const inferenceProfiles = { ...controlPlane.inferenceProfiles, ...capture.profiles };
  const usedModels = new Set(
    Object.values(regions).flatMap((offer) => Object.keys(offer.foundationModels)),
  );
  const usedProfiles = new Set(
    Object.values(regions).flatMap((offer) => Object.keys(offer.inferenceProfiles)),
  );
  return {
    foundationModels: Object.fromEntries(
      Object.entries(foundationModels).filter(([id]) => usedModels.has(id)),
    ),
    inferenceProfiles: Object.fromEntries(
      Object.entries(inferenceProfiles).filter(([id]) => usedProfiles.has(id)),
    ),
    regions,
  };
}

/** What a capture changed, for the summary it prints. */
export interface CaptureResult {
  region: string;
  models: number;
  profiles: number;
  added: string[];
  /** Models the Region listed before and no longer does. */
  gone: string[];
  notes: string[];
}

/** Formats the file as the repository's Prettier settings would, so `npm run lint` stays clean. */
async function format(text: string, path: string): Promise<string> {
  try {
    const prettier = await import('prettier');
    // A file outside the repository (a copy) is laid out with the repository's settings.
    const options =
      (await prettier.resolveConfig(path)) ??
      (await prettier.resolveConfig(SIMULATED_ACCOUNT_FILE)) ??
      {};
    return await prettier.format(text, { ...options, parser: 'json' });
  } catch {
    // Without the dev dependency the file is still valid JSON, only laid out differently.
    return text;
  }
}

/**
 * Captures the client's Region into the data file at `path`: reads and validates the file, calls
 * the control plane, merges, validates the result and writes it back.
 */
export async function captureIntoFile(
  client: BedrockClient,
  path = SIMULATED_ACCOUNT_FILE,
): Promise<CaptureResult> {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new InvalidSimulatedAccountError(
      `Cannot read the data file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
  const before = parseSimulatedAccount(raw);
  const capture = await captureRegion(client);
  const controlPlane = mergeCapture(before.controlPlane, capture);
  // Only the control-plane part is replaced; the hand-kept part is written back as it was read.
  const next = { ...raw, controlPlane };
  const checked = parseSimulatedAccount(next);
  await writeFile(path, await format(`${JSON.stringify(next, null, 2)}\n`, path));

  const previous = Object.keys(before.controlPlane.regions[capture.region]?.foundationModels ?? {});
  const now = Object.keys(capture.offer.foundationModels);
  return {
    region: capture.region,
    models: now.length,
    profiles: Object.keys(capture.offer.inferenceProfiles).length,
    added: now.filter((id) => before.controlPlane.foundationModels[id] === undefined),
    gone: previous.filter((id) => !now.includes(id)),
    notes: [...capture.notes, ...staleReferences(checked)],
  };
}

/** Socket-level failures: the endpoint is wrong or down. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
]);

type Env = Readonly<Record<string, string | undefined>>;

/** The first line of a message, whitespace collapsed: a terminal gets one line, never a stack. */
function oneLine(text: string): string {
  return (text.split(/\r?\n/, 1)[0] ?? '').replace(/\s+/g, ' ').trim();
}

/** What a failed capture tells the maintainer: one line that says what to do. */
export function describeCaptureError(error: unknown, where: { region?: string; env: Env }): string {
  if (error instanceof InvalidSimulatedAccountError) return oneLine(error.message);
  const shape = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    $fault?: unknown;
  };
  const name = typeof shape.name === 'string' ? shape.name : '';
  const message = oneLine(typeof shape.message === 'string' ? shape.message : String(error));
  if (/region is missing/i.test(message))
    return 'No AWS Region: pass --region (or set AWS_REGION, or a region in your AWS profile).';
  if (/sso/i.test(message) && /expired|invalid|refresh/i.test(message))
    return 'The AWS SSO session has expired: run `aws sso login` (with your profile) and try again.';
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message))
    return 'No AWS credentials: sign in (`aws configure`, `aws sso login`, AWS_PROFILE) or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.';
  const endpoint =
    where.env.AWS_ENDPOINT_URL_BEDROCK ??
    where.env.AWS_ENDPOINT_URL ??
    `https://bedrock.${where.region ?? '<region>'}.amazonaws.com`;
  const code = typeof shape.code === 'string' ? shape.code : undefined;
  if ((code !== undefined && NETWORK_CODES.has(code)) || name === 'TimeoutError')
    return `Cannot reach the Bedrock control plane at ${endpoint} (${code ?? 'timed out'}).`;
  if (name === 'AccessDeniedException')
    return `Access denied: ${message} (the capture needs bedrock:ListFoundationModels, bedrock:GetFoundationModel, bedrock:ListInferenceProfiles and bedrock:GetInferenceProfile).`;
  if (
    ['ExpiredTokenException', 'UnrecognizedClientException', 'InvalidSignatureException'].includes(
      name,
    )
  )
    return `AWS refused the credentials (${name}: ${message}); sign in again.`;
  if (shape.$fault === 'client' || shape.$fault === 'server')
    return `The Bedrock control plane answered ${name || 'an error'}: ${message}`;
  return `The capture failed: ${message}`;
}

const USAGE = `Usage: npm run capture-catalog -- [--region REGION] [--file PATH]

Writes what the Bedrock control plane of one Region answers (ListFoundationModels,
GetFoundationModel, ListInferenceProfiles, GetInferenceProfile) into the control-plane part of
the simulator's data file, keeping its hand-kept part. Uses the AWS SDK's default credential
chain and Region; AWS_ENDPOINT_URL_BEDROCK points it elsewhere (a simulator, for one).

  --region REGION   the Region to capture (default: the SDK's, e.g. AWS_REGION)
  --file PATH       the data file (default: local/bedrock-simulator/simulated-account.json)
`;

/** Where a capture run writes and what it reads. */
export interface CaptureCliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Env;
  /** The client to capture with; by default the SDK's, with the default chain and Region. */
  client?: (region: string | undefined) => BedrockClient;
}

/** `npm run capture-catalog`; resolves to the exit code (0 done, 1 failed, 2 bad arguments). */
export async function runCaptureCatalog(
  argv: readonly string[],
  io: CaptureCliIo,
): Promise<number> {
  let region: string | undefined;
  let file = SIMULATED_ACCOUNT_FILE;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (flag === '--help' || flag === '-h') {
      io.stdout.write(USAGE);
      return 0;
    }
    if (flag !== '--region' && flag !== '--file') {
      io.stderr.write(`Unknown argument ${arg}; see npm run capture-catalog -- --help.\n`);
      return 2;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '' || value.startsWith('--')) {
      io.stderr.write(`${flag} needs a value; see npm run capture-catalog -- --help.\n`);
      return 2;
    }
    if (flag === '--region') region = value;
    else file = value;
  }

  const client =
    io.client?.(region) ??
    new BedrockClient({
      ...(region === undefined ? {} : { region }),
      maxAttempts: 3,
      requestHandler: {
        connectionTimeout: 3_000,
        requestTimeout: 20_000,
        throwOnRequestTimeout: true,
      },
    });
  let resolvedRegion = region;
  try {
    // Region and credentials first: a missing one is named before anything is called.
    resolvedRegion = await client.config.region();
    await client.config.credentials();
    const result = await captureIntoFile(client, file);
    io.stdout.write(
      `Captured ${result.region}: ${result.models} foundation models, ${result.profiles} system-defined inference profiles, into ${file}.\n`,
    );
    if (result.added.length > 0)
      io.stdout.write(
        `New models (no hand-kept features yet: the simulator gives them handKept.defaults): ${result.added.join(', ')}\n`,
      );
    if (result.gone.length > 0)
      io.stdout.write(
        `No longer listed in ${result.region}: ${result.gone.join(', ')} (end of life? add them to handKept.retiredModels)\n`,
      );
    for (const note of result.notes) io.stdout.write(`Note: ${note}\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`${describeCaptureError(error, { region: resolvedRegion, env: io.env })}\n`);
    return 1;
  } finally {
    client.destroy();
  }
}
