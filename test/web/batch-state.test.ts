import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BATCH_OUTCOMES,
  batchCounts,
  batchEtaMs,
  batchPhase,
  createBatch,
  itemFor,
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

  it('says it waits while the rate limit refuses the batch request (not "Certifying…"), and for how long', () => {
    // The first request (one item) ran; the second, with the other two, met a 429.
    const state = apply(
      createBatch(ITEMS.slice(0, 3), T0),
      { type: 'sent', key: NOVA },
      { type: 'complete', key: NOVA, status: 'certified', cached: false },
      { type: 'sent', key: SONNET },
      { type: 'sent', key: LLAMA },
      { type: 'waiting', key: SONNET, retryAt: T0 + 40_000 },
      { type: 'waiting', key: LLAMA, retryAt: T0 + 40_000 },
    );
    expect(batchPhase(state)).toBe('waiting');
    expect(nextStartAt(state)).toBe(T0 + 40_000);
    expect(state.items.map((item) => item.sent)).toEqual([true, false, false]);
    const text = batchStatusText(state, T0 + 28_000);
    expect(text).toBe(
      'Waiting for the rate limit: the batch is sent again in 12 s · 1 of 3 finished (1 certified) · 2 to go',
    );
    expect(text).not.toMatch(/Certifying/);
    const sonnet = state.items[1];
    expect(sonnet && batchRowText(sonnet, T0 + 28_000)).toBe('waiting for the rate limit (12 s)');
    // Sent again once the wait is over: queued on the service, then running.
    const again = apply(state, { type: 'sent', key: SONNET }, { type: 'sent', key: LLAMA });
    expect(again.items.map((item) => [item.phase, item.retryAt])).toEqual([
      ['finished', undefined],
      ['queued', undefined],
      ['queued', undefined],
    ]);
    expect(batchPhase(again)).toBe('running');
    expect(batchStatusText(again, T0 + 41_000)).toMatch(
      /^Certifying 3 models: 1 of 3 finished \(1 certified\) · 0 running · 2 queued/,
    );
  });

  it('Stop during a wait says that nothing goes on in the background', () => {
    const state = apply(
      createBatch(ITEMS.slice(0, 3), T0),
      { type: 'sent', key: NOVA },
      { type: 'progress', key: NOVA, current: 0, total: 6 },
      { type: 'complete', key: NOVA, status: 'certified', cached: false },
      { type: 'waiting', key: SONNET, retryAt: T0 + 40_000 },
      { type: 'waiting', key: LLAMA, retryAt: T0 + 40_000 },
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

  it('Stop during runs says which go on in the background (a run that reported progress), which may still start, and which never went out', () => {
    const state = apply(
      createBatch(ITEMS, T0),
      // One request with three items (the fourth would go in a later one).
      { type: 'sent', key: NOVA },
      { type: 'sent', key: SONNET },
      { type: 'sent', key: LLAMA },
      { type: 'progress', key: NOVA, current: 2, total: 6 },
      { type: 'progress', key: LLAMA, current: 0, total: 6 },
      { type: 'stop', at: T0 + 1_000 },
      ...ITEMS.map(({ key }) => ({ type: 'abandoned' as const, key })),
    );
    expect(state.items.map((item) => item.outcome)).toEqual([
      'detached',
      'not-run',
      'detached',
      'not-run',
    ]);
    expect(batchStatusText(state, T0 + 2_000)).toBe(
      "Stopped: 0 of 4 finished. 2 already running go on in the background; their results will be cached and count toward this month's usage. 1 not started yet may still run: the service is not told that the page left. 1 not started.",
    );
    const [nova, sonnet, , broken] = state.items;
    expect(nova && batchRowText(nova, T0)).toBe('still running in the background');
    expect(sonnet && batchRowText(sonnet, T0)).toBe(
      'not started yet (may still run on the service)',
    );
    expect(broken && batchRowText(broken, T0)).toBe('not started');
  });

  it('finds the item a batch event names, by model and Region, the default Region for an item that named none', () => {
    const state = createBatch(
      [
        { key: 'row', target: 'amazon.nova-lite-v1:0' },
        {
          key: 'eu-west-1\nqwen',
          row: 'qwen.qwen3-32b-v1:0',
          target: 'qwen.qwen3-32b-v1:0',
          region: 'eu-west-1',
        },
      ],
      T0,
    );
    expect(itemFor(state, 'amazon.nova-lite-v1:0', 'us-east-1')?.key).toBe('row');
    expect(itemFor(state, 'qwen.qwen3-32b-v1:0', 'eu-west-1')?.key).toBe('eu-west-1\nqwen');
    expect(itemFor(state, 'qwen.qwen3-32b-v1:0', 'us-east-1')).toBeUndefined();
    expect(state.items.map((item) => item.row)).toEqual(['row', 'qwen.qwen3-32b-v1:0']);
    const cell = apply(
      createBatch(state.items.slice(1), T0),
      { type: 'sent', key: 'eu-west-1\nqwen' },
      { type: 'progress', key: 'eu-west-1\nqwen', current: 1, total: 6 },
    );
    expect(batchStatusText(cell, T0)).toBe(
      'Certifying qwen.qwen3-32b-v1:0 in eu-west-1: 1 of 6 probes finished.',
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
      fc.record({ type: fc.constant('sent' as const), key: fc.constantFrom(...keys) }),
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
