import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTokenMinter, type TokenMinter } from '../../local/jwt-issuer.js';
import type { CertificationEvent } from '../../shared/types.js';
import { sendRaw, toWebResponse } from '../support/raw-http.js';
import { paths, terminalEvents, waitFor } from '../support/service-client.js';
import { eventsOf, readFrames, type Frame } from '../support/sse-client.js';
import { TEST_NAMES } from '../../shared/types.js';

/** The core suite's size, from the registry. */
const N = TEST_NAMES.length;

/**
 * No client can take the service down: `npm start` itself (local/start.ts) in a child process,
 * so "the process never exits" is what is checked, not inferred. Clients hang up at every moment
 * a real one can (before the answer head, while a POST runs, mid-stream, during a 429, halfway
 * through a request body) while five streams run; each of those must still end with exactly one
 * terminal event, and the service must keep answering.
 */
const DEADLINE_MS = 3_000;
const HANG = (account: number) =>
  `arn:aws:bedrock:us-east-1:${String(account).padStart(12, '0')}:foundation-model/sim.hang`;
const CACHED_MODEL = 'amazon.nova-lite-v1:0';

let child: ChildProcess;
let baseUrl: string;
let minter: TokenMinter;
let workDir: string;
let stderr = '';
let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
/** The answer to a body that never finishes, sent at start so its wait overlaps the other tests. */
let unfinished: Promise<string>;

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'hang-ups-'));
  const keyFile = join(workDir, 'issuer.json');
  const [port, issuerPort] = [await freePort(), await freePort()];
  // The SDK's Node-version warning must be silenced by the stack itself, not by this test's env.
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _inherited, ...env } = process.env;
  child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    env: {
      ...env,
      PORT: String(port),
      ISSUER_PORT: String(issuerPort),
      ISSUER_KEY_FILE: keyFile,
      CERTIFICATION_DEADLINE_MS: String(DEADLINE_MS),
      PROBE_TIMEOUT_MS: '20000',
      KEEPALIVE_INTERVAL_MS: '200',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.once('exit', (code, signal) => (exited = { code, signal }));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  await waitFor(
    () => {
      if (exited) throw new Error(`npm start exited early (${JSON.stringify(exited)}): ${stderr}`);
      return stdout.includes('Press Ctrl+C');
    },
    60_000,
    50,
  );
  baseUrl = /Function URL\s+(http:\/\/\S+)/.exec(stdout)?.[1] ?? expect.unreachable();
  minter = loadTokenMinter(keyFile);
  unfinished = unfinishedBody();
});
afterAll(async () => {
  if (!exited) {
    child.kill('SIGTERM');
    await waitFor(() => exited !== undefined, 10_000, 20);
  }
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const auth = (sub: string) => ({ authorization: `Bearer ${minter.mint({ sub })}` });

/**
 * Sends a request and drops the connection `afterMs` later; resolves true when that was before
 * the answer head arrived (for the fastest answers a few may beat the hang-up).
 */
async function hangUp(
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
  afterMs: number,
): Promise<boolean> {
  const controller = new AbortController();
  const sent = sendRaw(baseUrl, {
    method: body === undefined ? 'GET' : 'POST',
    path,
    headers,
    body,
    signal: controller.signal,
  });
  setTimeout(() => controller.abort(), afterMs);
  const response = await sent.catch((error: unknown) => error);
  if (response instanceof Error) return true;
  (response as IncomingMessage).on('error', () => undefined);
  return false;
}

/** Waits for the answer head, then drops the connection without reading the body. */
async function leaveAtTheHead(
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<number> {
  const response: IncomingMessage = await sendRaw(baseUrl, {
    method: body === undefined ? 'GET' : 'POST',
    path,
    headers,
    body,
  });
  response.on('error', () => undefined);
  response.destroy();
  return response.statusCode ?? 0;
}

/** Announces a 100-byte body, sends 4 bytes, then either hangs up or waits for the answer. */
function unfinishedBody(hangUpAfterMs?: number): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `POST ${paths.certify} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: ${auth('slow-body').authorization}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"mo`,
      );
      if (hangUpAfterMs !== undefined) setTimeout(() => socket.destroy(), hangUpAfterMs);
    });
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

/** Opens a stream and reads it to its end. */
async function stream(modelId: string, sub: string): Promise<Frame[]> {
  const response = await sendRaw(baseUrl, { path: paths.stream(modelId), headers: auth(sub) });
  expect(response.statusCode).toBe(200);
  return readFrames(toWebResponse(response));
}

