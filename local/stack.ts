import { startBedrockSimulator, SIMULATOR_CATALOG, type BedrockSimulator } from './bedrock-simulator/index.js';
import { startLocalDynamo, type LocalDynamo } from './dynamodb.js';
import { startFunctionUrlEmulator, type FunctionUrlEmulator } from './function-url-emulator.js';
import { startJwtIssuer, trustLocalCertificate, type JwtIssuer } from './jwt-issuer.js';
import { installLambdaRuntimeGlobals } from './lambda-runtime-globals.js';

/** Options of {@link startLocalStack}. */
export interface LocalStackOptions {
  /** Port of the Function URL emulator; 0 (default) picks a free one. */
  port?: number;
  /** Port of the token issuer; 0 (default) picks a free one. */
  issuerPort?: number;
  /** Key file shared with `npm run token`; default: a fresh in-memory key. */
  issuerKeyFile?: string;
  /** Scales the simulator's latencies (1 = realistic). Default: env BEDROCK_SIM_TIME_SCALE or 1. */
  timeScale?: number;
  /** Extra handler configuration (see shared/config.ts), e.g. a shorter deadline. */
  env?: Record<string, string>;
  /** Called with errors the Lambda runtime would log. */
  onRuntimeError?: (error: unknown) => void;
}

/** The running local service and its stand-ins. */
export interface LocalStack {
  /** Base URL of the Function URL emulator. */
  url: string;
  simulator: BedrockSimulator;
  dynamo: LocalDynamo;
  issuer: JwtIssuer;
  emulator: FunctionUrlEmulator;
  /** Mints an access token for `sub` (negative `expiresInSeconds` gives an expired one). */
  token(sub: string, expiresInSeconds?: number): string;
  close(): Promise<void>;
}

let instances = 0;

/**
 * Starts the whole service locally: Bedrock simulator, dynalite, the RS256 issuer and the
 * Function URL emulator in front of the real handler module. The handler gets configuration
 * only (endpoints, issuer, table), exactly as in AWS.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const simulator = await startBedrockSimulator({ timeScale: options.timeScale });
  const dynamo = await startLocalDynamo();
  const issuer = await startJwtIssuer({ port: options.issuerPort, keyFile: options.issuerKeyFile });
  // The machine trusts the local issuer's certificate, as a Lambda trusts Cognito's.
  trustLocalCertificate(issuer.certificate);

  const env: Record<string, string> = {
    AWS_REGION: 'us-east-1',
    // Static dummy credentials: the SDK's default chain would otherwise probe for instance metadata.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_EC2_METADATA_DISABLED: 'true',
    TABLE_NAME: dynamo.tableName,
    AUTH_ISSUER: issuer.issuer,
    AUTH_CLIENT_ID: issuer.clientId,
    AUTH_JWKS_URI: issuer.jwksUri,
    BEDROCK_ENDPOINT: simulator.url,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    MODEL_SUGGESTIONS: SIMULATOR_CATALOG.map((model) => model.modelId).join(','),
    POWERTOOLS_SERVICE_NAME: 'bedrock-certification-local',
    // Local machines may run Node 20; the Lambda runs nodejs22.x, where the SDK has nothing to warn about.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...options.env,
  };
  Object.assign(process.env, env);

  installLambdaRuntimeGlobals();
  // A fresh module instance per stack: the handler reads its configuration at module load,
  // like a new Lambda container, so two stacks in one process do not share configuration.
  instances += 1;
  const handlerUrl = new URL(`../functions/certify/handler.ts?instance=${instances}`, import.meta.url).href;
  const { handler } = (await import(handlerUrl)) as { handler: unknown };

  const emulator = await startFunctionUrlEmulator({ handler, port: options.port, onRuntimeError: options.onRuntimeError });

  return {
    url: emulator.url,
    simulator,
    dynamo,
    issuer,
    emulator,
    token: (sub, expiresInSeconds) => issuer.mint({ sub, expiresInSeconds }),
    close: async () => {
      await emulator.close();
      await Promise.allSettled([simulator.close(), dynamo.close(), issuer.close()]);
    },
  };
}
