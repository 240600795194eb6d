/**
 * Entry point of `npm run -s certify -- <modelId>... [options]` (`--help` lists them). All
 * behaviour lives in `runCertifyCli`; this file only binds it to the process, and to the stack
 * `npm start` runs on this machine: its URL and its issuer's key, both recorded in `.local/`
 * (the shipped client in `client/` never imports `local/`).
 */
import { runCertifyCli } from '../client/certify-cli.js';
import { exitQuietlyOnClosedPipe } from './closed-pipe.js';
import { findLocalStack, mintLocalToken } from './local-stack.js';

exitQuietlyOnClosedPipe([process.stdout, process.stderr]);

const interrupt = new AbortController();
// A second Ctrl+C, once this handler is spent, ends the process the default way.
process.once('SIGINT', () => interrupt.abort());

process.exitCode = await runCertifyCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: interrupt.signal,
  findLocalStack,
  mintLocalToken: (sub) => mintLocalToken({ sub, expiresInSeconds: 3600 }),
});
