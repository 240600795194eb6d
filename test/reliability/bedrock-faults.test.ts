import { beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { TEST_NAMES, type ProgressEvent } from '../../shared/types.js';
import {
  probeCodes,
  ServiceClient,
  terminalEvents,
  waitFor,
  type CertifyOutcome,
} from '../support/service-client.js';
import { eventsOf } from '../support/sse-client.js';
import { StoreInspector } from '../support/store-inspector.js';

/** The core suite's size, from the registry. */
const N = TEST_NAMES.length;

/**
 * Bedrock misbehaving (the simulator's fault models) while clients stream certifications.
 * The deadline is shortened to DEADLINE_MS and binds before the per-probe timeout, so a hung
 * or slow model shows the whole-certification guarantee ("never runs past the deadline")
 * rather than a probe timeout. Time scale 0.2: the slow model's first token comes after ~4 s,
 * well past the deadline, while healthy models answer in a few hundred milliseconds.
 *
 * Nothing here times the machine: "cut off by the deadline" is read from the simulator (calls
 * it saw aborted) and the probe codes (`TIMEOUT`), not from a stopwatch on two busy cores.
 */
const DEADLINE_MS = 2_000;
const HOUR = 3_600;

let stack: LocalStack;
let client: ServiceClient;
let store: StoreInspector;
beforeAll(async () => {
  stack = await startLocalStack({
    timeScale: 0.2,
    env: {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      CERTIFICATION_DEADLINE_MS: String(DEADLINE_MS),
      PROBE_TIMEOUT_MS: '3000',
      KEEPALIVE_INTERVAL_MS: '200',
    },
  });
  client = new ServiceClient(stack.url);
  store = new StoreInspector(stack.dynamo);
  return async () => {
    store.close();
    await stack.close();
  };
});

const every = (code: string) => Object.fromEntries(TEST_NAMES.map((name) => [name, code]));

/** What each model must produce: per-probe codes, Bedrock calls, cache lifetime. */
const CASES: {
  modelId: string;
  status: string;
  codes: Record<string, string>;
  bedrockCalls: number;
  ttlSeconds: number;
  runsToDeadline?: boolean;
}[] = [
  // Three attempts per probe (bounded backoff), then THROTTLED.
  {
    modelId: 'sim.throttled',
    status: 'failed',
    codes: every('THROTTLED'),
    bedrockCalls: 18,
    ttlSeconds: 60,
  },
  // The stream breaks after a few deltas; tool use falls back to Converse (one extra call).
  {
    modelId: 'sim.stream-drop',
    status: 'failed',
    codes: { ...every('passed'), 'streaming-test': 'MODEL_ERROR' },
    bedrockCalls: 7,
    ttlSeconds: 60,
  },
  {
    modelId: 'sim.hang',
    status: 'failed',
    codes: every('TIMEOUT'),
    bedrockCalls: N,
    ttlSeconds: 60,
    runsToDeadline: true,
  },
  {
    modelId: 'sim.slow-first-token',
    status: 'failed',
    codes: every('TIMEOUT'),
    bedrockCalls: N,
    ttlSeconds: 60,
    runsToDeadline: true,
  },
  {
    modelId: 'sim.unavailable',
    status: 'failed',
    codes: every('SERVICE_UNAVAILABLE'),
    bedrockCalls: N,
    ttlSeconds: 60,
  },
  // Contrasts: a model that is wrong (not transient) keeps its verdict an hour, a good one a day.
  {
    modelId: 'sim.wrong-answers',
    status: 'failed',
    codes: every('WRONG_ANSWER'),
    bedrockCalls: N,
    ttlSeconds: HOUR,
  },
  {
    modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
    status: 'certified',
    codes: every('passed'),
    bedrockCalls: N,
    ttlSeconds: 24 * HOUR,
  },
];

describe('Bedrock faults', () => {
  const outcomes = new Map<string, CertifyOutcome>();

  beforeAll(async () => {
    const abortedBefore = stack.simulator.stats.aborted;
    // All at once, as a busy service would see them.
    await Promise.all(
      CASES.map(async ({ modelId }, i) => {
        outcomes.set(modelId, await client.certify('stream', modelId, stack.token(`faults-${i}`)));
      }),
    );
    // Every call of the two models that ran to the deadline was cut off by it, and no other.
    await waitFor(() => stack.simulator.stats.active === 0, 10_000);
    expect(stack.simulator.stats.aborted - abortedBefore).toBe(12);
  });

  it.each(CASES)(
    '$modelId: one terminal event, the expected per-probe codes and Bedrock calls',
    (expected) => {
      const outcome = outcomes.get(expected.modelId) ?? expect.unreachable();
      expect(outcome.status).toBe(200);
      const events = eventsOf(outcome.frames);
      expect(terminalEvents(outcome.frames)).toHaveLength(1);
      expect(events.at(-1)?.type).toBe('complete');
      // The stream stayed alive while nothing happened (keep-alives every 200 ms until the deadline).
      if (expected.runsToDeadline)
        expect(
          outcome.frames.filter((frame) => frame.comment === 'keep-alive').length,
        ).toBeGreaterThanOrEqual(1);

      const progress = events.filter((event): event is ProgressEvent => event.type === 'progress');
      expect(progress.filter((event) => event.status === 'running')).toHaveLength(N);
      expect(
        progress
          .filter((event) => event.status === 'passed' || event.status === 'failed')
          .map((event) => event.current),
      ).toEqual(TEST_NAMES.map((_name, i) => i + 1));

      const certification = outcome.certification ?? expect.unreachable();
      expect(certification.status).toBe(expected.status);
      expect(probeCodes(certification)).toEqual(expected.codes);
      expect(stack.simulator.stats.byModel[expected.modelId]).toBe(expected.bedrockCalls);
    },
  );

  it.each(CASES)(
    '$modelId: cached for $ttlSeconds s (transient failures briefly), and served from the cache',
    async (expected) => {
      const item = (await store.cacheItem(expected.modelId)) ?? expect.unreachable();
      const { certification } = item;
      expect(Date.parse(certification.expiresAt) - Date.parse(certification.certifiedAt)).toBe(
        expected.ttlSeconds * 1000,
      );
      // The table's TTL attribute agrees (epoch seconds, rounded up).
      expect(item.expiresAt).toBe(Math.ceil(Date.parse(certification.expiresAt) / 1000));

      const again = await client.certify(
        'stream',
        expected.modelId,
        stack.token(`again-${expected.modelId}`),
      );
      expect(eventsOf(again.frames)).toEqual([
        { type: 'complete', certification: { ...certification, cached: true } },
      ]);
      expect(stack.simulator.stats.byModel[expected.modelId]).toBe(expected.bedrockCalls);
    },
  );

  it('left nothing running: no Bedrock call in flight, no lease held, no invocation open', async () => {
    expect(stack.simulator.stats.active).toBe(0);
    expect(await store.heldLeases()).toEqual([]);
    await waitFor(() => stack.emulator.stats.busyEnvironments === 0, 10_000);
  });
});
