import { describe, expect, it } from 'vitest';
import { startLocalScheduler, type Timers } from '../../local/scheduler.js';
import { recertifyScheduleInput, type RecertifyEvent } from '../../shared/recertify-event.js';
import { parseScheduleExpression } from '../../shared/schedule-expression.js';

/** A wall clock and timers that move only when the test says so. */
function manualTime(startIso: string) {
  let now = Date.parse(startIso);
  let pending: { due: number; callback: () => void; id: number }[] = [];
  let ids = 0;
  const timers: Timers = {
    setTimeout: (callback, ms) => {
      const id = ++ids;
      pending.push({ due: now + ms, callback, id });
      return id;
    },
    clearTimeout: (handle) => {
      pending = pending.filter((timer) => timer.id !== handle);
    },
  };
  return {
    clock: { now: () => now },
    timers,
    /** Moves the wall clock to `iso`, running every timer that falls due on the way, in order. */
    advanceTo(iso: string) {
      const target = Date.parse(iso);
      for (;;) {
        const [next] = [...pending].sort((a, b) => a.due - b.due);
        if (!next || next.due > target) break;
        pending = pending.filter((timer) => timer !== next);
        now = Math.max(now, next.due);
        next.callback();
      }
      now = target;
    },
    get pending() {
      return pending.length;
    },
  };
}

const WATCHED = ['amazon.nova-lite-v1:0', 'qwen.qwen3-32b-v1:0'];

function start(expression: string, startIso: string, timeScale?: number) {
  const time = manualTime(startIso);
  const events: RecertifyEvent[] = [];
  const scheduler = startLocalScheduler({
    schedule: parseScheduleExpression(expression),
    input: recertifyScheduleInput(WATCHED),
    target: (event) => events.push(event as RecertifyEvent),
    timeScale,
    clock: time.clock,
    timers: time.timers,
  });
  return { time, events, scheduler, scheduled: () => events.map((event) => event.scheduledTime) };
}

