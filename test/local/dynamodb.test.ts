import { describe, expect, it } from 'vitest';
import {
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  LOCAL_DYNAMO_CREDENTIALS,
  LOCAL_DYNAMO_REGION,
  startLocalDynamo,
} from '../../local/dynamodb.js';
import { TABLE_SCHEMA } from '../../shared/store/table-schema.js';
import { stringMatching } from '../support/matchers.js';

const clientFor = (endpoint: string) =>
  new DynamoDBClient({
    region: LOCAL_DYNAMO_REGION,
    endpoint,
    credentials: LOCAL_DYNAMO_CREDENTIALS,
    maxAttempts: 1,
  });

describe('startLocalDynamo', () => {
  it('serves the DynamoDB API with an ACTIVE table built from the shared schema', async () => {
    const dynamo = await startLocalDynamo({ tableName: 'schema-check' });
    const client = clientFor(dynamo.endpoint);
    try {
      expect(dynamo.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const { Table } = await client.send(new DescribeTableCommand({ TableName: 'schema-check' }));
      expect(Table?.TableStatus).toBe('ACTIVE');
      expect(Table?.KeySchema).toEqual([
        { AttributeName: TABLE_SCHEMA.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: TABLE_SCHEMA.sortKey.name, KeyType: 'RANGE' },
      ]);
    } finally {
      client.destroy();
      await dynamo.close();
    }
  });

  it('stops answering on stop() and answers again on the same port, with its data, on start()', async () => {
    const dynamo = await startLocalDynamo();
    const client = clientFor(dynamo.endpoint);
    try {
      const Key = { pk: { S: 'K' }, sk: { S: '1' } };
      await client.send(
        new PutItemCommand({ TableName: dynamo.tableName, Item: { ...Key, v: { S: 'kept' } } }),
      );

      await dynamo.stop();
      // A pooled keep-alive socket may see the reset before a new connection is refused.
      await expect(
        client.send(new GetItemCommand({ TableName: dynamo.tableName, Key })),
      ).rejects.toMatchObject({
        code: stringMatching(/^ECONN(REFUSED|RESET)$/),
      });
      await dynamo.stop(); // stopping twice is harmless

      await dynamo.start();
      const { Item } = await client.send(new GetItemCommand({ TableName: dynamo.tableName, Key }));
      expect(Item?.v?.S).toBe('kept');
    } finally {
      client.destroy();
      await dynamo.close();
    }
  });

  it('keeps instances apart', async () => {
    const [a, b] = await Promise.all([startLocalDynamo(), startLocalDynamo()]);
    const clientA = clientFor(a.endpoint);
    const clientB = clientFor(b.endpoint);
    try {
      expect(a.endpoint).not.toBe(b.endpoint);
      const Key = { pk: { S: 'only-in-a' }, sk: { S: '1' } };
      await clientA.send(new PutItemCommand({ TableName: a.tableName, Item: Key }));
      expect(
        (await clientB.send(new GetItemCommand({ TableName: b.tableName, Key }))).Item,
      ).toBeUndefined();
    } finally {
      clientA.destroy();
      clientB.destroy();
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('listens on the port it is given', async () => {
    const probe = await startLocalDynamo();
    const port = Number(new URL(probe.endpoint).port);
    await probe.close();
    const dynamo = await startLocalDynamo({ port });
    try {
      expect(dynamo.endpoint).toBe(`http://127.0.0.1:${port}`);
    } finally {
      await dynamo.close();
    }
    await expect(dynamo.start()).rejects.toThrow(/closed/);
  });
});
