/**
 * Batches end to end over real HTTP: the local stack (Function URL emulator, the real handler
 * module, the simulator answering per signed Region, dynalite), one `POST /batches` stream read
 * with a deliberately small independent SSE parser.
 */
import { describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/stack.js';
import type {
  BatchEvent,
  BatchItemEvent,
  BatchSummary,
  ErrorBody,
  UsageResponse,
} from '../../shared/types.js';
import { waitFor } from '../support/service-client.js';
import { eventsOf, readFrames } from '../support/sse-client.js';
import { useFixture } from '../support/suite-fixture.js';

const BATCHES = '/api/certification/batches';
const REGIONS = ['us-east-1', 'eu-west-1'];
const QWEN = 'qwen.qwen3-32b-v1:0';
const MISTRAL = 'mistral.mistral-large-3-675b-instruct';
const NOVA_MICRO = 'amazon.nova-micro-v1:0';
/** Retired: Bedrock names it in its end-of-life error. */
const RETIRED = 'anthropic.claude-3-opus-20240229-v1:0';

/**
 * A local stack for one describe. Every setting a describe here changes is named, empty (unset)
 * unless given: a stack's configuration goes through `process.env`, where the stack before it
 * left its own.
 */
function startStack(
  env: Record<string, string> = {},
  options: Omit<LocalStackOptions, 'env' | 'bedrock'> = {},
): LocalStack {
  return useFixture(
    () =>
      startLocalStack({
        ...options,
        env: {
          POWERTOOLS_LOG_LEVEL: 'SILENT',
          CERTIFICATION_DEADLINE_MS: '5000',
          PROBE_TIMEOUT_MS: '3000',
          KEEPALIVE_INTERVAL_MS: '200',
          CERTIFICATION_REGIONS: REGIONS.join(','),
          RATE_LIMIT_PER_MINUTE: '',
          MONTHLY_CERTIFICATION_QUOTA: '',
          BATCH_CONCURRENCY: '',
          ...env,
        },
      }),
    (stack) => stack.close(),
  );
}

function postBatch(stack: LocalStack, body: unknown, sub: string, signal?: AbortSignal) {
  return fetch(`${stack.url}${BATCHES}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.token(sub)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}

async function batch(stack: LocalStack, body: unknown, sub: string): Promise<BatchEvent[]> {
  const response = await postBatch(stack, body, sub);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  return eventsOf(await readFrames(response)) as unknown as BatchEvent[];
}

async function usageOf(stack: LocalStack, sub: string): Promise<UsageResponse> {
  const response = await fetch(`${stack.url}/api/certification/usage`, {
    headers: { authorization: `Bearer ${stack.token(sub)}` },
  });
  return (await response.json()) as UsageResponse;
}

const itemEvents = (events: BatchEvent[]) =>
  events.filter((event): event is BatchItemEvent => event.type !== 'batch-complete');
const terminalsOf = (events: BatchEvent[], modelId: string, region: string) =>
  itemEvents(events).filter(
    (event) =>
      event.modelId === modelId &&
      event.region === region &&
      (event.type === 'complete' || event.type === 'error'),
  );
const summaryOf = (events: BatchEvent[]): BatchSummary => {
  const last = events.at(-1);
  if (last?.type !== 'batch-complete') throw new Error(`ended with ${JSON.stringify(last)}`);
  return last.summary;
};

describe('POST /batches', () => {
  const stack = startStack({ RATE_LIMIT_PER_MINUTE: '2' });

  it('streams every item tagged with its model and Region, each its own progress then one terminal event, and one batch-complete at the end', async () => {
    const items = [
      { modelId: QWEN },
      { modelId: QWEN, region: 'eu-west-1' },
      { modelId: NOVA_MICRO, region: 'us-east-1' },
      { modelId: RETIRED },
    ];
    const events = await batch(stack, { items }, 'ada');
    expect(events.filter((event) => event.type === 'batch-complete')).toHaveLength(1);
    expect(summaryOf(events)).toEqual({
      certified: 3,
      failed: 0,
      // Claude 3 Opus has reached end of life.
      unavailable: 1,
      cached: 0,
      errors: 0,
    });
    for (const event of itemEvents(events)) {
      expect(typeof event.modelId).toBe('string');
      expect(REGIONS).toContain(event.region);
    }
    for (const { modelId, region = 'us-east-1' } of items) {
      const own = itemEvents(events).filter(
        (event) => event.modelId === modelId && event.region === region,
      );
      // The single stream's sequence: the opening progress first, the terminal event last.
      expect(own[0]).toMatchObject({ type: 'progress', current: 0, total: 6 });
      expect(own.at(-1)).toMatchObject({
        type: 'complete',
        certification: { modelId, region },
      });
      expect(terminalsOf(events, modelId, region)).toHaveLength(1);
    }
    // Each item that ran is metered, one run each.
    expect((await usageOf(stack, 'ada')).certifications).toBe(4);
  });

  it('answers cached items from the cache, free, and counts the whole batch as one request against the rate limit', async () => {
    // The limit is 2 per minute: the batch above was one, this is the second.
    const events = await batch(
      stack,
      { items: [{ modelId: QWEN }, { modelId: QWEN, region: 'eu-west-1' }, { modelId: MISTRAL }] },
      'ada',
    );
    expect(summaryOf(events)).toEqual({
      certified: 3,
      failed: 0,
      unavailable: 0,
      cached: 2,
      errors: 0,
    });
    const cached = itemEvents(events).filter(
      (event) => event.type === 'complete' && event.certification.cached,
    );
    expect(cached.map((event) => [event.modelId, event.region])).toEqual(
      expect.arrayContaining([
        [QWEN, 'us-east-1'],
        [QWEN, 'eu-west-1'],
      ]),
    );
    // A cached answer has no progress, as on the single stream.
    expect(
      itemEvents(events).filter((event) => event.modelId === QWEN && event.type === 'progress'),
    ).toEqual([]);
    expect((await usageOf(stack, 'ada')).certifications).toBe(5);

    const third = await postBatch(stack, { items: [{ modelId: QWEN }] }, 'ada');
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await third.json()) as ErrorBody).error.code).toBe('RATE_LIMITED');
  });

  it.each([
    ['no items', { items: [] }, 'INVALID_REQUEST', /items must be a list of 1 to 50/],
    [
      'more than 50 items',
      { items: Array.from({ length: 51 }, (_, i) => ({ modelId: `amazon.model-${i}-v1:0` })) },
      'INVALID_REQUEST',
      /1 to 50/,
    ],
    [
      'a repeated item',
      { items: [{ modelId: QWEN }, { modelId: MISTRAL }, { modelId: QWEN, region: 'us-east-1' }] },
      'INVALID_REQUEST',
      /^items\[2\]: repeats items\[0\]/,
    ],
    [
      'an unknown field',
      { items: [{ modelId: QWEN }], priority: 'high' },
      'INVALID_REQUEST',
      /Unknown field "priority"/,
    ],
    [
      'an unknown item field',
      { items: [{ modelId: QWEN }, { modelId: MISTRAL, fresh: true }] },
      'INVALID_REQUEST',
      /^items\[1\]: unknown field "fresh"/,
    ],
    [
      'a bad model id',
      { items: [{ modelId: QWEN }, { modelId: 'not a model' }] },
      'INVALID_REQUEST',
      /^items\[1\]: modelId must be a Bedrock model id/,
    ],
    [
      'a provisioned model ARN',
      {
        items: [
          {
            modelId: 'arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123def456',
          },
        ],
      },
      'INVALID_REQUEST',
      /^items\[0\]: Provisioned Throughput ARNs cannot be certified/,
    ],
    [
      'a Region it does not list',
      { items: [{ modelId: QWEN }, { modelId: QWEN, region: 'ap-south-1' }] },
      'UNSUPPORTED_REGION',
      /^items\[1\]\.region: This service certifies in us-east-1, eu-west-1/,
    ],
    ['a bad suite', { items: [{ modelId: QWEN }], suite: 'all' }, 'INVALID_REQUEST', /suite/],
  ])(
    'refuses %s with one 400 naming the problem, before anything runs or counts',
    async (_, body, code, message) => {
      stack.simulator.resetStats();
      const response = await postBatch(stack, body, 'grace');
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as ErrorBody;
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
      expect(stack.simulator.stats.requests).toBe(0);
      expect((await usageOf(stack, 'grace')).certifications).toBe(0);
    },
  );

  it('takes no rate-limit slot for a refused body', async () => {
    // grace sent nine bad bodies above; a limit of 2 would have refused this one.
    const events = await batch(stack, { items: [{ modelId: NOVA_MICRO }] }, 'grace');
    expect(summaryOf(events).certified).toBe(1);
  });
});

describe('POST /batches with a monthly quota', () => {
  const stack = startStack({ MONTHLY_CERTIFICATION_QUOTA: '2' });

  it('meters each item that runs; at quota the rest get QUOTA_EXCEEDED, cached items stay free', async () => {
    const items = [QWEN, MISTRAL, NOVA_MICRO, 'amazon.nova-pro-v1:0'].map((modelId) => ({
      modelId,
    }));
    const events = await batch(stack, { items }, 'lin');
    expect(summaryOf(events)).toMatchObject({ certified: 2, errors: 2 });
    const errors = itemEvents(events).filter((event) => event.type === 'error');
    expect(errors).toHaveLength(2);
    for (const error of errors) expect(error).toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect((await usageOf(stack, 'lin')).quota).toMatchObject({ limit: 2, used: 2, remaining: 0 });

    const certified = itemEvents(events).flatMap((event) =>
      event.type === 'complete' ? [{ modelId: event.modelId }] : [],
    );
    const again = await batch(stack, { items: certified }, 'lin');
    expect(summaryOf(again)).toEqual({
      certified: 2,
      failed: 0,
      unavailable: 0,
      cached: 2,
      errors: 0,
    });
  });
});

describe('POST /batches past its time budget', () => {
  // 3 s deadline + 15 s request margin + 5 s to finish: an item needs 23 s left to start.
  const stack = startStack(
    { CERTIFICATION_DEADLINE_MS: '3000', PROBE_TIMEOUT_MS: '20000', BATCH_CONCURRENCY: '1' },
    { emulator: { timeoutMs: 24_500 } },
  );

  it('ends the items it could not start with an error saying so, and still ends with batch-complete', async () => {
    // The first item hangs to its deadline (3 s), leaving too little for another.
    const hang = 'arn:aws:bedrock:us-east-1:000000000001:foundation-model/sim.hang';
    const events = await batch(
      stack,
      { items: [{ modelId: hang }, { modelId: QWEN }, { modelId: MISTRAL }] },
      'kim',
    );
    expect(terminalsOf(events, hang, 'us-east-1')).toMatchObject([
      { type: 'complete', certification: { status: 'failed' } },
    ]);
    for (const modelId of [QWEN, MISTRAL])
      expect(terminalsOf(events, modelId, 'us-east-1')).toEqual([
        expect.objectContaining({
          type: 'error',
          code: 'TIME_BUDGET_EXCEEDED',
          message: expect.stringMatching(/^Not started: the batch ran out of time/) as unknown,
        }),
      ]);
    expect(summaryOf(events)).toMatchObject({ failed: 1, errors: 2 });
    expect(stack.simulator.stats.byModel[QWEN]).toBeUndefined();
  });
});

describe('POST /batches when the client hangs up', () => {
  // Told of the disconnect (AWS never tells a function): the batch starts nothing more.
  const stack = startStack(
    { CERTIFICATION_DEADLINE_MS: '20000', PROBE_TIMEOUT_MS: '15000', BATCH_CONCURRENCY: '2' },
    { timeScale: 0.5, emulator: { destroyStreamOnDisconnect: true } },
  );

  it('finishes, caches and meters the items already running, starts no other, and charges nothing twice', async () => {
    const items = [QWEN, MISTRAL, NOVA_MICRO, 'amazon.nova-pro-v1:0'].map((modelId) => ({
      modelId,
    }));
    const leave = new AbortController();
    const response = await postBatch(stack, { items }, 'max', leave.signal);
    expect(response.status).toBe(200);
    const started = new Set<string>();
    await readFrames(response, (frame) => {
      const event = frame.event as BatchItemEvent | undefined;
      if (event?.type === 'progress') started.add(event.modelId);
      // Both running items have begun: leave.
      if (started.size === 2) leave.abort();
    }).catch(() => undefined);
    expect([...started].sort()).toEqual([MISTRAL, QWEN]);

    await waitFor(
      async () =>
        (await usageOf(stack, 'max')).certifications === 2 && stack.simulator.stats.active === 0,
      20_000,
      50,
    );
    expect(Object.keys(stack.simulator.stats.byModel).sort()).toEqual([MISTRAL, QWEN]);
    // The two that ran are cached: a new batch answers them from the cache and runs the others.
    const events = await batch(stack, { items }, 'max');
    expect(summaryOf(events)).toMatchObject({ certified: 4, cached: 2 });
    const cached = itemEvents(events)
      .filter((event) => event.type === 'complete' && event.certification.cached)
      .map((event) => event.modelId);
    expect(cached.sort()).toEqual([MISTRAL, QWEN]);
    expect((await usageOf(stack, 'max')).certifications).toBe(4);
  });
});
