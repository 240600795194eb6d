import { describe, expect, it } from 'vitest';
import { withKeys, type LogSink } from '../../shared/logger.js';

describe('withKeys', () => {
  it('adds the keys to every line and keeps the call’s own fields', () => {
    const lines: [string, string, Record<string, unknown>][] = [];
    const record =
      (level: string) =>
      (message: string, ...extra: Record<string, unknown>[]) =>
        void lines.push([
          level,
          message,
          extra.reduce((fields, more) => ({ ...fields, ...more }), {}),
        ]);
    const base: LogSink = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    };

    const logger = withKeys(base, { requestId: 'r-1' });
    logger.warn('probe failed', { testName: 'tool-use' });
    logger.info('done');

    expect(lines).toEqual([
      ['warn', 'probe failed', { requestId: 'r-1', testName: 'tool-use' }],
      ['info', 'done', { requestId: 'r-1' }],
    ]);
  });
});
