import { builtinModules } from 'node:module';
import { readFile, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bundleHandler,
  loadBundleInFreshNode,
  type HandlerBundle,
} from '../../bench/infra-bench.js';
import { synthesize, type Synthesized } from './synth.js';

const projectRoot = resolve(import.meta.dirname, '../..');

/** Project files (not dependencies) among `paths`, relative to the project root. */
function projectFiles(paths: string[]): string[] {
  return paths.filter((path) => !path.split('/').includes('node_modules'));
}

describe('the function bundle', () => {
  let synthesized: Synthesized;
  let deployedDir: string;
  let benchBundle: HandlerBundle;

  beforeAll(async () => {
    [synthesized, benchBundle] = await Promise.all([synthesize({}), bundleHandler()]);
    const functions = Object.values(
      synthesized.template.findResources('AWS::Lambda::Function'),
    ) as { Properties: { Code: { S3Key: string } } }[];
    const assetHash = functions[0]?.Properties.Code.S3Key.replace(/\.zip$/, '');
    deployedDir = join(synthesized.outdir, `asset.${assetHash}`);
    return async () => {
      await synthesized.cleanup();
      await rm(benchBundle.dir, { recursive: true, force: true });
    };
  });

  it('deploys the handler and shared code only, never a local stand-in (per the source map)', async () => {
    const map = JSON.parse(await readFile(join(deployedDir, 'index.mjs.map'), 'utf8')) as {
      sources: string[];
      sourcesContent?: unknown;
    };
    const sources = map.sources.map((source) =>
      relative(projectRoot, resolve(deployedDir, source)),
    );
    const own = projectFiles(sources);
    expect(own).toContain('functions/certify/handler.ts');
    expect(own.some((file) => file.startsWith('shared/'))).toBe(true);
    expect(
      own.filter((file) => !file.startsWith('functions/') && !file.startsWith('shared/')),
    ).toEqual([]);
    // Sources stay out of the map (smaller asset; stack traces need only the mappings).
    expect(map.sourcesContent).toBeUndefined();
  });

  it('is what the benchmark measures: the same settings give a byte-identical index.mjs', async () => {
    const [deployed, measured] = await Promise.all([
      readFile(join(deployedDir, 'index.mjs')),
      readFile(benchBundle.file),
    ]);
    expect(measured.equals(deployed)).toBe(true);
  });

  it('reads no file from local/ (per esbuild metafile)', () => {
    const own = projectFiles(benchBundle.inputs);
    expect(own).toContain('functions/certify/handler.ts');
    expect(own.filter((file) => file.startsWith('local/'))).toEqual([]);
    expect(
      own.filter((file) => !file.startsWith('functions/') && !file.startsWith('shared/')),
    ).toEqual([]);
  });

  it('imports nothing at run time but Node.js built-ins (the zip has no node_modules; the AWS SDK is bundled)', () => {
    const builtins = new Set(builtinModules);
    expect(
      benchBundle.externalImports.filter(
        (path) => !path.startsWith('node:') && !builtins.has(path),
      ),
    ).toEqual([]);
  });

  it('loads as an ES module in a fresh Node.js and exports the streaming handler', async () => {
    const load = await loadBundleInFreshNode(benchBundle.file);
    expect(load.exports).toEqual(['handler']);
    expect(load.handlerType).toBe('function');
  });
});
