/**
 * The three browser paths in a real browser (Debian's Chromium driven by playwright-core), on a
 * page of the service's own origin (`GET /`), so relative URLs resolve as they do for a page the
 * service serves: the original fetch example as written, the native `EventSource` on a stream
 * ticket, and the typed client's `eventsource` transport.
 */
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Client from '../../client/index.js';
import { type LocalStack } from '../../local/stack.js';
import {
  TEST_NAMES,
  type CertificationEvent,
  type StreamTicketResponse,
} from '../../shared/types.js';
import { CHROMIUM_INSTALL_TIMEOUT_MS, startStackAndBrowser } from '../support/chromium.js';
import {
  originalFetchExample,
  runnableFetchExample,
  type FetchExampleRun,
} from '../support/original-examples.js';

const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const NOVA = 'amazon.nova-lite-v1:0';
const HAIKU = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';

let stack: LocalStack;
let browser: Browser;
beforeAll(async () => {
  const started = await startStackAndBrowser({ env: { POWERTOOLS_LOG_LEVEL: 'SILENT' } });
  ({ stack, browser } = started);
  return started.close;
}, CHROMIUM_INSTALL_TIMEOUT_MS);

/** A page of the service's origin; records the status of every stream request it makes. */
async function servicePage(): Promise<{ page: Page; streamStatuses: number[] }> {
  const page = await browser.newPage();
  const streamStatuses: number[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.endsWith('/stream'))
      streamStatuses.push(response.status());
  });
  expect((await page.goto(`${stack.url}/`))?.status()).toBe(200);
  return { page, streamStatuses };
}

/** What the page saw of one `new EventSource(url)`: its events until a terminal one or the first error. */
interface EventSourceRun {
  events: CertificationEvent[];
  error: boolean;
  readyStateAtError?: number;
  closed: number;
}

/** Runs in the page: opens `url` with the native EventSource and collects what it delivers. */
function openEventSource(page: Page, url: string): Promise<EventSourceRun> {
  return page.evaluate(
    (streamUrl) =>
      new Promise<EventSourceRun>((resolve) => {
        const events: CertificationEvent[] = [];
        const source = new EventSource(streamUrl);
        source.onmessage = (message: MessageEvent<string>) => {
          const event = JSON.parse(message.data) as CertificationEvent;
          events.push(event);
          if (event.type !== 'progress') {
            source.close();
            resolve({ events, error: false, closed: EventSource.CLOSED });
          }
        };
        source.onerror = () => {
          const readyStateAtError = source.readyState;
          // Had it meant to reconnect, it would be CONNECTING now and stay open.
          setTimeout(
            () => resolve({ events, error: true, readyStateAtError, closed: EventSource.CLOSED }),
            500,
          );
        };
      }),
    url,
  );
}

/** Runs in the page: `POST /stream-tickets` with the bearer token, as a page's own script would. */
function issueTicket(page: Page, token: string, body: unknown): Promise<StreamTicketResponse> {
  return page.evaluate(
    async ({ token, body }) => {
      const response = await fetch('/api/certification/stream-tickets', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status !== 201) throw new Error(`ticket: ${response.status}`);
      return (await response.json()) as StreamTicketResponse;
    },
    { token, body },
  );
}

function expectWholeRun(events: CertificationEvent[], modelId: string): void {
  expect(events).toHaveLength(14);
  expect(events[0]).toEqual({
    type: 'progress',
    current: 0,
    total: 6,
    message: 'Starting 6 certification tests',
  });
  for (const name of TEST_NAMES) {
    expect(
      events
        .filter((event) => event.type === 'progress' && event.testName === name)
        .map((event) => event.type === 'progress' && event.status),
    ).toEqual(['running', 'passed']);
  }
  expect(events.at(-1)).toMatchObject({
    type: 'complete',
    certification: { modelId, cached: false },
  });
}

