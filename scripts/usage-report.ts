/**
 * Entry point of `npm run usage-report -- [--url URL] [--token T] [--month M] [--format F]`.
 * All behaviour lives in `runUsageReportCli`; this file only binds it to the process, and to the
 * local issuer for an operator token against `npm start` (the shipped client in `client/` never imports `local/`).
 */
import { runCliProcess } from '../client/cli-harness.js';
import { runUsageReportCli } from '../client/usage-report-cli.js';
import { LOCAL_STACK_BINDINGS } from './local-stack.js';

await runCliProcess(runUsageReportCli, LOCAL_STACK_BINDINGS);
