/**
 * `npm run smoke` against the real local stack (every check passes) and against targets broken on
 * purpose, each failure named by its check: a wrong token, a closed port, a server that never
 * answers, and a service whose stream has the wrong framing.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSmokeCli, SMOKE_EXIT_CODES } from '../../client/smoke-cli.js';
import { SMOKE_CHECKS, SMOKE_DEFAULTS } from '../../client/smoke.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { captureOutput } from '../support/captured-output.js';
import { spawnScript } from '../support/spawned-script.js';
import { fullRunEvents, sampleCertification } from './fake-service.js';

/** Runs the CLI; answers its exit code and what it printed. */
async function smoke(
  args: string[],
  options: { requestTimeoutMs?: number } = {},
): Promise<{ code: number; stdout: string; stderr: string; lines: string[] }> {
  const stdout = captureOutput();
  const stderr = captureOutput();
  const code = await runSmokeCli(args, { stdout, stderr, env: {}, ...options });
  return {
    code,
    stdout: stdout.text,
    stderr: stderr.text,
    lines: stdout.text.split('\n').filter((line) => /^[✓✗-] /.test(line)),
  };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('npm run smoke against the local stack', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack({ env: { POWERTOOLS_LOG_LEVEL: 'SILENT' } });
    return () => stack.close();
  });

  it('passes every check, one line each, and exits 0', async () => {
    const result = await smoke(['--url', `${stack.url}/`, '--token', stack.token('smoke')]);
    expect(result.stderr).toBe('');
    expect(result.lines.map((line) => line.slice(0, 2))).toEqual(SMOKE_CHECKS.map(() => '✓ '));
    expect(result.lines.map((line) => line.slice(2).split(/\s{2,}/)[0])).toEqual([...SMOKE_CHECKS]);
    expect(result.stdout).toContain(
      `✓ certification   ${SMOKE_DEFAULTS.modelId} certified in us-east-1, 6/6 tests`,
    );
    expect(result.stdout).toMatch(
      /✓ stream framing {2}\d+ events, each one "data: <json>" line; ends with one complete/,
    );
    expect(result.stdout).toMatch(/✓ usage {11}1 certification in \d{4}-\d\d, ~\$0\.\d{4}\n/);
    expect(result.stdout).toContain('All 9 checks passed.');
    expect(result.code).toBe(SMOKE_EXIT_CODES.passed);
  });

  it('with a wrong token: names the check that needs it, skips what depends on it, exits 1', async () => {
    const result = await smoke(['--url', stack.url, '--token', 'not-a-token']);
    expect(result.lines).toEqual([
      '✓ health          200 {"status":"ok"}',
      '✓ auth refusal    401 without a token, WWW-Authenticate: Bearer',
      '✗ token accepted  401 UNAUTHORIZED, expected 200 (the token is not accepted)',
      '- stream framing  skipped: needs token accepted',
      '- certification   skipped: needs token accepted',
      '- cached answer   skipped: needs a certification from the stream',
      '- ticket stream   skipped: needs a certification from the stream',
      '- catalog         skipped: needs token accepted',
      '- usage           skipped: needs token accepted',
    ]);
    expect(result.code).toBe(SMOKE_EXIT_CODES.failed);
  });

  it('names a model that does not certify, with its hint, and still checks the cache with its result', async () => {
    const result = await smoke([
      '--url',
      stack.url,
      '--token',
      stack.token('smoke-unavailable'),
      '--model',
      'anthropic.claude-sonnet-4-5-20250929-v1:0',
    ]);
    expect(result.stdout).toMatch(
      /✗ certification {3}anthropic\.claude-sonnet-4-5-20250929-v1:0 unavailable in us-east-1 \(0\/6\): .*inference profile/,
    );
    expect(result.stdout).toMatch(/✓ cached answer/);
    expect(result.stdout).toMatch(/✓ ticket stream/);
    expect(result.code).toBe(SMOKE_EXIT_CODES.failed);
  });
});

