import { describe, expect, it } from 'vitest';
import {
  formatUsageCsv,
  formatUsageTable,
  runUsageReportCli,
  USAGE_REPORT_EXIT_CODES,
  type UsageReportCliOptions,
} from '../../client/usage-report-cli.js';
import type { AdminUsageResponse } from '../../shared/types.js';
import { errorResponse, fakeFetch } from './fake-service.js';
import { captureOutput } from '../support/captured-output.js';

const REPORT: AdminUsageResponse = {
  month: '2026-11',
  users: [
    {
      sub: '0b5c2f9e-1a2b-4c3d-8e9f-001122334455',
      certifications: 12,
      inputTokens: 7_512,
      outputTokens: 1_503,
      estimatedCostUsd: 0.07026,
    },
    {
      sub: 'plain',
      certifications: 1,
      inputTokens: 300,
      outputTokens: 60,
      estimatedCostUsd: 0.0018,
    },
  ],
};

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF), as a spreadsheet would. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    const next = text[i + 1];
    if (quoted && char === '"' && next === '"') {
      field += '"';
      i++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && char === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && char === '\r' && next === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += char;
    }
  }
  return rows;
}

async function run(argv: string[], overrides: Partial<UsageReportCliOptions> = {}) {
  const stdout = captureOutput();
  const stderr = captureOutput();
  const code = await runUsageReportCli(argv, {
    env: {},
    // An operator's token only when asked for one as the local operator, in `admins`.
    mintLocalToken: (sub, groups) =>
      sub === 'usage-report' && groups.join() === 'admins' ? 'minted-admin' : 'minted-other',
    ...overrides,
    stdout,
    stderr,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('usage report CSV', () => {
  it('has a header row and one CRLF-ended row per user, numbers plain', () => {
    expect(formatUsageCsv(REPORT)).toBe(
      'month,sub,certifications,inputTokens,outputTokens,estimatedCostUsd\r\n' +
        '2026-11,0b5c2f9e-1a2b-4c3d-8e9f-001122334455,12,7512,1503,0.07026\r\n' +
        '2026-11,plain,1,300,60,0.0018\r\n',
    );
    expect(formatUsageCsv({ month: '2026-12', users: [] })).toBe(
      'month,sub,certifications,inputTokens,outputTokens,estimatedCostUsd\r\n',
    );
  });

  it('quotes a field holding a comma, a quote, a line break or edge spaces, doubling its quotes, so it reads back as written', () => {
    const awkward = ['a,b', 'say "hi"', 'two\nlines', 'cr\rhere', ' padded ', '"', '=1+1'];
    const csv = formatUsageCsv({
      month: '2026-11',
      users: awkward.map((sub) => ({
        sub,
        certifications: 1,
        inputTokens: 2,
        outputTokens: 3,
        estimatedCostUsd: 0.5,
      })),
    });
    expect(csv).toContain('\r\n2026-11,"a,b",1,');
    expect(csv).toContain('\r\n2026-11,"say ""hi""",1,');
    expect(csv).toContain('\r\n2026-11,"two\nlines",1,');
    expect(csv).toContain('\r\n2026-11,"""",1,');
    expect(csv).toContain('\r\n2026-11," padded ",1,');
    const rows = parseCsv(csv);
    expect(rows).toHaveLength(1 + awkward.length);
    expect(rows.slice(1).map((row) => row[1])).toEqual(awkward);
    for (const row of rows) expect(row).toHaveLength(6);
  });
});

describe('usage report table', () => {
  it('aligns the columns and adds a totals row summed without float drift', () => {
    const table = formatUsageTable({
      month: '2026-11',
      users: [
        {
          sub: 'alice',
          certifications: 1,
          inputTokens: 1_000,
          outputTokens: 10,
          estimatedCostUsd: 0.1,
        },
        {
          sub: 'bob',
          certifications: 2,
          inputTokens: 2_000,
          outputTokens: 20,
          estimatedCostUsd: 0.2,
        },
      ],
    });
    const lines = table.split('\n');
    expect(lines[0]).toBe('Usage in 2026-11 (2 users)');
    expect(lines.find((line) => line.startsWith('alice'))).toMatch(
      /^alice\s+1\s+1,000\s+10\s+\$0\.10$/,
    );
    // 0.1 + 0.2 is 0.30000000000000004 in floats.
    expect(lines.find((line) => line.startsWith('total'))).toMatch(
      /^total\s+3\s+3,000\s+30\s+\$0\.30$/,
    );
    const widths = new Set(
      lines
        .filter((line) => line.length > 0 && !line.startsWith('Usage'))
        .map((line) => line.length),
    );
    expect(widths.size).toBe(1);
  });

  it('says so when nobody used the service, and shows control characters escaped', () => {
    expect(formatUsageTable({ month: '2026-12', users: [] })).toBe('No usage in 2026-12.\n');
    const table = formatUsageTable({
      month: '2026-11',
      users: [
        {
          sub: 'evil\u001b[2Jsub\u009b',
          certifications: 1,
          inputTokens: 1,
          outputTokens: 1,
          estimatedCostUsd: 0,
        },
      ],
    });
    expect(table).not.toMatch(/\p{Cc}(?<!\n)/u);
    expect(table).toContain('evil\\u001b[2Jsub\\u009b');
  });
});

describe('npm run usage-report (in process)', () => {
  const ok = () =>
    fakeFetch(
      () =>
        new Response(JSON.stringify(REPORT), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
    );

  it('asks the admin route for the month with the token, and prints the chosen format', async () => {
    const fetch = ok();
    const csv = await run(
      ['--url', 'https://svc.example/', '--token', 'T', '--month', '2026-11', '--format', 'csv'],
      { fetch },
    );
    expect(csv.code).toBe(USAGE_REPORT_EXIT_CODES.ok);
    expect(csv.stdout).toBe(formatUsageCsv(REPORT));
    expect(fetch.requests[0]?.url).toBe(
      'https://svc.example/api/certification/admin/usage?month=2026-11',
    );
    expect(fetch.requests[0]?.headers.get('authorization')).toBe('Bearer T');

    const json = await run(['--url', 'https://svc.example', '--token', 'T', '--format', 'json'], {
      fetch,
    });
    expect(JSON.parse(json.stdout)).toEqual(REPORT);
    expect(fetch.requests[1]?.url).toBe('https://svc.example/api/certification/admin/usage');

    const table = await run(['--url', 'https://svc.example', '--token', 'T'], { fetch });
    expect(table.stdout).toBe(formatUsageTable(REPORT));
  });

  it('takes the URL and token from the environment, and mints an operator token only for a local URL', async () => {
    const fetch = ok();
    expect(
      (
        await run([], {
          fetch,
          env: { CERTIFICATION_URL: 'https://svc.example', CERTIFICATION_TOKEN: 'from-env' },
        })
      ).code,
    ).toBe(0);
    expect(fetch.requests[0]?.headers.get('authorization')).toBe('Bearer from-env');
    expect((await run([], { fetch, env: { PORT: '3602' } })).code).toBe(0);
    expect(fetch.requests[1]?.url).toBe('http://localhost:3602/api/certification/admin/usage');
    expect(fetch.requests[1]?.headers.get('authorization')).toBe('Bearer minted-admin');
    // Without a URL or PORT: the stack `npm start` recorded, as the certify CLI finds it.
    expect(
      (await run([], { fetch, env: {}, findLocalStack: () => 'http://127.0.0.1:3777' })).code,
    ).toBe(0);
    expect(fetch.requests[2]?.url).toBe('http://127.0.0.1:3777/api/certification/admin/usage');
  });

  it.each([
    [['--format', 'xml'], 'USAGE_ERROR', '--format must be table, csv, json, got "xml"'],
    [['--month', '2026-13'], 'INVALID_MONTH', '--month must be a UTC month written YYYY-MM'],
    [['--url', 'ftp://svc'], 'USAGE_ERROR', '--url must be an http(s) URL'],
    [['--url', 'https://svc.example'], 'USAGE_ERROR', 'a token is required for a remote service'],
    [['--bogus'], 'USAGE_ERROR', 'unknown option --bogus'],
    [['--mnth', '2026-11'], 'USAGE_ERROR', 'unknown option --mnth; did you mean --month?'],
    [['extra'], 'USAGE_ERROR', 'unexpected argument "extra"'],
  ])('exits 2 on %j without calling the service', async (argv, code, message) => {
    const fetch = ok();
    const result = await run(argv, { fetch });
    expect(result.code).toBe(USAGE_REPORT_EXIT_CODES.error);
    expect(result.stderr).toContain(`error: ${code}: ${message}`);
    // The error and where the help is, not the whole help.
    expect(result.stderr.endsWith('\nRun with --help for usage.\n')).toBe(true);
    expect(result.stderr).not.toContain('Usage: npm run usage-report');
    expect(result.stdout).toBe('');
    expect(fetch.requests).toEqual([]);
  });

  it('exits 2 with the service code for a refusal: 403 FORBIDDEN names the admins group', async () => {
    const fetch = fakeFetch(() =>
      errorResponse(
        403,
        'FORBIDDEN',
        'Only members of the "admins" group may read every user\'s usage.',
      ),
    );
    const result = await run(['--url', 'https://svc.example', '--token', 'T'], { fetch });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^error: FORBIDDEN \(403\): Only members of the "admins" group .* Operators are members of the Cognito group "admins"/,
    );
  });

  it('exits 2 with NETWORK_ERROR when the service cannot be reached', async () => {
    const fetch = fakeFetch(() => Promise.reject(new TypeError('fetch failed')));
    const result = await run(['--url', 'https://svc.example', '--token', 'T'], { fetch });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: NETWORK_ERROR: /);
  });

  it('prints help and exits 0', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: npm run usage-report');
  });
});
