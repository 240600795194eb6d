import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  certifyModelOnce,
  getAdminUsage,
  getUsage,
  UnauthorizedApiError,
} from '../../client/index.js';
import { runUsageReportCli } from '../../client/usage-report-cli.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { monthOf } from '../../shared/month.js';
import type { Certification } from '../../shared/types.js';
import { captureOutput } from '../support/captured-output.js';

/**
 * Usage and the operators' report end to end: real HTTP through the Function URL emulator, the
 * real handler, dynalite, and RS256 tokens from the local issuer carrying `cognito:groups` as
 * Cognito's do; the typed client and the report CLI as users run them.
 */
const MODEL = 'amazon.nova-micro-v1:0';
const run = promisify(execFile);

let stack: LocalStack;
let alicesRun: Certification;
const admin = () => stack.issuer.mint({ sub: 'olga', 'cognito:groups': ['admins'] });
const client = (token: string) => ({ baseUrl: stack.url, token });

beforeAll(async () => {
  stack = await startLocalStack({ env: { POWERTOOLS_LOG_LEVEL: 'SILENT' } });
  alicesRun = await certifyModelOnce(MODEL, { ...client(stack.token('alice')), fresh: true });
  // A cached answer is free: it adds nothing to alice's month.
  await certifyModelOnce(MODEL, client(stack.token('alice')));
  return () => stack.close();
});

describe('usage over HTTP', () => {
  it("a user sees their own month: the run's tokens and cost, no quota (none configured); another user sees none of it", async () => {
    const usage = await getUsage(client(stack.token('alice')));
    expect(usage).toEqual({
      month: monthOf(Date.now()),
      certifications: 1,
      inputTokens: alicesRun.usage.inputTokens,
      outputTokens: alicesRun.usage.outputTokens,
      estimatedCostUsd: alicesRun.estimatedCostUsd,
      quota: null,
    });
    expect(await getUsage(client(stack.token('bob')))).toMatchObject({
      certifications: 0,
      inputTokens: 0,
      estimatedCostUsd: 0,
    });
    expect(await getUsage({ ...client(stack.token('alice')), month: '2020-01' })).toMatchObject({
      month: '2020-01',
      certifications: 0,
    });
  });

  it('refuses a bad month with 400 INVALID_MONTH and a bad token with 401', async () => {
    const badMonth = await getUsage({ ...client(stack.token('alice')), month: '2026-13' }).catch(
      (error: unknown) => error,
    );
    expect(badMonth).toBeInstanceOf(ApiError);
    expect(badMonth).toMatchObject({ status: 400, code: 'INVALID_MONTH' });
    await expect(getUsage(client(stack.token('alice', -60)))).rejects.toBeInstanceOf(
      UnauthorizedApiError,
    );
    await expect(getAdminUsage(client(stack.token('alice', -60)))).rejects.toBeInstanceOf(
      UnauthorizedApiError,
    );
  });

  it('the admin report lists every user of the month for a member of admins; anyone else gets 403 FORBIDDEN', async () => {
    const report = await getAdminUsage(client(admin()));
    expect(report.month).toBe(monthOf(Date.now()));
    expect(report.users).toContainEqual({
      sub: 'alice',
      certifications: 1,
      inputTokens: alicesRun.usage.inputTokens,
      outputTokens: alicesRun.usage.outputTokens,
      estimatedCostUsd: alicesRun.estimatedCostUsd,
    });
    for (const token of [
      stack.token('alice'),
      stack.issuer.mint({ sub: 'pete', 'cognito:groups': ['users'] }),
    ]) {
      const refusal = await getAdminUsage(client(token)).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(ApiError);
      expect(refusal).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    }
  });
});

describe('npm run usage-report against the local service', () => {
  it('prints the month as CSV for an operator (in process, real HTTP), and exits 2 with FORBIDDEN for anyone else', async () => {
    const stdout = captureOutput();
    const stderr = captureOutput();
    const code = await runUsageReportCli(
      ['--url', stack.url, '--token', admin(), '--format', 'csv'],
      { stdout, stderr, env: {} },
    );
    expect(code).toBe(0);
    const lines = stdout.text.split('\r\n');
    expect(lines[0]).toBe('month,sub,certifications,inputTokens,outputTokens,estimatedCostUsd');
    expect(lines).toContain(
      `${monthOf(Date.now())},alice,1,${alicesRun.usage.inputTokens},${alicesRun.usage.outputTokens},${alicesRun.estimatedCostUsd}`,
    );

    const refused = { stdout: captureOutput(), stderr: captureOutput() };
    expect(
      await runUsageReportCli(['--url', stack.url, '--token', stack.token('alice')], {
        ...refused,
        env: {},
      }),
    ).toBe(2);
    expect(refused.stdout.text).toBe('');
    expect(refused.stderr.text).toMatch(/^error: FORBIDDEN \(403\): /);
  });

  it('runs as the npm script does (its own process), the token from the environment', async () => {
    const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const { stdout } = await run(
      tsx,
      ['scripts/usage-report.ts', '--url', stack.url, '--format', 'json'],
      {
        cwd: process.cwd(),
        env: { ...process.env, CERTIFICATION_TOKEN: admin() },
      },
    );
    expect(JSON.parse(stdout)).toMatchObject({
      month: monthOf(Date.now()),
      users: expect.arrayContaining([expect.objectContaining({ sub: 'alice' })]) as unknown,
    });
  });
});
