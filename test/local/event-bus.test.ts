import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  startLocalEventBus,
  type DeliveredEvent,
  type LocalEventBus,
} from '../../local/event-bus.js';
import { ChangeEventRejectedError } from '../../shared/errors.js';
import { EventBridgeChangeEvents } from '../../shared/events/eventbridge-change-events.js';
import type { CertificationChangedDetail, CertificationRun } from '../../shared/types.js';

const run = (overrides: Partial<CertificationRun>): CertificationRun => ({
  certifiedAt: '2026-11-24T12:00:00.000Z',
  suite: 'core',
  status: 'certified',
  testsPassed: 6,
  testsFailed: 0,
  capabilities: {
    streaming: true,
    systemPrompt: true,
    toolUse: true,
    streamingToolUse: false,
    jsonOutput: true,
    multiTurn: true,
  },
  ttftMs: 200,
  estimatedCostUsd: 0.001,
  trigger: 'schedule',
  changed: false,
  ...overrides,
});

let bus: LocalEventBus;
let client: EventBridgeClient;
let dir: string;
let file: string;
const seen: DeliveredEvent[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'event-bus-'));
  file = join(dir, 'nested', 'events.jsonl');
  bus = await startLocalEventBus({
    accountId: '123456789012',
    file,
    onEvent: (event) => seen.push(event),
  });
  client = new EventBridgeClient({
    region: 'eu-west-1',
    endpoint: bus.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  return async () => {
    client.destroy();
    await bus.close();
    await rm(dir, { recursive: true, force: true });
  };
});

