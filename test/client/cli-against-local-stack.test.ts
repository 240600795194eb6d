/**
 * The CLI as a CI gate, end to end through the local stack: the real catalog route (listed by the
 * simulator's control plane), real certifications, the real rate limit answering 429 with its
 * Retry-After. The stack has its own file because it runs with a short rate-limit window, so the
 * CLI meets real 429s and waits them out in seconds rather than minutes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../client/certify-cli.js';
import { certifyModel, getCatalog } from '../../client/index.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { runCliAgainst } from './local-cli.js';
import type { Certification } from '../../shared/types.js';
import { CHROMIUM_INSTALL_TIMEOUT_MS, launchChromium } from '../support/chromium.js';
import { TEST_NAMES } from '../../shared/types.js';

/** The core suite's size, from the registry. */
const N = TEST_NAMES.length;

const RATE_LIMIT = 8;
const RATE_WINDOW_SECONDS = 3;

let stack: LocalStack;
let keyFile: string;
let browser: Browser;

beforeAll(async () => {
  const keyDir = await mkdtemp(join(tmpdir(), 'cli-stack-'));
  keyFile = join(keyDir, 'dev-issuer.json');
  [stack, browser] = await Promise.all([
    startLocalStack({
      issuerKeyFile: keyFile,
      env: {
        RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
        RATE_LIMIT_WINDOW_SECONDS: String(RATE_WINDOW_SECONDS),
        POWERTOOLS_LOG_LEVEL: 'ERROR',
      },
    }),
    launchChromium(),
  ]);
  return async () => {
    await browser.close();
    await stack.close();
    await rm(keyDir, { recursive: true, force: true });
  };
}, CHROMIUM_INSTALL_TIMEOUT_MS);

const cli = (argv: string[]) => runCliAgainst(stack.url, keyFile, argv);

/** The JUnit report as Chromium's strict XML parser reads it: suite name → gate verdict and probe count. */
async function junitSuites(xml: string): Promise<{
  error: string | null;
  suites: Record<string, { passesGates: string | null; probes: number; gates: number }>;
}> {
  const page = await browser.newPage();
  try {
    return await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const suites: Record<string, { passesGates: string | null; probes: number; gates: number }> =
        {};
      for (const suite of doc.querySelectorAll('testsuite')) {
        const cases = [...suite.querySelectorAll('testcase')].map(
          (testcase) => testcase.getAttribute('name') ?? '',
        );
        suites[suite.getAttribute('name') ?? ''] = {
          passesGates:
            suite.querySelector('property[name="passesGates"]')?.getAttribute('value') ?? null,
          probes: cases.filter((name) => !name.startsWith('gate: ')).length,
          gates: cases.filter((name) => name.startsWith('gate: ')).length,
        };
      }
      return { error: doc.querySelector('parsererror')?.textContent ?? null, suites };
    }, xml);
  } finally {
    await page.close();
  }
}

describe('npm run certify -- --catalog as a CI gate, against the local stack', () => {
  it('certifies every catalog model but the profile-only ones in one batch, waits out a real 429, writes JUnit, and exits 1 for the models without tool use', async () => {
    const sub = 'cli-ci';
    const catalog = await getCatalog({ baseUrl: stack.url, token: stack.token(sub) });
    const expected = catalog.models
      .filter((entry) => entry.kind === 'inference-profile' || entry.onDemand)
      .map((entry) => entry.modelId);

    // Use up the window first (cached answers count too), so the CLI's first run meets a 429 however
    // fast or slow this machine runs the rest.
    const cached = 'amazon.nova-micro-v1:0';
    await certifyModel(cached, { baseUrl: stack.url, token: stack.token('cli-warm-up') });
    for (let i = 0; i < RATE_LIMIT; i++)
      await certifyModel(cached, { baseUrl: stack.url, token: stack.token(sub) });

    const result = await cli([
      '--catalog',
      '--require',
      'streaming,toolUse',
      '--format',
      'junit',
      '--concurrency',
      '3',
      '--sub',
      sub,
    ]);

    expect(result.code).toBe(EXIT_CODES.notCertified);
    // The whole catalog is one batch request; the service answered it 429 and the CLI waited it out.
    expect(result.stderr).toContain(
      `Certifying ${expected.length} models at ${stack.url} in one batch\n`,
    );
    expect(result.stderr).toMatch(/^rate limited, waiting \d+ s, as the service asks\n/m);
    expect(result.stderr).not.toMatch(/^error:/m);
    const junit = await junitSuites(result.stdout);
    expect(junit.error).toBeNull();
    expect(Object.keys(junit.suites).sort()).toEqual([...expected].sort());
    for (const suite of Object.values(junit.suites))
      expect(suite).toMatchObject({ probes: N, gates: 2 });
    // The catalog now carries each run's result, and the gate verdicts follow its capabilities.
    const after = await getCatalog({ baseUrl: stack.url, token: stack.token(sub) });
    for (const entry of after.models.filter((model) => expected.includes(model.modelId))) {
      expect(entry.certification, entry.modelId).not.toBeNull();
      const passes =
        entry.certification?.capabilities.streaming === true &&
        entry.certification.capabilities.toolUse;
      expect(junit.suites[entry.modelId]?.passesGates, entry.modelId).toBe(String(passes));
    }
    expect(junit.suites['us.deepseek.r1-v1:0']?.passesGates).toBe('false');
    expect(junit.suites['us.anthropic.claude-sonnet-4-5-20250929-v1:0']?.passesGates).toBe('true');

    // Run again: every result is read from the cache (free), nothing runs, the verdict is the same.
    const again = await cli([
      '--catalog',
      '--require',
      'streaming,toolUse',
      '--format',
      'json',
      '--sub',
      'cli-ci-again',
    ]);

    expect(again.code).toBe(EXIT_CODES.notCertified);
    expect(again.stderr).not.toMatch(/: certifying\n/);
    const body = JSON.parse(again.stdout) as {
      models: { modelId: string; outcome: string; certification: Certification }[];
    };
    expect(body.models.map((model) => model.modelId).sort()).toEqual([...expected].sort());
    expect(body.models.every((model) => model.certification.cached)).toBe(true);
    for (const model of body.models)
      expect(String(model.outcome === 'pass'), model.modelId).toBe(
        junit.suites[model.modelId]?.passesGates,
      );
  }, 180_000);
});
