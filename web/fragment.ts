/**
 * The page's URL fragment: `npm start` prints a link with `#token=...` so a dev token reaches
 * the page without ever being sent to a server (fragments are not part of requests).
 */

/** Reads `#token=...&model=...` (URL-encoded like a query string). */
export function parseFragment(hash: string): { token?: string; model?: string } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token')?.trim();
  const model = params.get('model')?.trim();
  return { ...(token ? { token } : {}), ...(model ? { model } : {}) };
}
