/**
 * UTC calendar months, `YYYY-MM`: the period usage is billed and quotas are counted in. Pure, so
 * the service, the store and the clients share one definition.
 */

/** `YYYY-MM` with a real month (01–12). */
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True for a `YYYY-MM` month string. */
export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

/** The UTC month (`YYYY-MM`) of an epoch-milliseconds instant. */
export function monthOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 7);
}

/** Epoch milliseconds at which `month` (`YYYY-MM`) ends, i.e. the next month begins (UTC). */
export function endOfMonth(month: string): number {
  const match = MONTH.exec(month);
  if (!match) throw new RangeError(`month must be YYYY-MM, got "${month}"`);
  // Date.UTC rolls month 12 over into January of the next year.
  return Date.UTC(Number(match[1]), Number(match[2]), 1);
}

/**
 * Whole seconds from `epochMs` until its UTC month ends, at least 1: the `Retry-After` of a
 * refusal that lasts for the rest of the month.
 */
export function secondsUntilMonthEnds(epochMs: number): number {
  return Math.max(1, Math.ceil((endOfMonth(monthOf(epochMs)) - epochMs) / 1000));
}
