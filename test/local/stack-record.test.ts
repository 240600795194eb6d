import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  readStackRecord,
  removeStackRecord,
  writeStackRecord,
  type StackRecord,
} from '../../local/stack-record.js';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0))
    rmSync(directory, { recursive: true, force: true });
});

function recordFile(): string {
  const directory = mkdtempSync(join(tmpdir(), 'stack-record-'));
  directories.push(directory);
  return join(directory, '.local', 'stack.json');
}

const record = (pid: number): StackRecord => ({
  url: 'http://localhost:3807',
  issuerKeyFile: '/tmp/issuer.json',
  pid,
  startedAt: '2026-11-24T12:00:00.000Z',
});

describe('the record npm start leaves in .local/', () => {
  it('is read back while its process runs', () => {
    const file = recordFile();

    writeStackRecord(record(process.pid), file);

    expect(readStackRecord(file)).toEqual(record(process.pid));
  });

  it('is ignored when its process is gone, absent or not a record', () => {
    const stale = recordFile();
    const garbled = recordFile();
    // A process that has exited: a `kill -9` of npm start leaves its record behind like this.
    const exited = spawnSync(process.execPath, ['-e', '']).pid;
    writeStackRecord(record(exited), stale);
    writeStackRecord(record(process.pid), garbled);
    writeFileSync(garbled, '{"url": 3000}');

    expect(readStackRecord(stale)).toBeUndefined();
    expect(readStackRecord(garbled)).toBeUndefined();
    expect(readStackRecord(recordFile())).toBeUndefined();
  });

  it('is removed only by the process that wrote it (a second npm start may have replaced it)', () => {
    const file = recordFile();
    writeStackRecord(record(process.pid), file);

    removeStackRecord(file, process.pid + 1);
    const afterForeign = existsSync(file);
    removeStackRecord(file, process.pid);

    expect(afterForeign).toBe(true);
    expect(existsSync(file)).toBe(false);
  });
});
