import type { RouteHandler } from '../route-handler.js';

/** `GET /`: the web page, no authentication, under its own Content-Security-Policy. */
export const page: RouteHandler<'page'> = (request, { deps }) => {
  const asset = deps.page();
  return new Response(request.method === 'HEAD' ? null : asset.html, {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'content-security-policy': asset.contentSecurityPolicy,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    },
  });
};
