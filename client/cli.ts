/**
 * Entry point of `npm run certify -- <modelId> [--url URL] [--token T] [--json] [--timeout S]`.
 * All behaviour lives in `runCertifyCli`; this file only binds it to the process.
 */
import { runCertifyCli } from './certify-cli.js';

const interrupt = new AbortController();
process.once('SIGINT', () => interrupt.abort());

process.exitCode = await runCertifyCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: interrupt.signal,
});
