import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';

/**
 * A local EventBridge default bus for `PutEvents`, reached by the unmodified
 * `@aws-sdk/client-eventbridge` through `endpoint`: the AWS JSON 1.1 protocol
 * (`X-Amz-Target: AWSEvents.PutEvents`), the real request checks and answer shape
 * (`{FailedEntryCount, Entries: [{EventId} | {ErrorCode, ErrorMessage}]}`, one result per entry, in
 * order). Each event accepted on the default bus is delivered as a rule target receives it
 * (`version`, `id`, `detail-type`, `source`, `account`, `time`, `region`, `resources`, `detail`):
 * kept in `events`, handed to `onEvent` and appended to `file` as one JSON line.
 *
 * As AWS does (constraints from botocore's `events` service model, messages from captures of AWS's
 * answers where known): an entry for a bus that does not exist is answered with an event id and
 * dropped (aws/aws-sdk#186); a `Detail` that is not a JSON object fails that entry with
 * `MalformedDetail`; a missing `Source`, `DetailType` or `Detail` fails it with `InvalidArgument`
 * ("Parameter Source is not valid. Reason: Source is a required argument."), and so does a
 * `DetailType` over 128 characters or a resource that is not an ARN; an `aws.` source fails it
 * with `NotAuthorizedForSourceException`; an `EventBusName` outside the API's pattern (a name of
 * `[.-_A-Za-z0-9]`, or a bus ARN, 1 to 1600 characters), a resource over 2048 characters, more
 * than 10 entries or over 256 KB fail the whole request with `ValidationException` in the API's
 * "1 validation error detected: Value ... at 'entries.1.member.eventBusName' failed to satisfy
 * constraint: ..." form. Not modelled: other buses, rules and their targets (everything on the
 * default bus is delivered), archives, IAM, the signature itself (only its presence is checked,
 * as dynalite does), `EndpointId`, and the wording of the reasons of a too long `DetailType` or a
 * resource that is not an ARN (AWS's is not captured).
 */

/** An event as EventBridge delivers it to a rule's target. */
export interface DeliveredEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** ISO 8601 without fractions, as EventBridge writes it. */
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

/** Options of {@link startLocalEventBus}. */
export interface LocalEventBusOptions {
  port?: number;
  host?: string;
  /** The account the bus belongs to (its ARN, the events' `account`). */
  accountId?: string;
  /** Appends every delivered event to this file, one JSON object per line (directories are created). */
  file?: string;
  /** Called with every delivered event, after it is appended. */
  onEvent?: (event: DeliveredEvent) => void;
}

/** A running local bus. */
export interface LocalEventBus {
  /** `http://127.0.0.1:<port>`, for `new EventBridgeClient({ endpoint })` (`EVENTBRIDGE_ENDPOINT`). */
  endpoint: string;
  accountId: string;
  /** The default bus's ARN in `region`, as the stack passes it (`CHANGE_EVENT_BUS`). */
  defaultBusArn(region: string): string;
  /** Events delivered on the default bus, oldest first. */
  readonly events: readonly DeliveredEvent[];
  /** `PutEvents` requests received, and entries accepted for buses that do not exist (dropped). */
  readonly stats: { requests: number; dropped: number };
  close(): Promise<void>;
}

/** PutEvents quotas: 10 entries a request, 256 KB in all. */
const MAX_ENTRIES = 10;
const MAX_REQUEST_ENTRY_BYTES = 256 * 1024;
/** `PutEventsRequestEntry.DetailType`: "Free-form string, with a maximum of 128 characters". */
const MAX_DETAIL_TYPE_LENGTH = 128;
/** `EventResource`: at most 2048 characters. */
const MAX_RESOURCE_LENGTH = 2048;
/** `NonPartnerEventBusNameOrArn`: 1 to 1600 characters matching this pattern (as the API anchors it). */
const EVENT_BUS_NAME_PATTERN = String.raw`(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[\.\-_A-Za-z0-9]+`;
const EVENT_BUS_NAME = new RegExp(`^(?:${EVENT_BUS_NAME_PATTERN})$`);
const MAX_EVENT_BUS_NAME_LENGTH = 1600;
/** `arn:partition:service:region:account:resource`; region and account may be empty (S3, IAM). */
const ARN = /^arn:aws[\w-]*:[a-z0-9-]+:[a-z0-9-]*:(?:\d{12})?:\S+$/;
const DEFAULT_ACCOUNT_ID = '000000000000';

