import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../shared/clock.js';
import { SCHEDULER_CONTEXT_ATTRIBUTES } from '../shared/recertify-event.js';
import type { Schedule } from '../shared/schedule-expression.js';

/**
 * A local EventBridge Scheduler schedule with one target: on every fire time of its expression
 * it sends the target its input, with Scheduler's context attributes (`<aws.scheduler.…>`)
 * replaced as Scheduler replaces them, and does not wait for the target (Scheduler invokes a
 * Lambda function asynchronously). A rate schedule fires when it starts, then every interval;
 * a cron schedule at each matching minute, in UTC; the `scheduled-time` is the fire time,
 * written as Scheduler writes it (`2026-11-24T06:00:00Z`).
 *
 * `timeScale` runs the schedule's clock faster than the wall clock: at 12, a minute of schedule
 * time passes in 5 s, so `rate(1 minute)` fires every 5 s and `cron(0 * * * ? *)` every 5 minutes
 * (scheduled times are schedule time, which runs ahead of the wall clock). A fire time the
 * process was too busy to meet is still fired, late, as a delivery Scheduler retries would be.
 * Not modelled: flexible time windows, start and end dates, time zones other than UTC, retries
 * of a target that cannot be invoked, and Scheduler's up-to-a-minute delivery jitter.
 */

/** The timer functions the scheduler uses; tests pass a manual implementation. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Options of {@link startLocalScheduler}. */
export interface LocalSchedulerOptions {
  schedule: Schedule;
  /** The target's input, with context attribute keywords where Scheduler should fill them in. */
  input: unknown;
  /** Invokes the target; called without waiting for it. */
  target: (event: unknown) => void;
  /** Schedule time per wall-clock time. Default 1. */
  timeScale?: number;
  /** The schedule's name, in its ARN. Default `recertify`. */
  name?: string;
  region?: string;
  accountId?: string;
  clock?: Clock;
  timers?: Timers;
}

/** One invocation the scheduler sent. */
export interface ScheduledInvocation {
  /** Schedule time the invocation was due, ISO 8601 without fractions. */
  scheduledTime: string;
  executionId: string;
}

/** A running local schedule. */
export interface LocalScheduler {
  readonly scheduleArn: string;
  /** Invocations sent so far, oldest first. */
  readonly invocations: readonly ScheduledInvocation[];
  /** The next fire time (schedule time, ISO 8601), or undefined when the schedule will not fire again. */
  nextFireTime(): string | undefined;
  /** Stops the schedule (invocations already sent run on in their target). */
  close(): void;
}

const defaultTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Starts the schedule now: a rate schedule fires at once. */
export function startLocalScheduler(options: LocalSchedulerOptions): LocalScheduler {
  const { schedule, clock = systemClock, timers = defaultTimers } = options;
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0) || !Number.isFinite(timeScale))
    throw new RangeError(`timeScale must be a positive number, got ${timeScale}`);
  const scheduleArn = `arn:aws:scheduler:${options.region ?? 'us-east-1'}:${options.accountId ?? '000000000000'}:schedule/default/${options.name ?? 'recertify'}`;
  const template = JSON.stringify(options.input);
  const realStart = clock.now();
  /** Schedule time: starts at the wall clock's now and runs `timeScale` times as fast. */
  const scheduleNow = () => realStart + (clock.now() - realStart) * timeScale;

  const invocations: ScheduledInvocation[] = [];
  let next = schedule.nextFireAfter(realStart - 1, realStart);
  let handle: unknown;
  let closed = false;

  const fire = (dueAt: number): void => {
    const invocation = {
      scheduledTime: new Date(dueAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      executionId: randomBytes(8).toString('hex'),
    };
    invocations.push(invocation);
    const values: Record<string, string> = {
      [SCHEDULER_CONTEXT_ATTRIBUTES.scheduleArn]: scheduleArn,
      [SCHEDULER_CONTEXT_ATTRIBUTES.scheduledTime]: invocation.scheduledTime,
      [SCHEDULER_CONTEXT_ATTRIBUTES.executionId]: invocation.executionId,
      [SCHEDULER_CONTEXT_ATTRIBUTES.attemptNumber]: '1',
    };
    // Scheduler replaces the keywords in the input text; JSON string escaping leaves them intact.
    let text = template;
    for (const [keyword, value] of Object.entries(values)) text = text.replaceAll(keyword, value);
    options.target(JSON.parse(text));
  };

  const arm = (): void => {
    if (closed || next === undefined) return;
    const dueAt = next;
    handle = timers.setTimeout(
      () => {
        next = schedule.nextFireAfter(dueAt, realStart);
        fire(dueAt);
        arm();
      },
      Math.max(0, (dueAt - scheduleNow()) / timeScale),
    );
  };
  arm();

  return {
    scheduleArn,
    invocations,
    nextFireTime: () => (next === undefined ? undefined : new Date(next).toISOString()),
    close: () => {
      closed = true;
      timers.clearTimeout(handle);
    },
  };
}
