import { functionUrlCors } from '../infra/function-url-cors.js';
import { SERVICE_DEFAULTS } from '../shared/config.js';
import { recertifyScheduleInput } from '../shared/recertify-event.js';
import { parseFiringSchedule } from '../shared/schedule-expression.js';
import { startAsyncInvoker, type AsyncInvoker } from './async-invoker.js';
import {
  SIMULATOR_ACCOUNT_ID,
  startBedrockSimulator,
  SIMULATOR_CATALOG,
  type BedrockSimulator,
} from './bedrock-simulator/index.js';
import { startLocalDynamo, type LocalDynamo } from './dynamodb.js';
import { startLocalEventBus, type DeliveredEvent, type LocalEventBus } from './event-bus.js';
import {
  startFunctionUrlEmulator,
  type FunctionUrlEmulator,
  type FunctionUrlEmulatorOptions,
} from './function-url-emulator.js';
import { startJwtIssuer, trustLocalCertificate, type JwtIssuer } from './jwt-issuer.js';
import { installLambdaRuntimeGlobals, lambdaRuntimeEnvironment } from './lambda-runtime-globals.js';
import type { ListenTarget } from './reserved-port.js';
import { startLocalScheduler, type LocalScheduler } from './scheduler.js';
import { signInListener, SIGN_IN_PATH } from './sign-in.js';

/** Emulator settings a local stack passes through (see {@link FunctionUrlEmulatorOptions}). */
export type LocalEmulatorOptions = Pick<
  FunctionUrlEmulatorOptions,
  | 'concurrency'
  | 'provisionedConcurrency'
  | 'destroyStreamOnDisconnect'
  | 'keepAliveTimeoutMs'
  | 'requestTimeoutMs'
  | 'timeoutMs'
>;

/**
 * Real Amazon Bedrock instead of the simulator (`BEDROCK=aws npm start`): the handler gets no
 * Bedrock endpoint and no credentials, so its clients resolve both as the AWS SDK does (the
 * default credential chain, `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` and the other endpoint settings).
 */
export interface AwsBedrockOptions {
  /** The Region to certify in, as the SDK resolved it (see `resolveAwsAccount`). */
  region: string;
}

/** Options of {@link startLocalStack}. */
export interface LocalStackOptions {
  /** Port of the Function URL emulator, or a reservation (`npm start` binds it first); 0 (default) picks a free one. */
  port?: ListenTarget;
  /** Port of the token issuer, or a reservation; 0 (default) picks a free one. */
  issuerPort?: ListenTarget;
  /** Key file shared with `npm run token`; default: a fresh in-memory key. */
  issuerKeyFile?: string;
  /** Scales the simulator's latencies (1 = realistic). Default: env BEDROCK_SIM_TIME_SCALE or 1. */
  timeScale?: number;
  /** Extra handler configuration (see shared/config.ts), e.g. a shorter deadline. */
  env?: Record<string, string>;
  /** Origins the Function URL's CORS allows (`ALLOWED_ORIGINS`); none: no CORS, as in the stack. */
  allowedOrigins?: readonly string[];
  /** The emulator's reserved concurrency, timeouts and test-only switches. */
  emulator?: LocalEmulatorOptions;
  /** Called with errors the Lambda runtime would log. */
  onRuntimeError?: (error: unknown) => void;
  /** Scheduled re-certification, as the stack deploys it with `-c watchlist` (`npm start`: `WATCHLIST`). */
  recertify?: LocalRecertifyOptions;
  /** Real Bedrock in AWS; unset (the default): the Bedrock simulator. */
  bedrock?: AwsBedrockOptions;
}

/** The local counterpart of the stack's `watchlist`, `recertifySchedule` (and of `alertEmail`'s rule). */
export interface LocalRecertifyOptions {
  /** Model ids to re-certify on the schedule (already validated, e.g. by `parseWatchlist`). Empty: nothing scheduled. */
  watchlist: readonly string[];
  /** An EventBridge Scheduler expression. Default `SERVICE_DEFAULTS.recertifySchedule`, `rate(1 day)`. */
  schedule?: string;
  /** Schedule time per wall-clock time (`RECERTIFY_TIME_SCALE`); 12 makes a minute pass in 5 s. Default 1. */
  timeScale?: number;
  /** Appends every change event to this file as a JSON line (`npm start`: `.local/events.jsonl`). */
  eventsFile?: string;
  /** Called with every event put on the local default bus. */
  onChangeEvent?: (event: DeliveredEvent) => void;
  /** Called with the summary of every re-certify invocation that completed. */
  onResult?: (summary: unknown) => void;
}

