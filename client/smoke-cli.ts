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
import { createPalette } from './cli-output.js';
import { runSmoke, SMOKE_CHECKS, SMOKE_DEFAULTS, type SmokeCheckResult } from './smoke.js';

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

const HELP = `Usage: npm run smoke -- --url URL --token T [--model ID]

Checks a running service end to end, one line per check: ${SMOKE_CHECKS.join(', ')}.
Certifies the model once (fresh, so it is billed like any certification), then reads it back
from the cache and through a stream ticket. Exit 0 when every check passes, 1 otherwise.

  --url URL     the service's base URL (default: $CERTIFICATION_URL), e.g. the stack's FunctionUrl
  --token T     an access token (default: $CERTIFICATION_TOKEN), e.g. from Cognito's initiate-auth
  --model ID    the model to certify (default: ${SMOKE_DEFAULTS.modelId});
                pick one that certifies in the service's Region
`;

/**
 * Runs the smoke CLI; resolves with the process's exit code. Unlike the other CLIs it looks for
 * no local stack: it checks the service it is told of, with the token it is given.
 */
export function runSmokeCli(argv: readonly string[], options: SmokeCliOptions): Promise<number> {
  return runCli(options, async () => {
    const { values } = parseCommandLine(argv, OPTIONS, { allowPositionals: false });
    if (values.help) {
      options.stdout.write(HELP);
      return SMOKE_EXIT_CODES.passed;
    }
    const { url, token } = resolveTarget(values, options, {
      discoverLocal: false,
      requireToken: true,
    });
    return smoke(url, token ?? '', values.model?.trim() || SMOKE_DEFAULTS.modelId, options);
  });
}

async function smoke(
  url: string,
  token: string,
  modelId: string,
  options: SmokeCliOptions,
): Promise<number> {
  const palette = createPalette(options.stdout, options.env);
  const width = Math.max(...SMOKE_CHECKS.map((name) => name.length));
  const line = (result: SmokeCheckResult): string => {
    const mark =
      result.status === 'passed'
        ? palette.pass('✓')
        : result.status === 'failed'
          ? palette.fail('✗')
          : palette.dim('-');
    return `${mark} ${result.name.padEnd(width)}  ${result.status === 'skipped' ? palette.dim(result.detail) : result.detail}\n`;
  };
  options.stdout.write(`Smoke test of ${url} with ${modelId}\n`);
  const results = await runSmoke({
    url,
    token,
    modelId,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.requestTimeoutMs !== undefined
      ? { requestTimeoutMs: options.requestTimeoutMs }
      : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onResult: (result) => options.stdout.write(line(result)),
  });
  const count = (status: SmokeCheckResult['status']): number =>
    results.filter((result) => result.status === status).length;
  const failed = count('failed');
  const skipped = count('skipped');
  options.stdout.write(
    failed + skipped === 0
      ? `All ${results.length} checks passed.\n`
      : `${count('passed')} passed, ${failed} failed, ${skipped} skipped.\n`,
  );
  return failed + skipped === 0 ? SMOKE_EXIT_CODES.passed : SMOKE_EXIT_CODES.failed;
}
