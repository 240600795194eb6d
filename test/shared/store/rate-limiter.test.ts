import { describe, expect, it } from 'vitest';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  InternalServerError,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { RateLimitedError, StoreUnavailableError } from '../../../shared/errors.js';
import { RateLimiter } from '../../../shared/store/rate-limiter.js';
import { LOCAL_DYNAMO_CREDENTIALS, LOCAL_DYNAMO_REGION } from '../../../local/dynamodb.js';
import { createDynamoDbClient } from '../../../shared/store/dynamodb-client.js';
import { startStoreTraffic } from '../../support/store-traffic.js';
import { manualClock, useStore } from './fixtures.js';
import type { ManualClock } from './fixtures.js';

describe('RateLimiter', () => {
  const store = useStore();

  const limiter = (
    clock: ManualClock,
    options: { limit?: number; windowSeconds?: number; random?: () => number } = {},
  ) => new RateLimiter({ client: store.client, tableName: store.tableName, clock, ...options });

  /** Runs `count` consumes at once; returns how many were accepted and the refusals. */
  async function burst(rateLimiter: RateLimiter, sub: string, count: number) {
    const outcomes = await Promise.allSettled(
      Array.from({ length: count }, () => rateLimiter.consume(sub)),
    );
    const refusals = outcomes.flatMap((o) =>
      o.status === 'rejected' ? [o.reason as unknown] : [],
    );
    return { accepted: outcomes.filter((o) => o.status === 'fulfilled').length, refusals };
  }

  it('accepts exactly 10 of 12 concurrent requests and tells the 2 others when to retry', async () => {
    const clock = manualClock();
    const { accepted, refusals } = await burst(limiter(clock), 'user-12', 12);
    expect(accepted).toBe(10);
    expect(refusals).toHaveLength(2);
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(RateLimitedError);
      expect((refusal as RateLimitedError).retryAfterSeconds).toBe(60);
      expect((refusal as RateLimitedError).headers()).toEqual({ 'retry-after': '60' });
    }
  });

  it('keeps a read counter of its own beside the certify counter: exactly 120 reads a window, certifications untouched', async () => {
    const clock = manualClock();
    const reads = new RateLimiter({
      client: store.client,
      tableName: store.tableName,
      clock,
      kind: 'read',
      limit: 120,
    });
    for (let i = 0; i < 110; i++) await reads.consume('reader');
    // The last ten slots under a burst of a page load's size.
    const { accepted, refusals } = await burst(reads, 'reader', 20);
    expect(accepted).toBe(10);
    expect(refusals).toHaveLength(10);
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(RateLimitedError);
      expect((refusal as RateLimitedError).message).toMatch(/^At most 120 reads per 60 s;/);
      expect((refusal as RateLimitedError).headers()).toEqual({ 'retry-after': '60' });
    }
    // The same user's certify window is another item, still empty.
    expect((await burst(limiter(clock), 'reader', 10)).accepted).toBe(10);
  });

  it('accepts exactly 10 of 50 concurrent requests, and one more once Retry-After has passed', async () => {
    const clock = manualClock();
    const rateLimiter = limiter(clock);
    const { accepted, refusals } = await burst(rateLimiter, 'user-50', 50);
    expect(accepted).toBe(10);
    expect(refusals).toHaveLength(40);
    expect(refusals.every((r) => r instanceof RateLimitedError)).toBe(true);
    const retryAfter = (refusals[0] as RateLimitedError).retryAfterSeconds;

    clock.advance(retryAfter * 1000 - 1);
    await expect(rateLimiter.consume('user-50')).rejects.toMatchObject({ retryAfterSeconds: 1 });

    clock.advance(1);
    const after = await burst(rateLimiter, 'user-50', 5);
    expect(after.accepted).toBe(5);
    expect(after.refusals).toHaveLength(0);
  });

  it('stays exact when separate instances (Lambda containers) race for the same window', async () => {
    // Prepare: one limiter per request, as one request per Lambda environment
    const clock = manualClock();
    const instances = Array.from({ length: 12 }, () => limiter(clock));

    // Act
    const outcomes = await Promise.allSettled(
      instances.map((instance) => instance.consume('raced')),
    );

    // Assess
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(10);
    const refusals = outcomes.flatMap((o) =>
      o.status === 'rejected' ? [o.reason as unknown] : [],
    );
    expect(refusals).toHaveLength(2);
    expect(refusals.every((r) => r instanceof RateLimitedError && r.retryAfterSeconds === 60)).toBe(
      true,
    );
  });

  it('stays exact for 50 requests spread over 5 instances, and the losers cost few writes', async () => {
    const clock = manualClock();
    const instances = Array.from({ length: 5 }, () => limiter(clock));
    const commands: string[] = [];
    store.client.middlewareStack.add(
      (next, context) => (args) => {
        commands.push(context.commandName ?? '');
        return next(args);
      },
      { step: 'initialize', name: 'countCommands' },
    );
    try {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) => (instances[i % 5] as RateLimiter).consume('spread')),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(10);
    } finally {
      store.client.middlewareStack.remove('countCommands');
    }
    // 10 acceptances; the 40 others mostly see a full window at their first or second read.
    // (Racing all 50 for one counter would cost hundreds of failed conditional writes.)
    const writes = commands.filter((name) => name === 'UpdateItemCommand').length;
    expect(writes).toBeGreaterThanOrEqual(10);
    expect(writes).toBeLessThan(100);
  });

  it('counts acceptances in n, atomically, without deciding anything on it', async () => {
    const clock = manualClock();
    await burst(limiter(clock), 'counted', 14);
    const { Item } = await store.client.send(
      new GetItemCommand({
        TableName: store.tableName,
        Key: { pk: { S: 'RATE#counted' }, sk: { S: 'WINDOW' } },
        ConsistentRead: true,
      }),
    );
    expect(Item?.n?.N).toBe('10');
    expect(Object.keys(Item ?? {}).filter((name) => /^t\d+$/.test(name))).toHaveLength(10);
  });

  it("does not let one user use up another user's window", async () => {
    const clock = manualClock();
    const rateLimiter = limiter(clock);
    await burst(rateLimiter, 'greedy', 15);
    const other = await burst(rateLimiter, 'bystander', 10);
    expect(other.accepted).toBe(10);
  });

  it('slides: requests leave the window one by one, not in fixed buckets', async () => {
    // Prepare: 5 at t0, 5 at t0 + 30 s.
    const clock = manualClock();
    const rateLimiter = limiter(clock);
    expect((await burst(rateLimiter, 'slider', 5)).accepted).toBe(5);
    clock.advance(30_000);
    expect((await burst(rateLimiter, 'slider', 5)).accepted).toBe(5);

    // Act: at t0 + 61 s the first five have left the window, the last five have not.
    clock.advance(31_000);
    const { accepted, refusals } = await burst(rateLimiter, 'slider', 6);

    // Assess: the next slot frees at t0 + 90 s, 29 s from now.
    expect(accepted).toBe(5);
    expect((refusals[0] as RateLimitedError).retryAfterSeconds).toBe(29);
  });

  it('frees a slot exactly one window after the acceptance that took it', async () => {
    const clock = manualClock();
    const rateLimiter = limiter(clock, { limit: 2, windowSeconds: 10 });
    await rateLimiter.consume('edge');
    clock.advance(4_000);
    await rateLimiter.consume('edge');

    clock.advance(5_500); // 9.5 s after the first acceptance
    await expect(rateLimiter.consume('edge')).rejects.toMatchObject({ retryAfterSeconds: 1 });
    clock.advance(500); // exactly 10 s
    await expect(rateLimiter.consume('edge')).resolves.toBeUndefined();
    await expect(rateLimiter.consume('edge')).rejects.toMatchObject({ retryAfterSeconds: 4 });
  });

  it('honours a custom limit and window, and says so in the message', async () => {
    const clock = manualClock();
    const { accepted, refusals } = await burst(
      limiter(clock, { limit: 3, windowSeconds: 5 }),
      'custom',
      7,
    );
    expect(accepted).toBe(3);
    expect((refusals[0] as RateLimitedError).message).toBe(
      'At most 3 certifications per 5 s; retry after 5 s.',
    );
  });

  it('refuses with Retry-After 1 rather than looping when it keeps losing the race', async () => {
    // A store where every conditional write loses: reachable only with a mock.
    const client = new DynamoDBClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const mock = mockClient(client);
    mock.on(GetItemCommand).resolves({});
    mock
      .on(UpdateItemCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'lost', $metadata: {} }));
    const rateLimiter = new RateLimiter({ client, tableName: 't', clock: manualClock(), limit: 4 });

    await expect(rateLimiter.consume('unlucky')).rejects.toMatchObject({ retryAfterSeconds: 1 });
    expect(mock.commandCalls(UpdateItemCommand)).toHaveLength(9);
  });

  it('fails only the call that found the store unavailable: calls are not queued in process', async () => {
    // Prepare: a store that fails the first write, then works
    const client = new DynamoDBClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const mock = mockClient(client);
    mock.on(GetItemCommand).resolves({});
    mock
      .on(UpdateItemCommand)
      .rejectsOnce(new InternalServerError({ message: 'down', $metadata: {} }))
      .resolves({});
    const rateLimiter = new RateLimiter({ client, tableName: 't', clock: manualClock() });

    // Act: five at once from one user
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, () => rateLimiter.consume('alice')),
    );

    // Assess: the one that met the outage is a 503 (fail closed); the others went to the store themselves
    expect(
      outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof StoreUnavailableError),
    ).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(4);
    expect(mock.commandCalls(UpdateItemCommand)).toHaveLength(5);
    expect(mock.commandCalls(GetItemCommand)).toHaveLength(0);
  });

  /** Records the commands `store.client` sends while `act` runs. */
  async function commandsOf(act: () => Promise<unknown>): Promise<string[]> {
    const commands: string[] = [];
    store.client.middlewareStack.add(
      (next, context) => (args) => {
        commands.push(context.commandName ?? '');
        return next(args);
      },
      { step: 'initialize', name: 'recordCommands' },
    );
    try {
      await act();
    } finally {
      store.client.middlewareStack.remove('recordCommands');
    }
    return commands;
  }

  it('decides a request whose slot is free in one write, reading nothing', async () => {
    // Every pick is the middle slot (t5 of 10), free for the first request of a window.
    const rateLimiter = limiter(manualClock(), { random: () => 0.5 });
    expect(await commandsOf(() => rateLimiter.consume('roomy'))).toEqual(['UpdateItemCommand']);
  });

  it('when the slot it tried was taken, takes a free one of the item the failed write answers', async () => {
    const rateLimiter = limiter(manualClock(), { random: () => 0.5 });
    await rateLimiter.consume('second');
    // t5 is taken now: the failed write's item (read, locally) shows 9 free slots; the middle one is t4.
    expect(await commandsOf(() => rateLimiter.consume('second'))).toEqual([
      'UpdateItemCommand',
      'GetItemCommand',
      'UpdateItemCommand',
    ]);
    const { Item } = await store.client.send(
      new GetItemCommand({
        TableName: store.tableName,
        Key: { pk: { S: 'RATE#second' }, sk: { S: 'WINDOW' } },
        ConsistentRead: true,
      }),
    );
    expect(
      Object.keys(Item ?? {})
        .filter((name) => /^t\d+$/.test(name))
        .sort(),
    ).toEqual(['t4', 't5']);
  });

  it('refuses from the item DynamoDB answers with a failed condition, without reading it again', async () => {
    // DynamoDB's `ReturnValuesOnConditionCheckFailure: ALL_OLD` (dynalite does not send the item).
    const client = new DynamoDBClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const mock = mockClient(client);
    const clock = manualClock();
    const full = Object.fromEntries(
      Array.from({ length: 3 }, (_, i) => [`t${i}`, { N: String(clock.now() - 50_000 + i) }]),
    );
    mock
      .on(UpdateItemCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'taken', $metadata: {}, Item: full }),
      );
    mock.on(GetItemCommand).resolves({});
    const rateLimiter = new RateLimiter({ client, tableName: 't', clock, limit: 3 });

    await expect(rateLimiter.consume('full')).rejects.toMatchObject({ retryAfterSeconds: 10 });
    expect(mock.commandCalls(UpdateItemCommand)).toHaveLength(1);
    expect(mock.commandCalls(UpdateItemCommand)[0]?.args[0].input).toMatchObject({
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expect(mock.commandCalls(GetItemCommand)).toHaveLength(0);
  });

  it('rejects a limit that is not a positive integer', () => {
    expect(() => new RateLimiter({ client: store.client, tableName: 't', limit: 0 })).toThrow(
      RangeError,
    );
    expect(() => new RateLimiter({ client: store.client, tableName: 't', limit: 2.5 })).toThrow(
      RangeError,
    );
    expect(
      () => new RateLimiter({ client: store.client, tableName: 't', windowSeconds: 0 }),
    ).toThrow(RangeError);
  });

  it('counts an acceptance once when its answer is lost and the SDK retries the write', async () => {
    // Prepare: the store applies the first write but its answer never arrives, so the client's
    // retry finds the slot already taken by this very request.
    const traffic = await startStoreTraffic(store.dynamo.endpoint);
    const client = createDynamoDbClient({
      region: LOCAL_DYNAMO_REGION,
      endpoint: traffic.endpoint,
      credentials: LOCAL_DYNAMO_CREDENTIALS,
    });
    try {
      const clock = manualClock();
      const rateLimiter = new RateLimiter({ client, tableName: store.tableName, clock, limit: 3 });
      void traffic.loseNextAnswer('UpdateItem');

      // Act
      await rateLimiter.consume('lost-answer');

      // Assess: one acceptance in the window, not two; two more still fit, a fourth does not.
      expect(traffic.operations.UpdateItem).toBe(2);
      const { Item } = await store.client.send(
        new GetItemCommand({
          TableName: store.tableName,
          Key: { pk: { S: 'RATE#lost-answer' }, sk: { S: 'WINDOW' } },
          ConsistentRead: true,
        }),
      );
      expect(Item?.n?.N).toBe('1');
      await rateLimiter.consume('lost-answer');
      await rateLimiter.consume('lost-answer');
      await expect(rateLimiter.consume('lost-answer')).rejects.toBeInstanceOf(RateLimitedError);
    } finally {
      client.destroy();
      await traffic.close();
    }
  });
});
