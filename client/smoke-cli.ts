/**
 * `npm run smoke -- --url URL --token T [--model ID]`: the checks of `smoke.ts` against a running
 * service, one line each on stdout, exit 0 when all pass, 1 otherwise, 2 for a bad command line.
 * What the README tells a deployer to run right after `cdk deploy`.
 */
import {
  CLI_EXIT_CODES,
  parseCommandLine,
  resolveTarget,
  runCli,
  type CliOptions,
} from './cli-harness.js';
import type { Translator } from '../shared/i18n/translate.js';
import { createPalette } from './cli-output.js';
import { displayWidth, pad } from './cli-table.js';
import {
  runSmoke,
  SMOKE_CHECKS,
  SMOKE_DEFAULTS,
  smokeCheckLabel,
  type SmokeCheckResult,
} from './smoke.js';

/** Exit codes of `npm run smoke`. */
export const SMOKE_EXIT_CODES = { passed: 0, failed: 1, usage: CLI_EXIT_CODES.error } as const;

/** What the smoke CLI is given instead of reaching for globals. */
export interface SmokeCliOptions extends CliOptions {
  /** Per-request timeout, for tests; default {@link SMOKE_DEFAULTS.requestTimeoutMs}. */
  requestTimeoutMs?: number;
}

const OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  model: { type: 'string' },
} as const;

/**
 * Runs the smoke CLI; resolves with the process's exit code. Unlike the other CLIs it looks for
 * no local stack: it checks the service it is told of, with the token it is given.
 */
export function runSmokeCli(argv: readonly string[], options: SmokeCliOptions): Promise<number> {
  return runCli(argv, options, async ({ t }) => {
    const { values } = parseCommandLine(argv, OPTIONS, { allowPositionals: false });
    if (values.help) {
      options.stdout.write(
        t.t('cli.smoke.help', { checks: SMOKE_CHECKS.join(', '), model: SMOKE_DEFAULTS.modelId }),
      );
      return SMOKE_EXIT_CODES.passed;
    }
    const { url, token } = resolveTarget(values, options, {
      discoverLocal: false,
      requireToken: true,
    });
    return smoke(url, token ?? '', values.model?.trim() || SMOKE_DEFAULTS.modelId, options, t);
  });
}

async function smoke(
  url: string,
  token: string,
  modelId: string,
  options: SmokeCliOptions,
  t: Translator,
): Promise<number> {
  const palette = createPalette(options.stdout, options.env);
  const width = Math.max(...SMOKE_CHECKS.map((name) => displayWidth(smokeCheckLabel(name, t))));
  const line = (result: SmokeCheckResult): string => {
    const mark =
      result.status === 'passed'
        ? palette.pass('✓')
        : result.status === 'failed'
          ? palette.fail('✗')
          : palette.dim('-');
    const name = pad(smokeCheckLabel(result.name, t), width);
    return `${mark} ${name}  ${result.status === 'skipped' ? palette.dim(result.detail) : result.detail}\n`;
  };
  options.stdout.write(`${t.t('cli.smoke.title', { url, modelId })}\n`);
  const results = await runSmoke({
    url,
    token,
    modelId,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.requestTimeoutMs !== undefined
      ? { requestTimeoutMs: options.requestTimeoutMs }
      : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    t,
    onResult: (result) => options.stdout.write(line(result)),
  });
  const count = (status: SmokeCheckResult['status']): number =>
    results.filter((result) => result.status === status).length;
  const failed = count('failed');
  const skipped = count('skipped');
  options.stdout.write(
    `${
      failed + skipped === 0
        ? t.t('cli.smoke.allPassed', { count: results.length })
        : t.t('cli.smoke.counts', { passed: count('passed'), failed, skipped })
    }\n`,
  );
  return failed + skipped === 0 ? SMOKE_EXIT_CODES.passed : SMOKE_EXIT_CODES.failed;
}