describe('in Chromium', () => {
  it('the original fetch example, as written, receives every event of a fresh and of a cached certification', async () => {
    const { page } = await servicePage();
    const token = stack.token('chromium-seed');
    const expression = runnableFetchExample(await originalFetchExample(), NOVA, token);
    // A string expression: evaluated as written, relative URLs resolving against the page.
    const fresh = await page.evaluate<FetchExampleRun>(`${expression}()`);
    const cached = await page.evaluate<FetchExampleRun>(`${expression}()`);

    const progress = (run: FetchExampleRun) =>
      run.logs.filter(([level, text]) => level === 'log' && text?.startsWith('['));
    expect(fresh.logs).toContainEqual(['error', 'Erro:', 'Error: HTTP error! status: 401']);
    expect(progress(fresh)).toHaveLength(13);
    expect(progress(fresh)[0]).toEqual(['log', '[0/6] undefined: undefined']);
    expect(fresh.certification).toMatchObject({
      modelId: NOVA,
      status: 'certified',
      cached: false,
    });
    expect(progress(cached)).toEqual([]);
    expect(cached.certification).toMatchObject({ modelId: NOVA, cached: true });
    await page.close();
  });

  it('new EventSource(streamUrl) with a ticket receives every event; the reused ticket gets a 401 and EventSource stops', async () => {
    const { page, streamStatuses } = await servicePage();
    const before = stack.simulator.stats.byModel[CLAUDE] ?? 0;
    const ticket = await issueTicket(page, stack.token('chromium-eventsource'), {
      modelId: CLAUDE,
      fresh: false,
    });
    expect(ticket.streamUrl).not.toContain('eyJ');

    const first = await openEventSource(page, ticket.streamUrl);
    expect(first.error).toBe(false);
    expectWholeRun(first.events, CLAUDE);

    const reused = await openEventSource(page, ticket.streamUrl);
    expect(reused.events).toEqual([]);
    expect(reused.error).toBe(true);
    expect(reused.readyStateAtError).toBe(reused.closed);
    // One 200, one 401 and no reconnection attempt after it; one run's Bedrock calls.
    expect(streamStatuses).toEqual([200, 401]);
    expect((stack.simulator.stats.byModel[CLAUDE] ?? 0) - before).toBe(6);
    await page.close();
  });

  it('a fresh ticket streams a new run although the model is cached', async () => {
    const { page } = await servicePage();
    const token = stack.token('chromium-fresh');
    const cached = await openEventSource(
      page,
      (await issueTicket(page, token, { modelId: NOVA })).streamUrl,
    );
    expect(cached.events).toMatchObject([{ type: 'complete', certification: { cached: true } }]);

    const ticket = await issueTicket(page, token, { modelId: NOVA, fresh: true });
    expect(ticket.streamUrl).toMatch(/&fresh=true$/);
    expectWholeRun((await openEventSource(page, ticket.streamUrl)).events, NOVA);
    await page.close();
  });

  it("the typed client's eventsource transport certifies with progress", async () => {
    const { page, streamStatuses } = await servicePage();
    const bundle = await build({
      entryPoints: ['client/index.ts'],
      bundle: true,
      format: 'iife',
      globalName: 'certificationClient',
      platform: 'browser',
      target: 'chrome120',
      write: false,
      logLevel: 'silent',
    });
    await page.evaluate(
      `${bundle.outputFiles[0]?.text ?? ''}\n;globalThis.certificationClient = certificationClient;`,
    );
    const outcome = await page.evaluate(
      async ({ modelId, token }) => {
        const { certifyModel } = (window as unknown as { certificationClient: typeof Client })
          .certificationClient;
        const progress: string[] = [];
        const certification = await certifyModel(modelId, {
          baseUrl: location.origin,
          token,
          transport: 'eventsource',
          onProgress: (event) =>
            progress.push(
              `${event.current}/${event.total} ${event.testName ?? '-'} ${event.status ?? '-'}`,
            ),
        });
        return { progress, certification };
      },
      { modelId: HAIKU, token: stack.token('chromium-typed') },
    );
    expect(outcome.progress).toHaveLength(13);
    expect(outcome.progress[0]).toBe('0/6 - -');
    expect(outcome.certification).toMatchObject({ modelId: HAIKU, status: 'certified' });
    expect(streamStatuses).toEqual([200]);
    await page.close();
  });
});
