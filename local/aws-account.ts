/**
 * What `BEDROCK=aws npm start` runs against: the Region, credentials and Bedrock endpoints the
 * AWS SDK itself resolves (environment, `AWS_PROFILE`, SSO, the shared config files, the standard
 * endpoint settings such as `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`), found before anything listens
 * so that a missing setting stops the start with one line saying what to set. The handler's own
 * clients resolve the same way later: nothing here is passed to them but the Region.
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';

/** The account `BEDROCK=aws` certifies in, as far as the SDK knows it without calling AWS. */
export interface AwsBedrockAccount {
  /** The Region the SDK resolved (`AWS_REGION`, or the profile's `region`). */
  region: string;
  /** The account id when the credentials carry it (SSO, `AWS_ACCOUNT_ID`, a profile's `aws_account_id`). */
  accountId?: string;
  /** Where the credentials come from, for the banner: `AWS_PROFILE=dev`, `AWS_ACCESS_KEY_ID`, or the default chain. */
  credentialSource: string;
  /** An endpoint the SDK's configuration sets for the runtime (`AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, `AWS_ENDPOINT_URL`, `endpoint_url`); unset: AWS's. */
  runtimeEndpoint?: string;
  /** The same for the control plane (`AWS_ENDPOINT_URL_BEDROCK`). */
  controlPlaneEndpoint?: string;
}

/** `BEDROCK=aws` cannot start; the message is one line saying what to set. */
export class AwsSetupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AwsSetupError';
  }
}

/** Options of {@link resolveAwsAccount}. */
export interface ResolveAwsAccountOptions {
  /** How long the SDK may take (an SSO refresh, a `credential_process`); default 10 s. */
  timeoutMs?: number;
}

/** The default of {@link ResolveAwsAccountOptions.timeoutMs}. */
export const AWS_SETUP_TIMEOUT_MS = 10_000;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Resolves Region, credentials and endpoint overrides through the SDK's default chains, as the
 * handler's clients will. Reads `process.env` (the SDK does); throws {@link AwsSetupError} with
 * one line when something is missing or takes longer than `timeoutMs`. Calls no AWS service.
 */
export async function resolveAwsAccount(
  options: ResolveAwsAccountOptions = {},
): Promise<AwsBedrockAccount> {
  const env = process.env;
  const timeoutMs = options.timeoutMs ?? AWS_SETUP_TIMEOUT_MS;
  const runtime = new BedrockRuntimeClient({});
  // The control plane's client: only its configuration is read, never a call made.
  const { BedrockClient } = await import('@aws-sdk/client-bedrock');
  const controlPlane = new BedrockClient({});
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new AwsSetupError(
            `BEDROCK=aws: the AWS Region and credentials did not resolve within ${timeoutMs / 1000} s (a credential_process or an SSO refresh waiting?); check ${env.AWS_PROFILE ? `the profile AWS_PROFILE=${env.AWS_PROFILE}` : 'AWS_PROFILE'}, or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    const region = await Promise.race([
      runtime.config.region().catch((error: unknown) => {
        throw setupError(error, env);
      }),
      timedOut,
    ]);
    const credentials = await Promise.race([
      runtime.config.credentials().catch((error: unknown) => {
        throw setupError(error, env);
      }),
      timedOut,
    ]);
    const [runtimeEndpoint, controlPlaneEndpoint] = await Promise.race([
      Promise.all([
        runtime.config.serviceConfiguredEndpoint?.(),
        controlPlane.config.serviceConfiguredEndpoint?.(),
      ]),
      timedOut,
    ]);
    return {
      region,
      ...(credentials.accountId ? { accountId: credentials.accountId } : {}),
      credentialSource: credentialSource(env),
      ...(runtimeEndpoint ? { runtimeEndpoint } : {}),
      ...(controlPlaneEndpoint ? { controlPlaneEndpoint } : {}),
    };
  } finally {
    clearTimeout(timer);
    runtime.destroy();
    controlPlane.destroy();
  }
}

function credentialSource(env: Env): string {
  if (env.AWS_PROFILE) return `AWS_PROFILE=${env.AWS_PROFILE}`;
  if (env.AWS_ACCESS_KEY_ID) return 'AWS_ACCESS_KEY_ID';
  return "the SDK's default chain";
}

/** The one line for what the SDK threw while resolving Region or credentials. */
function setupError(error: unknown, env: Env): AwsSetupError {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  const profile = env.AWS_PROFILE;
  const options = { cause: error };
  if (message === 'Region is missing')
    return new AwsSetupError(
      `BEDROCK=aws needs an AWS Region: set AWS_REGION (e.g. AWS_REGION=us-east-1)${profile ? `, or region in the profile ${profile}` : ', or AWS_PROFILE to a profile with a region'}.`,
      options,
    );
  if (/SSO session .*(expired|invalid)/i.test(message) || name === 'TokenProviderError') {
    const state = /expired/i.test(message) ? 'has expired' : 'is not signed in';
    return new AwsSetupError(
      `BEDROCK=aws: the SSO session of ${profile ? `AWS_PROFILE=${profile}` : 'the default profile'} ${state}: run aws sso login${profile ? ` --profile ${profile}` : ''}.`,
      options,
    );
  }
  if (message === 'Could not load credentials from any providers')
    return new AwsSetupError(
      profile
        ? `BEDROCK=aws found no AWS credentials for AWS_PROFILE=${profile}: check that profile in ~/.aws/config and ~/.aws/credentials (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE), or run aws sso login --profile ${profile}.`
        : 'BEDROCK=aws needs AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run aws sso login.',
      options,
    );
  if (name === 'CredentialsProviderError')
    return new AwsSetupError(`BEDROCK=aws could not load AWS credentials: ${message}`, options);
  return new AwsSetupError(
    `BEDROCK=aws could not resolve the AWS Region and credentials: ${message}`,
    options,
  );
}
