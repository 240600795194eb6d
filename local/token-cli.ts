/**
 * `npm run token -- --sub alice [--group admins] [--expires-in 3600]`: prints a local access token,
 * and nothing else, on stdout, so `TOKEN=$(npm run -s token -- --sub alice)` works. `--group`
 * (repeatable) puts the user in Cognito groups, as `cognito:groups` in the token: `--group admins`
 * makes an operator. It signs with the key `npm start` uses (`.local/dev-issuer.json`, created here
 * first if `npm start` has not run yet).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_ISSUER_KEY_FILE, loadTokenMinter } from './jwt-issuer.js';

const USAGE =
  'Usage: npm run token -- --sub <subject> [--group <name>]... [--expires-in <seconds, negative = expired>] [--key-file <path>]';
/** A Cognito group name: 1–128 characters without whitespace or control characters. */
const GROUP_NAME = /^[^\s\p{Cc}]{1,128}$/u;

/** parseArgs reads `--expires-in -60` as two options; `--expires-in=-60` is what is meant. */
function joinNegativeValues(args: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = args[i + 1];
    if (arg === '--expires-in' && next !== undefined && /^-\d+$/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

/** Parses the arguments and returns the token, or throws with a message for the user. */
function tokenFromArgs(args: string[]): string {
  const { values } = parseArgs({
    args: joinNegativeValues(args),
    options: {
      sub: { type: 'string' },
      group: { type: 'string', multiple: true },
      'expires-in': { type: 'string' },
      'key-file': { type: 'string' },
    },
    strict: true,
  });
  const sub = values.sub?.trim();
  if (!sub) throw new Error(`--sub is required.\n${USAGE}`);
  const expiresIn = values['expires-in'] === undefined ? 3600 : Number(values['expires-in']);
  if (!Number.isInteger(expiresIn) || expiresIn === 0)
    throw new Error(`--expires-in must be a non-zero whole number of seconds.\n${USAGE}`);
  const groups = values.group ?? [];
  const invalid = groups.find((group) => !GROUP_NAME.test(group));
  if (invalid !== undefined)
    throw new Error(`--group must be a Cognito group name, got "${invalid}".\n${USAGE}`);
  // Cognito leaves the claim out of the tokens of a user in no group.
  const claims = groups.length > 0 ? { 'cognito:groups': [...new Set(groups)] } : {};
  return loadTokenMinter(values['key-file'] ?? DEFAULT_ISSUER_KEY_FILE).mint({
    sub,
    expiresInSeconds: expiresIn,
    ...claims,
  });
}

try {
  process.stdout.write(`${tokenFromArgs(process.argv.slice(2))}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
