import { beforeAll, describe, expect, it } from 'vitest';
import type { FunctionUrlEmulator } from '../../local/function-url-emulator.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { monthOf, secondsUntilMonthEnds } from '../../shared/month.js';
import type { ErrorBody, UsageResponse } from '../../shared/types.js';
import { startHandlerInstance, warmEnvironments } from '../support/handler-instance.js';
import { paths, ServiceClient, waitFor, type CertifyOutcome } from '../support/service-client.js';
import { eventsOf, readFrames } from '../support/sse-client.js';
import { StoreInspector } from '../support/store-inspector.js';
import { TEST_NAMES } from '../../shared/types.js';

/** The core suite's size, from the registry. */
const N = TEST_NAMES.length;

/**
 * The monthly quota as clients meet it: a burst at the last unit of a user's quota, spread over
 * several handler instances (each its own Lambda instance, each request its own execution
 * environment), must let exactly one run through, refuse the others before anything is spent,
 * and leave the store exact. Counts, not times: responses, Bedrock calls, store items.
 */
const QUOTA = 3;
const MODEL = 'amazon.nova-pro-v1:0';
/** Hangs until the certification deadline: a run that is surely in flight when the second request comes. */
const JOINED = 'sim.hang';

let stack: LocalStack;
let store: StoreInspector;
let instances: FunctionUrlEmulator[] = [];
beforeAll(async () => {
  // The rate limit is raised so that only the quota can refuse the burst.
  stack = await startLocalStack({
    env: {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      MONTHLY_CERTIFICATION_QUOTA: String(QUOTA),
      RATE_LIMIT_PER_MINUTE: '100',
      CERTIFICATION_DEADLINE_MS: '3000',
      PROBE_TIMEOUT_MS: '3000',
    },
  });
  store = new StoreInspector(stack.dynamo);
  instances = [
    stack.emulator,
    ...(await Promise.all(Array.from({ length: 3 }, () => startHandlerInstance(stack)))),
  ];
  // Five warm environments per instance, as earlier traffic would have left them.
  for (const instance of instances) await warmEnvironments(instance.url, stack.token('warm-up'), 5);
  return async () => {
    store.close();
    await Promise.all(instances.slice(1).map((instance) => instance.close()));
    await stack.close();
  };
});

/** A fresh certification (the cache skipped), over SSE or one POST, read to its end. */
async function certifyFresh(
  instance: FunctionUrlEmulator,
  kind: 'stream' | 'post',
  modelId: string,
  token: string,
): Promise<CertifyOutcome> {
  const client = new ServiceClient(instance.url);
  if (kind === 'post') {
    const response = await client.fetch(paths.certify, token, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ modelId, fresh: true }),
    });
    const json: unknown = await response.json();
    return {
      kind,
      status: response.status,
      headers: response.headers,
      headersAt: 0,
      endedAt: 0,
      frames: [],
      json,
    };
  }
  const response = await client.fetch(`${paths.stream(modelId)}?fresh=true`, token);
  if (response.status !== 200)
    return {
      kind,
      status: response.status,
      headers: response.headers,
      headersAt: 0,
      endedAt: 0,
      frames: [],
      json: await response.json(),
    };
  const frames = await readFrames(response);
  const last = eventsOf(frames).at(-1);
  return {
    kind,
    status: 200,
    headers: response.headers,
    headersAt: 0,
    endedAt: 0,
    frames,
    ...(last?.type === 'complete' ? { certification: last.certification } : {}),
  };
}

async function usageOf(token: string): Promise<UsageResponse> {
  const response = await new ServiceClient(stack.url).fetch('/api/certification/usage', token);
  expect(response.status).toBe(200);
  return (await response.json()) as UsageResponse;
}

