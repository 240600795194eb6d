/**
 * Entry point of `npm run -s certify -- <modelId>... [options]` (`--help` lists them). All
 * behaviour lives in `runCertifyCli`; this file only binds it to the process, and to the stack
 * `npm start` runs on this machine: its URL and its issuer's key, both recorded in `.local/`
 * (the shipped client in `client/` never imports `local/`).
 */
import { runCertifyCli } from '../client/certify-cli.js';
import { runCliProcess } from '../client/cli-harness.js';
import { LOCAL_STACK_BINDINGS } from './local-stack.js';

await runCliProcess(runCertifyCli, LOCAL_STACK_BINDINGS);
