import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BATCH_OUTCOMES,
  batchCounts,
  batchEtaMs,
  batchPhase,
  createBatch,
  nextStartAt,
  reduceBatch,
  type BatchEvent,
  type BatchState,
} from '../../web/batch-state.js';
import { batchRowText, batchStatusText } from '../../web/messages.js';

const T0 = Date.parse('2026-11-24T12:00:00Z');
const ITEMS = [
  { key: 'amazon.nova-lite-v1:0', target: 'amazon.nova-lite-v1:0' },
  {
    key: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    target: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  },
  { key: 'meta.llama3-3-70b-instruct-v1:0', target: 'us.meta.llama3-3-70b-instruct-v1:0' },
  { key: 'acme.broken-v1:0', target: 'acme.broken-v1:0' },
];
const [NOVA, SONNET, LLAMA, BROKEN] = ITEMS.map((item) => item.key) as [
  string,
  string,
  string,
  string,
];

const apply = (state: BatchState, ...events: BatchEvent[]): BatchState =>
  events.reduce(reduceBatch, state);

/** Freezes a state deeply, so a reducer that mutated it would throw. */
function frozen(state: BatchState): BatchState {
  for (const item of state.items) Object.freeze(item);
  Object.freeze(state.items);
  return Object.freeze(state);
}

