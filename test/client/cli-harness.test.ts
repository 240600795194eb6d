/**
 * The harness every CLI runs on: its command line, the service and token it finds, the one line a
 * failure gets, and Ctrl+C in a real process.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  CLI_EXIT_CODES,
  closestName,
  describeFailure,
  parseCommandLine,
  parseTimeout,
  requestSignal,
  resolveTarget,
  resolveToken,
  runCli,
} from '../../client/cli-harness.js';
import {
  apiErrorFrom,
  InvalidMonthUsageError,
  LocalTokenUnavailableError,
  NetworkError,
  RequestTimeoutError,
  UsageError,
} from '../../client/errors.js';
import { message } from '../../shared/i18n/translate.js';
import { captureOutput } from '../support/captured-output.js';
import { spawnScript } from '../support/spawned-script.js';

const OPTIONS = { url: { type: 'string' }, month: { type: 'string' } } as const;

/** What `fn` throws. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

describe('parseCommandLine', () => {
  it('adds --help and -h to every CLI’s options', () => {
    expect(parseCommandLine(['-h'], OPTIONS, { allowPositionals: false }).values.help).toBe(true);
    expect(
      parseCommandLine(['--month', '2026-11'], OPTIONS, { allowPositionals: false }).values,
    ).toEqual({ month: '2026-11', help: false });
  });

  it('names the closest known option for a typo, and refuses positionals a CLI does not take', () => {
    const typo = thrown(() =>
      parseCommandLine(['--mnth', 'x'], OPTIONS, { allowPositionals: true }),
    );
    expect(typo).toBeInstanceOf(UsageError);
    expect((typo as UsageError).message).toBe('unknown option --mnth; did you mean --month?');
    expect(
      thrown(() => parseCommandLine(['extra'], OPTIONS, { allowPositionals: false })),
    ).toBeInstanceOf(UsageError);
    expect(closestName('requires', ['require', 'region'])).toBe('require');
    // A short name is near almost anything: only one edit away counts.
    expect(closestName('url', ['sub'])).toBeUndefined();
  });

  it('reads --timeout as positive seconds', () => {
    expect(parseTimeout(undefined, 30)).toBe(30);
    expect(parseTimeout('0.5', 30)).toBe(0.5);
    expect(thrown(() => parseTimeout('0', 30))).toBeInstanceOf(UsageError);
    expect(thrown(() => parseTimeout('soon', 30))).toBeInstanceOf(UsageError);
  });
});

describe('resolveTarget', () => {
  const discover = { discoverLocal: true };

  it('takes --url, else CERTIFICATION_URL, else PORT, else the recorded stack, else localhost:3000', () => {
    const stack = () => 'http://localhost:3807';
    expect(resolveTarget({ url: 'https://a.example', token: 't' }, { env: {} }, discover)).toEqual({
      url: 'https://a.example',
      local: false,
      token: 't',
    });
    expect(
      resolveTarget({}, { env: { CERTIFICATION_URL: 'http://127.0.0.1:9', PORT: '1' } }, discover)
        .url,
    ).toBe('http://127.0.0.1:9');
    expect(resolveTarget({}, { env: { PORT: '3602' }, findLocalStack: stack }, discover).url).toBe(
      'http://localhost:3602',
    );
    expect(resolveTarget({}, { env: {}, findLocalStack: stack }, discover)).toEqual({
      url: 'http://localhost:3807',
      local: true,
      token: undefined,
    });
    expect(resolveTarget({}, { env: {} }, discover).url).toBe('http://localhost:3000');
  });

  it('needs a token for a remote service, and a URL when it may not look for a local one', () => {
    const remote = thrown(() => resolveTarget({ url: 'https://a.example' }, { env: {} }, discover));
    expect((remote as UsageError).message).toContain('a token is required for a remote service');
    expect(
      resolveTarget({ url: 'https://a.example' }, { env: { CERTIFICATION_TOKEN: ' t ' } }, discover)
        .token,
    ).toBe('t');
    const noUrl = thrown(() =>
      resolveTarget(
        { token: 't' },
        { env: {}, findLocalStack: () => 'http://localhost:1' },
        {
          discoverLocal: false,
        },
      ),
    );
    expect((noUrl as UsageError).message).toContain('give the service URL with --url');
    const noToken = thrown(() =>
      resolveTarget(
        { url: 'http://localhost:3000' },
        { env: {} },
        {
          discoverLocal: false,
          requireToken: true,
        },
      ),
    );
    expect((noToken as UsageError).message).toContain('give an access token with --token');
    expect(thrown(() => resolveTarget({ url: 'ftp://x' }, { env: {} }, discover))).toBeInstanceOf(
      UsageError,
    );
  });
});

describe('resolveToken', () => {
  const local = { url: 'http://localhost:3000', local: true, token: undefined };

  it('uses a given token, else mints one for the subject and groups asked', async () => {
    const minted: [string, readonly string[]][] = [];
    const mintLocalToken = (sub: string, groups: readonly string[]) => {
      minted.push([sub, groups]);
      return `minted-${sub}`;
    };
    expect(await resolveToken({ ...local, token: 'given' }, { mintLocalToken }, { sub: 'a' })).toBe(
      'given',
    );
    expect(await resolveToken(local, { mintLocalToken }, { sub: 'ops', groups: ['admins'] })).toBe(
      'minted-ops',
    );
    expect(minted).toEqual([['ops', ['admins']]]);
  });

  it('says why no token could be had', async () => {
    await expect(resolveToken(local, {}, { sub: 'a' })).rejects.toBeInstanceOf(
      LocalTokenUnavailableError,
    );
    const failing = resolveToken(
      local,
      {
        mintLocalToken: () => {
          throw new Error('EACCES: .local/dev-issuer.json');
        },
      },
      { sub: 'a' },
    );
    await expect(failing).rejects.toThrow(/could not mint a local token \(EACCES/);
  });
});

describe('requestSignal', () => {
  it('aborts with a RequestTimeoutError after its seconds, or with Ctrl+C first', async () => {
    const timedOut = requestSignal(0.01, undefined);
    await new Promise((resolve) => timedOut.addEventListener('abort', resolve, { once: true }));
    expect(timedOut.reason).toBeInstanceOf(RequestTimeoutError);
    expect(describeFailure(timedOut.reason)).toEqual({
      code: 'TIMEOUT',
      message: 'no answer within 0.01 s.',
    });

    const interrupt = new AbortController();
    const signal = requestSignal(60, interrupt.signal);
    interrupt.abort();
    expect(signal.aborted).toBe(true);
    expect(signal.reason).not.toBeInstanceOf(RequestTimeoutError);
  });
});

describe('describeFailure', () => {
  it('gives the code, the status of an HTTP answer, and one line', () => {
    expect(
      describeFailure(
        apiErrorFrom({
          status: 401,
          code: 'UNAUTHORIZED',
          message: 'A valid bearer token is required.',
        }),
      ),
    ).toEqual({ code: 'UNAUTHORIZED', status: 401, message: 'A valid bearer token is required.' });
    expect(
      describeFailure(
        apiErrorFrom({
          status: 429,
          code: 'RATE_LIMITED',
          message: 'Slow down',
          retryAfterSeconds: 15,
        }),
      ).message,
    ).toBe('Slow down. Retry after 15 s.');
    expect(
      describeFailure(
        apiErrorFrom({
          status: 429,
          code: 'QUOTA_EXCEEDED',
          message: 'Used up.',
          retryAfterSeconds: 60,
        }),
      ).message,
    ).toMatch(/^Used up\. Not waited for: the quota renews \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\.$/);
    const refused = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    expect(describeFailure(new NetworkError(undefined, { cause: refused }))).toEqual({
      code: 'NETWORK_ERROR',
      message:
        'The certification service could not be reached, or the connection failed. (fetch failed: connect ECONNREFUSED)',
    });
    expect(
      describeFailure(new InvalidMonthUsageError(message('cli.usage.month', { value: '2026-13' }))),
    ).toEqual({
      code: 'INVALID_MONTH',
      message: '--month must be a UTC month written YYYY-MM, got "2026-13".',
    });
    expect(describeFailure(new RangeError('boom'))).toEqual({
      code: 'UNEXPECTED',
      message: 'boom',
    });
  });
});

describe('runCli', () => {
  async function run(body: () => Promise<number>, signal?: AbortSignal) {
    const stderr = captureOutput();
    const code = await runCli([], { stderr, env: {}, ...(signal ? { signal } : {}) }, body);
    return { code, stderr: stderr.text };
  }

  it('reports a usage error with where the help is, another CLI error without, both exit 2', async () => {
    const usage = new UsageError(message('cli.usage.jsonAndFormat', { format: 'csv' }));
    expect(await run(() => Promise.reject(usage))).toEqual({
      code: CLI_EXIT_CODES.error,
      stderr:
        'error: USAGE_ERROR: --json is --format json; it conflicts with --format csv.\nRun with --help for usage.\n',
    });
    const noMinter = new LocalTokenUnavailableError(message('cli.error.noMinter'));
    expect(await run(() => Promise.reject(noMinter))).toEqual({
      code: CLI_EXIT_CODES.error,
      stderr:
        'error: LOCAL_TOKEN_UNAVAILABLE: no local token minter here; pass --token or set CERTIFICATION_TOKEN.\n',
    });
  });

  it('says what the service answered in one line with the hint the body learned, never a stack trace', async () => {
    const stderr = captureOutput();
    const code = await runCli([], { stderr, env: {} }, ({ hints }) => {
      hints.target = { url: 'http://localhost:3999', local: true, token: 't' };
      return Promise.reject(new NetworkError());
    });
    expect(code).toBe(CLI_EXIT_CODES.error);
    expect(stderr.text).toBe(
      'error: NETWORK_ERROR: The certification service could not be reached, or the connection failed.\n' +
        'Nothing answers at http://localhost:3999: start the local stack with `npm start` (in another terminal), or pass --url.\n',
    );
    const unexpected = await run(() => Promise.reject(new Error('undefined is not a function')));
    expect(unexpected.stderr).toBe('error: UNEXPECTED: undefined is not a function\n');
    expect(unexpected.stderr).not.toMatch(/\n\s+at /);
  });

  it('after Ctrl+C: CANCELLED and 130, whatever the aborted request threw', async () => {
    const interrupt = new AbortController();
    interrupt.abort();
    expect(await run(() => Promise.reject(new NetworkError()), interrupt.signal)).toEqual({
      code: CLI_EXIT_CODES.interrupted,
      stderr: 'error: CANCELLED: interrupted.\n',
    });
  });
});

describe('runCliProcess: Ctrl+C in a real process', () => {
  it('a CLI waiting on the service stops at SIGINT with one line and exit 130', async () => {
    // A service that takes the request and never answers; the test waits for the request to arrive.
    let arrived: () => void = () => undefined;
    const requested = new Promise<void>((resolve) => (arrived = resolve));
    const pending: ServerResponse[] = [];
    const server = createServer((_request: IncomingMessage, response: ServerResponse) => {
      pending.push(response);
      arrived();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const script = spawnScript('scripts/usage-report.ts', { ...process.env, LC_ALL: 'C.UTF-8' }, [
        '--url',
        url,
        '--token',
        'T',
      ]);

      await requested;
      script.child.kill('SIGINT');

      const end = await script.exited;
      expect(end.code).toBe(CLI_EXIT_CODES.interrupted);
      expect(end.stderr).toBe('error: CANCELLED: interrupted.\n');
      expect(end.stdout).toBe('');
    } finally {
      for (const response of pending) response.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