interface RequestEntry {
  Source?: unknown;
  DetailType?: unknown;
  Detail?: unknown;
  EventBusName?: unknown;
  Resources?: unknown;
  Time?: unknown;
}

type ResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What the API's input validation refuses before the service looks at an entry, in its message
 * form (`Value '...' at 'entries.1.member.eventBusName' failed to satisfy constraint: ...`).
 */
function constraintViolations(entry: RequestEntry, index: number): string[] {
  const at = `entries.${index + 1}.member`;
  const violations: string[] = [];
  const bus = entry.EventBusName;
  if (typeof bus === 'string') {
    if (bus.length < 1 || bus.length > MAX_EVENT_BUS_NAME_LENGTH)
      violations.push(
        `Value '${bus}' at '${at}.eventBusName' failed to satisfy constraint: Member must have length ${bus.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_EVENT_BUS_NAME_LENGTH}`}`,
      );
    if (!EVENT_BUS_NAME.test(bus))
      violations.push(
        `Value '${bus}' at '${at}.eventBusName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${EVENT_BUS_NAME_PATTERN}`,
      );
  }
  if (Array.isArray(entry.Resources)) {
    entry.Resources.forEach((resource: unknown, position) => {
      if (typeof resource === 'string' && resource.length > MAX_RESOURCE_LENGTH)
        violations.push(
          `Value '${resource}' at '${at}.resources.${position + 1}.member' failed to satisfy constraint: Member must have length less than or equal to ${MAX_RESOURCE_LENGTH}`,
        );
    });
  }
  return violations;
}

/** Why the service fails an entry with `InvalidArgument`, if it does. */
function invalidArgument(entry: RequestEntry): string | undefined {
  for (const name of ['Source', 'DetailType', 'Detail'] as const) {
    if (typeof entry[name] !== 'string' || entry[name] === '')
      return `Parameter ${name} is not valid. Reason: ${name} is a required argument.`;
  }
  const detailType = entry.DetailType as string;
  if (detailType.length > MAX_DETAIL_TYPE_LENGTH)
    return `Parameter DetailType is not valid. Reason: DetailType is longer than ${MAX_DETAIL_TYPE_LENGTH} characters.`;
  const resources: unknown[] = Array.isArray(entry.Resources) ? entry.Resources : [];
  const notArn = resources.find((resource) => typeof resource !== 'string' || !ARN.test(resource));
  if (notArn !== undefined)
    return `Parameter Resources is not valid. Reason: ${JSON.stringify(notArn)} is not an ARN.`;
  return undefined;
}

