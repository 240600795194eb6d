/**
 * EventBridge Scheduler's recurring schedule expressions, parsed into fire times: what the stack
 * validates `-c recertifySchedule` with at synth, and what `npm start` runs the re-certify
 * function on. The grammar is Scheduler's ("Schedule types on EventBridge Scheduler", and the
 * cron and rate expression references of EventBridge):
 *
 * - `rate(value unit)`: a positive whole `value`; `unit` is `minute`, `hour` or `day` when the
 *   value is 1 and `minutes`, `hours` or `days` otherwise (`rate(1 hours)` is refused, as by
 *   AWS). A rate schedule without a start date fires when it is created, then every interval.
 * - `cron(minutes hours day-of-month month day-of-week year)`, evaluated in UTC (the schedule's
 *   default time zone): minutes 0-59, hours 0-23, day-of-month 1-31, month 1-12 or JAN-DEC,
 *   day-of-week 1-7 or SUN-SAT (1 is Sunday), year 1970-2199. Every field takes `*`, lists
 *   (`,`) and ranges (`-`); all but day-of-week take increments (`/`: `a/n`, `*\/n`, `a-b/n`).
 *   Exactly one of day-of-month and day-of-week is `?`. Day-of-month also takes `L` (last day),
 *   `LW` (last weekday) and `nW` (the weekday nearest day n, within the month); day-of-week takes
 *   `L` (Saturday, the week's last day), `nL` (the month's last weekday n) and `n#k` (the k-th
 *   weekday n of the month). `L`, `W` and `#` forms stand alone in their field. Names and letters
 *   are case-insensitive.
 *
 * One-time `at(...)` expressions are Scheduler's too, but a re-certification schedule recurs, so
 * they are refused with a message saying so.
 */
import { ScheduleExpressionError } from './errors.js';

/** A recurring schedule. */
export interface Schedule {
  readonly kind: 'rate' | 'cron';
  /** The expression as given. */
  readonly expression: string;
  /**
   * The first fire time strictly after `afterMs` (epoch ms), for a schedule that started at
   * `startedAtMs` (when it was created; only rate schedules depend on it); `undefined` when it
   * never fires again (a cron expression's years are over).
   */
  nextFireAfter(afterMs: number, startedAtMs: number): number | undefined;
}

const MINUTE_MS = 60_000;
const RATE_UNITS = { minute: MINUTE_MS, hour: 60 * MINUTE_MS, day: 24 * 60 * MINUTE_MS } as const;
const RATE = /^rate\((\d+)\s+([a-z]+)\)$/;
const CRON = /^cron\((.*)\)$/;

/** Parses a rate or cron expression; throws {@link ScheduleExpressionError} naming the problem. */
export function parseScheduleExpression(expression: string): Schedule {
  const text = expression.trim();
  if (text.startsWith('at('))
    throw new ScheduleExpressionError(
      expression,
      'a one-time at(...) schedule does not recur; use rate(...) or cron(...)',
    );
  const rate = RATE.exec(text);
  if (rate) return parseRate(expression, rate[1] as string, rate[2] as string);
  const cron = CRON.exec(text);
  if (cron) return parseCron(expression, cron[1] as string);
  throw new ScheduleExpressionError(
    expression,
    'expected rate(value unit) or cron(minutes hours day-of-month month day-of-week year)',
  );
}

/**
 * Parses `expression` and checks that it fires at least once after `nowMs`: a cron expression
 * whose years are all past is valid grammar, but a schedule that never runs is a mistake.
 */
export function parseFiringSchedule(expression: string, nowMs: number): Schedule {
  const schedule = parseScheduleExpression(expression);
  if (schedule.nextFireAfter(nowMs, nowMs) === undefined)
    throw new ScheduleExpressionError(
      expression,
      `it never fires after ${new Date(nowMs).toISOString()}`,
    );
  return schedule;
}

function parseRate(expression: string, rawValue: string, unit: string): Schedule {
  const value = Number(rawValue);
  if (!/^[1-9]\d*$/.test(rawValue) || !Number.isSafeInteger(value)) {
    throw new ScheduleExpressionError(
      expression,
      `the rate must be a positive whole number, got "${rawValue}"`,
    );
  }
  const singular = unit.endsWith('s') ? unit.slice(0, -1) : unit;
  if (!(singular in RATE_UNITS))
    throw new ScheduleExpressionError(
      expression,
      `the unit must be minute(s), hour(s) or day(s), got "${unit}"`,
    );
  const expected = value === 1 ? singular : `${singular}s`;
  if (unit !== expected)
    throw new ScheduleExpressionError(
      expression,
      `with a value of ${value} the unit must be "${expected}", not "${unit}"`,
    );
  const intervalMs = value * RATE_UNITS[singular as keyof typeof RATE_UNITS];
  return {
    kind: 'rate',
    expression,
    nextFireAfter: (afterMs, startedAtMs) => {
      if (afterMs < startedAtMs) return startedAtMs;
      return startedAtMs + (Math.floor((afterMs - startedAtMs) / intervalMs) + 1) * intervalMs;
    },
  };
}

