import { beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { paths, ServiceClient, terminalEvents } from '../support/service-client.js';
import { readFrames, type Frame } from '../support/sse-client.js';

/**
 * A hundred streams arriving at once on a stack that has one warm execution environment: the
 * emulator initialises a fresh environment for nearly every one, all on this process's event
 * loop, and each fetches the issuer's keys itself with the verifier's own timeout (as each Lambda
 * environment fetches the user pool's). None may be shed with a 503: the local issuer serves its
 * key set from its own thread, and the environments' fetches share a few kept-alive connections
 * instead of a hundred TLS handshakes on the one loop.
 */
const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const BURST = 100;

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
    // Runs of a few hundred milliseconds: with `fresh`, every stream keeps its environment busy
    // for a run (its own, or the one in flight it joins), so the burst meets cold environments
    // rather than reusing the first few.
    timeScale: 0.2,
  });
  return () => stack.close();
});

describe('a cold burst', () => {
  it('100 streams at once on fresh environments: every one 200 with its complete event, no 5xx', async () => {
    const client = new ServiceClient(stack.url);
    const createdBefore = stack.emulator.stats.environmentsCreated;
    const fetchesBefore = stack.issuer.stats.jwksRequests;

    // Minted first, so the requests leave together.
    const tokens = Array.from({ length: BURST }, (_, i) => stack.token(`cold-${i}`));
    const outcomes = await Promise.all(
      tokens.map(async (token) => {
        const response = await client.fetch(`${paths.stream(MODEL)}?fresh=true`, token);
        const frames: Frame[] = response.status === 200 ? await readFrames(response) : [];
        return {
          status: response.status,
          frames,
          json: response.status === 200 ? undefined : ((await response.json()) as unknown),
        };
      }),
    );

    // The answers themselves, so a failure names what was shed (keys, store) and how often.
    expect(
      outcomes.filter((outcome) => outcome.status >= 500).map((outcome) => outcome.json),
    ).toEqual([]);
    expect(outcomes.every((outcome) => outcome.status === 200)).toBe(true);
    for (const outcome of outcomes)
      expect(terminalEvents(outcome.frames)).toEqual([
        expect.objectContaining({ type: 'complete' }),
      ]);
    // It was a cold burst: most requests got an environment of their own, each of which fetched
    // the keys itself.
    const created = stack.emulator.stats.environmentsCreated - createdBefore;
    expect(created).toBeGreaterThanOrEqual(BURST / 2);
    expect(stack.issuer.stats.jwksRequests - fetchesBefore).toBeGreaterThanOrEqual(created);
  });
});
