import { describe, expect, it } from 'vitest';
import { PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { CertificationCache } from '../../../shared/store/certification-cache.js';
import { unknownModelCertification } from '../../support/certification-fixture.js';
import { certification, manualClock, useStore } from './fixtures.js';

describe('CertificationCache', () => {
  const store = useStore();

  const cacheAt = (clock = manualClock()) => ({
    clock,
    cache: new CertificationCache({ client: store.client, tableName: store.tableName, clock }),
  });

  it('returns a stored certification, marked cached', async () => {
    // Prepare
    const { cache } = cacheAt();
    const stored = certification({ modelId: 'amazon.nova-lite-v1:0' });
    // Act
    await cache.put(stored);
    const read = await cache.get('us-east-1', 'amazon.nova-lite-v1:0');
    // Assess
    expect(read).toEqual({ ...stored, cached: true });
  });

  it('returns undefined for an unknown model and for another region', async () => {
    const { cache } = cacheAt();
    await cache.put(
      certification({ modelId: 'amazon.titan-text-express-v1', region: 'us-east-1' }),
    );
    expect(await cache.get('us-east-1', 'amazon.nothing-v1:0')).toBeUndefined();
    expect(await cache.get('eu-west-1', 'amazon.titan-text-express-v1')).toBeUndefined();
  });

  it('treats an item as absent from the millisecond it expires, though the item is still stored', async () => {
    const { cache, clock } = cacheAt();
    const expiresAt = '2026-11-24T13:00:00.500Z';
    await cache.put(certification({ modelId: 'meta.llama3-8b-instruct-v1:0', expiresAt }));

    clock.set(Date.parse(expiresAt) - 1);
    expect((await cache.get('us-east-1', 'meta.llama3-8b-instruct-v1:0'))?.expiresAt).toBe(
      expiresAt,
    );

    clock.set(Date.parse(expiresAt));
    expect(await cache.get('us-east-1', 'meta.llama3-8b-instruct-v1:0')).toBeUndefined();
    const raw = await store.client.send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: {
          ':pk': { S: 'CERT#us-east-1' },
          ':sk': { S: 'meta.llama3-8b-instruct-v1:0' },
        },
      }),
    );
    expect(raw.Items).toHaveLength(1);
    // The TTL attribute is epoch seconds, rounded up so TTL never deletes early.
    expect(raw.Items?.[0]?.expiresAt?.N).toBe(String(Math.ceil(Date.parse(expiresAt) / 1000)));
  });

  it('replaces an earlier certification of the same model', async () => {
    const { cache } = cacheAt();
    await cache.put(
      certification({ modelId: 'cohere.command-r-v1:0', status: 'failed', testsPassed: 4 }),
    );
    await cache.put(
      certification({ modelId: 'cohere.command-r-v1:0', status: 'certified', testsPassed: 6 }),
    );
    expect(await cache.get('us-east-1', 'cohere.command-r-v1:0')).toMatchObject({
      status: 'certified',
      testsPassed: 6,
    });
  });

  /** Counts the Query and BatchGetItem calls `cache` sends while `act` runs, and the items they read. */
  async function counting<T>(act: () => Promise<T>) {
    const counts = { queries: 0, batchGets: 0, keysAsked: 0, itemsRead: 0 };
    store.client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const input = args.input as {
          RequestItems?: Record<string, { Keys: unknown[] }>;
        };
        const output = result.output as { ScannedCount?: number; Responses?: Record<string, []> };
        if (context.commandName === 'QueryCommand') {
          counts.queries++;
          counts.itemsRead += output.ScannedCount ?? 0;
        }
        if (context.commandName === 'BatchGetItemCommand') {
          counts.batchGets++;
          counts.keysAsked += Object.values(input.RequestItems ?? {})[0]?.Keys.length ?? 0;
          counts.itemsRead += Object.values(output.Responses ?? {})[0]?.length ?? 0;
        }
        return result;
      },
      { step: 'initialize', name: 'countReads' },
    );
    try {
      return { result: await act(), counts };
    } finally {
      store.client.middlewareStack.remove('countReads');
    }
  }

  /** `count` certifications of `region`, one a second from 11:30 on, each an hour long. */
  async function certifyMany(cache: CertificationCache, region: string, count: number) {
    const made = Array.from({ length: count }, (_, i) => {
      const certifiedAt = Date.parse('2026-11-24T11:30:00.000Z') + i * 1000;
      return certification({
        region,
        modelId: `provider.model-${String(i).padStart(4, '0')}-v1:0`,
        certifiedAt: new Date(certifiedAt).toISOString(),
        expiresAt: new Date(certifiedAt + 3_600_000).toISOString(),
      });
    });
    for (let i = 0; i < made.length; i += 25)
      await Promise.all(made.slice(i, i + 25).map((item) => cache.put(item)));
    return made;
  }

  it('getMany reads exactly the named ids, 100 keys a call, and answers the unexpired ones of its region', async () => {
    // Prepare
    const { cache } = cacheAt();
    const region = 'ap-southeast-2';
    const stored = await certifyMany(cache, region, 120);
    await cache.put(
      certification({
        region,
        modelId: 'provider.expired-v1:0',
        expiresAt: '2026-11-24T11:59:59.000Z',
      }),
    );
    await cache.put(certification({ region: 'eu-central-1', modelId: 'provider.model-0000-v1:0' }));
    const asked = [
      ...stored.slice(0, 60).map((c) => c.modelId),
      'provider.expired-v1:0',
      ...Array.from({ length: 189 }, (_, i) => `nobody.absent-${i}-v1:0`),
      // Twice: BatchGetItem refuses a repeated key, so the cache asks once.
      stored[0]?.modelId ?? '',
    ];

    // Act
    const { result, counts } = await counting(() => cache.getMany(region, asked));

    // Assess: 250 distinct keys in three calls, 61 of them found, 60 answered.
    expect(counts).toEqual({ queries: 0, batchGets: 3, keysAsked: 250, itemsRead: 61 });
    expect(result.map((c) => c.modelId).sort()).toEqual(stored.slice(0, 60).map((c) => c.modelId));
    expect(result.every((c) => c.cached && c.region === region)).toBe(true);
    await expect(cache.getMany(region, [])).resolves.toEqual([]);
  });

  it('pages newest first with the position to read on from, each page one Query of one item more than it answers', async () => {
    // Prepare
    const { cache } = cacheAt();
    const region = 'ca-central-1';
    const stored = await certifyMany(cache, region, 7);
    const newestFirst = stored.map((c) => c.modelId).reverse();

    // Act
    const first = await counting(() => cache.page(region, { limit: 3 }));
    const second = await cache.page(region, { limit: 3, after: first.result.next });
    const last = await counting(() => cache.page(region, { limit: 3, after: second.next }));

    // Assess
    expect(first.counts).toEqual({ queries: 1, batchGets: 0, keysAsked: 0, itemsRead: 4 });
    expect(first.result.certifications.map((c) => c.modelId)).toEqual(newestFirst.slice(0, 3));
    expect(first.result.next).toEqual({
      certifiedAt: stored[4]?.certifiedAt,
      modelId: stored[4]?.modelId,
    });
    expect(second.certifications.map((c) => c.modelId)).toEqual(newestFirst.slice(3, 6));
    expect(last.result).toEqual({
      certifications: [{ ...stored[0], cached: true }],
    });
    expect(last.counts.itemsRead).toBe(1);
  });

  it('reads about one page of items for a page, however many certifications the region holds', async () => {
    const { cache } = cacheAt();
    const region = 'ap-northeast-3';
    await certifyMany(cache, region, 300);
    const { result, counts } = await counting(() => cache.page(region, { limit: 50 }));
    expect(result.certifications).toHaveLength(50);
    expect(result.next).toBeDefined();
    expect(counts).toEqual({ queries: 1, batchGets: 0, keysAsked: 0, itemsRead: 51 });
  });

  it('skips expired certifications, reads at most 2 × limit + 1 items for a page, and never what is older than the longest TTL', async () => {
    // Prepare: 30 results an hour long, a second apart, in a service whose longest TTL is a day;
    // the clock then stands where the 10 newest are live and the 20 before them have expired.
    const clock = manualClock();
    const cache = new CertificationCache({
      client: store.client,
      tableName: store.tableName,
      clock,
      longestTtlSeconds: 86_400,
    });
    const region = 'me-central-1';
    const stored = await certifyMany(cache, region, 30);
    clock.set(Date.parse(stored[20]?.expiresAt ?? '') - 1);

    // Act: a page of 4 reads 4 live ones and stops one further.
    const live = await counting(() => cache.page(region, { limit: 4 }));
    // A page of 12 finds 10 live ones, then only expired ones: it stops after 25 items read.
    const short = await counting(() => cache.page(region, { limit: 12 }));
    const rest = await cache.page(region, { limit: 12, after: short.result.next });

    // Assess
    expect(live.result.certifications.map((c) => c.modelId)).toEqual(
      stored
        .slice(26)
        .map((c) => c.modelId)
        .reverse(),
    );
    expect(live.counts.itemsRead).toBe(5);
    expect(short.result.certifications).toHaveLength(10);
    expect(short.counts.itemsRead).toBe(25);
    expect(short.result.next).toEqual({
      certifiedAt: stored[5]?.certifiedAt,
      modelId: stored[5]?.modelId,
    });
    expect(rest).toEqual({ certifications: [] });

    // A day after the newest, nothing certified before it can be live: nothing is read at all.
    clock.set(Date.parse(stored[29]?.certifiedAt ?? '') + 86_400_000);
    const none = await counting(() => cache.page(region, { limit: 12 }));
    expect(none.result).toEqual({ certifications: [] });
    expect(none.counts.itemsRead).toBe(0);
  });

  it('answers an unknown id from the cache but never lists it', async () => {
    const { cache } = cacheAt();
    const region = 'il-central-1';
    const unknown = unknownModelCertification({ region, modelId: 'zz.junk123-v1:0' });
    const known = certification({ region, modelId: 'provider.known-v1:0' });
    await cache.put(unknown);
    await cache.put(known);
    expect(await cache.get(region, 'zz.junk123-v1:0')).toEqual({ ...unknown, cached: true });
    const { result, counts } = await counting(() => cache.page(region, { limit: 10 }));
    expect(result.certifications.map((c) => c.modelId)).toEqual(['provider.known-v1:0']);
    expect(counts.itemsRead).toBe(1);
  });

  it('ignores an expired item even when the TTL attribute cannot tell (same second)', async () => {
    const { cache, clock } = cacheAt();
    const region = 'sa-east-1';
    const subsecond = certification({
      region,
      modelId: 'provider.subsecond-v1:0',
      expiresAt: '2026-11-24T12:00:00.400Z',
    });
    await cache.put(subsecond);
    clock.set(Date.parse('2026-11-24T12:00:00.400Z'));
    expect(await cache.page(region, { limit: 5 })).toEqual({ certifications: [] });
    expect(await cache.getMany(region, [subsecond.modelId])).toEqual([]);
  });

  it('rejects a certification whose expiresAt is not a date', async () => {
    const { cache } = cacheAt();
    await expect(cache.put(certification({ expiresAt: 'tomorrow' }))).rejects.toThrow(TypeError);
  });

  it('treats an item written without a certification attribute as absent', async () => {
    const { cache } = cacheAt();
    await store.client.send(
      new PutItemCommand({
        TableName: store.tableName,
        Item: {
          pk: { S: 'CERT#us-west-2' },
          sk: { S: 'provider.bare-v1:0' },
          expiresAt: { N: '9999999999' },
        },
      }),
    );
    expect(await cache.get('us-west-2', 'provider.bare-v1:0')).toBeUndefined();
    expect(await cache.getMany('us-west-2', ['provider.bare-v1:0'])).toEqual([]);
  });
});
