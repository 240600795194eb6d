/**
 * Entry point of `npm run certify -- <modelId> [--url URL] [--token T] [--json] [--timeout S]`.
 * All behaviour lives in `runCertifyCli`; this file only binds it to the process, and to the
 * local issuer for tokens against `npm start` (the client itself never imports `local/`).
 */
import { runCertifyCli } from './certify-cli.js';

const interrupt = new AbortController();
process.once('SIGINT', () => interrupt.abort());

process.exitCode = await runCertifyCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: interrupt.signal,
  mintLocalToken: async (sub) => {
    // Loaded only when needed: the local issuer is a dev stand-in, not part of the client.
    const { loadTokenMinter } = await import('../local/jwt-issuer.js');
    // `.local/dev-issuer.json`, the key `npm start` and `npm run token` share.
    return loadTokenMinter().mint({ sub, expiresInSeconds: 3600 });
  },
});