describe('npm run smoke against what is not the service', () => {
  it('a closed port: the first check fails at once, naming the connection error; the rest are skipped', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await smoke(['--url', url, '--token', 't']);
    expect(result.lines[0]).toBe(`✗ health          cannot reach ${url} (ECONNREFUSED)`);
    expect(result.lines.slice(1)).toEqual(
      SMOKE_CHECKS.slice(1).map(
        (name) => expect.stringMatching(new RegExp(`^- ${name} +skipped: needs `)) as string,
      ),
    );
    expect(result.code).toBe(SMOKE_EXIT_CODES.failed);
  });

  it('a server that accepts and never answers: the first check ends at the request timeout, not later', async () => {
    // Every request has a timeout; the default keeps the first check within 10 s.
    expect(SMOKE_DEFAULTS.requestTimeoutMs).toBeLessThan(10_000);
    // Accepts the connection, reads nothing, answers nothing.
    const sockets = new Set<Socket>();
    const silent = createTcpServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
      const result = await smoke(['--url', url, '--token', 't'], { requestTimeoutMs: 300 });
      expect(result.lines[0]).toBe(`✗ health          no answer within 0.3 s from ${url}`);
      expect(result.lines).toHaveLength(SMOKE_CHECKS.length);
      expect(result.code).toBe(SMOKE_EXIT_CODES.failed);
    } finally {
      await new Promise<void>((resolve) => {
        silent.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    }
  });

  it('refuses a bad command line with exit 2 and says what to give', async () => {
    expect(await smoke(['--token', 't'])).toMatchObject({
      code: SMOKE_EXIT_CODES.usage,
      stderr: expect.stringContaining(
        'error: USAGE_ERROR: give the service URL with --url',
      ) as string,
    });
    expect(await smoke(['--url', 'localhost:3000', '--token', 't'])).toMatchObject({
      code: SMOKE_EXIT_CODES.usage,
      stderr: expect.stringContaining(
        '--url must be an http(s) URL, got "localhost:3000"',
      ) as string,
    });
    expect(await smoke(['--url', 'http://localhost:3000'])).toMatchObject({
      code: SMOKE_EXIT_CODES.usage,
      stderr: expect.stringContaining('give an access token with --token') as string,
    });
  });

  it('runs as npm run smoke does: its own process, exit 1, the failed check on stdout', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const { code, stdout } = await spawnScript(
      'scripts/smoke.ts',
      { ...process.env, NO_COLOR: '1', LC_ALL: 'C.UTF-8' },
      ['--url', url, '--token', 't'],
    ).exited;
    expect(stdout).toContain(`✗ health          cannot reach ${url} (ECONNREFUSED)`);
    expect(code).toBe(1);
  });
});

describe('npm run smoke against a service that breaks the original framing', () => {
  const certification = sampleCertification({ modelId: SMOKE_DEFAULTS.modelId });
  let server: Server;
  let url: string;
  /** How the fake frames each event of the stream. */
  let frame: (event: unknown, index: number) => string;
  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const path = new URL(request.url ?? '/', 'http://fake').pathname;
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(body));
      };
      if (path === '/health') return json(200, { status: 'ok' });
      if (request.headers.authorization !== 'Bearer good')
        return json(
          401,
          { error: { code: 'UNAUTHORIZED', message: 'no' } },
          {
            'www-authenticate': 'Bearer',
          },
        );
      if (path.startsWith('/api/certification/check/')) return json(200, { cached: false });
      if (path.endsWith('/stream')) {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.end(fullRunEvents(certification).map(frame).join(''));
        return;
      }
      return json(404, { error: { code: 'NOT_FOUND', message: 'no such route' } });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    return () => new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it.each([
    [
      'id: lines before the data',
      (event: unknown, index: number) => `id: ${index}\ndata: ${JSON.stringify(event)}\n\n`,
      'event 1 has an "id:" field; the original clients read only "data: " lines',
    ],
    [
      'named events',
      (event: unknown) =>
        `event: ${(event as { type: string }).type}\ndata: ${JSON.stringify(event)}\n\n`,
      'event 1 has an "event:" field; the original clients read only "data: " lines',
    ],
    [
      'CRLF line ends',
      (event: unknown) => `data: ${JSON.stringify(event)}\r\n\r\n`,
      'CR characters in the stream: the original clients split on "\\n\\n" only',
    ],
    [
      'a JSON object split over two data: lines',
      (event: unknown) => `data: ${JSON.stringify(event).replace(',', ',\ndata: ')}\n\n`,
      'event 1 is 2 lines; each must be one "data: <json>" line',
    ],
  ])('%s: the stream framing check fails, saying how', async (_, framing, detail) => {
    frame = framing;
    const result = await smoke(['--url', url, '--token', 'good']);
    expect(result.lines.slice(0, 4)).toEqual([
      '✓ health          200 {"status":"ok"}',
      '✓ auth refusal    401 without a token, WWW-Authenticate: Bearer',
      `✓ token accepted  check ${SMOKE_DEFAULTS.modelId}: not cached`,
      `✗ stream framing  ${detail}`,
    ]);
    expect(result.code).toBe(SMOKE_EXIT_CODES.failed);
  });

  it('the original framing passes that check; what the fake lacks fails by name', async () => {
    frame = (event) => `data: ${JSON.stringify(event)}\n\n`;
    const result = await smoke(['--url', url, '--token', 'good']);
    expect(result.lines[3]).toBe(
      '✓ stream framing  14 events, each one "data: <json>" line; ends with one complete',
    );
    expect(result.lines[4]).toBe(
      `✓ certification   ${SMOKE_DEFAULTS.modelId} certified in us-east-1, 6/6 tests`,
    );
    expect(result.lines[5]).toBe('✗ cached answer   the check route has nothing cached');
    expect(result.lines[7]).toBe('✗ catalog         404 NOT_FOUND, expected 200');
  });
});