// --- cron ---

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** Whether `/` is allowed (not in day-of-week, as Scheduler's table lists). */
  steps: boolean;
}

const MONTH_NAMES = [
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'OCT',
  'NOV',
  'DEC',
] as const;
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;
const FIELDS = {
  minutes: { name: 'minutes', min: 0, max: 59, steps: true },
  hours: { name: 'hours', min: 0, max: 23, steps: true },
  dayOfMonth: { name: 'day-of-month', min: 1, max: 31, steps: true },
  month: { name: 'month', min: 1, max: 12, names: MONTH_NAMES, steps: true },
  dayOfWeek: { name: 'day-of-week', min: 1, max: 7, names: DAY_NAMES, steps: false },
  year: { name: 'year', min: 1970, max: 2199, steps: true },
} as const satisfies Record<string, FieldSpec>;

/** Which days of a month a day field selects. */
type DayRule =
  | { kind: 'any' }
  | { kind: 'days'; days: ReadonlySet<number> }
  | { kind: 'last-day' }
  | { kind: 'last-weekday' }
  | { kind: 'nearest-weekday'; day: number }
  | { kind: 'weekdays'; weekdays: ReadonlySet<number> }
  | { kind: 'last-of-weekday'; weekday: number }
  | { kind: 'nth-weekday'; weekday: number; nth: number };

interface CronFields {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  day: DayRule;
  months: ReadonlySet<number>;
  years: ReadonlySet<number>;
}

function parseCron(expression: string, body: string): Schedule {
  const parts = body.trim().split(/\s+/);
  if (parts.length !== 6 || body.trim() === '') {
    throw new ScheduleExpressionError(
      expression,
      `a cron expression has six fields (minutes hours day-of-month month day-of-week year), got ${body.trim() === '' ? 0 : parts.length}`,
    );
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = parts.map((part) =>
    part.toUpperCase(),
  ) as [string, string, string, string, string, string];
  const fail = (problem: string): never => {
    throw new ScheduleExpressionError(expression, problem);
  };
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    fail('exactly one of day-of-month and day-of-week must be "?" (the other says which days)');
  }
  const fields: CronFields = {
    minutes: parseList(minutes, FIELDS.minutes, fail),
    hours: parseList(hours, FIELDS.hours, fail),
    day: dayOfMonth === '?' ? parseDayOfWeek(dayOfWeek, fail) : parseDayOfMonth(dayOfMonth, fail),
    months: parseList(month, FIELDS.month, fail),
    years: parseList(year, FIELDS.year, fail),
  };
  return { kind: 'cron', expression, nextFireAfter: (afterMs) => nextCronFire(fields, afterMs) };
}

