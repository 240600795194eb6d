import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { logSinkFor } from '../../shared/logger.js';
import { createPrettyLogSink, formatPrettyLine } from '../../shared/pretty-log.js';
import { RequestLog } from '../../shared/http/request-log.js';

const AT = new Date(2026, 10, 24, 12, 3, 4);
const CERTIFY_STREAM =
  '/api/certification/certify-model/global.anthropic.claude-sonnet-4-5-20250929-v1:0/stream';

/** A clock a test moves by hand. */
function manualClock(start = AT.getTime()): { now(): number; advance(ms: number): void } {
  let now = start;
  return { now: () => now, advance: (ms) => void (now += ms) };
}

/** A pretty sink at `level` whose lines are kept. */
function prettySink(
  level = 'INFO',
  now = () => AT,
): { lines: string[]; sink: ReturnType<typeof createPrettyLogSink> } {
  const lines: string[] = [];
  return {
    lines,
    sink: createPrettyLogSink({ level: () => level, write: (line) => lines.push(line), now }),
  };
}

describe('LOG_FORMAT=pretty', () => {
  it('writes one short line per request: time, method, path, status, duration, user', () => {
    const clock = manualClock();
    const { lines, sink } = prettySink('INFO', () => new Date(clock.now()));
    const log = new RequestLog(
      sink,
      clock,
      'd8f3c2a4-7a57-4a4c-9b1e-4f0b7d0f5e11',
      new Request('http://localhost:3000/api/certification/catalog?status=certified'),
    );
    log.sub = 'alice';
    clock.advance(12);

    log.respond(200);

    expect(lines).toEqual(['12:03:04 GET /api/certification/catalog 200 12ms alice\n']);
  });

  it('keeps a certify stream’s lines under 120 characters, with the model id and both ends', () => {
    const clock = manualClock();
    const { lines, sink } = prettySink('INFO', () => new Date(clock.now()));
    const log = new RequestLog(
      sink,
      clock,
      'r-1',
      new Request(`http://localhost:3000${CERTIFY_STREAM}`),
    );
    log.sub = 'dev-user';
    log.outcome = 'streaming';
    clock.advance(41);
    log.respond(200);
    clock.advance(5_169);
    log.finish('stream certified');

    expect(lines).toEqual([
      '12:03:04 GET …/global.anthropic.claude-sonnet-4-5-20250929-v1:0/stream 200 41ms dev-user streaming\n',
      '12:03:09 GET …/global.anthropic.claude-sonnet-4-5-20250929-v1:0/stream ended 5.2s dev-user stream certified\n',
    ]);
    for (const line of lines) expect(line.length).toBeLessThan(120);
    // Leading segments give way first; a shorter id keeps its route.
    expect(
      formatPrettyLine(
        'info',
        'Request',
        {
          method: 'GET',
          path: '/api/certification/certify-model/anthropic.claude-3-5-sonnet-20241022-v2:0/stream',
          status: 200,
          durationMs: 7,
        },
        AT,
      ),
    ).toBe('12:03:04 GET …/certify-model/anthropic.claude-3-5-sonnet-20241022-v2:0/stream 200 7ms');
  });

  it('puts an error on the same line, without its stack, with the request id the client was shown', () => {
    const clock = manualClock();
    const { lines, sink } = prettySink();
    const log = new RequestLog(
      sink,
      clock,
      'r-42',
      new Request('http://localhost:3000/api/certification/models'),
    );
    log.outcome = 'INTERNAL_ERROR';
    log.error = new TypeError("Cannot read properties of undefined (reading 'items')");

    log.respond(500);

    expect(lines).toEqual([
      "12:03:04 ERROR GET /api/certification/models 500 0ms INTERNAL_ERROR (request r-42) — TypeError: Cannot read properties of undefined (reading 'items')\n",
    ]);
  });

  it('keeps a long error message to one capped line', () => {
    const line = formatPrettyLine(
      'error',
      'Caching the certification failed',
      {
        modelId: 'amazon.nova-lite-v1:0',
        error: new Error(`DynamoDB said:\n${'no '.repeat(200)}`),
      },
      AT,
    );
    expect(line).toHaveLength(160);
    expect(line).not.toContain('\n');
    expect(line).toMatch(
      /^12:03:04 ERROR Caching the certification failed modelId=amazon\.nova-lite-v1:0 — Error: DynamoDB said: no no /,
    );
  });

  it('writes any other entry as its message and fields, capped, and a refused request with its code', () => {
    const long = 'x'.repeat(500);
    expect(
      formatPrettyLine(
        'warn',
        'Metering failed; retrying',
        { requestId: 'r-1', modelId: 'amazon.nova-lite-v1:0', attempt: 2, reason: long },
        AT,
      ),
    ).toBe(
      `12:03:04 WARN Metering failed; retrying modelId=amazon.nova-lite-v1:0 attempt=2 reason=${'x'.repeat(59)}…`,
    );
    expect(
      formatPrettyLine(
        'info',
        'Request',
        { requestId: 'r-2', method: 'TRACE', status: 405, outcome: 'METHOD_NOT_ALLOWED' },
        AT,
      ),
    ).toBe('12:03:04 TRACE - 405 METHOD_NOT_ALLOWED');
    expect(formatPrettyLine('info', 'a'.repeat(400), {}, AT)).toHaveLength(160);
  });

  it('writes only what the Powertools level lets through (POWERTOOLS_LOG_LEVEL / LOG_LEVEL)', () => {
    const warn = prettySink('WARN');
    const silent = prettySink('SILENT');
    const debug = prettySink('DEBUG');
    for (const { sink } of [warn, silent, debug]) {
      sink.debug('Bearer token rejected', { reason: 'expired' });
      sink.info('Certification finished');
      sink.warn('Token issuer keys unavailable');
      sink.error('Caching the certification failed');
    }

    expect(warn.lines.map((line) => line.slice(9).split(' ')[0])).toEqual(['WARN', 'ERROR']);
    expect(silent.lines).toEqual([]);
    expect(debug.lines).toHaveLength(4);
  });

  it('follows the Powertools logger’s level as it changes', () => {
    const logger = new Logger({ serviceName: 'test', logLevel: 'INFO' });
    const lines: string[] = [];
    const sink = logSinkFor('pretty', logger, { write: (line) => lines.push(line), now: () => AT });

    sink.info('one');
    logger.setLogLevel('ERROR');
    sink.info('two');

    expect(lines).toEqual(['12:03:04 one\n']);
  });
});

describe('LOG_FORMAT=json', () => {
  it('is the Powertools logger itself: the lines CloudWatch reads are unchanged', () => {
    const logger = new Logger({ serviceName: 'test' });
    expect(logSinkFor('json', logger)).toBe(logger);
  });
});
