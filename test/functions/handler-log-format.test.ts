import { describe, expect, it } from 'vitest';
import { rawRequest } from '../support/raw-http.js';
import { useDeployedHandler } from './handler-fixture.js';

/**
 * The deployed handler module with `LOG_FORMAT=pretty`, as `npm start` sets it on a terminal: one
 * short line per request on stdout instead of the Powertools JSON line, from the same code.
 */
const handler = useDeployedHandler('log-format-test', { LOG_FORMAT: 'pretty' });

describe('certify handler with LOG_FORMAT=pretty', () => {
  it('writes one short line per request, routed or refused before routing, and no JSON', async () => {
    const health = await fetch(`${handler.emulator.url}/health`);
    await health.text();
    const refused = await rawRequest(handler.emulator.url, { method: 'TRACE', path: '/health' });
    expect(refused.status).toBe(405);

    const lines = handler.stdout.split('\n').filter((line) => line.length > 0);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d GET \/health 200 \d+ms$/);
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d TRACE - 405 METHOD_NOT_ALLOWED$/);
    for (const line of lines) expect(line.length).toBeLessThan(120);
  });
});
