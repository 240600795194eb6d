import { createHash, randomBytes } from 'node:crypto';
import { DeleteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { systemClock } from '../clock.js';
import type { Clock } from '../clock.js';
import type { StreamTicketGrant, StreamTicketPort, StreamTicketRequest } from '../service/ports.js';
import { keys, TABLE_SCHEMA } from './table-schema.js';
import { callStore, isConditionalCheckFailed, toStoreError } from './store-errors.js';

/** Options for `StreamTickets`. */
export interface StreamTicketsOptions {
  client: DynamoDBClient;
  tableName: string;
  clock?: Clock;
}

/** 256 random bits, base64url: 43 characters. */
const TICKET_BYTES = 32;
const TICKET_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/**
 * Single-use stream tickets in DynamoDB (DESIGN.md "Native EventSource"). A ticket is a random
 * secret; the item is keyed by its SHA-256 and holds whom and what it was issued for. Using one
 * is a single conditional `DeleteItem` with `ReturnValues: ALL_OLD`: the condition checks that
 * it has not expired and matches the request, the delete makes it single use (of two tabs racing
 * with one ticket, DynamoDB lets exactly one delete succeed), and the old item names the user.
 */
export class StreamTickets implements StreamTicketPort {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly clock: Clock;

  constructor(options: StreamTicketsOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock ?? systemClock;
  }

  /** Stores a new ticket for `grant`, valid for `ttlMs`. */
  async issue(
    grant: StreamTicketGrant,
    ttlMs: number,
  ): Promise<{ ticket: string; expiresAt: number }> {
    const ticket = randomBytes(TICKET_BYTES).toString('base64url');
    const expiresAt = this.clock.now() + ttlMs;
    await callStore(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            ...this.key(ticket),
            sub: { S: grant.sub },
            modelId: { S: grant.modelId },
            region: { S: grant.region },
            fresh: { BOOL: grant.fresh },
            notAfter: { N: String(expiresAt) },
            // DynamoDB's TTL only tidies up (eventually); `notAfter` decides, to the millisecond.
            [TABLE_SCHEMA.timeToLiveAttribute]: { N: String(Math.ceil(expiresAt / 1000)) },
          },
          // 256 random bits do not collide; should they, the older ticket is not overwritten.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return { ticket, expiresAt };
  }

  /** Uses `ticket` up if it is valid for this request; the grant, or undefined. */
  async redeem(
    ticket: string,
    request: StreamTicketRequest,
  ): Promise<StreamTicketGrant | undefined> {
    // Anything that cannot be one of ours costs no store round trip (and no oversized key).
    if (!TICKET_FORMAT.test(ticket)) return undefined;
    try {
      const { Attributes } = await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: this.key(ticket),
          ConditionExpression: `attribute_exists(pk) AND notAfter > :now AND modelId = :modelId AND #region = :region AND fresh = :fresh${request.sub === undefined ? '' : ' AND #sub = :sub'}`,
          // `region` is a DynamoDB reserved word.
          ExpressionAttributeNames: {
            '#region': 'region',
            ...(request.sub === undefined ? {} : { '#sub': 'sub' }),
          },
          ExpressionAttributeValues: {
            ':now': { N: String(this.clock.now()) },
            ':modelId': { S: request.modelId },
            ':region': { S: request.region },
            ':fresh': { BOOL: request.fresh },
            ...(request.sub === undefined ? {} : { ':sub': { S: request.sub } }),
          },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const sub = Attributes?.sub?.S;
      return sub === undefined
        ? undefined
        : { sub, modelId: request.modelId, region: request.region, fresh: request.fresh };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw toStoreError(error);
    }
  }

  private key(ticket: string) {
    const key = keys.streamTicket(createHash('sha256').update(ticket).digest('hex'));
    return { pk: { S: key.pk }, sk: { S: key.sk } };
  }
}
