/**
 * The certify CLI in a real terminal: tmux runs `scripts/certify.ts` as a user's shell would,
 * against a local stack (simulator at its realistic speed), and `capture-pane` reads the screen
 * tmux drew from the CLI's bytes: the spinners and timers while probes run, and a clean final
 * screen (every redrawn block replaced in place, nothing left of the live lines). Debian's tmux
 * is installed when missing; a test never skips.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { TEST_NAMES } from '../../shared/types.js';
import { ensureDebianPackage } from '../support/debian-package.js';

const TMUX = '/usr/bin/tmux';
/** Installing tmux with apt can take a while: the timeout of the hook that may do it. */
const TMUX_INSTALL_TIMEOUT_MS = 5 * 60_000;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'scripts/certify.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** Slow enough (first token after ~1 s) that a probe runs for several frames. */
const SLOW = 'us.anthropic.claude-opus-4-5-20251101-v1:0';
const FAST = 'amazon.nova-micro-v1:0';
const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
const COLUMNS = 100;
const ROWS = 40;

let stack: LocalStack;
let directory: string;
let socket: string;

beforeAll(async () => {
  await ensureDebianPackage(TMUX, 'tmux');
  directory = await mkdtemp(join(tmpdir(), 'cli-tmux-'));
  // A server of our own (not the user's), with a config of our own: panes stay after their
  // command exits so the final screen can be read, and no status bar takes a row.
  socket = join(directory, 'tmux.sock');
  await writeFile(join(directory, 'tmux.conf'), 'set -g remain-on-exit on\nset -g status off\n');
  // At Bedrock's own pace (the suite scales it down): probes run for seconds, as users see them.
  stack = await startLocalStack({ timeScale: 1, env: { POWERTOOLS_LOG_LEVEL: 'ERROR' } });
  return async () => {
    await stack.close();
  };
}, TMUX_INSTALL_TIMEOUT_MS);

afterAll(async () => {
  await tmux(['kill-server']).catch(() => undefined);
  await rm(directory, { recursive: true, force: true });
});

/** Runs tmux on the test's socket; resolves with its stdout, rejects on a non-zero exit. */
function tmux(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(TMUX, ['-S', socket, '-f', join(directory, 'tmux.conf'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: terminalEnv(),
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`tmux ${args[0] ?? ''} exited ${code}: ${err}`)),
    );
  });
}

/** The user's environment without what would point the CLI elsewhere or turn colour off. */
function terminalEnv(): NodeJS.ProcessEnv {
  const {
    PORT: _port,
    CERTIFICATION_URL: _url,
    CERTIFICATION_TOKEN: _token,
    NO_COLOR: _noColor,
    COLUMNS: _columns,
    ...env
  } = process.env;
  // tmux asks for a terminal type even for a detached session.
  // English (and UTF-8) whatever the developer's locale: the tests read the CLI's English words.
  return { ...env, TERM: env.TERM ?? 'xterm-256color', LC_ALL: 'C.UTF-8' };
}

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** Starts the CLI in a new tmux window of COLUMNS × ROWS; returns the window's target. */
async function startCli(name: string, args: string[]): Promise<string> {
  const command = [process.execPath, '--import', TSX, CLI, ...args].map(quote).join(' ');
  await tmux(['new-session', '-d', '-s', name, '-x', String(COLUMNS), '-y', String(ROWS), command]);
  return name;
}

/**
 * Whether the command in the pane has exited (and with which status), then the screen as a user
 * sees it (and what scrolled off it), without colour: one tmux call, in that order, so the screen
 * read after an exit is final.
 */
async function look(target: string): Promise<{ status: number | undefined; screen: string[] }> {
  const text = await tmux([
    'display-message',
    '-p',
    '-t',
    target,
    '#{pane_dead} #{pane_dead_status}',
    ';',
    'capture-pane',
    '-p',
    // From the start of the history: tmux scrolls a line off the top to say the pane is dead.
    '-S',
    '-',
    '-t',
    target,
  ]);
  const [head = '', ...screen] = text.replace(/\n+$/, '').split('\n');
  const [dead, status] = head.split(' ');
  return { status: dead === '1' ? Number(status) : undefined, screen };
}

