/**
 * An `npm run` script as a shell starts it: a child process running a TypeScript entry point
 * through tsx, whose output a test waits on (an event, not a clock) and which it stops by its pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository's root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** By absolute URL, so a child whose working directory is elsewhere still loads TypeScript. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** How a spawned script ended. */
export interface ScriptExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running script. */
export interface SpawnedScript {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves with the first match of `pattern` on stdout; rejects if the script ends first. */
  waitForOutput(pattern: RegExp): Promise<RegExpMatchArray>;
  /** Resolves when the script has ended. */
  readonly exited: Promise<ScriptExit>;
  /** SIGTERM, then waits for the end. */
  stop(): Promise<ScriptExit>;
}

/**
 * Every variable the AWS SDK reads to find credentials, a Region, a profile or an endpoint, and
 * the service's own Bedrock settings: removed from a child's environment so that the developer's
 * own setup never leaks into a test.
 */
const AWS_VARIABLES = /^(?:AWS_|BEDROCK(?:_|$)|DYNAMODB_ENDPOINT$|EVENTBRIDGE_ENDPOINT$)/;

/**
 * An environment for a child that resolves AWS settings: this one without any AWS variable,
 * no instance metadata, config and credential files that do not exist, and `AWS_ENDPOINT_URL`
 * at a closed loopback port (so any client the test did not point somewhere answers "refused"
 * rather than leaving the machine); then `extra`.
 */
export function isolatedAwsEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!AWS_VARIABLES.test(name)) env[name] = value;
  return {
    ...env,
    NO_COLOR: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(ROOT, '.nonexistent', 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(ROOT, '.nonexistent', 'aws-credentials'),
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    ...extra,
  };
}

/** Starts `entry` (a path under the repository) with `env` as its whole environment. */
export function spawnScript(
  entry: string,
  env: NodeJS.ProcessEnv,
  args: readonly string[] = [],
): SpawnedScript {
  const child = spawn(process.execPath, ['--import', TSX, join(ROOT, entry), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<ScriptExit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exited,
    waitForOutput: (pattern) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(stdout);
          if (!match) return;
          child.stdout.off('data', check);
          resolve(match);
        };
        child.stdout.on('data', check);
        check();
        void exited.then((end) =>
          reject(
            new Error(
              `${entry} ended (code ${end.code}) before printing ${pattern}:\n${end.stdout}\n${end.stderr}`,
            ),
          ),
        );
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
