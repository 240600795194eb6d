/**
 * Entry point of `npm run smoke -- --url URL --token T [--model ID]` (`--help` lists the checks).
 * All behaviour lives in `runSmokeCli`; this file only binds it to the process.
 */
import { runSmokeCli } from '../client/smoke-cli.js';

const interrupt = new AbortController();
// A second Ctrl+C, once this handler is spent, ends the process the default way.
process.once('SIGINT', () => interrupt.abort());

process.exitCode = await runSmokeCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: interrupt.signal,
});
