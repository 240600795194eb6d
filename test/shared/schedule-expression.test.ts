import { describe, expect, it } from 'vitest';
import { ScheduleExpressionError } from '../../shared/errors.js';
import {
  parseFiringSchedule,
  parseScheduleExpression,
  type Schedule,
} from '../../shared/schedule-expression.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The first `count` fire times from `fromIso` on, that instant included (a rate schedule is taken to start then). */
function fires(expression: string, fromIso: string, count = 3): (string | undefined)[] {
  const schedule = parseScheduleExpression(expression);
  const start = at(fromIso);
  const times: (string | undefined)[] = [];
  let after = start - 1;
  for (let i = 0; i < count; i++) {
    const next = schedule.nextFireAfter(after, start);
    times.push(iso(next));
    if (next === undefined) break;
    after = next;
  }
  return times;
}

function problemOf(expression: string): string {
  try {
    parseScheduleExpression(expression);
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleExpressionError);
    expect((error as ScheduleExpressionError).message).toContain(
      `"${expression}" is not a schedule expression EventBridge Scheduler accepts: `,
    );
    return (error as ScheduleExpressionError).problem;
  }
  throw new Error(`${expression} parsed`);
}

describe('rate expressions', () => {
  it('fire when the schedule starts, then every interval', () => {
    expect(fires('rate(1 day)', '2026-11-24T12:34:56.000Z')).toEqual([
      '2026-11-24T12:34:56.000Z',
      '2026-11-25T12:34:56.000Z',
      '2026-11-26T12:34:56.000Z',
    ]);
    expect(fires('rate(5 minutes)', '2026-11-24T12:00:00.000Z')).toEqual([
      '2026-11-24T12:00:00.000Z',
      '2026-11-24T12:05:00.000Z',
      '2026-11-24T12:10:00.000Z',
    ]);
    expect(fires('rate(1 hour)', '2026-11-24T23:30:00.000Z')).toEqual([
      '2026-11-24T23:30:00.000Z',
      '2026-11-25T00:30:00.000Z',
      '2026-11-25T01:30:00.000Z',
    ]);
    expect(fires('rate(2 days)', '2026-12-31T00:00:00.000Z', 2)).toEqual([
      '2026-12-31T00:00:00.000Z',
      '2027-01-02T00:00:00.000Z',
    ]);
  });

  it('keep their cadence from the start, whenever they are asked (a late timer does not shift them)', () => {
    const schedule = parseScheduleExpression('rate(10 minutes)');
    const start = at('2026-11-24T12:00:00.000Z');
    expect(iso(schedule.nextFireAfter(at('2026-11-24T12:37:12.000Z'), start))).toBe(
      '2026-11-24T12:40:00.000Z',
    );
    expect(iso(schedule.nextFireAfter(at('2026-11-24T12:40:00.000Z'), start))).toBe(
      '2026-11-24T12:50:00.000Z',
    );
  });

  it.each([
    ['rate(1 minutes)', 'with a value of 1 the unit must be "minute", not "minutes"'],
    ['rate(5 hour)', 'with a value of 5 the unit must be "hours", not "hour"'],
    ['rate(0 minutes)', 'the rate must be a positive whole number, got "0"'],
    ['rate(05 minutes)', 'the rate must be a positive whole number, got "05"'],
    ['rate(1 week)', 'the unit must be minute(s), hour(s) or day(s), got "week"'],
    ['rate(1 second)', 'the unit must be minute(s), hour(s) or day(s), got "second"'],
  ])('refuse %s: %s', (expression, problem) => {
    expect(problemOf(expression)).toBe(problem);
  });

  it('refuse what is not a rate at all', () => {
    for (const expression of [
      'rate(1.5 hours)',
      'rate(-1 day)',
      'rate(day)',
      'rate 1 day',
      'RATE(1 day)',
      'every day',
      '',
    ]) {
      expect(problemOf(expression), expression).toMatch(/^expected rate\(value unit\) or cron\(/);
    }
  });
});

describe('cron expressions', () => {
  it('fire at the given minute and hour, every day (UTC)', () => {
    expect(fires('cron(0 10 * * ? *)', '2026-11-24T10:00:30.000Z')).toEqual([
      '2026-11-25T10:00:00.000Z',
      '2026-11-26T10:00:00.000Z',
      '2026-11-27T10:00:00.000Z',
    ]);
    expect(fires('cron(15 12 * * ? *)', '2026-11-24T09:00:00.000Z', 1)).toEqual([
      '2026-11-24T12:15:00.000Z',
    ]);
  });

  it('take lists, ranges, increments and names', () => {
    expect(fires('cron(0/15 * * * ? *)', '2026-11-24T10:07:00.000Z')).toEqual([
      '2026-11-24T10:15:00.000Z',
      '2026-11-24T10:30:00.000Z',
      '2026-11-24T10:45:00.000Z',
    ]);
    expect(fires('cron(*/20 9 * * ? *)', '2026-11-24T09:50:00.000Z', 2)).toEqual([
      '2026-11-25T09:00:00.000Z',
      '2026-11-25T09:20:00.000Z',
    ]);
    expect(fires('cron(1/10 * * * ? *)', '2026-11-24T10:00:00.000Z', 3)).toEqual([
      '2026-11-24T10:01:00.000Z',
      '2026-11-24T10:11:00.000Z',
      '2026-11-24T10:21:00.000Z',
    ]);
    expect(fires('cron(10-30/10 8,17 * * ? *)', '2026-11-24T08:00:00.000Z', 4)).toEqual([
      '2026-11-24T08:10:00.000Z',
      '2026-11-24T08:20:00.000Z',
      '2026-11-24T08:30:00.000Z',
      '2026-11-24T17:10:00.000Z',
    ]);
    // 2026-11-24 is a Tuesday.
    expect(fires('cron(0 9 ? * MON-FRI *)', '2026-11-27T12:00:00.000Z', 2)).toEqual([
      '2026-11-30T09:00:00.000Z',
      '2026-12-01T09:00:00.000Z',
    ]);
    expect(fires('cron(0 9 ? * 1,7 *)', '2026-11-24T12:00:00.000Z', 2)).toEqual([
      '2026-11-28T09:00:00.000Z',
      '2026-11-29T09:00:00.000Z',
    ]);
    expect(fires('cron(0 0 1 JAN,jul ? *)', '2026-11-24T00:00:00.000Z', 2)).toEqual([
      '2027-01-01T00:00:00.000Z',
      '2027-07-01T00:00:00.000Z',
    ]);
  });

  it('L: the last day of the month, leap years included', () => {
    expect(fires('cron(0 0 L * ? *)', '2027-12-15T00:00:00.000Z', 4)).toEqual([
      '2027-12-31T00:00:00.000Z',
      '2028-01-31T00:00:00.000Z',
      '2028-02-29T00:00:00.000Z',
      '2028-03-31T00:00:00.000Z',
    ]);
  });

  it('W: the weekday nearest a day, never leaving the month; LW: the last weekday', () => {
    // 2026-08-01 is a Saturday: 1W is Monday the 3rd, not Friday July 31.
    expect(fires('cron(0 6 1W * ? *)', '2026-07-15T00:00:00.000Z', 2)).toEqual([
      '2026-08-03T06:00:00.000Z',
      '2026-09-01T06:00:00.000Z',
    ]);
    // 2026-11-15 is a Sunday: 15W is Monday the 16th; 2026-08-15 is a Saturday: Friday the 14th.
    expect(fires('cron(0 6 15W * ? *)', '2026-11-01T00:00:00.000Z', 1)).toEqual([
      '2026-11-16T06:00:00.000Z',
    ]);
    expect(fires('cron(0 6 15W * ? *)', '2026-08-01T00:00:00.000Z', 1)).toEqual([
      '2026-08-14T06:00:00.000Z',
    ]);
    // 2026-05-31 is a Sunday: 31W is Friday the 29th; months without a 31st do not fire.
    expect(fires('cron(0 6 31W * ? *)', '2026-04-01T00:00:00.000Z', 2)).toEqual([
      '2026-05-29T06:00:00.000Z',
      '2026-07-31T06:00:00.000Z',
    ]);
    // 2026-10-31 is a Saturday, 2027-01-31 a Sunday.
    expect(fires('cron(0 18 LW * ? *)', '2026-10-01T00:00:00.000Z', 4)).toEqual([
      '2026-10-30T18:00:00.000Z',
      '2026-11-30T18:00:00.000Z',
      '2026-12-31T18:00:00.000Z',
      '2027-01-29T18:00:00.000Z',
    ]);
  });

  it('#: the n-th weekday of the month; nL: its last one; L alone: Saturdays', () => {
    // The second Tuesday (3#2) and the last Friday (6L) of each month.
    expect(fires('cron(0 12 ? * 3#2 *)', '2026-11-01T00:00:00.000Z', 2)).toEqual([
      '2026-11-10T12:00:00.000Z',
      '2026-12-08T12:00:00.000Z',
    ]);
    expect(fires('cron(15 10 ? * 6L *)', '2026-11-01T00:00:00.000Z', 2)).toEqual([
      '2026-11-27T10:15:00.000Z',
      '2026-12-25T10:15:00.000Z',
    ]);
    expect(fires('cron(0 0 ? * FRIL *)', '2026-11-01T00:00:00.000Z', 1)).toEqual([
      '2026-11-27T00:00:00.000Z',
    ]);
    // A fifth Monday exists in some months only: November 2026 (2, 9, ..., 30), then March 2027.
    expect(fires('cron(0 0 ? * MON#5 *)', '2026-11-01T00:00:00.000Z', 2)).toEqual([
      '2026-11-30T00:00:00.000Z',
      '2027-03-29T00:00:00.000Z',
    ]);
    expect(fires('cron(0 0 ? * L *)', '2026-11-24T00:00:00.000Z', 2)).toEqual([
      '2026-11-28T00:00:00.000Z',
      '2026-12-05T00:00:00.000Z',
    ]);
  });

  it('years: fire only within them, then never again', () => {
    expect(fires('cron(0 0 1 1 ? 2027-2028)', '2026-11-24T00:00:00.000Z', 3)).toEqual([
      '2027-01-01T00:00:00.000Z',
      '2028-01-01T00:00:00.000Z',
      undefined,
    ]);
    expect(fires('cron(30 23 31 12 ? 2199)', '2199-12-31T23:29:00.000Z', 2)).toEqual([
      '2199-12-31T23:30:00.000Z',
      undefined,
    ]);
    // February 29th: only leap years.
    expect(fires('cron(0 0 29 FEB ? *)', '2026-11-24T00:00:00.000Z', 2)).toEqual([
      '2028-02-29T00:00:00.000Z',
      '2032-02-29T00:00:00.000Z',
    ]);
  });

  it('fire strictly after the given instant, at whole minutes', () => {
    const schedule = parseScheduleExpression('cron(* * * * ? *)');
    expect(iso(schedule.nextFireAfter(at('2026-11-24T10:00:00.000Z'), 0))).toBe(
      '2026-11-24T10:01:00.000Z',
    );
    expect(iso(schedule.nextFireAfter(at('2026-11-24T10:00:59.999Z'), 0))).toBe(
      '2026-11-24T10:01:00.000Z',
    );
  });

  it.each([
    [
      'cron(0 10 * * *)',
      'a cron expression has six fields (minutes hours day-of-month month day-of-week year), got 5',
    ],
    [
      'cron(0 10 * * ? * *)',
      'a cron expression has six fields (minutes hours day-of-month month day-of-week year), got 7',
    ],
    [
      'cron()',
      'a cron expression has six fields (minutes hours day-of-month month day-of-week year), got 0',
    ],
    [
      'cron(0 10 * * MON *)',
      'exactly one of day-of-month and day-of-week must be "?" (the other says which days)',
    ],
    [
      'cron(0 10 ? * ? *)',
      'exactly one of day-of-month and day-of-week must be "?" (the other says which days)',
    ],
    ['cron(60 10 * * ? *)', 'minutes: "60" is outside 0-59'],
    ['cron(0 24 * * ? *)', 'hours: "24" is outside 0-23'],
    ['cron(0 0 0 * ? *)', 'day-of-month: "0" is outside 1-31'],
    ['cron(0 0 32W * ? *)', 'day-of-month: "32" is outside 1-31'],
    ['cron(0 0 1 13 ? *)', 'month: "13" is outside 1-12 (or JAN-DEC)'],
    ['cron(0 0 1 JANUARY ? *)', 'month: "JANUARY" is not a number or name'],
    ['cron(0 0 ? * 8 *)', 'day-of-week: "8" is outside 1-7 (or SUN-SAT)'],
    ['cron(0 0 ? * MON/2 *)', 'day-of-week: increments ("/") are not allowed in day-of-week'],
    ['cron(0 0 ? * 2#6 *)', 'day-of-week: in "2#6" the week of the month must be from 1 to 5'],
    [
      'cron(0 0 ? * 3#1,6#3 *)',
      'day-of-week: "L", "nL" and "n#k" stand alone in the field, got "3#1,6#3"',
    ],
    [
      'cron(0 0 L,15 * ? *)',
      'day-of-month: "L", "LW" and "nW" stand alone in the field, got "L,15"',
    ],
    ['cron(0 0 1 1 ? 1969)', 'year: "1969" is outside 1970-2199'],
    ['cron(*/60 * * * ? *)', 'minutes: the increment in "*/60" must be from 1 to 59'],
    ['cron(0/0 * * * ? *)', 'minutes: the increment in "0/0" must be from 1 to 59'],
    ['cron(30-10 * * * ? *)', 'minutes: the range "30-10" runs backwards'],
    ['cron(1,,2 * * * ? *)', 'minutes: empty item in "1,,2"'],
    ['cron(? * * * ? *)', 'minutes: "?" is not a number'],
    [
      'cron(0 10 * * ? * )x',
      'expected rate(value unit) or cron(minutes hours day-of-month month day-of-week year)',
    ],
    [
      'at(2026-12-01T10:00:00)',
      'a one-time at(...) schedule does not recur; use rate(...) or cron(...)',
    ],
  ])('refuse %s: %s', (expression, problem) => {
    expect(problemOf(expression)).toBe(problem);
  });
});

describe('parseFiringSchedule', () => {
  it('accepts a schedule that fires after now, and refuses one that never will', () => {
    const now = at('2026-11-24T12:00:00.000Z');
    const schedule: Schedule = parseFiringSchedule('cron(0 0 1 1 ? 2027)', now);
    expect(schedule.kind).toBe('cron');
    expect(parseFiringSchedule('rate(1 day)', now).kind).toBe('rate');
    expect(() => parseFiringSchedule('cron(0 0 1 1 ? 2020-2025)', now)).toThrow(
      'it never fires after 2026-11-24T12:00:00.000Z',
    );
    // February 31st parses, and never comes.
    expect(() => parseFiringSchedule('cron(0 0 31 2 ? *)', now)).toThrow(ScheduleExpressionError);
  });
});
