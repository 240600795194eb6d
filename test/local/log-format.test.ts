import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { localLogFormat } from '../../local/log-format.js';
import { ConfigError } from '../../shared/errors.js';

const run = promisify(execFile);

describe('the LOG_FORMAT npm start gives the handler', () => {
  it('is pretty on a terminal and JSON when piped, unless LOG_FORMAT says otherwise', () => {
    expect(localLogFormat({}, true)).toBe('pretty');
    expect(localLogFormat({}, false)).toBe('json');
    expect(localLogFormat({ LOG_FORMAT: ' ' }, true)).toBe('pretty');
    expect(localLogFormat({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(localLogFormat({ LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
  });

  it('is validated as the service validates it', () => {
    expect(() => localLogFormat({ LOG_FORMAT: 'yaml' }, true)).toThrow(ConfigError);
    expect(() => localLogFormat({ LOG_FORMAT: 'yaml' }, true)).toThrow(
      'Invalid configuration: LOG_FORMAT must be one of json, pretty, got "yaml"',
    );
  });

  it('stops npm start at once when it is bad: one line, exit 2', async () => {
    const failure = (await run(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
      env: { ...process.env, PORT: '0', LOG_FORMAT: 'yaml' },
      timeout: 60_000,
    }).catch((error: unknown) => error)) as { code?: number; stdout?: string; stderr?: string };

    expect(failure.code).toBe(2);
    expect(failure.stdout).toBe('');
    expect(failure.stderr).toBe(
      'Invalid configuration: LOG_FORMAT must be one of json, pretty, got "yaml"\n',
    );
  });
});