describe('no client can take the service down', () => {
  it('30 hang-ups of every kind while 5 streams run: the process lives, each stream ends with one terminal event, /health answers', async () => {
    // A cached model for the 429 case: that user spends the limit on cheap cached answers.
    expect(
      (
        await fetch(`${baseUrl}${paths.certify}`, {
          method: 'POST',
          headers: { ...auth('seeder'), 'content-type': 'application/json' },
          body: JSON.stringify({ modelId: CACHED_MODEL }),
        })
      ).status,
    ).toBe(200);
    for (let i = 0; i < 10; i++) {
      const response = await fetch(`${baseUrl}${paths.stream(CACHED_MODEL)}`, {
        headers: auth('limited'),
      });
      expect(response.status).toBe(200);
      await response.text();
    }

    const streams = Array.from({ length: 5 }, (_, i) => stream(HANG(100 + i), `streamer-${i}`));
    const post = (modelId: string) => JSON.stringify({ modelId });
    const json = { 'content-type': 'application/json' };
    const hangUps: Promise<unknown>[] = [
      // During a POST's run (it only answers at the deadline, seconds away): before the answer head.
      ...Array.from({ length: 8 }, async (_, i) =>
        expect(
          await hangUp(
            paths.certify,
            { ...auth(`poster-${i}`), ...json },
            post(HANG(200 + i)),
            50 + 40 * i,
          ),
        ).toBe(true),
      ),
      // Before the head of a stream: right after sending, while the token is checked.
      ...Array.from({ length: 8 }, (_, i) =>
        hangUp(paths.stream(HANG(300 + i)), auth(`early-${i}`), undefined, 1 + i),
      ),
      // During a 429: right after sending, and once its head is in.
      ...Array.from({ length: 3 }, (_, i) =>
        hangUp(paths.stream(CACHED_MODEL), auth('limited'), undefined, i),
      ),
      ...Array.from({ length: 3 }, async () =>
        expect(await leaveAtTheHead(paths.stream(CACHED_MODEL), auth('limited'))).toBe(429),
      ),
      // Halfway through a request body.
      ...Array.from({ length: 4 }, (_, i) => unfinishedBody(20 + 20 * i)),
      // Mid-stream, once the head is in.
      ...Array.from({ length: 4 }, async (_, i) =>
        expect(await leaveAtTheHead(paths.stream(HANG(400 + i)), auth(`midway-${i}`))).toBe(200),
      ),
    ];
    expect(hangUps).toHaveLength(30);
    await Promise.all(hangUps);
    expect(exited).toBeUndefined();
    expect((await fetch(`${baseUrl}${paths.health}`)).status).toBe(200);

    for (const frames of await Promise.all(streams)) {
      const terminal = terminalEvents(frames);
      expect(terminal).toHaveLength(1);
      expect(terminal[0]).toMatchObject({ type: 'complete', certification: { status: 'failed' } });
      const events: CertificationEvent[] = eventsOf(frames);
      expect(
        events.filter((event) => event.type === 'progress' && event.status === 'failed'),
      ).toHaveLength(N);
    }

    // Still serving, nothing crashed on the way: no uncaught error, no runtime error logged.
    expect(exited).toBeUndefined();
    expect((await fetch(`${baseUrl}${paths.health}`)).status).toBe(200);
    expect(stderr).not.toMatch(/Unhandled|uncaught|triggerUncaughtException|Runtime error/i);
  });

  it("a body that never finishes (Content-Length: 100, 4 bytes sent) is answered 408 as JSON, not held for node's 300 s", async () => {
    const answer = await unfinished;
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(head.toLowerCase()).toContain('content-type: application/json');
    expect(JSON.parse(body)).toEqual({ Message: 'Request Timeout' });
    expect(exited).toBeUndefined();
  }, 25_000);

  it("prints one line about Node 20 instead of the SDK's multi-line warning", () => {
    expect(stderr).not.toContain('NodeVersionSupportWarning');
    const major = Number(process.versions.node.split('.')[0]);
    const notes = stderr.split('\n').filter((line) => line.includes('README, "Node versions"'));
    expect(notes).toHaveLength(major < 22 ? 1 : 0);
  });

  it('stops cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    await waitFor(() => exited !== undefined, 10_000, 20);
    expect(exited).toEqual({ code: 0, signal: null });
  });
});