/**
 * Reads the screen until the command exits, handing every capture to `onScreen`; resolves with
 * the exit status and the final screen. Each round waits for tmux's answer; a short pause between
 * rounds only spares the shared CPU (no outcome depends on it).
 */
async function watch(
  target: string,
  onScreen: (screen: string[]) => void,
): Promise<{ status: number; screen: string[] }> {
  for (;;) {
    const { status, screen } = await look(target);
    onScreen(screen);
    if (status !== undefined) return { status, screen };
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

/** The lines the CLI drew, without the "Pane is dead" line tmux adds. */
const drawn = (screen: readonly string[]): string[] =>
  screen.filter((line) => !line.startsWith('Pane is dead'));

describe('the certify CLI in a real terminal (tmux)', () => {
  it('one model: a spinner and a running timer per probe while it runs, a clean screen at the end', async () => {
    const target = await startCli('one', [
      SLOW,
      '--fresh',
      '--url',
      stack.url,
      '--token',
      stack.token('tmux-one'),
    ]);
    const timers = new Map<string, Set<string>>();
    let summaries = 0;

    const { status, screen } = await watch(target, (lines) => {
      for (const line of lines) {
        const running = /^ {2}([⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]) (\S+)\s+running\s+(\d+\.\d s)$/.exec(line);
        if (running?.[2] && running[3]) {
          const seen = timers.get(running[2]) ?? new Set<string>();
          seen.add(running[3]);
          timers.set(running[2], seen);
        }
        if (/^ {2}\d of 6 probes finished, \d running · \d+\.\d s$/.test(line)) summaries++;
      }
    });

    expect(status).toBe(0);
    // While the probes ran, their lines showed a spinner and a timer that moved.
    expect(timers.size, 'no running probe line was ever on screen').toBeGreaterThan(0);
    expect(Math.max(...[...timers.values()].map((seen) => seen.size))).toBeGreaterThan(1);
    expect(summaries).toBeGreaterThan(0);

    const final = drawn(screen);
    expect(final[0]).toBe(`Certifying ${SLOW} at ${stack.url}`);
    // Each probe once in the progress block (done, with its latency) and once in the result.
    for (const name of TEST_NAMES) {
      expect(
        final.filter((line) => line.includes(name)),
        name,
      ).toHaveLength(2);
      expect(final).toContainEqual(
        expect.stringMatching(new RegExp(`^ {2}✓ ${name}\\s+passed\\s+[\\d.,]+ (ms|s)$`)),
      );
    }
    expect(
      final.filter((line) => /^ {2}6 of 6 probes finished · \d+\.\d s$/.test(line)),
    ).toHaveLength(1);
    expect(final.join('\n')).not.toMatch(SPINNER);
    expect(final.join('\n')).not.toContain('running');
    expect(final).toContainEqual(
      expect.stringMatching(/^Status\s+certified \(6\/6 passed, 100%\)$/),
    );
    for (const line of final) expect(line.length).toBeLessThanOrEqual(COLUMNS);
  }, 120_000);

  it('several models: a live line per running model and an ETA, then only the finished lines', async () => {
    const target = await startCli('several', [
      FAST,
      SLOW,
      '--fresh',
      '--url',
      stack.url,
      '--token',
      stack.token('tmux-several'),
    ]);
    let liveLines = 0;
    let eta = false;

    const { status, screen } = await watch(target, (lines) => {
      for (const line of lines) {
        if (/^ {2}[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] \S+ {2}\d\/6 probes {2}\d+\.\d s$/.test(line)) liveLines++;
        if (/^\[1\/2 done · 1 running · ETA \d+ s\]$/.test(line)) eta = true;
      }
    });

    expect(status).toBe(0);
    expect(liveLines, 'no live model line was ever on screen').toBeGreaterThan(0);
    expect(eta, 'the ETA never showed once the fast model was done').toBe(true);
    const final = drawn(screen);
    expect(final.slice(0, 3)).toEqual([
      `Certifying 2 models at ${stack.url} in one batch`,
      `${FAST}: certified (6/6 passed)`,
      `${SLOW}: certified (6/6 passed)`,
    ]);
    expect(final[3]).toMatch(/^MODEL\s+STATUS\s+GATE\s+TESTS/);
    expect(final.join('\n')).not.toMatch(SPINNER);
    expect(final.join('\n')).not.toMatch(/done ·|running/);
  }, 120_000);
});
