/**
 * `npm run smoke -- --url URL --token T [--model ID]`: the checks of `smoke.ts` against a running
 * service, one line each on stdout, exit 0 when all pass, 1 otherwise, 2 for a bad command line.
 * What the README tells a deployer to run right after `cdk deploy`.
 */
import { parseArgs } from 'node:util';
import { createPalette, type CliOutput } from './cli-output.js';
import {
  runSmoke,
  SMOKE_CHECKS,
  SMOKE_DEFAULTS,
  type SmokeCheckResult,
  type SmokeFetch,
} from './smoke.js';

/** Exit codes of `npm run smoke`. */
export const SMOKE_EXIT_CODES = { passed: 0, failed: 1, usage: 2 } as const;

/** What the smoke CLI is given instead of reaching for globals. */
export interface SmokeCliOptions {
  stdout: CliOutput;
  stderr: CliOutput;
  env: Readonly<Record<string, string | undefined>>;
  fetch?: SmokeFetch;
  /** Per-request timeout, for tests; default {@link SMOKE_DEFAULTS.requestTimeoutMs}. */
  requestTimeoutMs?: number;
  signal?: AbortSignal;
}

const HELP = `Usage: npm run smoke -- --url URL --token T [--model ID]

Checks a running service end to end, one line per check: ${SMOKE_CHECKS.join(', ')}.
Certifies the model once (fresh, so it is billed like any certification), then reads it back
from the cache and through a stream ticket. Exit 0 when every check passes, 1 otherwise.

  --url URL     the service's base URL (default: $CERTIFICATION_URL), e.g. the stack's FunctionUrl
  --token T     an access token (default: $CERTIFICATION_TOKEN), e.g. from Cognito's initiate-auth
  --model ID    the model to certify (default: ${SMOKE_DEFAULTS.modelId});
                pick one that certifies in the service's Region
`;

/** Runs the smoke CLI; resolves with the process's exit code. */
export async function runSmokeCli(
  argv: readonly string[],
  options: SmokeCliOptions,
): Promise<number> {
  let values: { url?: string; token?: string; model?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        url: { type: 'string' },
        token: { type: 'string' },
        model: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return usage(options, (error as Error).message);
  }
  if (values.help) {
    options.stdout.write(HELP);
    return SMOKE_EXIT_CODES.passed;
  }
  const url = values.url?.trim() || options.env.CERTIFICATION_URL?.trim();
  const token = values.token?.trim() || options.env.CERTIFICATION_TOKEN?.trim();
  const modelId = values.model?.trim() || SMOKE_DEFAULTS.modelId;
  if (!url) return usage(options, 'give the service URL with --url (or CERTIFICATION_URL)');
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:')
    return usage(options, `--url must be an http(s) URL, got "${url}"`);
  if (!token) return usage(options, 'give an access token with --token (or CERTIFICATION_TOKEN)');

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

function usage(options: SmokeCliOptions, message: string): number {
  options.stderr.write(`error: ${message}\nRun npm run smoke -- --help for the options.\n`);
  return SMOKE_EXIT_CODES.usage;
}