/** A `*`, a list of values, ranges and increments; every value within the field's bounds. */
function parseList(text: string, spec: FieldSpec, fail: (problem: string) => never): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '') fail(`${spec.name}: empty item in "${text}"`);
    const [range, stepText, extra] = item.split('/');
    if (extra !== undefined) fail(`${spec.name}: "${item}" has more than one "/"`);
    let step = 1;
    if (stepText !== undefined) {
      if (!spec.steps) fail(`${spec.name}: increments ("/") are not allowed in ${spec.name}`);
      step = wholeNumber(stepText, spec, fail);
      if (step < 1 || step > spec.max - spec.min)
        fail(`${spec.name}: the increment in "${item}" must be from 1 to ${spec.max - spec.min}`);
    }
    let from: number;
    let to: number;
    if (range === '*') {
      [from, to] = [spec.min, spec.max];
    } else {
      const [low, high, more] = (range as string).split('-');
      if (more !== undefined) fail(`${spec.name}: "${item}" is not a range a-b`);
      from = value(low as string, spec, fail);
      // `a/n` runs from a to the field's end; `a-b/n` and `a-b` stop at b.
      to =
        high === undefined ? (stepText === undefined ? from : spec.max) : value(high, spec, fail);
      if (from > to) fail(`${spec.name}: the range "${item}" runs backwards`);
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function parseDayOfMonth(text: string, fail: (problem: string) => never): DayRule {
  const spec = FIELDS.dayOfMonth;
  if (text === '*') return { kind: 'any' };
  if (text === 'L') return { kind: 'last-day' };
  if (text === 'LW') return { kind: 'last-weekday' };
  const nearest = /^(\d+)W$/.exec(text);
  if (nearest) return { kind: 'nearest-weekday', day: value(nearest[1] as string, spec, fail) };
  if (/[LW]/.test(text))
    fail(`day-of-month: "L", "LW" and "nW" stand alone in the field, got "${text}"`);
  return { kind: 'days', days: parseList(text, spec, fail) };
}

function parseDayOfWeek(text: string, fail: (problem: string) => never): DayRule {
  const spec = FIELDS.dayOfWeek;
  if (text === '*') return { kind: 'any' };
  // "L" alone is the last day of the week.
  if (text === 'L') return { kind: 'weekdays', weekdays: new Set([7]) };
  const last = /^([^,#-]+)L$/.exec(text);
  if (last) return { kind: 'last-of-weekday', weekday: value(last[1] as string, spec, fail) };
  const nth = /^([^,#-]+)#(\d+)$/.exec(text);
  if (nth) {
    const k = wholeNumber(nth[2] as string, spec, fail);
    if (k < 1 || k > 5) fail(`day-of-week: in "${text}" the week of the month must be from 1 to 5`);
    return { kind: 'nth-weekday', weekday: value(nth[1] as string, spec, fail), nth: k };
  }
  if (/[L#]/.test(text))
    fail(`day-of-week: "L", "nL" and "n#k" stand alone in the field, got "${text}"`);
  return { kind: 'weekdays', weekdays: parseList(text, spec, fail) };
}

/** A number or (month, day-of-week) a name, within the field's bounds. */
function value(text: string, spec: FieldSpec, fail: (problem: string) => never): number {
  const named = spec.names?.indexOf(text) ?? -1;
  const v = named >= 0 ? named + 1 : wholeNumber(text, spec, fail);
  if (v < spec.min || v > spec.max)
    fail(
      `${spec.name}: "${text}" is outside ${spec.min}-${spec.max}${spec.names ? ` (or ${spec.names[0]}-${spec.names.at(-1)})` : ''}`,
    );
  return v;
}

function wholeNumber(text: string, spec: FieldSpec, fail: (problem: string) => never): number {
  if (!/^\d{1,4}$/.test(text))
    fail(`${spec.name}: "${text}" is not a ${spec.names ? 'number or name' : 'number'}`);
  return Number(text);
}

// --- next fire time ---

const daysIn = (year: number, month: number): number =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();
/** 1 (Sunday) to 7 (Saturday), as cron counts. */
const weekdayOf = (year: number, month: number, day: number): number =>
  new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;

function dayMatches(rule: DayRule, year: number, month: number, day: number): boolean {
  const lastDay = daysIn(year, month);
  switch (rule.kind) {
    case 'any':
      return true;
    case 'days':
      return rule.days.has(day);
    case 'last-day':
      return day === lastDay;
    case 'last-weekday':
      return day === nearestWeekday(year, month, lastDay);
    case 'nearest-weekday':
      return rule.day <= lastDay && day === nearestWeekday(year, month, rule.day);
    case 'weekdays':
      return rule.weekdays.has(weekdayOf(year, month, day));
    case 'last-of-weekday':
      return weekdayOf(year, month, day) === rule.weekday && day + 7 > lastDay;
    case 'nth-weekday':
      return weekdayOf(year, month, day) === rule.weekday && Math.ceil(day / 7) === rule.nth;
  }
}

/** The weekday (Monday to Friday) nearest `day`, never leaving its month. */
function nearestWeekday(year: number, month: number, day: number): number {
  const weekday = weekdayOf(year, month, day);
  if (weekday === 7) return day === 1 ? day + 2 : day - 1;
  if (weekday === 1) return day === daysIn(year, month) ? day - 2 : day + 1;
  return day;
}

/** The first minute strictly after `afterMs` that every field selects, in UTC. */
function nextCronFire(fields: CronFields, afterMs: number): number | undefined {
  const start = new Date(Math.floor(afterMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
  let [year, month, day, hour, minute] = [
    start.getUTCFullYear(),
    start.getUTCMonth() + 1,
    start.getUTCDate(),
    start.getUTCHours(),
    start.getUTCMinutes(),
  ];
  // Each miss moves to the start of the next year, month, day, hour or minute.
  for (;;) {
    if (year > FIELDS.year.max) return undefined;
    if (!fields.years.has(year)) {
      [year, month, day, hour, minute] = [year + 1, 1, 1, 0, 0];
    } else if (!fields.months.has(month)) {
      [month, day, hour, minute] = [month + 1, 1, 0, 0];
    } else if (day > daysIn(year, month) || !dayMatches(fields.day, year, month, day)) {
      [day, hour, minute] = [day + 1, 0, 0];
    } else if (!fields.hours.has(hour)) {
      [hour, minute] = [hour + 1, 0];
    } else if (!fields.minutes.has(minute)) {
      minute += 1;
    } else {
      return Date.UTC(year, month - 1, day, hour, minute);
    }
    // Carry over into the next unit.
    if (minute > 59) [hour, minute] = [hour + 1, 0];
    if (hour > 23) [day, hour] = [day + 1, 0];
    if (day > daysIn(year, month)) [month, day] = [month + 1, 1];
    if (month > 12) [year, month] = [year + 1, 1];
  }
}
