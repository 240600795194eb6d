import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type ConditionalCheckFailedException,
  type DeleteItemCommandInput,
  type DeleteItemCommandOutput,
  type DynamoDBClient,
  type PutItemCommandInput,
  type PutItemCommandOutput,
  type QueryCommandInput,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { systemClock, type Clock } from '../clock.js';
import { callStore, isConditionalCheckFailed, queryAll, toStoreError } from './store-errors.js';

/** An item (or a key) in the attribute-value form of the low-level client. */
export type Item = Record<string, AttributeValue>;

/** An item's primary key, as the builders of `keys` (table-schema.ts) return it. */
export interface ItemKey {
  pk: string;
  sk: string;
}

/** What every store class is built from. */
export interface StoreOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Decides expiry, windows and leases; injected so tests can move time. */
  clock?: Clock;
}

/** A request on the store's table: the base fills in `TableName`. */
type OnTable<T> = Omit<T, 'TableName'>;

/** `key` as DynamoDB takes it. */
export function itemKey(key: ItemKey): Item {
  return { pk: { S: key.pk }, sk: { S: key.sk } };
}

/**
 * What the store classes share: the client, the table and the clock, and the calls they make
 * on that table with every failure mapped by `toStoreError` (a 503 when the store cannot
 * answer). A condition that did not hold is an answer, not a failure: the writes resolve it.
 * Each subclass keeps only its own items and decisions.
 */
export abstract class StoreTable {
  protected readonly client: DynamoDBClient;
  protected readonly tableName: string;
  protected readonly clock: Clock;

  constructor(options: StoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock ?? systemClock;
  }

  /**
   * The item at `key`, or `undefined`. Strongly consistent: every read here decides something
   * right after another request's write (a lease, a slot, a hold, a result just cached).
   */
  protected getItem(key: ItemKey): Promise<Item | undefined> {
    return this.readKey(itemKey(key));
  }

  /**
   * Puts an item: the answer (with the replaced item's `Attributes` when asked for), or
   * `undefined` when its `ConditionExpression` did not hold.
   */
  protected putItem(
    input: OnTable<PutItemCommandInput>,
  ): Promise<PutItemCommandOutput | undefined> {
    return this.unlessConditionFails(() =>
      this.client.send(new PutItemCommand({ TableName: this.tableName, ...input })),
    );
  }

  /** Updates an item; false when its `ConditionExpression` did not hold. */
  protected async updateItem(input: OnTable<UpdateItemCommandInput>): Promise<boolean> {
    const output = await this.unlessConditionFails(() =>
      this.client.send(new UpdateItemCommand({ TableName: this.tableName, ...input })),
    );
    return output !== undefined;
  }

  /**
   * Updates an item; when its `ConditionExpression` did not hold, answers the item as it was
   * instead. DynamoDB sends that item with the failure (`ReturnValuesOnConditionCheckFailure`),
   * saving a read; a store that does not (dynalite) costs one consistent read after it.
   */
  protected async updateItemOrRead(
    input: OnTable<UpdateItemCommandInput> & { Key: Item },
  ): Promise<{ updated: true } | { updated: false; current: Item | undefined }> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          ...input,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { updated: true };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw toStoreError(error);
      const sent = (error as ConditionalCheckFailedException).Item;
      return { updated: false, current: sent ?? (await this.readKey(input.Key)) };
    }
  }

  /** Deletes an item: the answer (with `Attributes` when asked for), or `undefined` when its condition did not hold. */
  protected deleteItem(
    input: OnTable<DeleteItemCommandInput>,
  ): Promise<DeleteItemCommandOutput | undefined> {
    return this.unlessConditionFails(() =>
      this.client.send(new DeleteItemCommand({ TableName: this.tableName, ...input })),
    );
  }

  /** One page of a Query (as far as its `Limit` or 1 MB). */
  protected async queryPage(input: OnTable<QueryCommandInput>): Promise<Item[]> {
    const { Items = [] } = await callStore(() =>
      this.client.send(new QueryCommand({ TableName: this.tableName, ...input })),
    );
    return Items;
  }

  /** Every item a Query matches, page after page. */
  protected queryAll(input: OnTable<QueryCommandInput>): Promise<Item[]> {
    return queryAll(this.client, { TableName: this.tableName, ...input });
  }

  private async readKey(key: Item): Promise<Item | undefined> {
    const { Item } = await callStore(() =>
      this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
      ),
    );
    return Item;
  }

  private async unlessConditionFails<T>(write: () => Promise<T>): Promise<T | undefined> {
    try {
      return await write();
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw toStoreError(error);
    }
  }
}
