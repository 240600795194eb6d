/**
 * The Function URL's CORS configuration: one source for the stack (`-c allowedOrigins=...`,
 * turned into the URL's `Cors` by infra/certification-stack.ts) and the local emulator
 * (`ALLOWED_ORIGINS`, applied by local/function-url-emulator.ts). Plain data, no CDK types, so
 * `local/` can import it without the CDK.
 */

/** A Function URL `Cors` block, as the URL applies it. */
export interface FunctionUrlCors {
  /** Exact origins (`https://app.example.com`); never a wildcard. */
  allowedOrigins: readonly string[];
  allowedMethods: readonly ('GET' | 'POST')[];
  /** Request headers a preflight may ask for (lower case). */
  allowedHeaders: readonly string[];
  /** Response headers a cross-origin script may read (lower case). */
  exposedHeaders: readonly string[];
  allowCredentials: boolean;
  /** How long a browser may cache a preflight answer. */
  maxAgeSeconds: number;
}

/** An origin in the list is not an origin; `problem` says why, for the caller's own error. */
export class AllowedOriginsError extends Error {
  constructor(readonly problem: string) {
    super(`Invalid allowed origins: ${problem}`);
    this.name = 'AllowedOriginsError';
  }
}

/**
 * Parses a comma-separated origin list (`ALLOWED_ORIGINS`, `-c allowedOrigins=`): trimmed,
 * empty entries dropped, a trailing slash removed. A wildcard, a path or a scheme other than
 * http(s) throws {@link AllowedOriginsError}.
 */
export function parseAllowedOrigins(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  return raw
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '')
    .map((origin) => {
      // A wildcard would let any site drive a signed-in user's browser against the service.
      if (origin.includes('*'))
        throw new AllowedOriginsError(`list origins explicitly; "${origin}" has a wildcard`);
      let parsed: URL;
      try {
        parsed = new URL(origin);
      } catch {
        throw new AllowedOriginsError(`"${origin}" is not an origin like https://app.example.com`);
      }
      if (
        (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') ||
        parsed.origin !== origin.replace(/\/$/, '')
      ) {
        throw new AllowedOriginsError(
          `"${origin}" is not an origin like https://app.example.com (scheme and host, no path)`,
        );
      }
      return parsed.origin;
    });
}

/**
 * The service's CORS settings for `allowedOrigins`, or `undefined` (no CORS at all: the page at
 * `/` is same-origin and needs none) when the list is empty.
 */
export function functionUrlCors(allowedOrigins: readonly string[]): FunctionUrlCors | undefined {
  if (allowedOrigins.length === 0) return undefined;
  return {
    allowedOrigins: [...allowedOrigins],
    allowedMethods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type'],
    // Clients on other origins must be able to read when to retry a 429 and which request id to
    // quote for a 500.
    exposedHeaders: ['retry-after', 'x-request-id'],
    // Tokens travel in the Authorization header, never in cookies.
    allowCredentials: false,
    maxAgeSeconds: 3600,
  };
}
