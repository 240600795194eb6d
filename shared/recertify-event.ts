import { InvalidRecertifyEventError, WatchlistError } from './errors.js';
import { validateModelId } from './http/routes.js';

/**
 * The most models a watch list may hold. The function certifies 4 at a time, a certification
 * may take its whole request budget (75 s), and an invocation at most 15 minutes: 11 rounds of
 * 4, 44 models at worst (`recertifyCapacity` in lambda-limits.ts; a test holds this below it).
 * 40 leaves room.
 */
export const MAX_WATCHLIST = 40;

/**
 * Parses a comma-separated watch list (`-c watchlist=...`, `WATCHLIST`): each id validated as the
 * API validates a path's model id, none twice, at most {@link MAX_WATCHLIST}. Empty or unset: no
 * watch list.
 */
export function parseWatchlist(raw: string | undefined): string[] {
  const ids = (raw ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  for (const id of ids) {
    try {
      validateModelId(id);
    } catch (error) {
      throw new WatchlistError(
        `"${id}" is not a model id the service can certify${error instanceof Error ? ` (${error.message})` : ''}`,
      );
    }
  }
  const twice = ids.find((id, index) => ids.indexOf(id) !== index);
  if (twice !== undefined) throw new WatchlistError(`"${twice}" is listed twice`);
  if (ids.length > MAX_WATCHLIST)
    throw new WatchlistError(
      `at most ${MAX_WATCHLIST} models can be watched (one invocation re-certifies them all), got ${ids.length}`,
    );
  return ids;
}

/**
 * What the re-certify function is invoked with: the schedule's input (the watch list) with
 * EventBridge Scheduler's context attributes filled in. Nothing but `modelIds` is required, so
 * an operator may also invoke the function by hand with `{"modelIds": [...]}`.
 */
export interface RecertifyEvent {
  modelIds: string[];
  /** When the schedule was due, e.g. `2026-11-24T06:00:00Z`. */
  scheduledTime?: string;
  /** Scheduler's id of this invocation attempt. */
  executionId?: string;
  attemptNumber?: string;
  scheduleArn?: string;
}

/**
 * The keywords EventBridge Scheduler replaces in a target's input when it invokes it
 * ("Adding context attributes in EventBridge Scheduler"); CDK's `ContextAttribute` spells the same.
 */
export const SCHEDULER_CONTEXT_ATTRIBUTES = {
  scheduleArn: '<aws.scheduler.schedule-arn>',
  scheduledTime: '<aws.scheduler.scheduled-time>',
  executionId: '<aws.scheduler.execution-id>',
  attemptNumber: '<aws.scheduler.attempt-number>',
} as const;

/**
 * The schedule's input for a watch list: the stack gives it to the Scheduler target, and the
 * local scheduler sends it the same way, context attributes replaced.
 */
export function recertifyScheduleInput(modelIds: readonly string[]): Required<RecertifyEvent> {
  return { modelIds: [...modelIds], ...SCHEDULER_CONTEXT_ATTRIBUTES };
}

/**
 * Validates an invocation event: a non-empty `modelIds` of ids the API would accept, each once.
 * Throws {@link InvalidRecertifyEventError} naming what is wrong, before anything is certified.
 */
export function parseRecertifyEvent(event: unknown): RecertifyEvent {
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    throw new InvalidRecertifyEventError('The event must be an object with modelIds.');
  const { modelIds, scheduledTime, executionId, attemptNumber, scheduleArn } = event as Record<
    string,
    unknown
  >;
  if (!Array.isArray(modelIds) || modelIds.length === 0)
    throw new InvalidRecertifyEventError('modelIds must be a non-empty array of model ids.');
  const bad = modelIds.filter((id) => {
    try {
      validateModelId(id);
      return false;
    } catch {
      return true;
    }
  });
  if (bad.length > 0)
    throw new InvalidRecertifyEventError(
      `modelIds holds ids the service cannot certify: ${bad.map((id) => JSON.stringify(id)).join(', ')}.`,
    );
  const ids = modelIds as string[];
  if (new Set(ids).size !== ids.length)
    throw new InvalidRecertifyEventError('modelIds lists a model more than once.');
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    modelIds: ids,
    scheduledTime: text(scheduledTime),
    executionId: text(executionId),
    attemptNumber: text(attemptNumber),
    scheduleArn: text(scheduleArn),
  };
}
