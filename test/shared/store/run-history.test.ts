import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { RunHistory } from '../../../shared/store/run-history.js';
import type { CertificationRun } from '../../../shared/types.js';
import { startStoreTraffic } from '../../support/store-traffic.js';
import { createDynamoDbClient } from '../../../shared/store/dynamodb-client.js';
import { LOCAL_DYNAMO_CREDENTIALS, LOCAL_DYNAMO_REGION } from '../../../local/dynamodb.js';
import { manualClock, useStore } from './fixtures.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-24T12:00:00.000Z');
const CAPABILITIES = {
  streaming: true,
  systemPrompt: true,
  toolUse: true,
  streamingToolUse: false,
  jsonOutput: true,
  multiTurn: true,
};

function run(at: number, overrides: Partial<CertificationRun> = {}): CertificationRun {
  return {
    certifiedAt: new Date(at).toISOString(),
    suite: 'core',
    status: 'certified',
    testsPassed: 6,
    testsFailed: 0,
    capabilities: { ...CAPABILITIES },
    ttftMs: 200,
    estimatedCostUsd: 0.001,
    trigger: 'request',
    changed: false,
    ...overrides,
  };
}

describe('RunHistory', () => {
  const store = useStore();
  let models = 0;
  /** A model id no other test of this file uses (they share one table). */
  const freshModel = () => `amazon.history-test-${++models}-v1:0`;
  const historyAt = (clock = manualClock(T0)) => ({
    clock,
    history: new RunHistory({ client: store.client, tableName: store.tableName, clock }),
  });

  it('lists runs newest first, and at most `limit` of them', async () => {
    const { history, clock } = historyAt();
    const modelId = freshModel();
    // Appended out of order: the sort key, not the write order, decides.
    for (const hour of [2, 0, 3, 1])
      await history.append(
        'us-east-1',
        modelId,
        `run-${hour}`,
        run(T0 + hour * 3_600_000, { ttftMs: hour }),
        undefined,
      );
    clock.set(T0 + 4 * 3_600_000);

    expect((await history.list('us-east-1', modelId, 10)).map((r) => r.ttftMs)).toEqual([
      3, 2, 1, 0,
    ]);
    expect((await history.list('us-east-1', modelId, 2)).map((r) => r.ttftMs)).toEqual([3, 2]);
    expect(await history.list('eu-west-1', modelId, 10)).toEqual([]);
    expect(await history.list('us-east-1', freshModel(), 10)).toEqual([]);
  });

  it('keeps two runs certified in the same millisecond apart by their run ids', async () => {
    const { history } = historyAt();
    const modelId = freshModel();
    await history.append('us-east-1', modelId, 'a', run(T0, { trigger: 'request' }), undefined);
    await history.append('us-east-1', modelId, 'b', run(T0, { trigger: 'schedule' }), undefined);
    expect((await history.list('us-east-1', modelId, 10)).map((r) => r.trigger).sort()).toEqual([
      'request',
      'schedule',
    ]);
  });

  it('stores each run with the table TTL 90 days after it was certified, and its summary as recorded', async () => {
    const { history } = historyAt();
    const modelId = freshModel();
    const recorded = run(T0 + 500, {
      status: 'failed',
      testsPassed: 5,
      testsFailed: 1,
      capabilities: { ...CAPABILITIES, toolUse: false },
      changed: true,
      trigger: 'schedule',
    });
    await history.append('us-east-1', modelId, 'run-1', recorded, undefined);
    const { Items = [] } = await store.client.send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `HIST#us-east-1#${modelId}` } },
      }),
    );
    expect(Items).toHaveLength(1);
    expect(Items[0]?.sk?.S).toBe(`${recorded.certifiedAt}#run-1`);
    // Epoch seconds, rounded up so TTL never deletes a run before its 90 days are over.
    expect(Items[0]?.expiresAt?.N).toBe(String(Math.ceil((T0 + 500 + 90 * DAY) / 1000)));
    expect(await history.list('us-east-1', modelId, 1)).toEqual([recorded]);
  });

  it('treats runs past 90 days as absent though they are still stored (no TTL locally), and they do not use up the limit', async () => {
    const { history, clock } = historyAt();
    const modelId = freshModel();
    await history.append('us-east-1', modelId, 'old', run(T0), undefined);
    await history.append('us-east-1', modelId, 'new', run(T0 + 10 * DAY), undefined);

    clock.set(T0 + 90 * DAY - 1);
    expect((await history.list('us-east-1', modelId, 2)).map((r) => r.certifiedAt)).toEqual([
      run(T0 + 10 * DAY).certifiedAt,
      run(T0).certifiedAt,
    ]);
    clock.set(T0 + 90 * DAY);
    expect((await history.list('us-east-1', modelId, 1)).map((r) => r.certifiedAt)).toEqual([
      run(T0 + 10 * DAY).certifiedAt,
    ]);
    expect(await history.list('us-east-1', modelId, 5)).toHaveLength(1);
    expect(await history.latest('us-east-1', modelId)).toBeDefined();
    clock.set(T0 + 100 * DAY);
    expect(await history.list('us-east-1', modelId, 5)).toEqual([]);
    // The model's latest run is past the retention too: no run to compare a new one with.
    expect(await history.latest('us-east-1', modelId)).toBeUndefined();
  });

  it('reads a history with exactly one Query', async () => {
    const traffic = await startStoreTraffic(store.dynamo.endpoint);
    const client = createDynamoDbClient({
      region: LOCAL_DYNAMO_REGION,
      endpoint: traffic.endpoint,
      credentials: LOCAL_DYNAMO_CREDENTIALS,
    });
    try {
      const { history } = historyAt();
      const modelId = freshModel();
      for (let i = 0; i < 30; i++)
        await history.append('us-east-1', modelId, `run-${i}`, run(T0 - i * 60_000), undefined);
      const counted = new RunHistory({
        client,
        tableName: store.tableName,
        clock: manualClock(T0),
      });
      traffic.reset();
      expect(await counted.list('us-east-1', modelId, 25)).toHaveLength(25);
      expect(traffic.operations).toEqual({ Query: 1 });
    } finally {
      client.destroy();
      await traffic.close();
    }
  });

  it("keeps each model's latest run and since when its verdict stands: the first run, then the latest change", async () => {
    const { history } = historyAt();
    const modelId = freshModel();
    expect(await history.latest('us-east-1', modelId)).toBeUndefined();

    const first = run(T0);
    await history.append('us-east-1', modelId, 'r1', first, undefined);
    expect(await history.latest('us-east-1', modelId)).toEqual({
      run: first,
      changedAt: first.certifiedAt,
      suiteRuns: { core: first },
    });

    const same = run(T0 + DAY);
    await history.append(
      'us-east-1',
      modelId,
      'r2',
      same,
      await history.latest('us-east-1', modelId),
    );
    expect(await history.latest('us-east-1', modelId)).toEqual({
      run: same,
      changedAt: first.certifiedAt,
      suiteRuns: { core: same },
    });

    const changed = run(T0 + 2 * DAY, { status: 'failed', changed: true });
    await history.append(
      'us-east-1',
      modelId,
      'r3',
      changed,
      await history.latest('us-east-1', modelId),
    );
    expect(await history.latest('us-east-1', modelId)).toEqual({
      run: changed,
      changedAt: changed.certifiedAt,
      suiteRuns: { core: changed },
    });

    // A full run keeps the core run beside it: a later run is compared with its own suite's.
    const full = run(T0 + 3 * DAY, { suite: 'full', status: 'failed' });
    await history.append(
      'us-east-1',
      modelId,
      'r4',
      full,
      await history.latest('us-east-1', modelId),
    );
    expect(await history.latest('us-east-1', modelId)).toEqual({
      run: full,
      changedAt: changed.certifiedAt,
      suiteRuns: { core: changed, full },
    });
  });

  it('never lets an older run replace a newer one as the latest', async () => {
    const { history } = historyAt();
    const modelId = freshModel();
    const newer = run(T0 + 1_000);
    await history.append('us-east-1', modelId, 'newer', newer, undefined);
    await history.append('us-east-1', modelId, 'older', run(T0, { status: 'failed' }), undefined);
    expect((await history.latest('us-east-1', modelId))?.run).toEqual(newer);
    // The older run is still in the history.
    expect(await history.list('us-east-1', modelId, 10)).toHaveLength(2);
  });

  it('answers when each of the named models last changed, by key, leaving out models whose runs are all past 90 days', async () => {
    const { history, clock } = historyAt();
    const region = 'ap-southeast-7';
    const [a, b, old] = [freshModel(), freshModel(), freshModel()];
    await history.append(region, old, 'o', run(T0 - 95 * DAY), undefined);
    await history.append(region, a, 'a1', run(T0 - 3 * DAY), undefined);
    await history.append(
      region,
      a,
      'a2',
      run(T0 - DAY, { changed: true, status: 'unavailable' }),
      await history.latest(region, a),
    );
    await history.append(region, b, 'b1', run(T0 - 2 * DAY), undefined);
    await history.append(region, b, 'b2', run(T0 - DAY), await history.latest(region, b));
    await history.append('us-west-2', b, 'elsewhere', run(T0), undefined);

    clock.set(T0);
    expect(await history.lastChanges(region, [a, b, old, freshModel()])).toEqual(
      new Map([
        [a, run(T0 - DAY).certifiedAt],
        [b, run(T0 - 2 * DAY).certifiedAt],
      ]),
    );
    // Only the ids asked for are read.
    expect(await history.lastChanges(region, [b])).toEqual(
      new Map([[b, run(T0 - 2 * DAY).certifiedAt]]),
    );
    expect(await history.lastChanges(region, [])).toEqual(new Map());
  });
});
