/**
 * The CLI as a shell runs it: a real child process whose stdout is a pipe or a file. Only the
 * result may reach stdout (progress goes to stderr), so `--json | jq` and `> report.xml` work;
 * and a second terminal finds the stack `npm start` runs without being told its port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_NAMES } from '../../shared/types.js';
import { fullRunEvents, sampleCertification } from './fake-service.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'scripts/certify.ts');
/** By absolute URL, so a child whose working directory is elsewhere still loads TypeScript. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const MODEL_ID = 'amazon.nova-pro-v1:0';
const certification = sampleCertification({ modelId: MODEL_ID });

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** An environment without the variables that would point the CLI somewhere else. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { PORT: _port, CERTIFICATION_URL: _url, CERTIFICATION_TOKEN: _token, ...env } = process.env;
  // English whatever the developer's locale: the tests read the CLI's English words.
  return { ...env, NO_COLOR: '1', LC_ALL: 'C.UTF-8', ...extra };
}

function finish(child: ChildProcess): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs `command` in a shell, as a user would type it. */
function shell(
  command: string,
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Finished> {
  return finish(
    spawn('sh', ['-c', command], {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

// A small real HTTP server speaking the service's routes: check (nothing cached), the SSE stream.
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.headers.authorization !== 'Bearer good') {
      response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
      response.end(
        JSON.stringify({
          error: { code: 'UNAUTHORIZED', message: 'A valid bearer token is required.' },
        }),
      );
    } else if (path.startsWith('/api/certification/check/')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ cached: false }));
    } else if (path.endsWith('/stream')) {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const event of fullRunEvents(certification))
        response.write(`data: ${JSON.stringify(event)}\n\n`);
      response.end();
    } else {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'No such route.' } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
});

const cli = (args: string): string =>
  `${quote(process.execPath)} --import ${quote(TSX)} ${quote(CLI)} ${args}`;

describe('the CLI in a shell: stdout is the result alone', () => {
  it('--json through a pipe: the consumer reads exactly the certification, progress goes to stderr', async () => {
    const consumer = `${quote(process.execPath)} -e ${quote('let s="";process.stdin.on("data",c=>s+=c).on("end",()=>console.log(JSON.parse(s).status))')}`;

    const result = await shell(
      `${cli(`${MODEL_ID} --url ${url} --token good --json`)} | ${consumer}`,
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('certified\n');
    expect(result.stderr).toContain(`Certifying ${MODEL_ID} at ${url}\n`);
    for (const name of TEST_NAMES)
      expect(result.stderr).toMatch(new RegExp(`^ {2}${name}\\s+passed`, 'm'));
  });

  it('> report.xml holds the JUnit report and nothing else; the exit code is the gate', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'cli-report-'));
    try {
      const report = join(directory, 'report.xml');

      const result = await shell(
        `${cli(`${MODEL_ID} --url ${url} --token good --format junit --require toolUse`)} > ${quote(report)}; echo "exit $?" >&2`,
      );

      const xml = await readFile(report, 'utf8');
      expect(result.stderr).toMatch(/exit 0\n$/);
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
      expect(xml.endsWith('</testsuites>\n')).toBe(true);
      expect(xml).not.toMatch(/running|Certifying/);
      expect(result.stderr).toContain('Certifying');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('an error goes to stderr with exit 2, leaving stdout empty', async () => {
    const result = await finish(
      spawn(
        process.execPath,
        ['--import', TSX, CLI, MODEL_ID, '--url', url, '--token', 'bad', '--json'],
        { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    );

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^error: UNAUTHORIZED \(401\): A valid bearer token is required\.$/m,
    );
  });

  it('a reader that closes the pipe early (| head) stops the CLI quietly, without a stack trace', async () => {
    // `true` exits before node has started, so the CLI's first write meets a closed pipe.
    const result = await shell(`${cli('--help')} | true`);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  it("npm run -s certify keeps npm's banner out of stdout, so --json parses", async () => {
    const result = await shell(
      `npm run -s certify -- ${MODEL_ID} --url ${url} --token good --json`,
    );

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(certification);
  });
});

describe('a second terminal finds npm start without PORT', () => {
  let directory: string;
  let stack: ChildProcess;
  let stackOutput = '';

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'cli-second-terminal-'));
    // npm start with its key in <dir>/.local/, so it records itself in <dir>/.local/stack.json,
    // which is where the CLI looks when run from <dir>.
    stack = spawn(process.execPath, ['--import', TSX, join(ROOT, 'local/start.ts')], {
      cwd: ROOT,
      env: cleanEnv({
        PORT: '0',
        ISSUER_KEY_FILE: join(directory, '.local', 'dev-issuer.json'),
        POWERTOOLS_LOG_LEVEL: 'SILENT',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    stack.stdout?.on('data', (chunk: Buffer) => (stackOutput += chunk.toString()));
    stack.stderr?.on('data', (chunk: Buffer) => (stackOutput += chunk.toString()));
    const deadline = Date.now() + 60_000;
    while (!stackOutput.includes('Press Ctrl+C')) {
      if (stack.exitCode !== null || Date.now() > deadline)
        throw new Error(`npm start did not come up: ${stackOutput}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 90_000);

  afterAll(async () => {
    if (stack.exitCode === null) {
      const exited = new Promise((resolve) => stack.once('exit', resolve));
      stack.kill('SIGTERM');
      await exited;
    }
    await rm(directory, { recursive: true, force: true });
  });

  it('certifies through the recorded URL with a token from the recorded key; after npm start stops, says how to start it', async () => {
    const found = await shell(cli(`${MODEL_ID} --json`), { cwd: directory });

    expect(found.stderr).toMatch(/^Certifying amazon\.nova-pro-v1:0 at http:\/\/localhost:\d+\n/);
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout)).toMatchObject({ modelId: MODEL_ID, status: 'certified' });

    const exited = new Promise((resolve) => stack.once('exit', resolve));
    stack.kill('SIGTERM');
    await exited;
    expect(existsSync(join(directory, '.local', 'stack.json'))).toBe(false);

    // Nothing recorded any more, and nothing on the port PORT names.
    const closedPort = new URL(
      /Function URL\s+(\S+)/.exec(stackOutput)?.[1] ?? 'http://127.0.0.1:9',
    ).port;
    const gone = await shell(cli(`${MODEL_ID} --json`), {
      cwd: directory,
      env: cleanEnv({ PORT: closedPort }),
    });

    expect(gone.code).toBe(2);
    expect(gone.stdout).toBe('');
    expect(gone.stderr).toContain(
      `Nothing answers at http://localhost:${closedPort}: start the local stack with \`npm start\` (in another terminal), or pass --url.`,
    );
  }, 60_000);
});