/** Starts the bus on 127.0.0.1 (port 0 picks a free one). */
export async function startLocalEventBus(
  options: LocalEventBusOptions = {},
): Promise<LocalEventBus> {
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const events: DeliveredEvent[] = [];
  const stats = { requests: 0, dropped: 0 };
  // Appends happen in arrival order, one after another.
  let appending = Promise.resolve();
  const deliver = (event: DeliveredEvent): Promise<void> => {
    events.push(event);
    const file = options.file;
    if (file) {
      appending = appending.then(async () => {
        await mkdir(dirname(file), { recursive: true });
        await appendFile(file, `${JSON.stringify(event)}\n`);
      });
    }
    return appending.then(() => options.onEvent?.(event));
  };

  const isDefaultBus = (name: unknown, region: string): boolean =>
    name === undefined ||
    name === 'default' ||
    name === `arn:aws:events:${region}:${accountId}:event-bus/default`;

  async function putEvents(
    body: unknown,
    region: string,
  ): Promise<{ FailedEntryCount: number; Entries: ResultEntry[] }> {
    const entries = (body as { Entries?: unknown } | null)?.Entries;
    if (!Array.isArray(entries))
      throw new ServiceError(
        'ValidationException',
        "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null",
      );
    if (entries.length < 1 || entries.length > MAX_ENTRIES) {
      throw new ServiceError(
        'ValidationException',
        `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and ${MAX_ENTRIES}`,
      );
    }
    const violations = (entries as RequestEntry[]).flatMap(constraintViolations);
    if (violations.length > 0)
      throw new ServiceError(
        'ValidationException',
        `${violations.length} validation error${violations.length === 1 ? '' : 's'} detected: ${violations.join('; ')}`,
      );
    if (Buffer.byteLength(JSON.stringify(entries)) > MAX_REQUEST_ENTRY_BYTES)
      throw new ServiceError(
        'ValidationException',
        'Total size of the entries in the request is over the limit.',
      );

    const accepted: DeliveredEvent[] = [];
    const results = (entries as RequestEntry[]).map((entry): ResultEntry => {
      const refused = invalidArgument(entry);
      if (refused !== undefined) return { ErrorCode: 'InvalidArgument', ErrorMessage: refused };
      const source = entry.Source as string;
      if (source.startsWith('aws.'))
        return {
          ErrorCode: 'NotAuthorizedForSourceException',
          ErrorMessage: `Not authorized for the source ${source}.`,
        };
      let detail: unknown;
      try {
        detail = JSON.parse(entry.Detail as string);
      } catch {
        detail = undefined;
      }
      if (typeof detail !== 'object' || detail === null || Array.isArray(detail))
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
      const id = randomUUID();
      if (!isDefaultBus(entry.EventBusName, region)) {
        // What AWS does with an entry for a bus that does not exist: accepts it and drops it.
        stats.dropped += 1;
        return { EventId: id };
      }
      const time = typeof entry.Time === 'number' ? new Date(entry.Time * 1000) : new Date();
      accepted.push({
        version: '0',
        id,
        'detail-type': entry.DetailType as string,
        source,
        account: accountId,
        time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region,
        resources: Array.isArray(entry.Resources) ? (entry.Resources as string[]) : [],
        detail,
      });
      return { EventId: id };
    });
    for (const event of accepted) await deliver(event);
    return {
      FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length,
      Entries: results,
    };
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const requestId = randomUUID();
    const answer = (status: number, body: unknown, errorType?: string) => {
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': requestId,
        ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
      });
      res.end(JSON.stringify(body));
    };
    try {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (req.method !== 'POST' || !target.startsWith('AWSEvents.'))
        throw new ServiceError('UnknownOperationException', 'Unknown operation.');
      if (target !== 'AWSEvents.PutEvents')
        throw new ServiceError(
          'UnknownOperationException',
          `The local event bus serves PutEvents only, not ${target.slice('AWSEvents.'.length)}.`,
        );
      // SigV4: `Credential=<key>/<date>/<region>/events/aws4_request`; the region names the bus.
      const region = /Credential=[^/]+\/\d{8}\/([^/]+)\/events\//.exec(
        String(req.headers.authorization ?? ''),
      )?.[1];
      if (region === undefined)
        throw new ServiceError(
          'MissingAuthenticationTokenException',
          'Missing Authentication Token',
        );
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        throw new ServiceError('SerializationException', 'The request body is not valid JSON.');
      }
      stats.requests += 1;
      answer(200, await putEvents(body, region));
    } catch (error) {
      if (error instanceof ServiceError)
        answer(400, { __type: error.type, message: error.message }, error.type);
      else
        answer(
          500,
          { __type: 'InternalException', message: 'Internal error.' },
          'InternalException',
        );
    }
  }

  const server = createServer((req, res) => void serve(req, res));
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${options.host ?? '127.0.0.1'}:${port}`,
    accountId,
    defaultBusArn: (region) => `arn:aws:events:${region}:${accountId}:event-bus/default`,
    events,
    stats,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await appending;
    },
  };
}
