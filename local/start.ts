import { resolve } from 'node:path';
import { AllowedOriginsError, parseAllowedOrigins } from '../infra/function-url-cors.js';
import { DEFAULT_ISSUER_KEY_FILE, defaultIssuerPort } from './jwt-issuer.js';
import { startLocalStack } from './stack.js';

/**
 * `npm start`: the whole service on this machine, no AWS account. PORT (default 3000) is the
 * Function URL; the token issuer listens on ISSUER_PORT (default PORT + 1) so `npm run token`
 * can find it. The Function URL's own settings, as the stack sets them in AWS:
 *
 * - `ALLOWED_ORIGINS`: comma-separated origins its CORS allows (stack context `allowedOrigins`).
 * - `FUNCTION_CONCURRENCY`: reserved concurrency; more concurrent requests get the URL's `429`.
 */
function settings(env: NodeJS.ProcessEnv): { port: number; allowedOrigins: string[]; concurrency?: number } {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  let allowedOrigins: string[];
  try {
    allowedOrigins = parseAllowedOrigins(env.ALLOWED_ORIGINS);
  } catch (error) {
    if (error instanceof AllowedOriginsError) throw new Error(`ALLOWED_ORIGINS: ${error.problem}`, { cause: error });
    throw error;
  }
  const rawConcurrency = env.FUNCTION_CONCURRENCY?.trim();
  if (!rawConcurrency) return { port, allowedOrigins };
  const concurrency = Number(rawConcurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`FUNCTION_CONCURRENCY must be a whole number from 1, got "${rawConcurrency}"`);
  return { port, allowedOrigins, concurrency };
}

let config: ReturnType<typeof settings>;
try {
  config = settings(process.env);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  // Replaces the SDK's multi-line NodeVersionSupportWarning, which the stack silences.
  process.stderr.write(
    `Node ${process.versions.node}: fine for local use; the lockfile keeps AWS SDK releases that support Node 20, and the Lambda runs Node 22 (README, "Node versions").\n`,
  );
}

const { port } = config;
const stack = await startLocalStack({
  port,
  issuerPort: port === 0 ? 0 : defaultIssuerPort(process.env),
  issuerKeyFile: resolve(process.env.ISSUER_KEY_FILE ?? DEFAULT_ISSUER_KEY_FILE),
  allowedOrigins: config.allowedOrigins,
  emulator: { concurrency: config.concurrency },
  // What CloudWatch would show for the function: invocation errors, timeouts.
  onRuntimeError: (error) => process.stderr.write(`Runtime error: ${error instanceof Error ? error.message : String(error)}\n`),
});
const local = stack.url.replace('127.0.0.1', 'localhost');

const demoToken = stack.token('dev-user', 12 * 3600);
const model = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
process.stdout.write(`
Bedrock certification service running locally (simulated Bedrock, in-memory DynamoDB).

  Function URL   ${stack.url}  (${local})
  Demo page      ${local}/#token=${demoToken}
  Health         curl ${local}/health
  CORS           ${config.allowedOrigins.length > 0 ? config.allowedOrigins.join(', ') : 'none (ALLOWED_ORIGINS unset)'}
  Concurrency    ${config.concurrency ?? 'unreserved (FUNCTION_CONCURRENCY unset)'}
  Monthly quota  ${process.env.MONTHLY_CERTIFICATION_QUOTA?.trim() || 'none (MONTHLY_CERTIFICATION_QUOTA unset)'}

Get a token (another terminal):
  TOKEN=$(npm run --silent token -- --sub alice)

Certify a model, streaming progress:
  curl -N -H "Authorization: Bearer $TOKEN" ${local}/api/certification/certify-model/${model}/stream

What you spent this month, and every user's (operators: --group admins):
  curl -H "Authorization: Bearer $TOKEN" ${local}/api/certification/usage
  npm run usage-report -- --format table

Press Ctrl+C to stop.
`);

const shutdown = (): void => {
  void stack.close().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