describe('batch state', () => {
  it('starts with every item queued, each row once', () => {
    const state = createBatch([...ITEMS, ITEMS[0] as (typeof ITEMS)[0]], T0);
    expect(state.items.map((item) => [item.key, item.phase])).toEqual(
      ITEMS.map((item) => [item.key, 'queued']),
    );
    expect(batchCounts(state)).toMatchObject({ total: 4, queued: 4, finished: 0, answered: 0 });
    expect(batchPhase(state)).toBe('running');
    expect(batchStatusText(state, T0)).toBe('Certifying 4 models…');
  });

  it('counts each item by its real outcome: a failed model is failed, not certified', () => {
    const state = apply(
      frozen(createBatch(ITEMS, T0)),
      { type: 'running', key: NOVA },
      { type: 'complete', key: NOVA, status: 'certified', cached: false },
      { type: 'running', key: SONNET },
      { type: 'complete', key: SONNET, status: 'failed', cached: false },
      { type: 'running', key: LLAMA },
      { type: 'complete', key: LLAMA, status: 'unavailable', cached: true },
      { type: 'running', key: BROKEN },
      { type: 'error', key: BROKEN, reason: 'Service unavailable (SERVICE_UNAVAILABLE)' },
    );
    expect(batchCounts(state)).toMatchObject({
      total: 4,
      finished: 4,
      answered: 4,
      certified: 1,
      failed: 1,
      unavailable: 0,
      cached: 1,
      error: 1,
    });
    expect(batchPhase(state)).toBe('ended');
    expect(batchStatusText(state, T0 + 60_000)).toBe(
      'Done: 1 certified, 1 failed, 1 from the cache, 1 could not be certified (acme.broken-v1:0: Service unavailable (SERVICE_UNAVAILABLE)).',
    );
  });

  it('says it waits during a rate-limit wait (not "Certifying…"), with the time until the next start', () => {
    const state = apply(
      createBatch(ITEMS.slice(0, 3), T0),
      { type: 'running', key: NOVA },
      { type: 'complete', key: NOVA, status: 'certified', cached: false },
      { type: 'running', key: SONNET },
      { type: 'waiting', key: SONNET, retryAt: T0 + 40_000 },
      { type: 'waiting', key: LLAMA, retryAt: T0 + 40_000 },
    );
    expect(batchPhase(state)).toBe('waiting');
    expect(nextStartAt(state)).toBe(T0 + 40_000);
    const text = batchStatusText(state, T0 + 28_000);
    expect(text).toBe(
      'Waiting for the rate limit: the next model starts in 12 s · 1 of 3 finished (1 certified) · 2 to go',
    );
    expect(text).not.toMatch(/Certifying/);
    const sonnet = state.items[1];
    expect(sonnet && batchRowText(sonnet, T0 + 28_000)).toBe('waiting for the rate limit (12 s)');
    // Back to running once the wait is over.
    expect(batchPhase(apply(state, { type: 'running', key: SONNET }))).toBe('running');
  });

  it('Stop during a wait says that nothing goes on in the background', () => {
    const state = apply(
      createBatch(ITEMS.slice(0, 3), T0),
      { type: 'running', key: NOVA },
      { type: 'progress', key: NOVA, current: 0, total: 6 },
      { type: 'complete', key: NOVA, status: 'certified', cached: false },
      { type: 'running', key: SONNET },
      { type: 'waiting', key: SONNET, retryAt: T0 + 40_000 },
      { type: 'stop', at: T0 + 5_000 },
    );
    expect(batchPhase(state)).toBe('stopping');
    const ended = apply(
      state,
      { type: 'abandoned', key: SONNET },
      { type: 'abandoned', key: LLAMA },
    );
    expect(batchCounts(ended)).toMatchObject({ detached: 0, 'not-run': 2, certified: 1 });
    expect(batchStatusText(ended, T0 + 6_000)).toBe(
      'Stopped: 1 of 3 finished (1 certified). Nothing was running, so nothing goes on in the background. 2 not started.',
    );
  });

  it('Stop during runs says which go on in the background (a run that reported progress) and which never started', () => {
    const state = apply(
      createBatch(ITEMS.slice(0, 3), T0),
      { type: 'running', key: NOVA },
      { type: 'progress', key: NOVA, current: 2, total: 6 },
      // Sent, but no event yet: it is not known to run, so it is not claimed to go on.
      { type: 'running', key: SONNET },
      { type: 'stop', at: T0 + 1_000 },
      { type: 'abandoned', key: NOVA },
      { type: 'abandoned', key: SONNET },
      { type: 'abandoned', key: LLAMA },
    );
    expect(state.items.map((item) => item.outcome)).toEqual(['detached', 'not-run', 'not-run']);
    expect(batchStatusText(state, T0 + 2_000)).toBe(
      'Stopped: 0 of 3 finished. 1 already running goes on in the background; its result will be cached. 2 not started.',
    );
    expect(state.items[0] && batchRowText(state.items[0], T0)).toBe(
      'still running in the background',
    );
  });

  it('a halt (quota, rejected token) ends early and says so', () => {
    const state = apply(
      createBatch(ITEMS.slice(0, 3), T0),
      { type: 'running', key: NOVA },
      { type: 'error', key: NOVA, reason: 'Monthly quota used up (429)' },
      { type: 'halt', reason: 'Monthly quota used up (429)' },
      { type: 'abandoned', key: SONNET },
      { type: 'abandoned', key: LLAMA },
    );
    expect(batchStatusText(state, T0)).toBe(
      'Stopped early (Monthly quota used up (429)): 1 of 3 finished (1 could not be certified). 2 not started.',
    );
  });

  it('a finished item keeps its outcome whatever arrives later', () => {
    const done = apply(createBatch(ITEMS.slice(0, 1), T0), {
      type: 'complete',
      key: NOVA,
      status: 'failed',
      cached: false,
    });
    for (const late of [
      { type: 'complete', key: NOVA, status: 'certified', cached: false },
      { type: 'error', key: NOVA, reason: 'x' },
      { type: 'abandoned', key: NOVA },
      { type: 'progress', key: NOVA, current: 1, total: 6 },
      { type: 'running', key: 'not-in-the-batch' },
    ] satisfies BatchEvent[])
      expect(reduceBatch(done, late)).toBe(done);
  });

  it('one model: the line names it and its probes', () => {
    const state = apply(
      createBatch(ITEMS.slice(1, 2), T0),
      { type: 'running', key: SONNET },
      { type: 'progress', key: SONNET, current: 3, total: 6 },
    );
    expect(batchStatusText(state, T0)).toBe(
      'Certifying us.anthropic.claude-sonnet-4-5-20250929-v1:0: 3 of 6 probes finished.',
    );
    expect(state.items[0] && batchRowText(state.items[0], T0)).toBe('running 3/6');
    expect(
      batchStatusText(
        apply(state, { type: 'complete', key: SONNET, status: 'certified', cached: false }),
        T0,
      ),
    ).toBe('Done: 1 certified.');
  });

  it('estimates the time left from the pace of the items answered so far', () => {
    const start = createBatch(ITEMS, T0);
    expect(batchEtaMs(start, T0 + 10_000)).toBeUndefined();
    const state = apply(
      start,
      { type: 'running', key: NOVA },
      { type: 'complete', key: NOVA, status: 'certified', cached: false },
      { type: 'running', key: SONNET },
    );
    // One answered in 20 s, three left.
    expect(batchEtaMs(state, T0 + 20_000)).toBe(60_000);
    expect(batchStatusText(state, T0 + 20_000)).toBe(
      'Certifying 4 models: 1 of 4 finished (1 certified) · 1 running · 2 queued · about 1 min left',
    );
  });

  it('every count adds up, whatever the runner reports in whatever order', () => {
    const keys = ITEMS.map((item) => item.key);
    const event = fc.oneof(
      fc.record({ type: fc.constant('running' as const), key: fc.constantFrom(...keys) }),
      fc.record({
        type: fc.constant('progress' as const),
        key: fc.constantFrom(...keys),
        current: fc.nat(6),
        total: fc.constant(6),
      }),
      fc.record({
        type: fc.constant('waiting' as const),
        key: fc.constantFrom(...keys),
        retryAt: fc.integer({ min: T0, max: T0 + 60_000 }),
      }),
      fc.record({
        type: fc.constant('complete' as const),
        key: fc.constantFrom(...keys),
        status: fc.constantFrom('certified', 'failed', 'unavailable', 'something-new'),
        cached: fc.boolean(),
      }),
      fc.record({
        type: fc.constant('error' as const),
        key: fc.constantFrom(...keys),
        reason: fc.string(),
      }),
      fc.record({ type: fc.constant('abandoned' as const), key: fc.constantFrom(...keys) }),
      fc.record({ type: fc.constant('stop' as const), at: fc.constant(T0 + 1) }),
      fc.record({ type: fc.constant('halt' as const), reason: fc.string() }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        let state = frozen(createBatch(ITEMS, T0));
        for (const next of events) state = frozen(reduceBatch(state, next));
        const counts = batchCounts(state);
        expect(counts.queued + counts.running + counts.waiting + counts.finished).toBe(4);
        expect(BATCH_OUTCOMES.reduce((sum, outcome) => sum + counts[outcome], 0)).toBe(
          counts.finished,
        );
        expect(counts.answered).toBe(
          counts.certified + counts.failed + counts.unavailable + counts.cached + counts.error,
        );
        expect(batchPhase(state) === 'ended').toBe(counts.finished === 4);
        expect(batchStatusText(state, T0 + 30_000)).not.toBe('');
      }),
    );
  });
});
