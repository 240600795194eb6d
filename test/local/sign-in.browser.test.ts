/**
 * The sign-in link `npm start` prints first: the local stack (not the handler) mints a dev token
 * and sends the browser to the page with it in the fragment, which the page takes and drops. Over
 * plain HTTP and in Debian's Chromium.
 */
import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SIGN_IN_SUB, SIGN_IN_PATH } from '../../local/sign-in.js';
import { type LocalStack } from '../../local/stack.js';
import { CHROMIUM_INSTALL_TIMEOUT_MS, startStackAndBrowser } from '../support/chromium.js';

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  const started = await startStackAndBrowser({ env: { POWERTOOLS_LOG_LEVEL: 'SILENT' } });
  ({ stack, browser } = started);
  return started.close;
}, CHROMIUM_INSTALL_TIMEOUT_MS);

/** The claims of a JWT, unverified (the service verifies them; this only reads them). */
function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

/** GETs the sign-in link without following the redirect. */
async function signIn(query = ''): Promise<Response> {
  return fetch(`${stack.url}${SIGN_IN_PATH}${query}`, { redirect: 'manual' });
}

describe('the local sign-in link', () => {
  it('redirects to the page with a token of the local issuer in the fragment, without invoking the function', async () => {
    const invocations = stack.emulator.stats.invocations;

    const response = await signIn('?sub=alice&group=admins');
    await response.text();

    expect(response.status).toBe(303);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const location = response.headers.get('location') ?? '';
    expect(location).toMatch(/^\/#token=[\w-]+\.[\w-]+\.[\w-]+$/);
    const token = location.slice('/#token='.length);
    expect(claims(token)).toMatchObject({
      sub: 'alice',
      'cognito:groups': ['admins'],
      iss: stack.issuer.issuer,
      token_use: 'access',
    });
    // The local stack answered; the handler never saw the path.
    expect(stack.emulator.stats.invocations).toBe(invocations);
    // The production verifier takes it.
    const usage = await fetch(`${stack.url}/api/certification/usage`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(usage.status).toBe(200);
    await usage.arrayBuffer();
  });

  it('signs in as dev-user without a query, also for HEAD', async () => {
    const get = await signIn();
    await get.text();
    const head = await fetch(`${stack.url}${SIGN_IN_PATH}`, { method: 'HEAD', redirect: 'manual' });

    expect(claims((get.headers.get('location') ?? '').split('=')[1] ?? '')).toMatchObject({
      sub: DEFAULT_SIGN_IN_SUB,
    });
    expect(claims(get.headers.get('location')?.split('=')[1] ?? '')).not.toHaveProperty(
      'cognito:groups',
    );
    expect(head.status).toBe(303);
  });

  it('refuses a bad name with a JSON 400 and other methods with a 405', async () => {
    const bad = await signIn('?sub=a%20b');
    const post = await fetch(`${stack.url}${SIGN_IN_PATH}`, { method: 'POST', body: 'x' });

    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: {
        code: 'invalid_request',
        message: 'sub and group must be 1 to 128 characters without spaces, got "a b"',
      },
    });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    await post.arrayBuffer();
  });

  it('opens a working page in Chromium; the token is in no request line and not left in the address bar', async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    const bearers: string[] = [];
    page.on('request', (request) => {
      // What goes on the wire: path and query (a fragment never does).
      const url = new URL(request.url());
      requested.push(`${url.pathname}${url.search}`);
      const authorization = request.headers().authorization;
      if (authorization) bearers.push(authorization.replace(/^Bearer /, ''));
    });
    const catalog = page.waitForResponse(
      (response) => new URL(response.url()).pathname === '/api/certification/catalog',
    );

    await page.goto(`${stack.url}${SIGN_IN_PATH}?sub=alice`);

    expect((await catalog).status()).toBe(200);
    expect(bearers.length).toBeGreaterThan(0);
    const token = bearers[0] ?? '';
    expect(claims(token)).toMatchObject({ sub: 'alice' });
    expect(requested[0]).toBe(`${SIGN_IN_PATH}?sub=alice`);
    for (const url of requested) expect(url).not.toContain(token);
    // The page took the token and dropped it from the address bar and history.
    expect(page.url()).toBe(`${stack.url}/`);
    await page.close();
  });
});