describe('local scheduler', () => {
  it('a rate schedule fires when it starts, then once per interval, on time', () => {
    const { time, scheduled } = start('rate(1 hour)', '2026-11-24T10:20:30.000Z');
    time.advanceTo('2026-11-24T10:20:30.000Z');
    expect(scheduled()).toEqual(['2026-11-24T10:20:30Z']);
    time.advanceTo('2026-11-24T11:20:29.999Z');
    expect(scheduled()).toHaveLength(1);
    time.advanceTo('2026-11-24T13:20:30.000Z');
    expect(scheduled()).toEqual([
      '2026-11-24T10:20:30Z',
      '2026-11-24T11:20:30Z',
      '2026-11-24T12:20:30Z',
      '2026-11-24T13:20:30Z',
    ]);
  });

  it('a cron schedule fires at each matching minute (UTC), not at start', () => {
    const { time, scheduled } = start('cron(0/30 9-10 ? * MON-FRI *)', '2026-11-27T10:45:00.000Z');
    // Friday 10:45 → Monday 09:00, 09:30, 10:00, 10:30.
    time.advanceTo('2026-11-30T10:59:00.000Z');
    expect(scheduled()).toEqual([
      '2026-11-30T09:00:00Z',
      '2026-11-30T09:30:00Z',
      '2026-11-30T10:00:00Z',
      '2026-11-30T10:30:00Z',
    ]);
  });

  it('runs schedule time faster by the time scale: at 12, rate(1 minute) fires every 5 s of wall clock', () => {
    const { time, scheduled, scheduler } = start('rate(1 minute)', '2026-11-24T10:00:00.000Z', 12);
    time.advanceTo('2026-11-24T10:00:04.999Z');
    expect(scheduled()).toHaveLength(1);
    time.advanceTo('2026-11-24T10:00:05.000Z');
    expect(scheduled()).toHaveLength(2);
    time.advanceTo('2026-11-24T10:01:00.000Z');
    // 60 s of wall clock are 12 minutes of schedule time: the start plus 12 intervals.
    expect(scheduled()).toHaveLength(13);
    expect(scheduled().at(-1)).toBe('2026-11-24T10:12:00Z');
    expect(scheduler.nextFireTime()).toBe('2026-11-24T10:13:00.000Z');
  });

  it('a cron schedule under a time scale: cron(0 * * * ? *) at 12 fires every 5 minutes of wall clock', () => {
    const { time, scheduled } = start('cron(0 * * * ? *)', '2026-11-24T10:00:30.000Z', 12);
    // The first full hour of schedule time, 11:00, is 59.5 minutes of schedule time away: 297.5 s.
    time.advanceTo('2026-11-24T10:05:27.000Z');
    expect(scheduled()).toEqual([]);
    time.advanceTo('2026-11-24T10:05:28.000Z');
    expect(scheduled()).toEqual(['2026-11-24T11:00:00Z']);
    time.advanceTo('2026-11-24T10:15:28.000Z');
    expect(scheduled()).toEqual([
      '2026-11-24T11:00:00Z',
      '2026-11-24T12:00:00Z',
      '2026-11-24T13:00:00Z',
    ]);
  });

  it("sends the schedule's input with Scheduler's context attributes filled in, each invocation its own execution id", () => {
    const { time, events, scheduler } = start('rate(5 minutes)', '2026-11-24T10:00:00.000Z');
    time.advanceTo('2026-11-24T10:05:00.000Z');
    expect(events).toEqual([
      {
        modelIds: WATCHED,
        scheduleArn: scheduler.scheduleArn,
        scheduledTime: '2026-11-24T10:00:00Z',
        executionId: expect.stringMatching(/^[0-9a-f]{16}$/) as string,
        attemptNumber: '1',
      },
      {
        modelIds: WATCHED,
        scheduleArn: scheduler.scheduleArn,
        scheduledTime: '2026-11-24T10:05:00Z',
        executionId: expect.stringMatching(/^[0-9a-f]{16}$/) as string,
        attemptNumber: '1',
      },
    ]);
    expect(events[0]?.executionId).not.toBe(events[1]?.executionId);
    expect(scheduler.scheduleArn).toBe(
      'arn:aws:scheduler:us-east-1:000000000000:schedule/default/recertify',
    );
    expect(scheduler.invocations.map((invocation) => invocation.executionId)).toEqual(
      events.map((event) => event.executionId),
    );
  });

  it('fires a time it was too busy to meet, late, and keeps the cadence', () => {
    const { time, scheduled } = start('rate(10 minutes)', '2026-11-24T10:00:00.000Z');
    // Nothing ran for 25 minutes (a blocked event loop): the missed 10:10 and 10:20 fire at once.
    time.advanceTo('2026-11-24T10:25:00.000Z');
    expect(scheduled()).toEqual([
      '2026-11-24T10:00:00Z',
      '2026-11-24T10:10:00Z',
      '2026-11-24T10:20:00Z',
    ]);
    time.advanceTo('2026-11-24T10:30:00.000Z');
    expect(scheduled().at(-1)).toBe('2026-11-24T10:30:00Z');
  });

  it('stops when closed, and when the schedule will never fire again', () => {
    const closing = start('rate(1 minute)', '2026-11-24T10:00:00.000Z');
    closing.time.advanceTo('2026-11-24T10:00:00.000Z');
    closing.scheduler.close();
    closing.time.advanceTo('2026-11-24T11:00:00.000Z');
    expect(closing.scheduled()).toHaveLength(1);
    expect(closing.time.pending).toBe(0);

    const ending = start('cron(0 0 1 1 ? 2027)', '2026-11-24T10:00:00.000Z');
    ending.time.advanceTo('2028-01-01T00:00:00.000Z');
    expect(ending.scheduled()).toEqual(['2027-01-01T00:00:00Z']);
    expect(ending.scheduler.nextFireTime()).toBeUndefined();
    expect(ending.time.pending).toBe(0);
  });
});
