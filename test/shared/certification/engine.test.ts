import {
  AccessDeniedException,
  ResourceNotFoundException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import {
  certifyModel,
  type CertificationDraft,
  type CertifyModelOptions,
} from '../../../shared/certification/engine.js';
import { DEFAULT_PROBES } from '../../../shared/certification/probes/index.js';
import {
  TEST_NAMES,
  type ProbeErrorCode,
  type ProgressEvent,
  type TestName,
} from '../../../shared/types.js';
import {
  FakeConverseClient,
  never,
  obedientModel,
  textReply,
  textStream,
  type FakeCall,
  type FakeReply,
} from './fake-converse-client.js';

/** The core suite's size, from the registry. */
const N = TEST_NAMES.length;

const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';

function certify(
  fake: FakeConverseClient,
  options: Partial<CertifyModelOptions> = {},
  modelId = MODEL,
): Promise<CertificationDraft> {
  return certifyModel(modelId, {
    bedrock: fake,
    region: 'us-east-1',
    retry: { sleep: () => Promise.resolve() },
    ...options,
  });
}

/** A handler whose answers wait until the test releases them, per probe. */
function gated(): {
  handler: (call: FakeCall) => Promise<FakeReply>;
  release: (probe: TestName) => void;
} {
  const gates = new Map<TestName, () => void>();
  const opened = new Set<TestName>();
  return {
    handler: async (call) => {
      if (!opened.has(call.probe))
        await new Promise<void>((resolve) => gates.set(call.probe, resolve));
      return obedientModel(call);
    },
    release: (probe) => {
      opened.add(probe);
      gates.get(probe)?.();
    },
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('concurrency and progress', () => {
  it('has all six probes in flight at once', async () => {
    const { handler, release } = gated();
    const fake = new FakeConverseClient(handler);
    const pending = certify(fake);
    await fake.waitForCalls(N);
    expect(fake.active).toBe(N);
    for (const name of TEST_NAMES) release(name);
    await pending;
    expect(fake.maxActive).toBe(N);
    expect(fake.active).toBe(0);
  });

  it('emits the opening event, six running events, then finished events in finishing order; results stay in suite order', async () => {
    const { handler, release } = gated();
    const fake = new FakeConverseClient(handler);
    const events: ProgressEvent[] = [];
    let now = 0;
    const pending = certify(fake, {
      onProgress: (event) => events.push(event),
      clock: { now: () => now },
    });
    await fake.waitForCalls(N);
    const finishingOrder: TestName[] = [
      'json-output',
      'basic-completion',
      'tool-use',
      'multi-turn',
      'streaming-test',
      'system-prompt',
    ];
    for (const name of finishingOrder) {
      now += 100;
      release(name);
      await tick();
    }
    const certification = await pending;

    expect(events).toEqual([
      { type: 'progress', current: 0, total: N, message: `Starting ${N} certification tests` },
      ...TEST_NAMES.map((testName) => ({
        type: 'progress',
        current: 0,
        total: N,
        testName,
        status: 'running',
      })),
      ...finishingOrder.map((testName, i) => ({
        type: 'progress',
        current: i + 1,
        total: N,
        testName,
        status: 'passed',
        latencyMs: (i + 1) * 100,
      })),
    ]);
    expect(certification.results.map((r) => r.testName)).toEqual([...TEST_NAMES]);
    expect(certification.results.map((r) => r.latencyMs)).toEqual([200, 500, 600, 400, 300, 100]);
    expect(certification.avgLatencyMs).toBe(350);
  });

  it('runs the suite it is given, and credits only the capabilities its probes prove', async () => {
    // Prepare
    const suite = DEFAULT_PROBES.filter(
      (probe) => probe.testName === 'basic-completion' || probe.testName === 'tool-use',
    );
    const fake = new FakeConverseClient();
    const events: ProgressEvent[] = [];
    // Act
    const certification = await certify(fake, {
      probes: suite,
      onProgress: (event) => events.push(event),
    });
    // Assess
    expect(events[0]).toEqual({
      type: 'progress',
      current: 0,
      total: 2,
      message: 'Starting 2 certification tests',
    });
    expect(events.map((event) => event.total)).toEqual(events.map(() => 2));
    expect(new Set(fake.calls.map((call) => call.probe))).toEqual(
      new Set(['basic-completion', 'tool-use']),
    );
    expect(certification.results.map((r) => [r.testName, r.status])).toEqual([
      ['basic-completion', 'passed'],
      ['tool-use', 'passed'],
    ]);
    expect(certification).toMatchObject({ status: 'certified', testsPassed: 2, ttftMs: null });
    // A capability whose probe did not run is not determined: null, never "unsupported".
    expect(certification.capabilities).toEqual({
      streaming: null,
      systemPrompt: null,
      toolUse: true,
      streamingToolUse: true,
      jsonOutput: null,
      multiTurn: null,
    });
  });

  it('keeps going when a progress listener throws', async () => {
    const certification = await certify(new FakeConverseClient(), {
      onProgress: () => {
        throw new Error('listener bug');
      },
    });
    expect(certification.status).toBe('certified');
  });
});

describe('the certification object', () => {
  it('summarises a certified model: rates, usage, cost, capabilities and time, and leaves expiry to the service', async () => {
    const now = Date.parse('2026-11-24T12:00:00.000Z');
    const certification = await certify(new FakeConverseClient(), { clock: { now: () => now } });
    expect(certification).toMatchObject({
      modelId: MODEL,
      region: 'us-east-1',
      status: 'certified',
      isCertified: true,
      isAvailable: true,
      testsPassed: N,
      testsFailed: 0,
      successRate: 100,
      avgLatencyMs: 0,
      certifiedAt: '2026-11-24T12:00:00.000Z',
      capabilities: {
        streaming: true,
        systemPrompt: true,
        toolUse: true,
        streamingToolUse: true,
        jsonOutput: true,
        multiTurn: true,
      },
    });
    expect(certification.diagnosis).toBeUndefined();
    // How long it may be cached is the service's decision (shared/service/expiry-policy.ts).
    expect(certification).not.toHaveProperty('expiresAt');
    expect(certification).not.toHaveProperty('cached');
    for (const r of certification.results)
      expect(r.usage?.totalTokens, r.testName).toBeGreaterThan(0);
    const sum = (key: 'inputTokens' | 'outputTokens' | 'totalTokens'): number =>
      certification.results.reduce((total, r) => total + (r.usage?.[key] ?? 0), 0);
    expect(certification.usage).toEqual({
      inputTokens: sum('inputTokens'),
      outputTokens: sum('outputTokens'),
      totalTokens: sum('totalTokens'),
    });
    const expectedCost =
      (certification.usage.inputTokens * 3 + certification.usage.outputTokens * 15) / 1e6;
    expect(certification.estimatedCostUsd).toBeCloseTo(expectedCost, 8);
  });

  it('reports estimatedCostUsd as null for an unpriced model', async () => {
    const fake = new FakeConverseClient((call) =>
      call.probe === 'json-output' ? textReply('no') : obedientModel(call),
    );
    const certification = await certify(fake, {}, 'acme.unpriced-v1:0');
    expect(certification.status).toBe('failed');
    expect(certification.estimatedCostUsd).toBeNull();
  });
});

const unavailable: readonly { code: ProbeErrorCode; error: () => Error }[] = [
  {
    code: 'ACCESS_DENIED',
    error: () =>
      new AccessDeniedException({
        message: "You don't have access to the model with the specified model ID.",
        $metadata: {},
      }),
  },
  {
    code: 'INFERENCE_PROFILE_REQUIRED',
    error: () =>
      new ValidationException({
        message: `Invocation of model ID ${MODEL} with on-demand throughput isn\u2019t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
        $metadata: {},
      }),
  },
  {
    code: 'INVALID_MODEL_ID',
    error: () =>
      new ValidationException({
        message: 'The provided model identifier is invalid.',
        $metadata: {},
      }),
  },
  {
    code: 'MODEL_END_OF_LIFE',
    error: () =>
      new ResourceNotFoundException({
        message: 'This model version has reached the end of its life.',
        $metadata: {},
      }),
  },
];

describe('a model that cannot be invoked', () => {
  it.each(unavailable)(
    '$code on one probe cancels the others at once and reports them with the same code',
    async ({ code, error }) => {
      // The first probe fails at once; the others would hang until the (long) deadline.
      const fake = new FakeConverseClient(async (call) => {
        if (call.probe === 'basic-completion') {
          await tick();
          throw error();
        }
        return never();
      });
      const events: ProgressEvent[] = [];
      const certification = await certify(fake, {
        deadlineMs: 20_000,
        onProgress: (event) => events.push(event),
      });

      expect(certification.status).toBe('unavailable');
      expect(certification.isAvailable).toBe(false);
      expect(certification.isCertified).toBe(false);
      expect(certification.results.map((r) => r.error?.code)).toEqual(TEST_NAMES.map(() => code));
      const root = certification.results[0]?.error?.message ?? '';
      for (const r of certification.results.slice(1)) {
        expect(r.error?.message).toBe(`Not completed because the model cannot be invoked: ${root}`);
      }
      expect(fake.aborted).toBe(5);
      expect(
        fake.calls
          .filter((call) => call.probe !== 'basic-completion')
          .every((call) => call.signal?.aborted),
      ).toBe(true);
      expect(certification.diagnosis).toHaveLength(1);
      expect(certification.diagnosis?.[0]).toMatchObject({ code, tests: [...TEST_NAMES] });
      // The root failure is reported first, then the cancelled ones.
      expect(events.filter((e) => e.status === 'failed').map((e) => e.testName)[0]).toBe(
        'basic-completion',
      );
      expect(events.at(-1)).toMatchObject({ current: N, status: 'failed' });
    },
  );

  it('names the inference profile to use in the diagnosis', async () => {
    const fake = new FakeConverseClient(() => {
      throw unavailable[1]!.error();
    });
    const certification = await certify(fake, {}, 'meta.llama3-2-11b-instruct-v1:0');
    expect(certification.diagnosis?.[0]?.hint).toContain('us.meta.llama3-2-11b-instruct-v1:0');
    // The same ids, structured, so a page can offer them as one-click actions.
    expect(certification.diagnosis?.[0]?.suggestedModelIds).toEqual([
      'us.meta.llama3-2-11b-instruct-v1:0',
      'global.meta.llama3-2-11b-instruct-v1:0',
    ]);
  });
});

describe('throttling', () => {
  const throttled = (): ThrottlingException =>
    new ThrottlingException({
      message: 'Too many requests, please wait before trying again.',
      $metadata: {},
    });

  it('retries a bounded number of times with backoff, then reports THROTTLED', async () => {
    const fake = new FakeConverseClient(() => {
      throw throttled();
    });
    const delays: number[] = [];
    const certification = await certify(fake, {
      retry: {
        maxAttempts: 3,
        baseDelayMs: 100,
        random: () => 0.5,
        sleep: (ms) => {
          delays.push(ms);
          return Promise.resolve();
        },
      },
    });
    expect(certification.status).toBe('failed');
    expect(certification.isAvailable).toBe(true);
    expect(certification.results.map((r) => r.error?.code)).toEqual(
      TEST_NAMES.map(() => 'THROTTLED'),
    );
    expect(certification.results[0]?.error?.message).toMatch(/Gave up after 3 attempts\.$/);
    expect(fake.calls).toHaveLength(3 * N);
    expect(delays.sort((a, b) => a - b)).toEqual([
      ...Array<number>(N).fill(50),
      ...Array<number>(N).fill(100),
    ]);
  });

  it('passes when throttling clears within the retries', async () => {
    const failures = new Map<string, number>();
    const fake = new FakeConverseClient((call) => {
      const seen = failures.get(call.probe) ?? 0;
      if (seen < 2) {
        failures.set(call.probe, seen + 1);
        throw throttled();
      }
      return obedientModel(call);
    });
    const certification = await certify(fake);
    expect(certification.status).toBe('certified');
    expect(fake.calls).toHaveLength(3 * N);
  });
});

describe('timeouts', () => {
  it('fails every probe with TIMEOUT at the certification deadline and aborts their calls', async () => {
    const fake = new FakeConverseClient(never);
    const certification = await certify(fake, { deadlineMs: 50 });
    expect(certification.status).toBe('failed');
    expect(certification.results.map((r) => r.error)).toEqual(
      TEST_NAMES.map(() => ({
        code: 'TIMEOUT',
        message: 'Not completed within the 0.05 s certification deadline.',
      })),
    );
    expect(fake.calls.every((call) => call.signal?.aborted)).toBe(true);
    expect(fake.active).toBe(0);
  });

  it('ends at the deadline even with a client that ignores its abort signal', async () => {
    const fake = new FakeConverseClient(never);
    fake.ignoreAbort = true;
    const certification = await certify(fake, { deadlineMs: 50 });
    expect(certification.results.every((r) => r.error?.code === 'TIMEOUT')).toBe(true);
  });

  it('fails only the slow probe with TIMEOUT at the probe timeout', async () => {
    const fake = new FakeConverseClient((call) =>
      call.probe === 'multi-turn' ? never() : obedientModel(call),
    );
    const certification = await certify(fake, { probeTimeoutMs: 40, deadlineMs: 10_000 });
    expect(certification.results.filter((r) => r.status === 'failed')).toEqual([
      expect.objectContaining({
        testName: 'multi-turn',
        error: { code: 'TIMEOUT', message: 'No complete answer within the 0.04 s test timeout.' },
      }),
    ]);
    expect(certification.diagnosis).toEqual([
      expect.objectContaining({ code: 'TIMEOUT', tests: ['multi-turn'] }),
    ]);
  });

  it('times out a stream that stops sending events', async () => {
    async function* stalls(nonce: string) {
      yield* textStream(nonce).slice(0, 2);
      await never();
    }
    const fake = new FakeConverseClient((call) =>
      call.probe === 'streaming-test' ? { events: stalls(call.nonce) } : obedientModel(call),
    );
    const certification = await certify(fake, { probeTimeoutMs: 40 });
    expect(certification.results[1]).toMatchObject({
      testName: 'streaming-test',
      status: 'failed',
      error: { code: 'TIMEOUT' },
    });
  });

  it('leaves no timer behind', async () => {
    const timers = (): number =>
      process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    await tick();
    const before = timers();
    // A leak would leave a (60 s deadline or 30 s probe) timer per run behind.
    for (let i = 0; i < 3; i++) {
      await certify(new FakeConverseClient());
      await certify(new FakeConverseClient(never), { deadlineMs: 20 });
    }
    expect(timers()).toBeLessThanOrEqual(before);
  });
});

describe('caller abort', () => {
  it('aborts every in-flight call at once and rejects with the abort reason, without further progress', async () => {
    const fake = new FakeConverseClient(never);
    const controller = new AbortController();
    const events: ProgressEvent[] = [];
    const pending = certify(fake, {
      signal: controller.signal,
      deadlineMs: 20_000,
      onProgress: (event) => events.push(event),
    });
    await fake.waitForCalls(N);
    const eventsBeforeAbort = events.length;
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('AbortError');
    expect(fake.aborted).toBe(N);
    expect(fake.calls.every((call) => call.signal?.aborted)).toBe(true);
    expect(events).toHaveLength(eventsBeforeAbort);
  });

  it('aborts a running stream', async () => {
    const controller = new AbortController();
    async function* slow(nonce: string) {
      yield* textStream(nonce).slice(0, 2);
      await never();
    }
    const fake = new FakeConverseClient((call) =>
      call.kind === 'stream' ? { events: slow(call.nonce) } : never(),
    );
    const pending = certify(fake, { signal: controller.signal, deadlineMs: 20_000 });
    await fake.waitForCalls(N);
    await tick();
    controller.abort(new Error('user went away'));
    await expect(pending).rejects.toThrow('user went away');
    expect(fake.calls.every((call) => call.signal?.aborted)).toBe(true);
  });

  it('rejects at once without calling Bedrock when the signal is already aborted', async () => {
    const fake = new FakeConverseClient();
    await expect(certify(fake, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(fake.calls).toHaveLength(0);
  });
});
