/**
 * Where a running `npm start` can be found from another terminal: `npm start` records its URL
 * and issuer key file in `.local/stack.json` and removes the record when it stops, so
 * `npm run certify` needs no `PORT` to find it. Local tooling only: nothing in AWS reads this.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Default path of the record, next to the issuer key (`.local/` is git-ignored). */
export const DEFAULT_STACK_RECORD_FILE = '.local/stack.json';

/** What `npm start` records about itself. */
export interface StackRecord {
  /** Base URL of the Function URL emulator, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** Absolute path of the key file its issuer signs with. */
  issuerKeyFile: string;
  /** Process id of `npm start`, to tell a live record from one a killed process left behind. */
  pid: number;
  /** ISO 8601. */
  startedAt: string;
}

/** Writes the record (aside and renamed, so a reader never sees half a file). */
export function writeStackRecord(
  record: StackRecord,
  file: string = DEFAULT_STACK_RECORD_FILE,
): void {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(temporary, path);
}

/**
 * The record of a stack that is still running, or `undefined` when there is none, it is not a
 * record, or its process is gone (a `kill -9` leaves the file behind).
 */
export function readStackRecord(
  file: string = DEFAULT_STACK_RECORD_FILE,
  isAlive: (pid: number) => boolean = processIsAlive,
): StackRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const fields = value as Record<string, unknown>;
  if (
    typeof fields.url !== 'string' ||
    typeof fields.issuerKeyFile !== 'string' ||
    typeof fields.pid !== 'number' ||
    typeof fields.startedAt !== 'string'
  ) {
    return undefined;
  }
  const record: StackRecord = {
    url: fields.url,
    issuerKeyFile: fields.issuerKeyFile,
    pid: fields.pid,
    startedAt: fields.startedAt,
  };
  return isAlive(record.pid) ? record : undefined;
}

/** Removes the record if it is this process's own (a second `npm start` may have replaced it). */
export function removeStackRecord(
  file: string = DEFAULT_STACK_RECORD_FILE,
  pid: number = process.pid,
): void {
  const own = readStackRecord(file, (recorded) => recorded === pid);
  if (own) rmSync(resolve(file), { force: true });
}

/** Signal 0 checks that a process exists without touching it; EPERM means it exists as another user. */
function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
