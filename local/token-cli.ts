/**
 * `npm run token -- --sub alice [--expires-in 3600]`: prints a local access token, and nothing
 * else, on stdout, so `TOKEN=$(npm run -s token -- --sub alice)` works. It signs with the key
 * `npm start` uses (`.local/dev-issuer.json`, created here first if `npm start` has not run yet).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_ISSUER_KEY_FILE, loadTokenMinter } from './jwt-issuer.js';

const USAGE = 'Usage: npm run token -- --sub <subject> [--expires-in <seconds, negative = expired>] [--key-file <path>]';

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
      'expires-in': { type: 'string' },
      'key-file': { type: 'string' },
    },
    strict: true,
  });
  const sub = values.sub?.trim();
  if (!sub) throw new Error(`--sub is required.\n${USAGE}`);
  const expiresIn = values['expires-in'] === undefined ? 3600 : Number(values['expires-in']);
  if (!Number.isInteger(expiresIn) || expiresIn === 0) throw new Error(`--expires-in must be a non-zero whole number of seconds.\n${USAGE}`);
  return loadTokenMinter(values['key-file'] ?? DEFAULT_ISSUER_KEY_FILE).mint({ sub, expiresInSeconds: expiresIn });
}

try {
  process.stdout.write(`${tokenFromArgs(process.argv.slice(2))}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
