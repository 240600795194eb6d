/**
 * What the CLIs' entry points know of the stack `npm start` runs on this machine: its URL and a
 * token signed with its issuer's key, both found through the record it keeps in `.local/`. Only
 * the entry points use this; the CLIs themselves take both as injected functions.
 */
import type { CliOptions } from '../client/cli-harness.js';
import type { MintClaims } from '../local/jwt-issuer.js';
import { readStackRecord } from '../local/stack-record.js';

/** The running local stack's URL, when one is recorded. */
export function findLocalStack(): string | undefined {
  return readStackRecord()?.url;
}

/**
 * A token for the running local stack: signed with the key it signs with (recorded with its URL),
 * else `.local/dev-issuer.json`, the one `npm start` and `npm run token` share by default.
 */
export async function mintLocalToken(claims: MintClaims): Promise<string> {
  // Loaded only when needed: the local issuer is a dev stand-in, not part of the client.
  const { DEFAULT_ISSUER_KEY_FILE, loadTokenMinter } = await import('../local/jwt-issuer.js');
  return loadTokenMinter(readStackRecord()?.issuerKeyFile ?? DEFAULT_ISSUER_KEY_FILE).mint(claims);
}

/** The local stack as every CLI's entry point hands it over: its URL, and hour-long tokens for it. */
export const LOCAL_STACK_BINDINGS: Pick<CliOptions, 'findLocalStack' | 'mintLocalToken'> = {
  findLocalStack,
  mintLocalToken: (sub, groups) =>
    mintLocalToken({
      sub,
      ...(groups.length > 0 ? { 'cognito:groups': [...groups] } : {}),
      expiresInSeconds: 3600,
    }),
};
