import { runCertifyCli } from '../../client/certify-cli.js';
import { loadTokenMinter } from '../../local/jwt-issuer.js';

/** What one run of the certify CLI printed and how it exited. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the certify CLI in process against a local stack at `url`, minting its tokens with the
 * issuer key in `keyFile` as `npm run certify` does against `npm start`.
 */
export async function runCliAgainst(url: string, keyFile: string, argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCertifyCli([...argv, '--url', url], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    mintLocalToken: (sub) => loadTokenMinter(keyFile).mint({ sub }),
  });
  return { code, stdout, stderr };
}
