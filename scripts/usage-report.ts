/**
 * Entry point of `npm run usage-report -- [--url URL] [--token T] [--month M] [--format F]`.
 * All behaviour lives in `runUsageReportCli`; this file only binds it to the process, and to the
 * local issuer for an operator token against `npm start` (the shipped client in `client/` never imports `local/`).
 */
import { readStackRecord } from '../local/stack-record.js';
import { runUsageReportCli } from '../client/usage-report-cli.js';

const interrupt = new AbortController();
process.once('SIGINT', () => interrupt.abort());

process.exitCode = await runUsageReportCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: interrupt.signal,
  findLocalStack: () => readStackRecord()?.url,
  mintLocalAdminToken: async () => {
    // Loaded only when needed: the local issuer is a dev stand-in, not part of the client.
    const { DEFAULT_ISSUER_KEY_FILE, loadTokenMinter } = await import('../local/jwt-issuer.js');
    // The key the running stack signs with (recorded with its URL), else `.local/dev-issuer.json`.
    return loadTokenMinter(readStackRecord()?.issuerKeyFile ?? DEFAULT_ISSUER_KEY_FILE).mint({ sub: 'usage-report', 'cognito:groups': ['admins'], expiresInSeconds: 300 });
  },
});
