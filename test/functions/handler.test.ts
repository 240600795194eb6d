import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import {
  startFunctionUrlEmulator,
  type FunctionUrlEmulator,
} from '../../local/function-url-emulator.js';
import {
  installLambdaRuntimeGlobals,
  lambdaRuntimeEnvironment,
} from '../../local/lambda-runtime-globals.js';
import { CERTIFY_FUNCTION } from '../../shared/lambda-limits.js';

/**
 * The deployed handler module behind the emulator, one module instance per execution
 * environment, on routes that need neither the store nor a token. Its Powertools log lines carry
 * the Lambda context as in AWS.
 */
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
const saved: Record<string, string | undefined> = {};

let emulator: FunctionUrlEmulator;
let stdout: MockInstance<typeof process.stdout.write>;
const lines: Record<string, unknown>[] = [];
let loads = 0;

beforeAll(async () => {
  for (const [name, value] of Object.entries(ENV)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  installLambdaRuntimeGlobals();
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    for (const line of text.split('\n').filter((l) => l.startsWith('{')))
      lines.push(JSON.parse(line) as Record<string, unknown>);
    return true;
  });
  emulator = await startFunctionUrlEmulator({
    loadHandler: async () => {
      loads += 1;
      const url = new URL(
        `../../functions/certify/handler.ts?handler-test=${loads}`,
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

/** The `request` log line of the invocation that answered `response`. */
function requestLine(response: Response): Record<string, unknown> {
  const id = response.headers.get('x-amzn-requestid');
  const line = lines.find(
    (entry) => entry.message === 'Request' && entry.function_request_id === id,
  );
  if (!line) throw new Error(`no request line for ${id}`);
  return line;
}

describe('certify handler', () => {
  it('logs each request with the Lambda context: cold_start once per environment, function name, request id, X-Ray trace id', async () => {
    const first = await fetch(`${emulator.url}/health`);
    expect(await first.json()).toEqual({ status: 'ok' });
    const second = await fetch(`${emulator.url}/health`);
    await second.text();

    const cold = requestLine(first);
    expect(cold).toMatchObject({
      level: 'INFO',
      cold_start: true,
      function_name: 'certification-handler',
      function_memory_size: String(CERTIFY_FUNCTION.memoryMb),
      function_arn: 'arn:aws:lambda:us-east-1:000000000000:function:certification-handler',
      status: 200,
      route: 'health',
    });
    // The app's own request id is the invocation's.
    expect(cold.function_request_id).toBe(first.headers.get('x-request-id'));
    expect(cold.requestId).toBe(first.headers.get('x-request-id'));
    // Powertools reads the trace id per line, as the runtime provides it per invocation.
    expect(cold.xray_trace_id).toBe(
      /^Root=([^;]+)/.exec(first.headers.get('x-amzn-trace-id') ?? '')?.[1],
    );

    const warm = requestLine(second);
    expect(warm.cold_start).toBe(false);
    expect(warm.xray_trace_id).not.toBe(cold.xray_trace_id);
    expect(emulator.stats.environmentsCreated).toBe(1);
  });

  it('every environment is a fresh module instance: one cold start per environment, however requests are spread', async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => fetch(`${emulator.url}/health`)),
    );
    await Promise.all(responses.map((response) => response.text()));
    const requestLines = lines.filter((entry) => entry.message === 'Request');
    expect(requestLines.filter((entry) => entry.cold_start === true)).toHaveLength(
      emulator.stats.environmentsCreated,
    );
    expect(requestLines).toHaveLength(emulator.stats.invocations);
  });

  it('HEAD / keeps its status and headers: the empty body still makes the first write that carries the prelude', async () => {
    const response = await fetch(`${emulator.url}/`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});
