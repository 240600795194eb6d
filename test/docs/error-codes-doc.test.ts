import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROBE_ERROR_CODES, SERVICE_ERROR_CODES } from '../../shared/types.js';

/**
 * docs/api.md lists both kinds of code a client sees: the per-test codes in "Tests" and the
 * service's own in "Errors". This keeps both tables and the code's lists in step.
 */
const API_DOC = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');

/** The text from heading `title` to the next heading of the same level or above. */
function section(title: string): string {
  const start = API_DOC.indexOf(title);
  expect(start, title).toBeGreaterThanOrEqual(0);
  const level = /^#+/.exec(title)?.[0].length ?? 2;
  const rest = API_DOC.slice(start + title.length);
  const next = new RegExp(`\\n#{1,${level}} `).exec(rest);
  return next ? rest.slice(0, next.index) : rest;
}

/** The codes in the first column of a table's rows (`| `CODE` | ...`). */
function firstColumnCodes(text: string): string[] {
  return [...text.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1] ?? '');
}

describe('docs/api.md error codes', () => {
  it('lists every per-test code in the per-test table, and no other', () => {
    const table = section('**Per-test error codes**');
    expect(firstColumnCodes(table).sort()).toEqual([...PROBE_ERROR_CODES].sort());
  });

  it('lists every service error code under "Errors", and no status-table code the service lacks', () => {
    const errors = section('## Errors');
    for (const code of SERVICE_ERROR_CODES) expect(errors, code).toContain(`\`${code}\``);
    const statusCodes = [...errors.matchAll(/^\| \d{3} \| `([A-Z_]+)` \|/gm)].map(
      (match) => match[1] ?? '',
    );
    expect(statusCodes.length).toBeGreaterThan(10);
    for (const code of statusCodes) expect(SERVICE_ERROR_CODES, code).toContain(code);
  });

  it('explains each code spelled alike in both lists', () => {
    const both = SERVICE_ERROR_CODES.filter((code) =>
      (PROBE_ERROR_CODES as readonly string[]).includes(code),
    );
    expect([...both].sort()).toEqual(['INVALID_MODEL_ID', 'SERVICE_UNAVAILABLE', 'TIMEOUT']);
    const twoKinds = section('### Two kinds of codes');
    for (const code of both) expect(firstColumnCodes(twoKinds), code).toContain(code);
  });
});
