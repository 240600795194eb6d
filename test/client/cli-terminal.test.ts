/**
 * The certify CLI's live progress on a terminal, in process: a fake TTY renders what a terminal
 * would draw from the bytes, and a hand-driven clock moves the spinners, timers and frames, so
 * nothing here waits on wall-clock time. (test/client/cli-tmux.test.ts checks the same in a real
 * terminal.)
 */
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, runCertifyCli, type CliClock } from '../../client/certify-cli.js';
import {
  createBatchProgressView,
  createProgressView,
  FRAME_MS,
  type ProgressClock,
} from '../../client/cli-output.js';
import type { BatchEvent, Certification, CertificationEvent } from '../../shared/types.js';
import { TEST_NAMES } from '../../shared/types.js';
import { toolUseFailedCertification } from '../support/certification-fixture.js';
import { fakeTerminal } from '../support/terminal-screen.js';
import {
  controlledBody,
  eventStreamResponse,
  fakeCertificationService,
  fullRunEvents,
  sampleCertification,
} from './fake-service.js';

const NOVA = 'amazon.nova-pro-v1:0';
const DEEPSEEK = 'us.deepseek.r1-v1:0';
const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
// eslint-disable-next-line no-control-regex -- escape sequences are what these tests look for
const SGR = /\x1b\[[0-9;]*m/;

/** A clock the test moves: `advance` is one frame of the live view (its timer ticks once). */
function manualClock(): ProgressClock & {
  advance(ms: number): void;
  set(ms: number): void;
  readonly timers: number;
} {
  let now = 0;
  const ticks = new Set<() => void>();
  return {
    now: () => now,
    every: (_ms, tick) => {
      ticks.add(tick);
      return () => ticks.delete(tick);
    },
    advance(ms) {
      now += ms;
      for (const tick of [...ticks]) tick();
    },
    /** Moves time without a tick, as between two frames. */
    set(ms) {
      now = ms;
    },
    get timers() {
      return ticks.size;
    },
  };
}

const noWait: CliClock = { now: () => 0, sleep: () => Promise.resolve() };
const sse = (events: readonly (CertificationEvent | BatchEvent)[]): string =>
  events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('');
/** Draws so far: every redraw ends by erasing below the block. */
const draws = (text: string): number => text.split('\x1b[J').length - 1;
// eslint-disable-next-line no-control-regex -- escape sequences are what these tests look for
const CURSOR_UP = /\x1b\[\d+A/g;

describe('one model on a terminal', () => {
  it('draws a line per probe in place, with a spinner and a timer on running probes, at most one redraw per frame', async () => {
    const certification = sampleCertification({ modelId: NOVA });
    const events = fullRunEvents(certification);
    const body = controlledBody();
    const fetch = fakeCertificationService({
      models: { [NOVA]: { certification } },
      stream: () => eventStreamResponse(body.stream),
    });
    const clock = manualClock();
    const stderr = fakeTerminal(80, 24);
    const stdout = fakeTerminal(80, 24);

    const exit = runCertifyCli([NOVA], {
      stdout,
      stderr,
      env: { NO_COLOR: '1' },
      fetch,
      clock: noWait,
      progressClock: clock,
      mintLocalToken: () => 'token',
    });
    // "Starting" and the first probe running, in one chunk, within one frame.
    body.push(sse(events.slice(0, 2)));
    await stderr.waitFor((text) => draws(text) === 1);

    // The second event waits for the next frame.
    expect(draws(stderr.text)).toBe(1);
    expect(stderr.screen().slice(1)).toEqual([
      ...TEST_NAMES.map((name) => `  · ${name.padEnd(18)}pending`),
      '  0 of 6 probes finished · 0.0 s',
    ]);

    clock.advance(FRAME_MS);
    expect(draws(stderr.text)).toBe(2);
    expect(stderr.screen()[1]).toBe('  ⠙ basic-completion  running   0.1 s');
    expect(stderr.screen().at(-1)).toBe('  0 of 6 probes finished, 1 running · 0.1 s');

    clock.advance(1400);
    expect(stderr.screen()[1]).toBe('  ⠴ basic-completion  running   1.5 s');

    // Every redraw moves back up over the block: six probes and the count.
    clock.set(2000);
    body.push(sse(events.slice(2)));
    body.close();
    expect(await exit).toBe(EXIT_CODES.certified);

    const screen = stderr.screen();
    expect(screen[0]).toBe(`Certifying ${NOVA} at http://localhost:3000`);
    expect(screen.slice(1)).toEqual([
      ...certification.results.map(
        (result) => `  ✓ ${result.testName.padEnd(18)}passed    ${result.latencyMs} ms`,
      ),
      '  6 of 6 probes finished · 2.0 s',
    ]);
    expect(stderr.text.match(CURSOR_UP)?.every((up) => up === '\x1b[7A')).toBe(true);
    expect(screen.join('\n')).not.toMatch(SPINNER);
    // The timer stopped with the run; the result went to stdout alone.
    expect(clock.timers).toBe(0);
    expect(stdout.screen()[0]).toMatch(/^TEST\s+RESULT\s+LATENCY\s+DETAIL$/);
    expect(stdout.text).not.toContain('\x1b[J');
  });

  it('is coloured unless NO_COLOR, and plain lines (as in a log) with TERM=dumb', async () => {
    const fetch = fakeCertificationService({
      models: { [NOVA]: { certification: sampleCertification({ modelId: NOVA }) } },
    });
    const run = async (env: Record<string, string>) => {
      const stderr = fakeTerminal();
      const stdout = fakeTerminal();
      const code = await runCertifyCli([NOVA], {
        stdout,
        stderr,
        env,
        fetch,
        clock: noWait,
        progressClock: manualClock(),
        mintLocalToken: () => 'token',
      });
      return { code, stderr, stdout };
    };

    const colored = await run({});
    const plain = await run({ NO_COLOR: '1' });
    const dumb = await run({ TERM: 'dumb' });

    expect([colored.code, plain.code, dumb.code]).toEqual([0, 0, 0]);
    expect(colored.stderr.text).toContain('\x1b[32m✓');
    expect(colored.stdout.text).toContain('\x1b[32mpassed');
    expect(plain.stderr.text + plain.stdout.text).not.toMatch(SGR);
    // Colour aside, both draw the same screen.
    expect(colored.stderr.screen()).toEqual(plain.stderr.screen());
    // A dumb terminal gets the plain lines of a log: no cursor movement, no colour.
    expect(dumb.stderr.text).not.toContain('\x1b');
    for (const name of TEST_NAMES)
      expect(dumb.stderr.text).toMatch(new RegExp(`^ {2}${name}\\s+passed\\s+\\d+ ms$`, 'm'));
  });
});

describe('several models on a terminal', () => {
  it('shows a live line per running model and an ETA from the batch stream’s events, and leaves only the finished lines', async () => {
    const body = controlledBody();
    let batchRequested!: () => void;
    const requested = new Promise<void>((resolve) => (batchRequested = resolve));
    const fetch = fakeCertificationService({
      batches: () => {
        batchRequested();
        return eventStreamResponse(body.stream);
      },
    });
    // The batch stream interleaves its items' events, each tagged with the item.
    const itemEvents = (certification: Certification): BatchEvent[] =>
      fullRunEvents(certification).map((event) => ({
        ...event,
        modelId: certification.modelId,
        region: 'us-east-1',
      }));
    const nova = itemEvents(sampleCertification({ modelId: NOVA }));
    const deepseek = itemEvents(toolUseFailedCertification(undefined, { modelId: DEEPSEEK }));
    const clock = manualClock();
    const stderr = fakeTerminal(90, 24);

    const exit = runCertifyCli([NOVA, DEEPSEEK], {
      stdout: fakeTerminal(),
      stderr,
      env: { NO_COLOR: '1' },
      fetch,
      clock: noWait,
      progressClock: clock,
      mintLocalToken: () => 'token',
    });
    await requested;
    // Both items start (the service runs a few at a time): each gets its live line.
    body.push(sse([...nova.slice(0, 2), ...deepseek.slice(0, 2)]));
    // The first event draws at once; the rest of the chunk waits for the next frame.
    await stderr.waitFor((text) => draws(text) === 1);
    clock.advance(FRAME_MS);

    expect(stderr.screen()).toEqual([
      `Certifying 2 models at http://localhost:3000 in one batch`,
      `  ⠙ ${NOVA}  0/6 probes  0.1 s`,
      `  ⠙ ${DEEPSEEK}  0/6 probes  0.1 s`,
      '[0/2 done · 2 running]',
    ]);

    // Ten seconds in, one item ends: the rest should take about as long again.
    clock.set(10_000);
    body.push(sse(nova.slice(2)));
    await stderr.waitFor((text) => text.includes(`${NOVA}: certified (6/6 passed)`));

    expect(stderr.screen()).toEqual([
      `Certifying 2 models at http://localhost:3000 in one batch`,
      `${NOVA}: certified (6/6 passed)`,
      `  ⠋ ${DEEPSEEK}  0/6 probes  10.0 s`,
      '[1/2 done · 1 running · ETA 10 s]',
    ]);

    body.push(
      sse([
        ...deepseek.slice(2),
        {
          type: 'batch-complete',
          summary: { certified: 1, failed: 1, unavailable: 0, cached: 0, errors: 0 },
        },
      ]),
    );
    body.close();
    expect(await exit).toBe(EXIT_CODES.notCertified);

    expect(stderr.screen()).toEqual([
      `Certifying 2 models at http://localhost:3000 in one batch`,
      `${NOVA}: certified (6/6 passed)`,
      `${DEEPSEEK}: failed (5/6 passed)`,
    ]);
    expect(clock.timers).toBe(0);
  });

  it('counts down a rate-limit wait in the status line, and collapses to it on a short terminal', () => {
    const clock = manualClock();
    const short = fakeTerminal(80, 3);
    const view = createBatchProgressView(short, { NO_COLOR: '1' }, 3, clock);

    view.onRunStart(NOVA);
    view.onRunStart(DEEPSEEK);
    view.onWait(30);
    clock.advance(5_000);

    // Two running lines and the status would not fit in three rows (one is the prompt's).
    expect(short.screen()).toEqual([
      'rate limited, waiting 30 s, as the service asks',
      '[0/3 done · 2 running · rate limited, resuming in 25 s]',
    ]);
    view.finish();
    expect(short.screen()).toEqual(['rate limited, waiting 30 s, as the service asks']);
    expect(clock.timers).toBe(0);
  });

  it('cuts a live line to the terminal width rather than letting it wrap', () => {
    const clock = manualClock();
    const narrow = fakeTerminal(40, 24);
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcdef123456';
    const view = createBatchProgressView(narrow, { NO_COLOR: '1' }, 1, clock);

    view.onRunStart(arn);
    clock.advance(FRAME_MS);

    const screen = narrow.screen();
    expect(screen).toHaveLength(2);
    for (const line of screen) expect(line.length).toBeLessThan(40);
    expect(screen[0]).toMatch(/^ {2}⠙ arn:aws:bedrock\S*… {2}0\/6 probes {2}0\.1 s$/);
  });
});

describe('the probe view off a terminal', () => {
  it('writes one plain line per event, as before, and never starts a timer', () => {
    const clock = manualClock();
    let text = '';
    const view = createProgressView({ write: (chunk: string) => (text += chunk) }, {}, clock);

    for (const event of fullRunEvents().slice(0, 3))
      if (event.type === 'progress') view.update(event);
    view.finish();

    expect(text).toBe(
      '  Starting 6 certification tests\n  basic-completion  running\n  basic-completion  passed    600 ms\n',
    );
    expect(clock.timers).toBe(0);
  });
});
