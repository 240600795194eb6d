import { describe, expect, it } from 'vitest';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { CertificationLeases } from '../../../shared/store/certification-leases.js';
import { LOCAL_DYNAMO_CREDENTIALS, LOCAL_DYNAMO_REGION } from '../../../local/dynamodb.js';
import { createDynamoDbClient } from '../../../shared/store/dynamodb-client.js';
import { startStoreTraffic } from '../../support/store-traffic.js';
import { manualClock, useStore } from './fixtures.js';

const REGION = 'us-east-1';

describe('CertificationLeases', () => {
  const store = useStore();

  const leasesAt = (clock = manualClock()) => ({
    clock,
    leases: new CertificationLeases({ client: store.client, tableName: store.tableName, clock }),
  });

  it('gives the lease to exactly one of many concurrent callers', async () => {
    const { leases } = leasesAt();
    const owners = Array.from({ length: 20 }, (_, i) => `instance-${i}`);
    const won = await Promise.all(
      owners.map((owner) => leases.tryAcquire(REGION, 'model.single-v1:0', owner, 70_000)),
    );
    expect(won.filter((taken) => taken !== undefined)).toEqual([{}]);
    const winner = owners[won.findIndex((taken) => taken !== undefined)];
    expect(await leases.read(REGION, 'model.single-v1:0')).toEqual({
      owner: winner,
      leaseUntil: Date.parse('2026-11-24T12:01:10.000Z'),
    });
  });

  it('leases per region and model', async () => {
    const { leases } = leasesAt();
    expect(await leases.tryAcquire(REGION, 'model.a-v1:0', 'one', 1_000)).toEqual({});
    expect(await leases.tryAcquire(REGION, 'model.b-v1:0', 'two', 1_000)).toEqual({});
    expect(await leases.tryAcquire('eu-west-1', 'model.a-v1:0', 'three', 1_000)).toEqual({});
    expect(await leases.tryAcquire(REGION, 'model.a-v1:0', 'four', 1_000)).toBeUndefined();
  });

  it('is released only by its owner, and is then free to take', async () => {
    const { leases } = leasesAt();
    await leases.tryAcquire(REGION, 'model.release-v1:0', 'runner', 60_000);

    expect(await leases.release(REGION, 'model.release-v1:0', 'someone-else')).toBe(false);
    expect((await leases.read(REGION, 'model.release-v1:0'))?.owner).toBe('runner');

    expect(await leases.release(REGION, 'model.release-v1:0', 'runner')).toBe(true);
    expect(await leases.read(REGION, 'model.release-v1:0')).toBeUndefined();
    expect(await leases.tryAcquire(REGION, 'model.release-v1:0', 'next', 60_000)).toEqual({});
  });

  it('keeps what the released run cached for the next holder, and only for it', async () => {
    const { leases } = leasesAt();
    const result = {
      certifiedAt: '2026-11-24T12:00:30.000Z',
      expiresAt: '2026-11-25T12:00:30.000Z',
    };
    await leases.tryAcquire(REGION, 'model.result-v1:0', 'runner', 60_000);
    expect(await leases.release(REGION, 'model.result-v1:0', 'runner', result)).toBe(true);
    expect(await leases.read(REGION, 'model.result-v1:0')).toBeUndefined();

    expect(await leases.tryAcquire(REGION, 'model.result-v1:0', 'next', 60_000)).toEqual({
      previousResult: result,
    });
    // The put replaced the item: the one after learns only what `next` leaves (here: nothing).
    expect(await leases.release(REGION, 'model.result-v1:0', 'next')).toBe(true);
    expect(await leases.tryAcquire(REGION, 'model.result-v1:0', 'third', 60_000)).toEqual({});
  });

  it('a released lease is given up to every holder, even one that still believes it holds it', async () => {
    const { leases } = leasesAt();
    await leases.tryAcquire(REGION, 'model.gone-v1:0', 'runner', 60_000);
    await leases.release(REGION, 'model.gone-v1:0', 'runner');
    // leaseUntil 0 ran out long ago: the old owner's own put is not a retry of a live lease.
    expect(await leases.tryAcquire(REGION, 'model.gone-v1:0', 'other', 60_000)).toEqual({});
    expect(await leases.release(REGION, 'model.gone-v1:0', 'runner')).toBe(false);
    expect((await leases.read(REGION, 'model.gone-v1:0'))?.owner).toBe('other');
  });

  it('lets a new owner take a lease that ran out, and the old owner can no longer release it', async () => {
    const { leases, clock } = leasesAt();
    await leases.tryAcquire(REGION, 'model.crashed-v1:0', 'crashed', 10_000);

    clock.advance(10_000); // lease ends at this instant: still held
    expect(
      await leases.tryAcquire(REGION, 'model.crashed-v1:0', 'successor', 10_000),
    ).toBeUndefined();
    expect((await leases.read(REGION, 'model.crashed-v1:0'))?.owner).toBe('crashed');

    clock.advance(1);
    expect(await leases.read(REGION, 'model.crashed-v1:0')).toBeUndefined();
    expect(await leases.tryAcquire(REGION, 'model.crashed-v1:0', 'successor', 10_000)).toEqual({});
    expect(await leases.read(REGION, 'model.crashed-v1:0')).toEqual({
      owner: 'successor',
      leaseUntil: clock.now() + 10_000,
    });

    expect(await leases.release(REGION, 'model.crashed-v1:0', 'crashed')).toBe(false);
    expect((await leases.read(REGION, 'model.crashed-v1:0'))?.owner).toBe('successor');
  });

  it('is one small item (owner, lease, TTL a minute past the lease): nothing else is written to it', async () => {
    const { leases, clock } = leasesAt();
    await leases.tryAcquire(REGION, 'model.ttl-v1:0', 'runner', 70_000);
    const { Item } = await store.client.send(
      new GetItemCommand({
        TableName: store.tableName,
        Key: { pk: { S: `LOCK#${REGION}` }, sk: { S: 'model.ttl-v1:0' } },
      }),
    );
    expect(Object.keys(Item ?? {}).sort()).toEqual([
      'expiresAt',
      'leaseUntil',
      'owner',
      'pk',
      'sk',
    ]);
    expect(Number(Item?.expiresAt?.N)).toBe(Math.ceil((clock.now() + 70_000) / 1000) + 60);
  });

  it('holds the lease when its put took effect but the answer was lost and the SDK retried it', async () => {
    const traffic = await startStoreTraffic(store.dynamo.endpoint);
    const client = createDynamoDbClient({
      region: LOCAL_DYNAMO_REGION,
      endpoint: traffic.endpoint,
      credentials: LOCAL_DYNAMO_CREDENTIALS,
    });
    try {
      const leases = new CertificationLeases({
        client,
        tableName: store.tableName,
        clock: manualClock(),
      });
      void traffic.loseNextAnswer('PutItem');
      expect(await leases.tryAcquire('us-east-1', 'lost.answer-v1:0', 'owner-a', 60_000)).toEqual(
        {},
      );
      expect(traffic.operations.PutItem).toBe(2);
      // Still exclusive: someone else cannot take it.
      expect(
        await leases.tryAcquire('us-east-1', 'lost.answer-v1:0', 'owner-b', 60_000),
      ).toBeUndefined();
    } finally {
      client.destroy();
      await traffic.close();
    }
  });
});
