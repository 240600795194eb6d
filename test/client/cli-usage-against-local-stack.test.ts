/**
 * `--usage` and the monthly quota, end to end through the local stack with
 * `MONTHLY_CERTIFICATION_QUOTA=3`: the CLI prints the real route's month, and a `429
 * QUOTA_EXCEEDED` is reported at once, not waited out for the rest of the month.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../client/certify-cli.js';
import { certifyModel } from '../../client/index.js';
import { formatCount } from '../../client/format.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { runCliAgainst } from './local-cli.js';
import type { UsageResponse } from '../../shared/types.js';

const QUOTA = 3;

let stack: LocalStack;
let keyFile: string;

beforeAll(async () => {
  const keyDir = await mkdtemp(join(tmpdir(), 'cli-usage-stack-'));
  keyFile = join(keyDir, 'dev-issuer.json');
  stack = await startLocalStack({
    issuerKeyFile: keyFile,
    // One item at a time: the quota stops the batch at the same items on every run.
    env: {
      MONTHLY_CERTIFICATION_QUOTA: String(QUOTA),
      BATCH_CONCURRENCY: '1',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    },
  });
  return async () => {
    await stack.close();
    await rm(keyDir, { recursive: true, force: true });
  };
});

const cli = (argv: string[]) => runCliAgainst(stack.url, keyFile, argv);

describe('--usage and the quota against the local stack', () => {
  it('runs a batch up to the quota, the rest QUOTA_EXCEEDED without waiting, cached results still free, and --usage shows the month', async () => {
    const sub = 'cli-quota';
    const cached = 'amazon.nova-micro-v1:0';
    // Cached by someone else: free for this user even past the quota.
    await certifyModel(cached, { baseUrl: stack.url, token: stack.token('cli-someone-else') });
    const before = await cli(['--usage', '--json', '--sub', sub]);
    const runs = [
      'amazon.nova-pro-v1:0',
      'amazon.nova-lite-v1:0',
      'qwen.qwen3-32b-v1:0',
      'openai.gpt-oss-20b-1:0',
      'us.deepseek.r1-v1:0',
    ];

    const result = await cli([...runs, cached, '--format', 'json', '--sub', sub]);

    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({
      certifications: 0,
      quota: { limit: QUOTA, used: 0, remaining: QUOTA },
    });
    expect(result.code).toBe(EXIT_CODES.error);
    const body = JSON.parse(result.stdout) as {
      models: { modelId: string; outcome: string; error: { code: string } | null }[];
    };
    expect(
      body.models.map((model) => [model.modelId, model.outcome, model.error?.code ?? null]),
    ).toEqual([
      [runs[0], 'pass', null],
      [runs[1], 'pass', null],
      [runs[2], 'pass', null],
      [runs[3], 'error', 'QUOTA_EXCEEDED'],
      [runs[4], 'error', 'QUOTA_EXCEEDED'],
      [cached, 'pass', null],
    ]);
    // Said once, for both models the batch could not run, and never waited for.
    expect(
      result.stderr.match(
        /^error: QUOTA_EXCEEDED: The monthly quota of 3 certifications is used up; .* Cached results are still served\. \[.*\]$/gm,
      ),
    ).toHaveLength(1);
    expect(result.stderr).toContain(`[${runs[3]}, ${runs[4]}]`);
    expect(result.stderr).toContain(`${runs[4]}: error (QUOTA_EXCEEDED, not run)\n`);
    expect(result.stderr).not.toContain('waiting');

    const table = await cli(['--usage', '--sub', sub]);
    const json = await cli(['--usage', '--format', 'json', '--sub', sub]);
    const usage = JSON.parse(json.stdout) as UsageResponse;

    expect(table.code).toBe(0);
    expect(usage).toMatchObject({
      month: new Date().toISOString().slice(0, 7),
      certifications: QUOTA,
      quota: { limit: QUOTA, used: QUOTA, remaining: 0 },
    });
    expect(usage.inputTokens).toBeGreaterThan(0);
    expect(table.stdout).toMatch(new RegExp(`^Month\\s+${usage.month}$`, 'm'));
    expect(table.stdout).toMatch(/^Certifications\s+3 \(cache hits are free\)$/m);
    expect(table.stdout).toMatch(
      new RegExp(
        `^Tokens\\s+${formatCount(usage.inputTokens)} in / ${formatCount(usage.outputTokens)} out$`,
        'm',
      ),
    );
    expect(table.stdout).toMatch(/^Quota\s+3 of 3 used, 0 left this month$/m);
  });

  it('--usage --month: another month is empty; a refused token is exit 2 on stderr', async () => {
    const empty = await cli([
      '--usage',
      '--month',
      '2020-01',
      '--format',
      'json',
      '--sub',
      'cli-quota',
    ]);
    const refused = await cli(['--usage', '--token', stack.token('cli-quota', -60)]);

    expect(JSON.parse(empty.stdout)).toMatchObject({
      month: '2020-01',
      certifications: 0,
      inputTokens: 0,
      estimatedCostUsd: 0,
    });
    expect(refused.code).toBe(EXIT_CODES.error);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^error: UNAUTHORIZED \(401\): /);
  });
});
