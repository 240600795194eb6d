import { describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { StreamTickets } from '../../../shared/store/stream-tickets.js';
import { manualClock, useStore } from './fixtures.js';

const CLAUDE = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const NOVA = 'amazon.nova-lite-v1:0';
const R = 'us-east-1';

describe('StreamTickets', () => {
  const store = useStore();
  const ticketsAt = (clock = manualClock()) => ({
    clock,
    tickets: new StreamTickets({ client: store.client, tableName: store.tableName, clock }),
  });

  it('issues a 256-bit URL-safe secret valid for the given time, and stores only its hash', async () => {
    const { tickets, clock } = ticketsAt();
    const { ticket, expiresAt } = await tickets.issue(
      { sub: 'alice', modelId: CLAUDE, region: R, fresh: false },
      60_000,
    );
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe(clock.now() + 60_000);
    const { Items = [] } = await store.client.send(new ScanCommand({ TableName: store.tableName }));
    const item = Items.find((i) => i.pk?.S?.startsWith('TICKET#'));
    expect(item?.pk?.S).toMatch(/^TICKET#[0-9a-f]{64}$/);
    expect(JSON.stringify(Items)).not.toContain(ticket);
    expect(Number(item?.expiresAt?.N)).toBe(Math.ceil(expiresAt / 1000));
  });

  it('is single use: of 10 concurrent redemptions exactly one gets the grant', async () => {
    const { tickets } = ticketsAt();
    const { ticket } = await tickets.issue(
      { sub: 'alice', modelId: CLAUDE, region: R, fresh: true },
      60_000,
    );
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        tickets.redeem(ticket, { modelId: CLAUDE, region: R, fresh: true }),
      ),
    );
    expect(outcomes.filter((grant) => grant !== undefined)).toEqual([
      { sub: 'alice', modelId: CLAUDE, suite: 'core', region: R, fresh: true },
    ]);
    expect(
      await tickets.redeem(ticket, { modelId: CLAUDE, region: R, fresh: true }),
    ).toBeUndefined();
  });

  it('is bound to the model, the suite, the Region and fresh; a mismatch does not use the ticket up', async () => {
    const { tickets } = ticketsAt();
    const { ticket } = await tickets.issue(
      { sub: 'bob', modelId: CLAUDE, region: R, fresh: false },
      60_000,
    );
    expect(
      await tickets.redeem(ticket, { modelId: NOVA, region: R, fresh: false }),
    ).toBeUndefined();
    expect(
      await tickets.redeem(ticket, { modelId: CLAUDE, region: 'eu-west-1', fresh: false }),
    ).toBeUndefined();
    expect(
      await tickets.redeem(ticket, { modelId: CLAUDE, region: R, fresh: true }),
    ).toBeUndefined();
    expect(await tickets.redeem(ticket, { modelId: CLAUDE, region: R, fresh: false })).toEqual({
      sub: 'bob',
      modelId: CLAUDE,
      suite: 'core',
      region: R,
      fresh: false,
    });
    const full = await tickets.issue(
      { sub: 'bob', modelId: CLAUDE, suite: 'full', region: R, fresh: false },
      60_000,
    );
    expect(
      await tickets.redeem(full.ticket, { modelId: CLAUDE, region: R, fresh: false }),
    ).toBeUndefined();
    expect(
      await tickets.redeem(full.ticket, {
        modelId: CLAUDE,
        suite: 'full',
        region: R,
        fresh: false,
      }),
    ).toMatchObject({ sub: 'bob', suite: 'full' });
  });

  it('is bound to its user when the request names one: a foreign ticket fails and stays unused', async () => {
    const { tickets } = ticketsAt();
    const { ticket } = await tickets.issue(
      { sub: 'erin', modelId: CLAUDE, region: R, fresh: false },
      60_000,
    );
    expect(
      await tickets.redeem(ticket, { modelId: CLAUDE, region: R, fresh: false, sub: 'mallory' }),
    ).toBeUndefined();
    expect(
      await tickets.redeem(ticket, { modelId: CLAUDE, region: R, fresh: false, sub: 'erin' }),
    ).toEqual({
      sub: 'erin',
      modelId: CLAUDE,
      suite: 'core',
      region: R,
      fresh: false,
    });
  });

  it('expires to the millisecond, whatever DynamoDB TTL has or has not deleted yet', async () => {
    const { tickets, clock } = ticketsAt();
    const early = await tickets.issue(
      { sub: 'carol', modelId: CLAUDE, region: R, fresh: false },
      60_000,
    );
    const late = await tickets.issue(
      { sub: 'carol', modelId: CLAUDE, region: R, fresh: false },
      60_000,
    );
    clock.advance(59_999);
    expect(
      await tickets.redeem(early.ticket, { modelId: CLAUDE, region: R, fresh: false }),
    ).toMatchObject({
      sub: 'carol',
    });
    clock.advance(1);
    expect(
      await tickets.redeem(late.ticket, { modelId: CLAUDE, region: R, fresh: false }),
    ).toBeUndefined();
  });

  it("ends at notAfter (the token's expiry) when that comes before its time to live", async () => {
    const { tickets, clock } = ticketsAt();
    const notAfter = clock.now() + 20_000;
    const short = await tickets.issue(
      { sub: 'frank', modelId: CLAUDE, region: R, fresh: false },
      60_000,
      {
        notAfter,
      },
    );
    const unbounded = await tickets.issue(
      { sub: 'frank', modelId: CLAUDE, region: R, fresh: false },
      60_000,
      {
        notAfter: clock.now() + 3_600_000,
      },
    );
    expect(short.expiresAt).toBe(notAfter);
    expect(unbounded.expiresAt).toBe(clock.now() + 60_000);
    clock.advance(20_000);
    expect(
      await tickets.redeem(short.ticket, { modelId: CLAUDE, region: R, fresh: false }),
    ).toBeUndefined();
    expect(
      await tickets.redeem(unbounded.ticket, { modelId: CLAUDE, region: R, fresh: false }),
    ).toMatchObject({ sub: 'frank' });
  });

  it('refuses forged tickets, including an access token in the ticket parameter', async () => {
    const { tickets } = ticketsAt();
    const { ticket } = await tickets.issue(
      { sub: 'dave', modelId: CLAUDE, region: R, fresh: false },
      60_000,
    );
    const forged = [
      '',
      'x',
      `${ticket.slice(0, -1)}${ticket.endsWith('A') ? 'B' : 'A'}`,
      `${ticket}A`,
      'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkYXZlIn0.c2lnbmF0dXJl',
      'A'.repeat(10_000),
    ];
    for (const candidate of forged)
      expect(
        await tickets.redeem(candidate, { modelId: CLAUDE, region: R, fresh: false }),
      ).toBeUndefined();
    expect(
      await tickets.redeem(ticket, { modelId: CLAUDE, region: R, fresh: false }),
    ).toMatchObject({
      sub: 'dave',
    });
  });
});
