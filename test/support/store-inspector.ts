import {
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  ScanCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import type { Certification } from '../../shared/types.js';

/** One table item, with its keys and `expiresAt` decoded. */
export interface StoredItem {
  pk: string;
  sk: string;
  /** Epoch seconds (the table's TTL attribute), when the item has one. */
  expiresAt?: number;
  raw: Record<string, AttributeValue>;
}

/**
 * Reads the service's table directly (its own client, not the service's), so tests count what
 * the service really wrote: cache items `CERT#<region>`, rate windows `RATE#<sub>`, leases
 * `LOCK#<region>`, usage `USAGE#<month>`. A Scan is fine here; the table holds a test's items only.
 */
export class StoreInspector {
  private readonly client: DynamoDBClient;

  constructor(private readonly store: { endpoint: string; tableName: string }) {
    this.client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: store.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  }

  /** Every item, or those whose `pk` starts with `prefix` (e.g. `RATE#`). */
  async items(prefix = ''): Promise<StoredItem[]> {
    const items: StoredItem[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.store.tableName,
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const raw of page.Items ?? []) {
        const item: StoredItem = { pk: raw.pk?.S ?? '', sk: raw.sk?.S ?? '', raw };
        if (raw.expiresAt?.N !== undefined) item.expiresAt = Number(raw.expiresAt.N);
        if (item.pk.startsWith(prefix)) items.push(item);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /**
   * Single-flight leases not given back (whether or not their term has run out): `LOCK#` items
   * whose `leaseUntil` is not 0. A lease given back keeps its item (`leaseUntil` 0, with what its
   * run cached, for the next holder) but holds nothing.
   */
  async heldLeases(): Promise<StoredItem[]> {
    return (await this.items('LOCK#')).filter((item) => item.raw.leaseUntil?.N !== '0');
  }

  /** Number of items per key prefix (`CERT`, `RATE`, `LOCK`, `USAGE`). */
  async countByKind(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const item of await this.items()) {
      const kind = item.pk.split('#')[0] ?? '';
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
    return counts;
  }

  /** The cache item of a model: the stored certification and the item's TTL attribute. */
  async cacheItem(
    modelId: string,
    region = 'us-east-1',
  ): Promise<{ certification: Certification; expiresAt: number } | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.store.tableName,
        Key: { pk: { S: `CERT#${region}` }, sk: { S: modelId } },
        ConsistentRead: true,
      }),
    );
    if (!Item?.certification?.S) return undefined;
    return {
      certification: JSON.parse(Item.certification.S) as Certification,
      expiresAt: Number(Item.expiresAt?.N),
    };
  }

  /** Accepted requests recorded in a subject's rate window (`n`), or undefined when it has none. */
  async rateCount(sub: string): Promise<number | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.store.tableName,
        Key: { pk: { S: `RATE#${sub}` }, sk: { S: 'WINDOW' } },
        ConsistentRead: true,
      }),
    );
    return Item?.n?.N === undefined ? undefined : Number(Item.n.N);
  }

  /** Certifications metered across every subject and month. */
  async meteredCertifications(): Promise<number> {
    const usage = await this.items('USAGE#');
    return usage.reduce((sum, item) => sum + Number(item.raw.certifications?.N ?? 0), 0);
  }

  /** Certifications metered to `sub`, across every month. */
  async meteredTo(sub: string): Promise<number> {
    const usage = await this.items('USAGE#');
    return usage
      .filter((item) => item.sk === sub)
      .reduce((sum, item) => sum + Number(item.raw.certifications?.N ?? 0), 0);
  }

  /**
   * A subject's usage item of a month (`USAGE#<month>` / `<sub>`): its counters and the run ids of
   * the quota holds it still has, or undefined when it has none.
   */
  async usage(
    sub: string,
    month: string,
  ): Promise<{ certifications: number; used: number; holds: string[] } | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.store.tableName,
        Key: { pk: { S: `USAGE#${month}` }, sk: { S: sub } },
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return {
      certifications: Number(Item.certifications?.N ?? 0),
      used: Number(Item.used?.N ?? 0),
      holds: Object.keys(Item)
        .filter((name) => name.startsWith('hold:'))
        .map((name) => name.slice('hold:'.length)),
    };
  }

  /**
   * Removes a model's cache item, so the next request certifies it again, and what its lease,
   * given back, still says of that result (a lease held by a run stays).
   */
  async forget(modelId: string, region = 'us-east-1'): Promise<void> {
    await this.client.send(
      new DeleteItemCommand({
        TableName: this.store.tableName,
        Key: { pk: { S: `CERT#${region}` }, sk: { S: modelId } },
      }),
    );
    await this.client
      .send(
        new DeleteItemCommand({
          TableName: this.store.tableName,
          Key: { pk: { S: `LOCK#${region}` }, sk: { S: modelId } },
          ConditionExpression: 'leaseUntil = :released',
          ExpressionAttributeValues: { ':released': { N: '0' } },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException'))
          throw error;
      });
  }

  close(): void {
    this.client.destroy();
  }
}
