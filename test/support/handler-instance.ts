import { startFunctionUrlEmulator, type FunctionUrlEmulator } from '../../local/function-url-emulator.js';

let instances = 0;

/**
 * Another "Lambda instance" of the handler in this process: a fresh module instance (its own
 * clients) behind its own Function URL emulator, configured by the environment a running local
 * stack set. Several of them share the stack's dynalite and simulator the way Lambda instances
 * share DynamoDB and Bedrock, so cross-instance behaviour (the DynamoDB lease, the rate limit's
 * conditional writes) can be tested. Start a local stack first: it installs the runtime globals and the environment.
 */
export async function startHandlerInstance(): Promise<FunctionUrlEmulator> {
  instances += 1;
  const url = new URL(`../../functions/certify/handler.ts?test-instance=${instances}`, import.meta.url).href;
  const { handler } = (await import(url)) as { handler: unknown };
  return startFunctionUrlEmulator({ handler });
}
