/**
 * Reads a JWT's `exp` claim without verifying anything: the service verifies tokens; the page
 * only uses `exp` to tell "your token expired" from "your token is not valid" after a 401.
 */

/** When `token` expires, or `undefined` when it is not a JWT with a numeric `exp`. */
export function tokenExpiry(token: string): Date | undefined {
  const payload = token.trim().split('.')[1];
  if (payload === undefined || payload === '') return undefined;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const json = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
    const claims: unknown = JSON.parse(json);
    if (typeof claims !== 'object' || claims === null) return undefined;
    const { exp } = claims as { exp?: unknown };
    return typeof exp === 'number' && Number.isFinite(exp) ? new Date(exp * 1000) : undefined;
  } catch {
    // Not base64url JSON: an opaque or garbled token, which the service will have said is invalid.
    return undefined;
  }
}
