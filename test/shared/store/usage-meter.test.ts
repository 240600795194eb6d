import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { QuotaExceededError, StoreUnavailableError } from '../../../shared/errors.js';
import { createDynamoDbClient } from '../../../shared/store/dynamodb-client.js';
import { monthOf, UsageMeter } from '../../../shared/store/usage-meter.js';
import { LOCAL_DYNAMO_CREDENTIALS, LOCAL_DYNAMO_REGION } from '../../../local/dynamodb.js';
import { startStoreTraffic, type StoreRequest } from '../../support/store-traffic.js';
import { certification, manualClock, useStore } from './fixtures.js';

const NOV_24_NOON = Date.parse('2026-11-24T12:00:00.000Z');
/** From 2026-11-24T12:00Z to 2026-12-01T00:00Z: six and a half days. */
const SECONDS_LEFT_IN_NOVEMBER = 6.5 * 86_400;

describe('UsageMeter', () => {
  const store = useStore();

  const meterAt = (clock = manualClock(), options: { holdTimeoutMs?: number } = {}) => ({
    clock,
    meter: new UsageMeter({ client: store.client, tableName: store.tableName, clock, ...options }),
  });
  /** The raw month item, to see what the meter keeps besides the counters. */
  const rawItem = async (sub: string, month: string) =>
    (
      await store.client.send(
        new GetItemCommand({
          TableName: store.tableName,
          Key: { pk: { S: `USAGE#${month}` }, sk: { S: sub } },
          ConsistentRead: true,
        }),
      )
    ).Item;

  it('reports zeros for a subject with no usage', async () => {
    const { meter } = meterAt();
    expect(await meter.get('nobody', '2026-11')).toEqual({
      certifications: 0,
      inputTokens: 0,
      outputTokens: 0,
      estimatedCostUsd: 0,
      used: 0,
    });
  });

  describe('record', () => {
    it('counts prompt-cache reads and writes as input tokens, so in + out is the run total', async () => {
      const { meter } = meterAt();
      const usage = {
        inputTokens: 300,
        outputTokens: 80,
        cacheReadInputTokens: 1_233,
        cacheWriteInputTokens: 1_233,
        totalTokens: 2_846,
      };
      await meter.record(
        'cache-tokens',
        'cache-tokens-run',
        certification({ usage, estimatedCostUsd: 0.0123 }),
      );
      const month = await meter.get('cache-tokens', '2026-11');
      expect(month).toMatchObject({
        inputTokens: 2_766,
        outputTokens: 80,
        estimatedCostUsd: 0.0123,
      });
      expect(month.inputTokens + month.outputTokens).toBe(usage.totalTokens);
    });

    it('adds up certifications, tokens and cost per subject and month, without losing concurrent runs', async () => {
      // Prepare
      const { meter } = meterAt();
      const run = certification({
        usage: { inputTokens: 1200, outputTokens: 150, totalTokens: 1350 },
        estimatedCostUsd: 0.00585,
      });
      // Act: 25 runs at once
      await Promise.all(
        Array.from({ length: 25 }, (_, i) => meter.record('alice', `alice-run-${i}`, run)),
      );
      // Assess: 25 × 0.00585 = 0.14625 exactly, thanks to integer nano-USD
      expect(await meter.get('alice', '2026-11')).toEqual({
        certifications: 25,
        inputTokens: 30_000,
        outputTokens: 3_750,
        estimatedCostUsd: 0.14625,
        used: 25,
      });
      expect(await meter.get('bob', '2026-11')).toMatchObject({ certifications: 0 });
    });

    it('meters a run id once, however often and however concurrently it is recorded', async () => {
      const { meter } = meterAt();
      const run = certification({
        usage: { inputTokens: 100, outputTokens: 10, totalTokens: 110 },
        estimatedCostUsd: 0.001,
      });
      await meter.record('erin', 'erin-run', run);
      await Promise.all(Array.from({ length: 10 }, () => meter.record('erin', 'erin-run', run)));
      await meter.record('erin', 'erin-run', run);
      expect(await meter.get('erin', '2026-11')).toEqual({
        certifications: 1,
        inputTokens: 100,
        outputTokens: 10,
        estimatedCostUsd: 0.001,
        used: 1,
      });
    });

    it('bills a run to the UTC month of its certifiedAt, and an unpriced model at zero cost', async () => {
      const { meter } = meterAt(manualClock(Date.parse('2026-12-01T00:00:05.000Z')));
      await meter.record(
        'carol',
        'carol-1',
        certification({
          certifiedAt: '2026-11-30T23:59:59.999Z',
          estimatedCostUsd: null,
          usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
        }),
      );
      await meter.record(
        'carol',
        'carol-2',
        certification({
          certifiedAt: '2026-12-01T00:00:00.000Z',
          estimatedCostUsd: 0.5,
          usage: { inputTokens: 20, outputTokens: 7, totalTokens: 27 },
        }),
      );

      expect(await meter.get('carol', '2026-11')).toMatchObject({
        certifications: 1,
        inputTokens: 10,
        outputTokens: 5,
        estimatedCostUsd: 0,
      });
      expect(await meter.get('carol', '2026-12')).toMatchObject({
        certifications: 1,
        inputTokens: 20,
        outputTokens: 7,
        estimatedCostUsd: 0.5,
      });
    });

    it("keeps a cheap model's cost to the nano-dollar (a Nova Micro run costs about $0.00001)", async () => {
      const { meter } = meterAt();
      for (let i = 0; i < 3; i++)
        await meter.record('cheap', `cheap-${i}`, certification({ estimatedCostUsd: 0.00001446 }));
      expect((await meter.get('cheap', '2026-11')).estimatedCostUsd).toBe(0.00004338);
    });

    it('does not count an answer that came from the cache', async () => {
      const { meter } = meterAt();
      await meter.record('dave', 'dave-run', certification({ cached: true }));
      expect(await meter.get('dave', '2026-11')).toMatchObject({ certifications: 0 });
    });

    it('remembers run ids for the idempotency window only, so the item stays small', async () => {
      // Prepare: a run every 5 minutes for 2 hours, the clock at each run's end
      const clock = manualClock(NOV_24_NOON);
      const { meter } = meterAt(clock);
      const runAt = (i: number) => NOV_24_NOON + i * 5 * 60_000;
      for (let i = 0; i < 24; i++) {
        clock.set(runAt(i));
        await meter.record(
          'frank',
          `frank-${i}`,
          certification({ certifiedAt: new Date(runAt(i)).toISOString() }),
        );
        // Act: a retry of the previous run 5 minutes later is still recognised
        if (i > 0)
          await meter.record(
            'frank',
            `frank-${i - 1}`,
            certification({ certifiedAt: new Date(runAt(i - 1)).toISOString() }),
          );
      }

      // Assess: 24 runs counted once each; only the last half hour's ids are kept
      expect(await meter.get('frank', '2026-11')).toMatchObject({ certifications: 24 });
      const item = await rawItem('frank', '2026-11');
      const remembered = Object.entries(item ?? {}).flatMap(([name, value]) =>
        name.startsWith('runIds') ? (value.SS ?? []) : [],
      );
      expect(remembered.length).toBeLessThanOrEqual(6);
      expect(remembered).toContain('frank-23');
      expect(remembered).not.toContain('frank-0');
    });

    it('rejects a month that is not YYYY-MM', async () => {
      const { meter } = meterAt();
      await expect(meter.get('alice', '2026-13')).rejects.toThrow(RangeError);
      await expect(meter.get('alice', 'november')).rejects.toThrow(RangeError);
      await expect(meter.listMonth('2026-1')).rejects.toThrow(RangeError);
    });
  });

  describe('quota', () => {
    it('of 20 concurrent reservations at quota − 1, exactly one gets the last unit; the others learn when the month ends', async () => {
      // Prepare: 4 of 5 used
      const { meter } = meterAt(manualClock(NOV_24_NOON));
      for (let i = 0; i < 4; i++) await meter.record('grace', `grace-${i}`, certification());

      // Act
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => meter.reserve('grace', `grace-burst-${i}`, 5)),
      );

      // Assess
      const granted = outcomes.filter((o) => o.status === 'fulfilled');
      const refused = outcomes.flatMap((o) =>
        o.status === 'rejected' ? [o.reason as unknown] : [],
      );
      expect(granted).toHaveLength(1);
      expect(refused).toHaveLength(19);
      for (const error of refused) {
        expect(error).toBeInstanceOf(QuotaExceededError);
        expect((error as QuotaExceededError).retryAfterSeconds).toBe(SECONDS_LEFT_IN_NOVEMBER);
        expect((error as QuotaExceededError).headers()).toEqual({
          'retry-after': String(SECONDS_LEFT_IN_NOVEMBER),
        });
      }
      expect(await meter.get('grace', '2026-11')).toMatchObject({ certifications: 4, used: 5 });
    });

    it('a hold becomes the run when it is recorded, or is given back, once either way', async () => {
      const { meter } = meterAt();
      const kept = await meter.reserve('heidi', 'heidi-kept', 3);
      const returned = await meter.reserve('heidi', 'heidi-returned', 3);
      expect(kept).toEqual({ runId: 'heidi-kept', month: '2026-11' });
      expect(await meter.get('heidi', '2026-11')).toMatchObject({ certifications: 0, used: 2 });

      await meter.record('heidi', 'heidi-kept', certification(), { heldInMonth: kept.month });
      await meter.record('heidi', 'heidi-kept', certification(), { heldInMonth: kept.month });
      await meter.release('heidi', returned);
      await meter.release('heidi', returned);
      // Giving back a hold that became a run changes nothing.
      await meter.release('heidi', kept);

      expect(await meter.get('heidi', '2026-11')).toMatchObject({ certifications: 1, used: 1 });
      expect(
        Object.keys((await rawItem('heidi', '2026-11')) ?? {}).filter((name) =>
          name.startsWith('hold:'),
        ),
      ).toEqual([]);
    });

    it('a hold left by a request that died stops counting after the hold timeout and is swept when the quota is full', async () => {
      const clock = manualClock(NOV_24_NOON);
      const { meter } = meterAt(clock, { holdTimeoutMs: 60_000 });
      await meter.reserve('ivan', 'ivan-died', 1);
      await expect(meter.reserve('ivan', 'ivan-next', 1)).rejects.toBeInstanceOf(
        QuotaExceededError,
      );

      clock.advance(60_001);
      expect(await meter.get('ivan', '2026-11')).toMatchObject({ used: 0 });
      await expect(meter.reserve('ivan', 'ivan-next', 1)).resolves.toEqual({
        runId: 'ivan-next',
        month: '2026-11',
      });
      expect(
        Object.keys((await rawItem('ivan', '2026-11')) ?? {}).filter((name) =>
          name.startsWith('hold:'),
        ),
      ).toEqual(['hold:ivan-next']);
    });

    it('a quota of 0 refuses every run', async () => {
      const { meter } = meterAt();
      await expect(meter.reserve('judy', 'judy-1', 0)).rejects.toBeInstanceOf(QuotaExceededError);
    });

    it('refuses until the month ends, then the new month starts afresh', async () => {
      const clock = manualClock(Date.parse('2026-12-31T23:59:58.500Z'));
      const { meter } = meterAt(clock);
      await meter.reserve('kim', 'kim-1', 1);
      const refusal = await meter.reserve('kim', 'kim-2', 1).catch((error: unknown) => error);
      // 1.5 s left in December, rounded up.
      expect((refusal as QuotaExceededError).retryAfterSeconds).toBe(2);
      clock.advance(1_500);
      await expect(meter.reserve('kim', 'kim-2', 1)).resolves.toEqual({
        runId: 'kim-2',
        month: '2027-01',
      });
    });
  });

  describe('month report', () => {
    it('lists every user of a month with one Query, ordered by sub, counters only', async () => {
      const { meter } = meterAt();
      const may = (sub: string, i: number) =>
        meter.record(
          sub,
          `${sub}-may-${i}`,
          certification({ certifiedAt: '2027-05-10T08:00:00.000Z', estimatedCostUsd: 0.25 }),
        );
      await Promise.all([may('zoe', 0), may('adam', 0), may('adam', 1), may('mia', 0)]);
      await meter.record(
        'adam',
        'adam-june',
        certification({ certifiedAt: '2027-06-01T08:00:00.000Z' }),
      );
      await meter.reserve('nina', 'nina-held', 5);

      const users = await meter.listMonth('2027-05');

      expect(users).toEqual([
        {
          sub: 'adam',
          certifications: 2,
          inputTokens: 600,
          outputTokens: 120,
          estimatedCostUsd: 0.5,
        },
        {
          sub: 'mia',
          certifications: 1,
          inputTokens: 300,
          outputTokens: 60,
          estimatedCostUsd: 0.25,
        },
        {
          sub: 'zoe',
          certifications: 1,
          inputTokens: 300,
          outputTokens: 60,
          estimatedCostUsd: 0.25,
        },
      ]);
      // The keys make it a Query on one partition: the same items, read without the meter.
      const page = await store.client.send(
        new QueryCommand({
          TableName: store.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: 'USAGE#2027-05' } },
        }),
      );
      expect(page.Items?.map((item) => item.sk?.S)).toEqual(['adam', 'mia', 'zoe']);
    });
  });

  describe('lost answers (a proxy that applies a write, then cuts the connection)', () => {
    const isUsageWrite = (sub: string) => (request: StoreRequest) =>
      request.operation === 'UpdateItem' && request.body.includes(`"S":"${sub}"`);

    async function throughLossyStore(maxAttempts: number) {
      const lossy = await startStoreTraffic(store.dynamo.endpoint);
      const client = createDynamoDbClient({
        region: LOCAL_DYNAMO_REGION,
        endpoint: lossy.endpoint,
        credentials: LOCAL_DYNAMO_CREDENTIALS,
        maxAttempts,
      });
      const meter = new UsageMeter({ client, tableName: store.tableName, clock: manualClock() });
      return { lossy, meter, close: async () => (client.destroy(), await lossy.close()) };
    }

    it('the SDK retries a metering write whose answer was lost: the run is counted once', async () => {
      const { lossy, meter, close } = await throughLossyStore(2);
      try {
        const lost = lossy.loseNextAnswer(isUsageWrite('lena'));
        await meter.record('lena', 'lena-run', certification());
        await lost;
        const writes = lossy.requests.filter((r) => r.operation === 'UpdateItem');
        // The write was applied, its answer lost, the SDK sent it again and the condition refused it.
        expect(writes).toHaveLength(2);
        expect(await meter.get('lena', '2026-11')).toMatchObject({
          certifications: 1,
          inputTokens: 300,
          used: 1,
        });
      } finally {
        await close();
      }
    });

    it('a caller that retries after the lost answer (no SDK retry left) does not count the run twice', async () => {
      const { lossy, meter, close } = await throughLossyStore(1);
      try {
        const lost = lossy.loseNextAnswer(isUsageWrite('otto'));
        const failure = await meter
          .record('otto', 'otto-run', certification())
          .catch((error: unknown) => error);
        await lost;
        expect(failure).toBeInstanceOf(StoreUnavailableError);
        // The write happened although the caller was told the store failed ...
        expect(await meter.get('otto', '2026-11')).toMatchObject({ certifications: 1 });
        // ... so its retry must add nothing.
        await meter.record('otto', 'otto-run', certification());
        expect(await meter.get('otto', '2026-11')).toMatchObject({ certifications: 1, used: 1 });
      } finally {
        await close();
      }
    });

    it('a reservation whose answer was lost takes one unit, not two', async () => {
      const { lossy, meter, close } = await throughLossyStore(2);
      try {
        const lost = lossy.loseNextAnswer(isUsageWrite('pia'));
        await expect(meter.reserve('pia', 'pia-run', 2)).resolves.toEqual({
          runId: 'pia-run',
          month: '2026-11',
        });
        await lost;
        expect(await meter.get('pia', '2026-11')).toMatchObject({ used: 1 });
        await expect(meter.reserve('pia', 'pia-second', 2)).resolves.toMatchObject({
          runId: 'pia-second',
        });
      } finally {
        await close();
      }
    });
  });

  it('names months in UTC', () => {
    expect(monthOf(Date.parse('2027-01-01T00:00:00.000Z'))).toBe('2027-01');
    expect(monthOf(Date.parse('2026-12-31T23:59:59.999Z'))).toBe('2026-12');
  });
});
