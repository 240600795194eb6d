import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import {
  startFunctionUrlEmulator,
  type FunctionUrlEmulator,
} from '../../local/function-url-emulator.js';
import {
  installLambdaRuntimeGlobals,
  lambdaRuntimeEnvironment,
} from '../../local/lambda-runtime-globals.js';
import { rawRequest } from '../support/raw-http.js';

/**
 * The deployed handler module with `LOG_FORMAT=pretty`, as `npm start` sets it on a terminal: one
 * short line per request on stdout instead of the Powertools JSON line, from the same code.
 */
const ENV = {
  AWS_REGION: 'us-east-1',
  TABLE_NAME: 'certifications',
  AUTH_ISSUER: 'https://issuer.invalid',
  AUTH_CLIENT_ID: 'client',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
  BEDROCK_ENDPOINT: 'http://127.0.0.1:9',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  LOG_FORMAT: 'pretty',
  ...lambdaRuntimeEnvironment('certification-handler'),
};
const saved: Record<string, string | undefined> = {};

let emulator: FunctionUrlEmulator;
let stdout: MockInstance<typeof process.stdout.write>;
let written = '';
let loads = 0;

beforeAll(async () => {
  for (const [name, value] of Object.entries(ENV)) {
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
      const url = new URL(
        `../../functions/certify/handler.ts?log-format-test=${loads}`,
        import.meta.url,
      ).href;
      return ((await import(url)) as { handler: unknown }).handler;
    },
  });
});
afterAll(async () => {
  stdout.mockRestore();
  await emulator.close();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('certify handler with LOG_FORMAT=pretty', () => {
  it('writes one short line per request, routed or refused before routing, and no JSON', async () => {
    const health = await fetch(`${emulator.url}/health`);
    await health.text();
    const refused = await rawRequest(emulator.url, { method: 'TRACE', path: '/health' });
    expect(refused.status).toBe(405);

    const lines = written.split('\n').filter((line) => line.length > 0);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d GET \/health 200 \d+ms$/);
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d TRACE - 405 METHOD_NOT_ALLOWED$/);
    for (const line of lines) expect(line.length).toBeLessThan(120);
  });
});
