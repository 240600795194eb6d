import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Development machines run Node 20, the Lambda runs nodejs22.x, and AWS SDK releases after early
 * January 2027 require Node 22 (README, "Node versions"). The lockfile must keep every package on
 * a release that runs on both, so an `npm update` that pulls a Node-22-only SDK fails here, with
 * the packages named, instead of on a developer's machine later.
 */
const NODE_20 = '20.19.0';
const LAMBDA_NODE_22 = '22.13.0';

interface LockEntry {
  engines?: { node?: string } | string[];
  dev?: boolean;
}
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, LockEntry>;
};

type Version = [number, number, number];
const parse = (text: string): Version => {
  const [major = 0, minor = 0, patch = 0] = text.split('.').map(Number);
  return [major, minor, patch];
};
const compare = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** Whether `version` satisfies an `engines.node` range of the forms the lockfile uses; throws on others. */
function admits(range: string, version: string): boolean {
  const v = parse(version);
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .replace(/([<>=^~]+)\s+/g, '$1')
      .split(/\s+/)
      .every((comparator) => {
        if (comparator === '*' || comparator === '') return true;
        const match = /^(>=|<=|>|<|\^|~|=)?(\d+(?:\.\d+){0,2})$/.exec(comparator);
        if (!match) throw new Error(`unsupported engines range "${range}"`);
        const [, operator = '', bound = ''] = match;
        const b = parse(bound);
        const parts = bound.split('.').length;
        switch (operator) {
          case '>=':
            return compare(v, b) >= 0;
          case '>':
            return compare(v, b) > 0;
          case '<=':
            return compare(v, b) <= 0;
          case '<':
            return compare(v, b) < 0;
          case '^':
            return compare(v, b) >= 0 && v[0] === b[0];
          case '~':
            return compare(v, b) >= 0 && v[0] === b[0] && (parts < 2 || v[1] === b[1]);
          default:
            // A bare `20` or `20.1` is every version with that prefix.
            return v.slice(0, parts).every((n, i) => n === b[i]);
        }
      }),
  );
}

function refusing(version: string, include: (entry: LockEntry) => boolean): string[] {
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && include(entry))
    .flatMap(([path, entry]) => {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return range !== undefined && !admits(range, version)
        ? [`${path.replace(/^.*node_modules\//, '')} (${range})`]
        : [];
    });
}

describe('Node versions the lockfile runs on', () => {
  it('the range check reads the forms the lockfile uses', () => {
    expect(admits('>=20.0.0', NODE_20)).toBe(true);
    expect(admits('>=22', NODE_20)).toBe(false);
    expect(admits('>= 18', NODE_20)).toBe(true);
    expect(admits('^20.19.0 || ^22.13.0 || >=24', NODE_20)).toBe(true);
    expect(admits('^20.19.0 || ^22.13.0 || >=24', '20.18.0')).toBe(false);
    expect(admits('20 || >=22', '21.0.0')).toBe(false);
    expect(admits('18 || 20 || >=22', NODE_20)).toBe(true);
    expect(() => admits('node20', NODE_20)).toThrow(/unsupported/);
  });

  it(`every package (the AWS SDK included) runs on Node ${NODE_20}, as development machines do`, () => {
    expect(refusing(NODE_20, () => true)).toEqual([]);
  });

  it(`every production package runs on Node ${LAMBDA_NODE_22}, as the nodejs22.x Lambda does`, () => {
    expect(refusing(LAMBDA_NODE_22, (entry) => entry.dev !== true)).toEqual([]);
  });
});
