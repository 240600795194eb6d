/**
 * The page's URL fragment. `npm start` prints a link with `#token=...` so a dev token reaches
 * the page without ever being sent to a server (fragments are not part of requests), and
 * `#model=<id>` is a shareable link to one model's detail view.
 */

/** Reads `#token=...&model=...` (URL-encoded like a query string). */
export function parseFragment(hash: string): { token?: string; model?: string } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token')?.trim();
  const model = params.get('model')?.trim();
  return { ...(token ? { token } : {}), ...(model ? { model } : {}) };
}

/** `#model=<id>`: the link to a model's detail view (never carries the token). */
export function modelFragment(modelId: string): string {
  // ':' and '/' are legal in a fragment and keep ids and ARNs readable; '&', '+', '#' and '%' are not.
  return `#model=${encodeURIComponent(modelId).replace(/%3A/gi, ':').replace(/%2F/gi, '/')}`;
}
