import { InvalidRequestError } from '../errors.js';
import { message } from '../i18n/translate.js';
import { DEFAULT_SUITE, isSuiteName, SUITE_NAMES, type SuiteName } from '../suites.js';

/** `?suite=core|full` (given at most once); absent: `core`. Anything else is a 400. */
export function suiteFromQuery(query: URLSearchParams): SuiteName {
  const values = query.getAll('suite');
  if (values.length === 0) return DEFAULT_SUITE;
  const [value] = values;
  if (values.length === 1 && isSuiteName(value)) return value;
  throw new InvalidRequestError(message('api.suiteQuery', { suites: SUITE_NAMES.join(', ') }));
}

/** The optional `suite` of a certify or ticket body; absent: `core`. Anything else is a 400. */
export function suiteFromBody(body: Record<string, unknown>): SuiteName {
  const { suite } = body;
  if (suite === undefined) return DEFAULT_SUITE;
  if (isSuiteName(suite)) return suite;
  throw new InvalidRequestError(message('api.suiteBody', { suites: SUITE_NAMES.join(', ') }));
}
