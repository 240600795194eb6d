import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { ChangeEventRejectedError } from '../errors.js';
import type { ChangeEventsPort } from '../service/ports.js';
import {
  CHANGE_EVENT_DETAIL_TYPE,
  CHANGE_EVENT_SOURCE,
  type CertificationChangedDetail,
} from '../types.js';

/** Options of {@link EventBridgeChangeEvents}. */
export interface EventBridgeChangeEventsOptions {
  client: EventBridgeClient;
  /** Name or ARN of the bus (the stack passes the default bus's ARN). */
  eventBusName: string;
}

/**
 * Announces certification changes as `Certification Changed` events (source
 * `bedrock-model-certification`) with one `PutEvents` call each. `PutEvents` reports a refused
 * entry in its answer rather than as an error, so that is checked and thrown here.
 */
export class EventBridgeChangeEvents implements ChangeEventsPort {
  constructor(private readonly options: EventBridgeChangeEventsOptions) {}

  async publish(detail: CertificationChangedDetail): Promise<void> {
    const { FailedEntryCount = 0, Entries = [] } = await this.options.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.options.eventBusName,
            Source: CHANGE_EVENT_SOURCE,
            DetailType: CHANGE_EVENT_DETAIL_TYPE,
            Detail: JSON.stringify(detail),
          },
        ],
      }),
    );
    if (FailedEntryCount > 0) {
      const [entry] = Entries;
      throw new ChangeEventRejectedError(
        entry?.ErrorCode ?? 'Unknown',
        entry?.ErrorMessage ?? 'no reason given',
      );
    }
  }
}
