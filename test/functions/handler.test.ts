import { describe, expect, it } from 'vitest';
import { CERTIFY_FUNCTION } from '../../shared/lambda-limits.js';
import { useDeployedHandler } from './handler-fixture.js';

/**
 * The deployed handler module behind the emulator, one module instance per execution
 * environment, on routes that need neither the store nor a token. Its Powertools log lines carry
 * the Lambda context as in AWS.
 */
const handler = useDeployedHandler('handler-test');

/** The handler's JSON log lines so far. */
function logLines(): Record<string, unknown>[] {
  return handler.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The `request` log line of the invocation that answered `response`. */
function requestLine(response: Response): Record<string, unknown> {
  const id = response.headers.get('x-amzn-requestid');
  const line = logLines().find(
    (entry) => entry.message === 'Request' && entry.function_request_id === id,
  );
  if (!line) throw new Error(`no request line for ${id}`);
  return line;
}

describe('certify handler', () => {
  it('logs each request with the Lambda context: cold_start once per environment, function name, request id, X-Ray trace id', async () => {
    const first = await fetch(`${handler.emulator.url}/health`);
    expect(await first.json()).toEqual({ status: 'ok' });
    const second = await fetch(`${handler.emulator.url}/health`);
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
    expect(handler.emulator.stats.environmentsCreated).toBe(1);
  });

  it('every environment is a fresh module instance: one cold start per environment, however requests are spread', async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => fetch(`${handler.emulator.url}/health`)),
    );
    await Promise.all(responses.map((response) => response.text()));
    const requestLines = logLines().filter((entry) => entry.message === 'Request');
    expect(requestLines.filter((entry) => entry.cold_start === true)).toHaveLength(
      handler.emulator.stats.environmentsCreated,
    );
    expect(requestLines).toHaveLength(handler.emulator.stats.invocations);
  });

  it('HEAD / keeps its status and headers: the empty body still makes the first write that carries the prelude', async () => {
    const response = await fetch(`${handler.emulator.url}/`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});
