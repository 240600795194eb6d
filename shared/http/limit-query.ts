import { InvalidRequestError } from '../errors.js';
import { message } from '../i18n/translate.js';

/**
 * The `limit` query parameter: absent (`fallback`), or once, a whole number from 1 to `max`
 * written plainly (no sign, exponent, decimal point or leading zero). Anything else is a 400
 * `INVALID_REQUEST` naming the range.
 */
export function limitFromQuery(
  query: URLSearchParams,
  { fallback, max }: { fallback: number; max: number },
): number {
  const values = query.getAll('limit');
  if (values.length === 0) return fallback;
  const [raw] = values;
  const limit =
    values.length === 1 && raw !== undefined && /^[1-9]\d{0,5}$/.test(raw)
      ? Number(raw)
      : Number.NaN;
  if (!(limit <= max)) throw new InvalidRequestError(message('api.historyLimit', { max }));
  return limit;
}