describe('monthly quota under concurrency', () => {
  it('20 concurrent runs (SSE and POST) at quota − 1, over 4 handler instances: exactly 1 runs, 19 × 429 QUOTA_EXCEEDED until the month ends, nothing spent on them', async () => {
    // Prepare: QUOTA − 1 runs used
    const token = stack.token('burst');
    for (let i = 0; i < QUOTA - 1; i++)
      expect((await certifyFresh(stack.emulator, 'post', MODEL, token)).status).toBe(200);
    const month = monthOf(Date.now());
    const bedrockBefore = stack.simulator.stats.byModel[MODEL] ?? 0;
    const retryAfterAtMost = secondsUntilMonthEnds(Date.now());

    // Act
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        certifyFresh(
          instances[i % instances.length] as FunctionUrlEmulator,
          i % 2 === 0 ? 'stream' : 'post',
          MODEL,
          token,
        ),
      ),
    );
    const retryAfterAtLeast = secondsUntilMonthEnds(Date.now());

    // Assess: responses
    const accepted = outcomes.filter((outcome) => outcome.status === 200);
    const refused = outcomes.filter((outcome) => outcome.status === 429);
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const outcome of refused) {
      expect((outcome.json as ErrorBody).error.code).toBe('QUOTA_EXCEEDED');
      const retryAfter = Number(outcome.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(retryAfterAtLeast);
      expect(retryAfter).toBeLessThanOrEqual(retryAfterAtMost);
    }
    if (accepted[0]?.kind === 'stream')
      expect(eventsOf(accepted[0].frames).at(-1)?.type).toBe('complete');
    // Bedrock: one run's six probes, nothing for the refused.
    expect((stack.simulator.stats.byModel[MODEL] ?? 0) - bedrockBefore).toBe(N);
    // Store: three certifications metered, no hold left over, no lease.
    expect(await store.usage('burst', month)).toEqual({
      certifications: QUOTA,
      used: QUOTA,
      holds: [],
    });
    expect(await store.heldLeases()).toEqual([]);
    expect((await usageOf(token)).quota).toEqual({ limit: QUOTA, used: QUOTA, remaining: 0 });

    // A cached answer is still served, free, on both routes and every instance.
    for (const instance of instances) {
      const client = new ServiceClient(instance.url);
      const post = await client.certify('post', MODEL, token);
      expect(post.status).toBe(200);
      expect(post.certification).toMatchObject({ modelId: MODEL, cached: true });
      const stream = await client.certify('stream', MODEL, token);
      expect(stream.certification).toMatchObject({ modelId: MODEL, cached: true });
    }
    expect((stack.simulator.stats.byModel[MODEL] ?? 0) - bedrockBefore).toBe(N);
    expect(await usageOf(token)).toMatchObject({
      certifications: QUOTA,
      quota: { used: QUOTA, remaining: 0 },
    });
  });

  it('two users certifying one model at once on two instances: one run, charged to the request that ran it; the other gives its unit back', async () => {
    const [first, second] = instances as [FunctionUrlEmulator, FunctionUrlEmulator];
    const bedrockBefore = stack.simulator.stats.byModel[JOINED] ?? 0;

    const running = certifyFresh(first, 'stream', JOINED, stack.token('join-a'));
    await waitFor(() => stack.simulator.stats.active === N, 10_000);
    const joining = certifyFresh(second, 'stream', JOINED, stack.token('join-b'));
    const outcomes = await Promise.all([running, joining]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual([200, 200]);
    expect(new Set(outcomes.map((outcome) => outcome.certification?.certifiedAt)).size).toBe(1);
    expect((stack.simulator.stats.byModel[JOINED] ?? 0) - bedrockBefore).toBe(N);
    const month = monthOf(Date.now());
    const [a, b] = [await store.usage('join-a', month), await store.usage('join-b', month)];
    expect((a?.certifications ?? 0) + (b?.certifications ?? 0)).toBe(1);
    expect([a?.used, b?.used].sort()).toEqual([0, 1]);
    expect([...(a?.holds ?? []), ...(b?.holds ?? [])]).toEqual([]);
  });
});
