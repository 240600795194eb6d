/**
 * Entry point of `npm run -s certify -- <modelId>... [options]` (`--help` lists them). All
 * behaviour lives in `runCertifyCli`; this file only binds it to the process, and to the stack
 * `npm start` runs on this machine: its URL and its issuer's key, both recorded in `.local/`
 * (the shipped client in `client/` never imports `local/`).
 */
import { readStackRecord } from '../local/stack-record.js';
import { runCertifyCli } from '../client/certify-cli.js';

const interrupt = new AbortController();
// A second Ctrl+C, once this handler is spent, ends the process the default way.
process.once('SIGINT', () => interrupt.abort());

process.exitCode = await runCertifyCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: interrupt.signal,
  findLocalStack: () => readStackRecord()?.url,
  mintLocalToken: async (sub) => {
    // Loaded only when needed: the local issuer is a dev stand-in, not part of the client.
    const { DEFAULT_ISSUER_KEY_FILE, loadTokenMinter } = await import('../local/jwt-issuer.js');
    // The key the running stack signs with (recorded with its URL), else `.local/dev-issuer.json`,
    // the one `npm start` and `npm run token` share by default.
    return loadTokenMinter(readStackRecord()?.issuerKeyFile ?? DEFAULT_ISSUER_KEY_FILE).mint({ sub, expiresInSeconds: 3600 });
  },
});
