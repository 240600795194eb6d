import { describe, expect, it } from 'vitest';
import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { StoreUnavailableError } from '../../../shared/errors.js';
import { StoredCursorKey } from '../../../shared/store/cursor-key.js';
import { keys } from '../../../shared/store/table-schema.js';
import { useStore } from './fixtures.js';

describe('StoredCursorKey', () => {
  const store = useStore();
  const fresh = () => new StoredCursorKey({ client: store.client, tableName: store.tableName });
  const forget = () =>
    store.client.send(
      new DeleteItemCommand({
        TableName: store.tableName,
        Key: { pk: { S: keys.cursorKey.pk }, sk: { S: keys.cursorKey.sk } },
      }),
    );

  it('gives every environment the one key the first of them made, read once per environment', async () => {
    await forget();
    // Several environments starting at once: one creates the key, the others read it.
    const environments = Array.from({ length: 5 }, fresh);
    const keysSeen = await Promise.all(environments.map((environment) => environment.get()));
    expect(keysSeen[0]).toHaveLength(32);
    for (const key of keysSeen)
      expect(Buffer.from(key).equals(Buffer.from(keysSeen[0] ?? []))).toBe(true);

    const before = store.dynamo.stats.requests;
    await Promise.all([environments[0]?.get(), environments[0]?.get()]);
    expect(store.dynamo.stats.requests).toBe(before);
    // A new environment reads the same key.
    expect(Buffer.from(await fresh().get()).equals(Buffer.from(keysSeen[0] ?? []))).toBe(true);
  });

  it('fails as a store outage, and tries again on the next call once the store is back', async () => {
    const key = fresh();
    await store.dynamo.stop();
    try {
      await expect(key.get()).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      await store.dynamo.start();
    }
    await expect(key.get()).resolves.toHaveLength(32);
  });

  it('is a new key once the item is deleted (rotation), for environments that start after', async () => {
    const before = await fresh().get();
    await forget();
    const after = await fresh().get();
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(false);
  });
});
