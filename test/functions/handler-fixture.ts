import { afterAll, beforeAll, vi, type MockInstance } from 'vitest';
import {
  startFunctionUrlEmulator,
  type FunctionUrlEmulator,
} from '../../local/function-url-emulator.js';
import {
  installLambdaRuntimeGlobals,
  lambdaRuntimeEnvironment,
} from '../../local/lambda-runtime-globals.js';

/** The deployed handler's settings for routes that need neither the store nor a token. */
const ENV = {
  AWS_REGION: 'us-east-1',
  TABLE_NAME: 'certifications',
  AUTH_ISSUER: 'https://issuer.invalid',
  AUTH_CLIENT_ID: 'client',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
  BEDROCK_ENDPOINT: 'http://127.0.0.1:9',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  ...lambdaRuntimeEnvironment('certification-handler'),
};

/** What {@link useDeployedHandler} gives a test file. */
export interface DeployedHandler {
  /** The emulator serving the handler (started before the file's tests). */
  readonly emulator: FunctionUrlEmulator;
  /** Everything the handler wrote to stdout so far. */
  readonly stdout: string;
}

/**
 * The deployed certify handler module behind the Function URL emulator for one test file, one
 * module instance per execution environment (imported afresh under `tag`), with `env` on top of
 * the settings above and stdout captured; everything is put back after the file.
 */
export function useDeployedHandler(tag: string, env: Record<string, string> = {}): DeployedHandler {
  const saved: Record<string, string | undefined> = {};
  let emulator: FunctionUrlEmulator | undefined;
  let stdout: MockInstance<typeof process.stdout.write> | undefined;
  let written = '';
  let loads = 0;

  beforeAll(async () => {
    for (const [name, value] of Object.entries({ ...ENV, ...env })) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    installLambdaRuntimeGlobals();
    stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      return true;
    });
    emulator = await startFunctionUrlEmulator({
      loadHandler: async () => {
        loads += 1;
        const url = new URL(`../../functions/certify/handler.ts?${tag}=${loads}`, import.meta.url)
          .href;
        return ((await import(url)) as { handler: unknown }).handler;
      },
    });
  });
  afterAll(async () => {
    stdout?.mockRestore();
    await emulator?.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  return {
    get emulator() {
      if (emulator === undefined) throw new Error('The handler starts before the tests');
      return emulator;
    },
    get stdout() {
      return written;
    },
  };
}
