import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/**
 * Registers hooks that `start` a resource before the enclosing suite (or before each test with
 * `perTest`) and `stop` it after, and returns a stand-in that reads through to the running
 * resource. Property reads are what tests do with it (`fixture.client`, destructuring); they
 * fail loudly outside the suite's tests and hooks, where nothing is running.
 */
export function useFixture<T extends object>(
  start: () => Promise<T>,
  stop: (resource: T) => Promise<void>,
  options: { perTest?: boolean } = {},
): T {
  let current: T | undefined;
  const [before, after] = options.perTest ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    current = await start();
  });
  after(async () => {
    if (current) await stop(current);
    current = undefined;
  });
  return new Proxy({} as T, {
    get(_target, property) {
      if (!current)
        throw new Error(
          'The fixture runs only inside the tests and hooks of the suite that uses it',
        );
      return Reflect.get(current, property) as unknown;
    },
  });
}
