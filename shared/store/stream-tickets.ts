import { createHash, randomBytes } from 'node:crypto';
import type { StreamTicketGrant, StreamTicketPort, StreamTicketRequest } from '../service/ports.js';
import { DEFAULT_SUITE } from '../suites.js';
import { itemKey, StoreTable, type StoreOptions } from './store-table.js';
import { keys, TABLE_SCHEMA } from './table-schema.js';

/** Options for `StreamTickets`. */
export type StreamTicketsOptions = StoreOptions;

/** 256 random bits, base64url: 43 characters. */
const TICKET_BYTES = 32;
const TICKET_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/**
 * Single-use stream tickets in DynamoDB (docs/api.md, "POST /api/certification/stream-tickets").
 * A ticket is a random secret; the item is keyed by its SHA-256 and holds whom and what it was
 * issued for. Using one is a single conditional `DeleteItem` with `ReturnValues: ALL_OLD`: the
 * condition checks that it has not expired and matches the request, the delete makes it single
 * use (of two tabs racing with one ticket, DynamoDB lets exactly one delete succeed), and the old
 * item names the user.
 */
export class StreamTickets extends StoreTable implements StreamTicketPort {
  /** Stores a new ticket for `grant`, valid for `ttlMs` or until `notAfter`, whichever is first. */
  async issue(
    grant: StreamTicketGrant,
    ttlMs: number,
    options: { notAfter?: number } = {},
  ): Promise<{ ticket: string; expiresAt: number }> {
    const ticket = randomBytes(TICKET_BYTES).toString('base64url');
    const expiresAt = Math.min(this.clock.now() + ttlMs, options.notAfter ?? Infinity);
    const stored = await this.putItem({
      Item: {
        ...this.key(ticket),
        sub: { S: grant.sub },
        modelId: { S: grant.modelId },
        suite: { S: grant.suite ?? DEFAULT_SUITE },
        region: { S: grant.region },
        fresh: { BOOL: grant.fresh },
        notAfter: { N: String(expiresAt) },
        // DynamoDB's TTL only tidies up (eventually); `notAfter` decides, to the millisecond.
        [TABLE_SCHEMA.timeToLiveAttribute]: { N: String(Math.ceil(expiresAt / 1000)) },
      },
      // 256 random bits do not collide; should they, the older ticket is not overwritten.
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    if (stored === undefined) throw new Error('A new stream ticket collided with a stored one');
    return { ticket, expiresAt };
  }

  /** Uses `ticket` up if it is valid for this request; the grant, or undefined. */
  async redeem(
    ticket: string,
    request: StreamTicketRequest,
  ): Promise<StreamTicketGrant | undefined> {
    // Anything that cannot be one of ours costs no store round trip (and no oversized key).
    if (!TICKET_FORMAT.test(ticket)) return undefined;
    // Undefined when the condition did not hold: used, expired, unknown or for another request.
    const deleted = await this.deleteItem({
      Key: this.key(ticket),
      ConditionExpression: `attribute_exists(pk) AND notAfter > :now AND modelId = :modelId AND #suite = :suite AND #region = :region AND fresh = :fresh${request.sub === undefined ? '' : ' AND #sub = :sub'}`,
      // `region` is a DynamoDB reserved word.
      ExpressionAttributeNames: {
        '#suite': 'suite',
        '#region': 'region',
        ...(request.sub === undefined ? {} : { '#sub': 'sub' }),
      },
      ExpressionAttributeValues: {
        ':now': { N: String(this.clock.now()) },
        ':modelId': { S: request.modelId },
        ':suite': { S: request.suite ?? DEFAULT_SUITE },
        ':region': { S: request.region },
        ':fresh': { BOOL: request.fresh },
        ...(request.sub === undefined ? {} : { ':sub': { S: request.sub } }),
      },
      ReturnValues: 'ALL_OLD',
    });
    const sub = deleted?.Attributes?.sub?.S;
    return sub === undefined
      ? undefined
      : {
          sub,
          modelId: request.modelId,
          suite: request.suite ?? DEFAULT_SUITE,
          region: request.region,
          fresh: request.fresh,
        };
  }

  private key(ticket: string) {
    return itemKey(keys.streamTicket(createHash('sha256').update(ticket).digest('hex')));
  }
}