describe('local event bus (PutEvents stand-in)', () => {
  it('takes a change event from the production publisher and delivers it as a rule target receives it, to the file and the callback', async () => {
    const detail: CertificationChangedDetail = {
      modelId: 'amazon.nova-pro-v1:0',
      region: 'eu-west-1',
      before: run({}),
      after: run({
        status: 'failed',
        changed: true,
        capabilities: { ...run({}).capabilities, toolUse: false },
      }),
    };
    const before = bus.events.length;
    await new EventBridgeChangeEvents({
      client,
      eventBusName: bus.defaultBusArn('eu-west-1'),
    }).publish(detail);

    const event = bus.events.at(-1);
    expect(bus.events.length - before).toBe(1);
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
      'detail-type': 'Certification Changed',
      source: 'bedrock-model-certification',
      account: '123456789012',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) as string,
      region: 'eu-west-1',
      resources: [],
      detail,
    });
    expect(seen.at(-1)).toEqual(event);
    const lines = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as DeliveredEvent);
    expect(lines.at(-1)).toEqual(event);
  });

  it('answers as PutEvents does: one result per entry, in order, failures in place with their codes', async () => {
    const before = bus.events.length;
    const answer = await client.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'test.app', DetailType: 'A', Detail: '{"n":1}' },
          { Source: 'test.app', DetailType: 'B', Detail: 'not json' },
          { Source: 'test.app', DetailType: 'C', Detail: '[1,2]' },
          { Source: 'aws.ec2', DetailType: 'D', Detail: '{}' },
          { Source: 'test.app', Detail: '{}' },
          { Source: 'test.app', DetailType: 'F', Detail: '{"n":2}', EventBusName: 'default' },
        ],
      }),
    );
    expect(answer.FailedEntryCount).toBe(4);
    expect(answer.Entries?.map((entry) => entry.ErrorCode ?? 'ok')).toEqual([
      'ok',
      'MalformedDetail',
      'MalformedDetail',
      'NotAuthorizedForSourceException',
      'InvalidArgument',
      'ok',
    ]);
    expect(answer.Entries?.[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(bus.events.slice(before).map((event) => event['detail-type'])).toEqual(['A', 'F']);
  });

  it('accepts and drops an event for a bus that does not exist, as AWS does', async () => {
    const before = { events: bus.events.length, dropped: bus.stats.dropped };
    const answer = await client.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'test.app', DetailType: 'X', Detail: '{}', EventBusName: 'no-such-bus' },
        ],
      }),
    );
    expect(answer.FailedEntryCount).toBe(0);
    expect(answer.Entries?.[0]?.EventId).toBeDefined();
    expect(bus.events.length).toBe(before.events);
    expect(bus.stats.dropped).toBe(before.dropped + 1);
    // The default bus of another region is another bus.
    await client.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'test.app',
            DetailType: 'X',
            Detail: '{}',
            EventBusName: bus.defaultBusArn('us-east-1'),
          },
        ],
      }),
    );
    expect(bus.stats.dropped).toBe(before.dropped + 2);
  });

  it('refuses a whole request of more than 10 entries, or of more than 256 KB, as the SDK error AWS sends', async () => {
    const entry = { Source: 'test.app', DetailType: 'X', Detail: '{}' };
    await expect(
      client.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry) })),
    ).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    const big = { ...entry, Detail: JSON.stringify({ text: 'x'.repeat(300 * 1024) }) };
    await expect(client.send(new PutEventsCommand({ Entries: [big] }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
    });
  });

  it('fails an entry with a DetailType over 128 characters, a missing field or a resource that is not an ARN, as InvalidArgument', async () => {
    const before = bus.events.length;
    const answer = await client.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'test.app', DetailType: 'x'.repeat(128), Detail: '{}' },
          { Source: 'test.app', DetailType: 'x'.repeat(129), Detail: '{}' },
          { DetailType: 'A', Detail: '{}' },
          { Source: 'test.app', DetailType: 'A' },
          {
            Source: 'test.app',
            DetailType: 'R',
            Detail: '{}',
            Resources: ['arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0'],
          },
          {
            Source: 'test.app',
            DetailType: 'R',
            Detail: '{}',
            Resources: ['amazon.nova-lite-v1:0'],
          },
        ],
      }),
    );
    expect(answer.FailedEntryCount).toBe(4);
    expect(
      answer.Entries?.map((entry) =>
        entry.ErrorCode ? [entry.ErrorCode, entry.ErrorMessage] : 'ok',
      ),
    ).toEqual([
      'ok',
      [
        'InvalidArgument',
        'Parameter DetailType is not valid. Reason: DetailType is longer than 128 characters.',
      ],
      ['InvalidArgument', 'Parameter Source is not valid. Reason: Source is a required argument.'],
      ['InvalidArgument', 'Parameter Detail is not valid. Reason: Detail is a required argument.'],
      'ok',
      [
        'InvalidArgument',
        'Parameter Resources is not valid. Reason: "amazon.nova-lite-v1:0" is not an ARN.',
      ],
    ]);
    expect(bus.events.slice(before).map((event) => event.resources)).toEqual([
      [],
      ['arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0'],
    ]);
  });

  it.each([
    ['a name with a space', 'my bus'],
    ['a name with a slash', 'team/bus'],
    ['an ARN of something else', 'arn:aws:sns:eu-west-1:123456789012:alerts'],
    ['an empty name', ''],
    ['a name over 1600 characters', 'b'.repeat(1601)],
  ])(
    'refuses the whole request for an EventBusName outside the API pattern: %s',
    async (_, name) => {
      const before = { events: bus.events.length, dropped: bus.stats.dropped };
      const sending = client.send(
        new PutEventsCommand({
          Entries: [
            { Source: 'test.app', DetailType: 'X', Detail: '{}' },
            { Source: 'test.app', DetailType: 'X', Detail: '{}', EventBusName: name },
          ],
        }),
      );
      await expect(sending).rejects.toMatchObject({
        name: 'ValidationException',
        $metadata: { httpStatusCode: 400 },
      });
      const message = await sending.catch((error: unknown) => (error as Error).message);
      expect(message).toMatch(/^[12] validation errors? detected: Value '/);
      expect(message).toContain(
        "' at 'entries.2.member.eventBusName' failed to satisfy constraint: Member must",
      );
      // Nothing of the request is delivered or dropped: the first entry is refused with it.
      expect(bus.events.length).toBe(before.events);
      expect(bus.stats.dropped).toBe(before.dropped);
    },
  );

  it('names the pattern, as the API does, and accepts a name or a bus ARN that match it', async () => {
    await expect(
      client.send(
        new PutEventsCommand({
          Entries: [{ Source: 'test.app', DetailType: 'X', Detail: '{}', EventBusName: 'a b' }],
        }),
      ),
    ).rejects.toThrow(
      "1 validation error detected: Value 'a b' at 'entries.1.member.eventBusName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[\\.\\-_A-Za-z0-9]+",
    );
    const answer = await client.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'test.app', DetailType: 'X', Detail: '{}', EventBusName: 'team.bus_1-a' },
          {
            Source: 'test.app',
            DetailType: 'X',
            Detail: '{}',
            EventBusName: 'arn:aws:events:eu-west-1:123456789012:event-bus/team.bus_1-a',
          },
        ],
      }),
    );
    expect(answer.FailedEntryCount).toBe(0);
  });

  it('refuses the whole request for a resource over 2048 characters', async () => {
    const long = `arn:aws:s3:::${'b'.repeat(2048)}`;
    await expect(
      client.send(
        new PutEventsCommand({
          Entries: [{ Source: 'test.app', DetailType: 'X', Detail: '{}', Resources: [long] }],
        }),
      ),
    ).rejects.toThrow(
      /^1 validation error detected: Value 'arn:aws:s3:::b+' at 'entries\.1\.member\.resources\.1\.member' failed to satisfy constraint: Member must have length less than or equal to 2048$/,
    );
  });

  it('the production publisher turns a refused entry into an error (PutEvents answers 200 either way)', async () => {
    // A client whose requests arrive with a source the bus refuses per entry (aws.*).
    const rewriting = new EventBridgeClient({
      region: 'eu-west-1',
      endpoint: bus.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    rewriting.middlewareStack.add(
      (next) => (args) => {
        const input = args.input as { Entries?: { Source?: string }[] };
        for (const entry of input.Entries ?? []) entry.Source = 'aws.events';
        return next(args);
      },
      { step: 'initialize' },
    );
    try {
      const publishing = new EventBridgeChangeEvents({
        client: rewriting,
        eventBusName: 'default',
      }).publish({ modelId: 'm', region: 'eu-west-1', before: run({}), after: run({}) });
      await expect(publishing).rejects.toThrow(ChangeEventRejectedError);
      await expect(publishing).rejects.toThrow(
        'EventBridge refused the event: NotAuthorizedForSourceException: Not authorized for the source aws.events.',
      );
    } finally {
      rewriting.destroy();
    }
  });
});
