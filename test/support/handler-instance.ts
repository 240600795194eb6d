import { startFunctionUrlEmulator, type FunctionUrlEmulator } from '../../local/function-url-emulator.js';
import type { LocalEmulatorOptions, LocalStack } from '../../local/stack.js';

/**
 * A second Function URL emulator onto the same stand-ins as `stack`, with its own pool of
 * execution environments (fresh handler module instances). Several of them share the stack's
 * dynalite and simulator the way functions, or URLs in front of them, share DynamoDB and Bedrock;
 * a test also uses one to run the same stack with other emulator settings.
 */
export async function startHandlerInstance(stack: LocalStack, options: LocalEmulatorOptions = {}): Promise<FunctionUrlEmulator> {
  return startFunctionUrlEmulator({ ...options, loadHandler: () => stack.loadHandler() });
}