/** Scheduled re-certification while the local stack runs. */
export interface LocalRecertification {
  /** The PutEvents stand-in change events go to (the default bus). */
  eventBus: LocalEventBus;
  /** The schedule invoking the re-certify function. */
  scheduler: LocalScheduler;
  /** The re-certify function's asynchronous invocations and environments. */
  invoker: AsyncInvoker;
}

/** The running local service and its stand-ins, with real Bedrock (`bedrock` set): no simulator. */
export interface AwsBedrockLocalStack {
  /** Base URL of the Function URL emulator. */
  url: string;
  dynamo: LocalDynamo;
  issuer: JwtIssuer;
  emulator: FunctionUrlEmulator;
  /** Present with a watch list: the schedule, the re-certify function and the event bus. */
  recertify?: LocalRecertification;
  /**
   * Loads a fresh instance of the handler module, configured by this stack's environment: what
   * the emulator calls for each new execution environment, and what a second emulator (another
   * function URL onto the same stand-ins) can be given.
   */
  loadHandler(): Promise<unknown>;
  /** Mints an access token for `sub` (negative `expiresInSeconds` gives an expired one). */
  token(sub: string, expiresInSeconds?: number): string;
  close(): Promise<void>;
}

/** The running local service and its stand-ins, the Bedrock simulator among them. */
export interface LocalStack extends AwsBedrockLocalStack {
  simulator: BedrockSimulator;
}

/** Name of the local function, as its context and the runtime's environment variables give it. */
const FUNCTION_NAME = 'certification-handler';
/** Name of the local re-certify function. */
const RECERTIFY_FUNCTION_NAME = 'recertify-handler';

let moduleInstances = 0;

/**
 * Starts the whole service locally: Bedrock simulator, dynalite, the RS256 issuer and the
 * Function URL emulator in front of the real handler module. The handler gets configuration
 * only (endpoints, issuer, table), exactly as in AWS. With `bedrock`, no simulator: the handler
 * calls Amazon Bedrock with the credentials and endpoints the SDK resolves.
 */
