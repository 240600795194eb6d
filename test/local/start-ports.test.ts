import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTokenMinter } from '../../local/jwt-issuer.js';
import { PortUnavailableError, ReservedPort } from '../../local/reserved-port.js';
import { writeStackRecord } from '../../local/stack-record.js';
import { reserveStartPorts, StartPortError } from '../../local/start-ports.js';

const run = promisify(execFile);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An HTTP server holding `port` (0: any free one), as another process would; closed after the test. */
async function hold(port = 0): Promise<number> {
  const server: Server = createServer((_request, response) => response.end('someone else'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  );
  return (server.address() as AddressInfo).port;
}

/** A port `p` the test holds whose neighbour `p + 1` is free, or the other way round. */
async function heldWithFreeNeighbour(neighbour: 1 | -1): Promise<number> {
  for (;;) {
    const candidate = await ReservedPort.bind(0);
    const other = await ReservedPort.bind(candidate.port + neighbour).catch(() => undefined);
    await candidate.release();
    await other?.release();
    if (other) return hold(candidate.port);
  }
}

/**
 * A `.local/` as a running `npm start` leaves it: its issuer key file (whose issuer URL is the
 * running stack's, on a port of its own) and its record. Returns the files' bytes and mtimes.
 */
function runningStackDirectory(): {
  dir: string;
  keyFile: string;
  snapshot: () => Record<string, { bytes: string; mtimeMs: number }>;
} {
  const root = mkdtempSync(join(tmpdir(), 'start-ports-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const dir = join(root, '.local');
  mkdirSync(dir);
  const keyFile = join(dir, 'dev-issuer.json');
  // The running stack's issuer is on a port of its own, not this start's PORT + 1.
  loadTokenMinter(keyFile, 1);
  writeStackRecord(
    {
      url: 'http://localhost:1',
      issuerKeyFile: keyFile,
      pid: process.pid,
      startedAt: '2026-11-24T12:00:00.000Z',
    },
    join(dir, 'stack.json'),
  );
  const snapshot = () =>
    Object.fromEntries(
      readdirSync(dir).map((name) => {
        const path = join(dir, name);
        return [
          name,
          { bytes: readFileSync(path).toString('base64'), mtimeMs: statSync(path).mtimeMs },
        ];
      }),
    );
  return { dir, keyFile, snapshot };
}

/** Runs `npm start` (local/start.ts) against `dir`; resolves with its exit code and output. */
async function start(
  env: Record<string, string>,
  dir: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { ISSUER_PORT: _unset, LOG_FORMAT: _unsetToo, ...inherited } = process.env;
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
      env: {
        ...inherited,
        ISSUER_KEY_FILE: join(dir, 'dev-issuer.json'),
        LOCAL_EVENTS_FILE: join(dir, 'events.jsonl'),
        AWS_EC2_METADATA_DISABLED: 'true',
        ...env,
      },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('a second npm start on a busy port', () => {
  it('PORT busy: one line naming the port and PORT, exit 1, and .local/ untouched', async () => {
    const { dir, snapshot } = runningStackDirectory();
    const before = snapshot();
    // PORT + 1 is free: before the ports were bound first, the issuer took it and rewrote the key file.
    const port = await heldWithFreeNeighbour(1);

    const { code, stdout, stderr } = await start({ PORT: String(port) }, dir);

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      new RegExp(
        `^Port ${port} is in use \\(another npm start\\?\\)\\. Set PORT to another port, e\\.g\\. PORT=\\d+ npm start\\.\\n$`,
      ),
    );
    expect(snapshot()).toEqual(before);
  });

  it('PORT + 1 busy: one line naming the issuer’s port and PORT, exit 1, and .local/ untouched', async () => {
    const { dir, snapshot } = runningStackDirectory();
    const before = snapshot();
    const issuerPort = await heldWithFreeNeighbour(-1);
    const port = issuerPort - 1;

    const { code, stdout, stderr } = await start({ PORT: String(port) }, dir);

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      new RegExp(
        `^Port ${issuerPort} \\(the token issuer, PORT \\+ 1\\) is in use \\(another npm start\\?\\)\\. Set PORT to another port, e\\.g\\. PORT=\\d+ npm start\\.\\n$`,
      ),
    );
    expect(snapshot()).toEqual(before);
  });
});

describe('reserveStartPorts', () => {
  it('suggests ports that are free: the suggestion and its PORT + 1 can be bound', async () => {
    const port = await heldWithFreeNeighbour(1);
    const failure = await reserveStartPorts({
      port,
      issuerPort: port + 1,
      issuerPortVariable: 'PORT',
    }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(StartPortError);
    const suggested = Number(/PORT=(\d+)/.exec((failure as Error).message)?.[1]);
    expect(suggested).toBeGreaterThan(port);
    // Nothing stays bound after a failure, and the suggested pair is free.
    const bound = await reserveStartPorts({
      port: suggested,
      issuerPort: suggested + 1,
      issuerPortVariable: 'PORT',
    });
    await bound.port.release();
    await bound.issuerPort.release();
  });

  it('names ISSUER_PORT when it set the issuer’s port, and frees PORT again', async () => {
    const issuerPort = await hold();
    const free = await ReservedPort.bind(0);
    const port = free.port;
    await free.release();

    const failure = await reserveStartPorts({
      port,
      issuerPort,
      issuerPortVariable: 'ISSUER_PORT',
    }).catch((error: unknown) => error);

    expect((failure as Error).message).toMatch(
      new RegExp(
        `^Port ${issuerPort} \\(the token issuer, ISSUER_PORT\\) is in use \\(another npm start\\?\\)\\. Set ISSUER_PORT to another port, e\\.g\\. ISSUER_PORT=\\d+ npm start\\.$`,
      ),
    );
    // PORT, bound first, was let go.
    await (await ReservedPort.bind(port)).release();
  });

  it('refuses the same port for both', async () => {
    await expect(
      reserveStartPorts({ port: 4321, issuerPort: 4321, issuerPortVariable: 'ISSUER_PORT' }),
    ).rejects.toThrow(
      'PORT and ISSUER_PORT are both 4321. Set ISSUER_PORT to another port, or leave it unset for PORT + 1.',
    );
  });
});

describe('ReservedPort', () => {
  it('holds the port until a server takes it over, which then serves on it', async () => {
    const reserved = await ReservedPort.bind(0);
    const taken = await ReservedPort.bind(reserved.port).catch((error: unknown) => error);
    const server = createServer((_request, response) => response.end('served'));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));

    await reserved.handOver(server);
    const answer = await (await fetch(`http://127.0.0.1:${reserved.port}/`)).text();

    expect(taken).toBeInstanceOf(PortUnavailableError);
    expect((taken as PortUnavailableError).code).toBe('EADDRINUSE');
    expect(answer).toBe('served');
    await expect(reserved.handOver(createServer())).rejects.toThrow(/already handed over/);
  });

  it('frees the port when released unused', async () => {
    const reserved = await ReservedPort.bind(0);
    await reserved.release();
    const again = await ReservedPort.bind(reserved.port);
    await again.release();
    expect(again.port).toBe(reserved.port);
  });
});
