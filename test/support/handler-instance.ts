import {
  startFunctionUrlEmulator,
  type FunctionUrlEmulator,
} from '../../local/function-url-emulator.js';
import type { LocalEmulatorOptions, LocalStack } from '../../local/stack.js';

/**
 * A second Function URL emulator onto the same stand-ins as `stack`, with its own pool of
 * execution environments (fresh handler module instances). Several of them share the stack's
 * dynalite and simulator the way functions, or URLs in front of them, share DynamoDB and Bedrock;
 * a test also uses one to run the same stack with other emulator settings, or with `env` (e.g.
 * another store endpoint) for the environments it provisions.
 */
export async function startHandlerInstance(
  stack: LocalStack,
  options: LocalEmulatorOptions = {},
  env: Record<string, string> = {},
): Promise<FunctionUrlEmulator> {
  const start = async (): Promise<FunctionUrlEmulator> => {
    // An environment reads its configuration from the process environment when it
    // initialises; provisioned ones initialise at start, so `env` applies to them (and only to
    // them: give the instance a `concurrency` no higher than `provisionedConcurrency`).
    const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
    Object.assign(process.env, env);
    try {
      return await startFunctionUrlEmulator({ ...options, loadHandler: () => stack.loadHandler() });
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  };
  // One at a time: two starts with their own `env` would otherwise restore each other's.
  const started = environmentTurn.then(start);
  environmentTurn = started.then(
    () => undefined,
    () => undefined,
  );
  return started;
}

let environmentTurn: Promise<void> = Promise.resolve();

/**
 * Brings up to `count` execution environments of the emulator at `baseUrl` to warm (init done,
 * the issuer's JWKS fetched) with concurrent authenticated cache checks, as earlier traffic would
 * have: for tests whose burst must not pay for dozens of cold starts at once. The check route
 * counts against no limit, so warming leaves every user's budgets as they were.
 */
export async function warmEnvironments(
  baseUrl: string,
  token: string,
  count: number,
): Promise<void> {
  const responses = await Promise.all(
    Array.from({ length: count }, () =>
      fetch(`${baseUrl}/api/certification/check/amazon.nova-lite-v1:0`, {
        headers: { authorization: `Bearer ${token}` },
      }),
    ),
  );
  for (const response of responses) {
    if (response.status !== 200)
      throw new Error(`warming ${baseUrl} failed with ${response.status}`);
    await response.arrayBuffer();
  }
}