export async function startLocalStack(
  options: LocalStackOptions & { bedrock: AwsBedrockOptions },
): Promise<AwsBedrockLocalStack>;
export async function startLocalStack(
  options?: LocalStackOptions & { bedrock?: undefined },
): Promise<LocalStack>;
export async function startLocalStack(
  options: LocalStackOptions = {},
): Promise<LocalStack | AwsBedrockLocalStack> {
  const watchlist = options.recertify?.watchlist ?? [];
  // A bad expression fails the start, before anything listens (as synth fails the deploy).
  const schedule =
    watchlist.length > 0
      ? parseFiringSchedule(
          options.recertify?.schedule ?? SERVICE_DEFAULTS.recertifySchedule,
          Date.now(),
        )
      : undefined;
  // Before the first SDK client is built (dynalite's table setup builds one): the SDK warns once
  // per process that its 2027 releases need Node 22. The lockfile pins releases that run on
  // Node 20 and the Lambda runs nodejs22.x (README, "Node versions"); `npm start` says so in one line.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const simulator = options.bedrock
    ? undefined
    : await startBedrockSimulator({ timeScale: options.timeScale });
  const dynamo = await startLocalDynamo();
  const issuer = await startJwtIssuer({ port: options.issuerPort, keyFile: options.issuerKeyFile });
  // With a watch list the stack puts change events on the default bus; so does the local stack.
  const eventBus = schedule
    ? await startLocalEventBus({
        accountId: SIMULATOR_ACCOUNT_ID,
        file: options.recertify?.eventsFile,
        onEvent: options.recertify?.onChangeEvent,
      })
    : undefined;
  // The machine trusts the local issuer's certificate, as a Lambda trusts Cognito's.
  trustLocalCertificate(issuer.certificate);

  // The simulated account answers in any Region; us-east-1 is the one the local stack certifies in.
  const region = options.bedrock?.region ?? 'us-east-1';
  const bedrockEnv: Record<string, string> = simulator
    ? {
        AWS_REGION: region,
        // Static dummy credentials: the SDK's default chain would otherwise probe for instance metadata.
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_EC2_METADATA_DISABLED: 'true',
        BEDROCK_ENDPOINT: simulator.url,
        // The simulator serves the control plane on the same port, as its REST-JSON routes.
        BEDROCK_CONTROL_PLANE_ENDPOINT: simulator.url,
        MODEL_SUGGESTIONS: SIMULATOR_CATALOG.map((model) => model.modelId).join(','),
      }
    : {
        // As in AWS: the Region, and no endpoint or credentials (empty is unset, whatever an
        // earlier stack of this process set), so the SDK's own resolution applies, the standard
        // endpoint settings (AWS_ENDPOINT_URL_BEDROCK_RUNTIME, AWS_ENDPOINT_URL_BEDROCK) included.
        AWS_REGION: region,
        BEDROCK_ENDPOINT: '',
        BEDROCK_CONTROL_PLANE_ENDPOINT: '',
        // The service's own suggestions: active models of every commercial Region.
        MODEL_SUGGESTIONS: '',
      };
  const env: Record<string, string> = {
    ...bedrockEnv,
    ...lambdaRuntimeEnvironment(FUNCTION_NAME),
    TABLE_NAME: dynamo.tableName,
    AUTH_ISSUER: issuer.issuer,
    AUTH_CLIENT_ID: issuer.clientId,
    AUTH_JWKS_URI: issuer.jwksUri,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    POWERTOOLS_SERVICE_NAME: 'bedrock-certification-local',
    // Empty is unset (shared/config.ts): no change events without a watch list, as in the stack,
    // whatever an earlier stack of this process set.
    EVENTBRIDGE_ENDPOINT: '',
    CHANGE_EVENT_BUS: '',
    ...options.env,
  };
  if (eventBus) {
    // As the stack sets it: the default bus of the region the service runs in (options.env wins).
    const busRegion = options.env?.BEDROCK_REGION ?? options.env?.AWS_REGION ?? region;
    Object.assign(
      env,
      {
        EVENTBRIDGE_ENDPOINT: eventBus.endpoint,
        CHANGE_EVENT_BUS: eventBus.defaultBusArn(busRegion),
      },
      options.env,
    );
  }
  Object.assign(process.env, env);

  installLambdaRuntimeGlobals();
  // A fresh module instance per execution environment: the handler builds its configuration,
  // clients and app at module load, like a new Lambda container, so nothing is shared between
  // environments but the stand-ins they call.
  const loadHandler = async (): Promise<unknown> => {
    moduleInstances += 1;
    const url = new URL(
      `../functions/certify/handler.ts?environment=${moduleInstances}`,
      import.meta.url,
    ).href;
    return ((await import(url)) as { handler: unknown }).handler;
  };

  const emulator = await startFunctionUrlEmulator({
    ...options.emulator,
    loadHandler,
    port: options.port,
    functionName: FUNCTION_NAME,
    cors: functionUrlCors(options.allowedOrigins ?? []),
    onRuntimeError: options.onRuntimeError,
    // The stack's own sign-in link, answered by the emulator: the handler never knows it is local.
    localRoutes: new Map([[SIGN_IN_PATH, signInListener(issuer)]]),
  });

  let recertify: LocalRecertification | undefined;
  if (schedule && eventBus) {
    // Each new environment of the re-certify function is a fresh instance of its handler module.
    const invoker = startAsyncInvoker({
      functionName: RECERTIFY_FUNCTION_NAME,
      loadHandler: async () => {
        moduleInstances += 1;
        const url = new URL(
          `../functions/recertify/handler.ts?environment=${moduleInstances}`,
          import.meta.url,
        ).href;
        return ((await import(url)) as { handler: unknown }).handler;
      },
      onRuntimeError: options.onRuntimeError,
      onResult: options.recertify?.onResult,
    });
    const scheduler = startLocalScheduler({
      schedule,
      input: recertifyScheduleInput(watchlist),
      target: (event) => invoker.invoke(event),
      timeScale: options.recertify?.timeScale,
      accountId: SIMULATOR_ACCOUNT_ID,
    });
    recertify = { eventBus, scheduler, invoker };
  }

  const stack: AwsBedrockLocalStack = {
    url: emulator.url,
    dynamo,
    issuer,
    emulator,
    recertify,
    loadHandler,
    token: (sub, expiresInSeconds) => issuer.mint({ sub, expiresInSeconds }),
    close: async () => {
      // The schedule stops first; invocations already sent finish (each within its deadline).
      recertify?.scheduler.close();
      await recertify?.invoker.close();
      await emulator.close();
      await Promise.allSettled([
        simulator?.close(),
        dynamo.close(),
        issuer.close(),
        eventBus?.close(),
      ]);
    },
  };
  return simulator ? { ...stack, simulator } : stack;
}
