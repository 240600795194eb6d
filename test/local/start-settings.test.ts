import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** Runs `npm start` (local/start.ts) with `env` added; resolves with its exit code and stderr. */
async function start(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  try {
    await run(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
      env: { ...process.env, PORT: '0', ...env },
      timeout: 60_000,
    });
    return { code: 0, stderr: '' };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, stderr: failed.stderr ?? '' };
  }
}

describe('npm start refuses a bad setting (schedule, watch list, simulator, Region list) at start, naming the variable', () => {
  it.each([
    [
      { WATCHLIST: 'amazon.nova-lite-v1:0', RECERTIFY_SCHEDULE: 'rate(1 minutes)' },
      'RECERTIFY_SCHEDULE: "rate(1 minutes)" is not a schedule expression EventBridge Scheduler accepts: with a value of 1 the unit must be "minute", not "minutes"',
    ],
    [
      { WATCHLIST: 'amazon.nova-lite-v1:0', RECERTIFY_SCHEDULE: 'cron(0 10 * * MON *)' },
      'RECERTIFY_SCHEDULE: "cron(0 10 * * MON *)" is not a schedule expression EventBridge Scheduler accepts: exactly one of day-of-month and day-of-week must be "?"',
    ],
    [
      { WATCHLIST: 'amazon.nova-lite-v1:0, not a model' },
      'WATCHLIST: "not a model" is not a model id the service can certify',
    ],
    [
      { WATCHLIST: 'amazon.nova-lite-v1:0', RECERTIFY_TIME_SCALE: '0' },
      'RECERTIFY_TIME_SCALE must be a positive number, got "0"',
    ],
    [
      { BEDROCK_SIM_ACCOUNT: 'new' },
      'Invalid configuration: BEDROCK_SIM_ACCOUNT must be one of established, fresh, got "new"',
    ],
    [
      { BEDROCK_SIM_TIME_SCALE: 'fast' },
      'Invalid configuration: BEDROCK_SIM_TIME_SCALE must be a number >= 0, got "fast"',
    ],
    [
      { CERTIFICATION_REGIONS: 'us-east-1,Frankfurt' },
      'CERTIFICATION_REGIONS "Frankfurt" is not an AWS Region name like us-east-1',
    ],
  ])('%j', async (env, message) => {
    const { code, stderr } = await start(env);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    // A message, not a stack trace.
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
