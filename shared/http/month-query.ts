import { InvalidMonthError } from '../errors.js';
import { isMonth } from '../month.js';
import { message } from '../i18n/translate.js';

/**
 * The `month` query parameter of the usage routes: `YYYY-MM`, or undefined when absent (the
 * current UTC month). Anything else, an empty or repeated parameter included, is
 * `400 INVALID_MONTH`.
 */
export function monthFromQuery(url: string): string | undefined {
  const values = new URL(url).searchParams.getAll('month');
  if (values.length === 0) return undefined;
  const [month] = values;
  if (values.length > 1 || month === undefined || !isMonth(month)) {
    throw new InvalidMonthError(values.length > 1 ? message('api.oneMonth') : undefined);
  }
  return month;
}
