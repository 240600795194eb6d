import { InvalidRequestError } from '../errors.js';
import { DEFAULT_SUITE, isSuiteName, SUITE_NAMES, type SuiteName } from '../suites.js';

const SUITE_MESSAGE = `suite must be one of ${SUITE_NAMES.join(', ')}.`;

/** `?suite=core|full` (given at most once); absent: `core`. Anything else is a 400. */
export function suiteFromQuery(query: URLSearchParams): SuiteName {
  const values = query.getAll('suite');
  if (values.length === 0) return DEFAULT_SUITE;
  const [value] = values;
  if (values.length === 1 && isSuiteName(value)) return value;
  throw new InvalidRequestError(`${SUITE_MESSAGE.slice(0, -1)}, given once.`);
}

/** The optional `suite` of a certify or ticket body; absent: `core`. Anything else is a 400. */
export function suiteFromBody(body: Record<string, unknown>): SuiteName {
  const { suite } = body;
  if (suite === undefined) return DEFAULT_SUITE;
  if (isSuiteName(suite)) return suite;
  throw new InvalidRequestError(SUITE_MESSAGE);
}
