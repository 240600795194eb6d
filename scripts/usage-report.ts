/**
 * Entry point of `npm run usage-report -- [--url URL] [--token T] [--month M] [--format F]`.
 * All behaviour lives in `runUsageReportCli`; this file only binds it to the process, and to the
 * local issuer for an operator token against `npm start` (the shipped client in `client/` never imports `local/`).
 */
import { runUsageReportCli } from '../client/usage-report-cli.js';
import { exitQuietlyOnClosedPipe } from './closed-pipe.js';
import { findLocalStack, mintLocalToken } from './local-stack.js';

exitQuietlyOnClosedPipe([process.stdout, process.stderr]);

const interrupt = new AbortController();
process.once('SIGINT', () => interrupt.abort());

process.exitCode = await runUsageReportCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: interrupt.signal,
  findLocalStack,
  mintLocalAdminToken: () =>
    mintLocalToken({ sub: 'usage-report', 'cognito:groups': ['admins'], expiresInSeconds: 300 }),
});
