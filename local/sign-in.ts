/**
 * The local stack's sign-in link: `GET /_local/sign-in` mints a dev token with the local issuer
 * and redirects to the page with it in the URL fragment, where the page picks it up (and drops it
 * from the address bar). It is the first link `npm start` prints: short, and it opens a page
 * that works. The token is never in a query string, a request line or a log: it travels in the
 * redirect's `Location` header, and a fragment is not part of the request that follows. The
 * Function URL emulator answers this path itself; the handler never sees it (in AWS, Cognito's
 * hosted sign-in is the way to a token).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenMinter } from './jwt-issuer.js';

/** Where the local stack serves the sign-in link. */
export const SIGN_IN_PATH = '/_local/sign-in';

/** Whom the link signs in unless `?sub=` says otherwise: the subject of `npm start`'s demo token. */
export const DEFAULT_SIGN_IN_SUB = 'dev-user';

/** How long a signed-in token lasts: a working day, so the open page keeps working. */
const SIGN_IN_TOKEN_SECONDS = 12 * 3600;

/** A subject or Cognito group name: 1–128 characters without whitespace or control characters (as `npm run token` accepts). */
const NAME = /^[^\s\p{Cc}]{1,128}$/u;

/**
 * The listener for {@link SIGN_IN_PATH}: `?sub=alice` signs in as alice (default
 * {@link DEFAULT_SIGN_IN_SUB}), each `?group=admins` adds a Cognito group (`admins` makes an
 * operator). Answers `303` to `/#token=...`; a bad name is a `400` JSON error.
 */
export function signInListener(
  minter: Pick<TokenMinter, 'mint'>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
    const sub = query.get('sub') ?? DEFAULT_SIGN_IN_SUB;
    const groups = query.getAll('group');
    const bad = [sub, ...groups].find((name) => !NAME.test(name));
    if (bad !== undefined) {
      res
        .writeHead(400, {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
        })
        .end(
          JSON.stringify({
            error: {
              code: 'invalid_request',
              message: `sub and group must be 1 to 128 characters without spaces, got ${JSON.stringify(bad)}`,
            },
          }),
        );
      return;
    }
    // Cognito leaves the claim out of the tokens of a user in no group.
    const claims = groups.length > 0 ? { 'cognito:groups': [...new Set(groups)] } : {};
    const token = minter.mint({ sub, expiresInSeconds: SIGN_IN_TOKEN_SECONDS, ...claims });
    res
      .writeHead(303, {
        // Relative, so the page opens on whichever host name the link was opened with.
        location: `/#token=${token}`,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        'content-type': 'text/plain; charset=utf-8',
      })
      .end('Signed in; opening the page.\n');
  };
}
