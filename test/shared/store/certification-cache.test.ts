import { describe, expect, it } from 'vitest';
import { PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { CertificationCache } from '../../../shared/store/certification-cache.js';
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

  it('lists only the unexpired certifications of one region, across pages', async () => {
    // Prepare: Query returns at most 1 MB per page, so 20 items of 60 KB need two pages.
    const { cache, clock } = cacheAt();
    const region = 'ap-southeast-2';
    const bulky = 'x'.repeat(60_000);
    const live = Array.from({ length: 20 }, (_, i) =>
      certification({
        region,
        modelId: `provider.model-${String(i).padStart(2, '0')}-v1:0`,
        expiresAt: '2026-11-25T00:00:00.000Z',
        results: [
          {
            testName: 'basic-completion',
            status: 'failed',
            latencyMs: 1,
            error: { code: 'WRONG_ANSWER', message: bulky },
          },
        ],
      }),
    );
    const expired = certification({
      region,
      modelId: 'provider.expired-v1:0',
      expiresAt: '2026-11-24T11:59:59.000Z',
    });
    const otherRegion = certification({
      region: 'eu-central-1',
      modelId: 'provider.elsewhere-v1:0',
    });
    for (const item of [...live, expired, otherRegion]) await cache.put(item);

    let queries = 0;
    store.client.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === 'QueryCommand') queries++;
        return next(args);
      },
      { step: 'initialize', name: 'countQueries' },
    );

    // Act
    const listed = await cache.list(region);
    store.client.middlewareStack.remove('countQueries');

    // Assess
    expect(queries).toBe(2);
    expect(listed.map((c) => c.modelId)).toEqual(live.map((c) => c.modelId));
    expect(listed.every((c) => c.cached)).toBe(true);

    clock.set(Date.parse('2026-11-25T00:00:00.000Z'));
    expect(await cache.list(region)).toEqual([]);
  });

  it('ignores an expired item even when the filter cannot see it (same second)', async () => {
    const { cache, clock } = cacheAt();
    const region = 'sa-east-1';
    await cache.put(
      certification({
        region,
        modelId: 'provider.subsecond-v1:0',
        expiresAt: '2026-11-24T12:00:00.400Z',
      }),
    );
    clock.set(Date.parse('2026-11-24T12:00:00.400Z'));
    expect(await cache.list(region)).toEqual([]);
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
    expect(await cache.list('us-west-2')).toEqual([]);
  });

  it('keeps one result per suite; a newer full result answers a core request, a core result never a full one', async () => {
    const { cache } = cacheAt();
    const modelId = 'anthropic.suites-test-v1:0';
    const core = certification({ modelId, certifiedAt: '2026-11-24T12:00:00.000Z' });
    const full = certification({ modelId, suite: 'full', certifiedAt: '2026-11-24T12:05:00.000Z' });
    await cache.put(core);
    expect(await cache.get('us-east-1', modelId, 'full')).toBeUndefined();
    await cache.put(full);
    expect(await cache.get('us-east-1', modelId)).toEqual({ ...full, cached: true });
    expect(await cache.get('us-east-1', modelId, 'core')).toEqual({ ...full, cached: true });
    expect(await cache.get('us-east-1', modelId, 'full')).toEqual({ ...full, cached: true });
    // A newer core run answers core again, and leaves the full result in place.
    const newer = certification({ modelId, certifiedAt: '2026-11-24T12:10:00.000Z' });
    await cache.put(newer);
    expect(await cache.get('us-east-1', modelId)).toEqual({ ...newer, cached: true });
    expect(await cache.get('us-east-1', modelId, 'full')).toEqual({ ...full, cached: true });
    expect(
      (await cache.list('us-east-1'))
        .filter((item) => item.modelId === modelId)
        .map((item) => item.suite),
    ).toEqual(['core', 'full']);
  });

  it('reads a result cached before suites existed as a core one', async () => {
    const { cache } = cacheAt();
    const { suite: _suite, ...old } = certification({ modelId: 'amazon.pre-suites-v1:0' });
    await store.client.send(
      new PutItemCommand({
        TableName: store.tableName,
        Item: {
          pk: { S: 'CERT#us-east-1' },
          sk: { S: 'amazon.pre-suites-v1:0' },
          certification: { S: JSON.stringify(old) },
          expiresAt: { N: '9999999999' },
        },
      }),
    );
    expect(await cache.get('us-east-1', 'amazon.pre-suites-v1:0')).toMatchObject({
      suite: 'core',
      cached: true,
    });
    expect(await cache.get('us-east-1', 'amazon.pre-suites-v1:0', 'full')).toBeUndefined();
  });
});
