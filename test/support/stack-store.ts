import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  LOCAL_DYNAMO_CREDENTIALS,
  LOCAL_DYNAMO_REGION,
  type LocalDynamo,
} from '../../local/dynamodb.js';
import { createDynamoDbClient } from '../../shared/store/dynamodb-client.js';

/**
 * The service's own store client on a local stack's dynalite, and its table: what the store
 * classes take, so a test can seed or read the table as the service does.
 */
export function stackStore(dynamo: LocalDynamo): { client: DynamoDBClient; tableName: string } {
  return {
    client: createDynamoDbClient({
      region: LOCAL_DYNAMO_REGION,
      endpoint: dynamo.endpoint,
      credentials: LOCAL_DYNAMO_CREDENTIALS,
    }),
    tableName: dynamo.tableName,
  };
}
