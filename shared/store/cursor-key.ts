import { randomBytes } from 'node:crypto';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { callStore, isConditionalCheckFailed, toStoreError } from './store-errors.js';
import { keys } from './table-schema.js';

/** Options for `StoredCursorKey`. */
export interface StoredCursorKeyOptions {
  client: DynamoDBClient;
  tableName: string;
}

const KEY_BYTES = 32;

/**
 * The deployment's page-cursor key, kept in the table: every execution environment must open
 * the cursors any other sealed, and the stack has no secret store to hand one out. The first
 * environment that needs it creates it (a conditional put: of two racing, one key wins and both
 * read it); each environment reads it once and keeps it. Anyone who may read the table could
 * forge cursors, and could read every certification anyway. Deleting the item rotates it: the
 * cursors in flight then answer 400, and clients start again from the first page.
 */
export class StoredCursorKey {
  private loading?: Promise<Uint8Array>;

  constructor(private readonly options: StoredCursorKeyOptions) {}

  /** The key; `StoreUnavailableError` when the store cannot answer (the next call tries again). */
  readonly get = (): Promise<Uint8Array> => {
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  };

  private async load(): Promise<Uint8Array> {
    return (await this.read()) ?? (await this.create()) ?? this.mustRead();
  }

  private async read(): Promise<Uint8Array | undefined> {
    const { Item } = await callStore(() =>
      this.options.client.send(
        new GetItemCommand({
          TableName: this.options.tableName,
          Key: { pk: { S: keys.cursorKey.pk }, sk: { S: keys.cursorKey.sk } },
          ConsistentRead: true,
        }),
      ),
    );
    return Item?.key?.B;
  }

  /** The new key, or undefined when another environment created one first. */
  private async create(): Promise<Uint8Array | undefined> {
    const key = randomBytes(KEY_BYTES);
    try {
      await this.options.client.send(
        new PutItemCommand({
          TableName: this.options.tableName,
          Item: {
            pk: { S: keys.cursorKey.pk },
            sk: { S: keys.cursorKey.sk },
            key: { B: key },
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return key;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw toStoreError(error);
    }
  }

  private async mustRead(): Promise<Uint8Array> {
    const key = await this.read();
    if (!key) throw toStoreError(new Error('The page-cursor key was created but cannot be read'));
    return key;
  }
}
