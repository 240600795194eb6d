import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { HANDLER_ENTRY } from '../infra/certification-stack.js';
import { esbuildOptions } from '../infra/constructs/function-defaults.js';
import { median } from './median.js';

const run = promisify(execFile);

/** The handler bundled exactly as the stack bundles it. */
export interface HandlerBundle {
  /** Directory holding `index.mjs` and `index.mjs.map`. */
  dir: string;
  /** Absolute path of `index.mjs`. */
  file: string;
  /** Size of `index.mjs` in bytes (the source map ships alongside, and is not loaded at init). */
  bytes: number;
  /** Size of `index.mjs.map` in bytes. */
  sourceMapBytes: number;
  /** Every input esbuild read, relative to the working directory (from its metafile). */
  inputs: string[];
  /** Modules the bundle still imports at run time (must all be Node.js built-ins). */
  externalImports: string[];
}

/**
 * Bundles the Lambda handler with the stack's own esbuild settings (imported from the
 * function-defaults construct) into `outdir`, or a fresh temporary directory.
 */
export async function bundleHandler(outdir?: string): Promise<HandlerBundle> {
  const dir = outdir ?? (await mkdtemp(join(tmpdir(), 'handler-bundle-')));
  const file = join(dir, 'index.mjs');
  const result = await build({ ...esbuildOptions(HANDLER_ENTRY, file), metafile: true });
  const inputs = Object.keys(result.metafile.inputs);
  const externalImports = [
    ...new Set(
      Object.values(result.metafile.outputs).flatMap((output) =>
        output.imports.filter((i) => i.external).map((i) => i.path),
      ),
    ),
  ];
  return {
    dir,
    file,
    bytes: (await stat(file)).size,
    sourceMapBytes: (await stat(`${file}.map`)).size,
    inputs,
    externalImports,
  };
}

/**
 * Environment the handler's configuration requires (see shared/config.ts), with placeholder
 * values: module init builds clients and validates configuration but calls no AWS service.
 */
export const BENCH_HANDLER_ENV: Readonly<Record<string, string>> = {
  AWS_REGION: 'us-east-1',
  TABLE_NAME: 'bench-table',
  AUTH_USER_POOL_ID: 'us-east-1_Bench0000',
  AUTH_CLIENT_ID: 'benchclient0000000000000000',
  POWERTOOLS_SERVICE_NAME: 'bedrock-certification',
  POWERTOOLS_LOG_LEVEL: 'WARN',
};

// Runs in the child: the `awslambda` global the Node.js runtime gives streaming functions, reduced
// to what module init touches, then one timed dynamic import of the bundle.
const CHILD_SCRIPT = `
globalThis.awslambda = {
  streamifyResponse: (handler) => handler,
  HttpResponseStream: { from: (stream) => stream },
};
const started = performance.now();
const mod = await import(process.env.BUNDLE_URL);
const initMs = performance.now() - started;
process.stdout.write(JSON.stringify({ initMs, exports: Object.keys(mod), handlerType: typeof mod.handler }));
`;

/** One module load of a bundle in a fresh Node.js process. */
export interface BundleLoad {
  /** Wall time of the `import()`: module evaluation, i.e. the function's init code. */
  initMs: number;
  exports: string[];
  handlerType: string;
}

/**
 * Imports `file` in a fresh `node` process, as Lambda's init phase does: source maps enabled
 * (the function sets `NODE_OPTIONS=--enable-source-maps`), the `awslambda` global stubbed and
 * the handler's environment set.
 */
export async function loadBundleInFreshNode(
  file: string,
  env: Readonly<Record<string, string>> = BENCH_HANDLER_ENV,
): Promise<BundleLoad> {
  const { stdout } = await run(
    process.execPath,
    ['--enable-source-maps', '--input-type=module', '--eval', CHILD_SCRIPT],
    {
      env: { PATH: process.env.PATH ?? '', ...env, BUNDLE_URL: pathToFileURL(file).href },
      timeout: 30_000,
    },
  );
  return JSON.parse(stdout) as BundleLoad;
}

/**
 * Bundles the handler as the stack does and measures what a cold start pays for it: the bundle's
 * size (goal ≤ 1 MB) and the median module init time over fresh processes (goal ≤ 150 ms).
 */
export async function benchBundle(
  options: { runs?: number } = {},
): Promise<{ bundleBytes: number; initMs: number }> {
  const bundle = await bundleHandler();
  try {
    const loads: number[] = [];
    for (let i = 0; i < (options.runs ?? 5); i++) {
      const load = await loadBundleInFreshNode(bundle.file);
      if (load.handlerType !== 'function')
        throw new Error(`bundle exports no handler function (exports: ${load.exports.join(', ')})`);
      loads.push(load.initMs);
    }
    return { bundleBytes: bundle.bytes, initMs: Math.round(median(loads) * 10) / 10 };
  } finally {
    await rm(bundle.dir, { recursive: true, force: true });
  }
}
