import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { certifyModelOnce, getCertificationHistory } from '../../client/index.js';
import type { DeliveredEvent } from '../../local/event-bus.js';
import { startLocalStack, type LocalRecertification, type LocalStack } from '../../local/stack.js';
import type { RecertifySummary } from '../../shared/service/recertifier.js';
import type { CertificationChangedDetail, CertificationRun } from '../../shared/types.js';
import { waitFor } from '../support/service-client.js';
import { StoreInspector } from '../support/store-inspector.js';

/**
 * Scheduled re-certification on the local stack, as `-c watchlist` deploys it: a Scheduler
 * stand-in invokes the re-certify handler module (asynchronously, in its own environments) on
 * `rate(1 minute)` run 60 times faster, so a schedule minute passes every wall-clock second;
 * the function certifies the watch list through the same service, records and meters each run,
 * and a run that changes a model puts one `Certification Changed` event on the local default bus.
 * Runs and events are counted, not timed.
 */
const WATCHED = ['amazon.nova-lite-v1:0', 'qwen.qwen3-32b-v1:0'] as const;
const [NOVA, QWEN] = WATCHED;
const UNWATCHED = 'amazon.nova-micro-v1:0';

let stack: LocalStack;
let recertify: LocalRecertification;
let store: StoreInspector;
let dir: string;
let eventsFile: string;
const summaries: RecertifySummary[] = [];
const runtimeErrors: unknown[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'recertify-'));
  eventsFile = join(dir, '.local', 'events.jsonl');
  stack = await startLocalStack({
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', CERTIFICATION_DEADLINE_MS: '10000' },
    recertify: {
      watchlist: WATCHED,
      schedule: 'rate(1 minute)',
      timeScale: 60,
      eventsFile,
      onResult: (summary) => summaries.push(summary as RecertifySummary),
    },
    onRuntimeError: (error) => runtimeErrors.push(error),
  });
  recertify = stack.recertify ?? expect.unreachable();
  store = new StoreInspector(stack.dynamo);
  return async () => {
    store.close();
    await stack.close();
    await rm(dir, { recursive: true, force: true });
  };
});

const token = () => stack.token('history-reader');
const history = (modelId: string) =>
  getCertificationHistory(modelId, { baseUrl: stack.url, token: token(), limit: 100 });
const changeEvents = (modelId: string) =>
  recertify.eventBus.events.filter(
    (event) => (event.detail as CertificationChangedDetail).modelId === modelId,
  );

describe('scheduled re-certification (local)', () => {
  it('invokes the re-certify function on the schedule, on time, and it certifies every watched model', async () => {
    await waitFor(() => summaries.length >= 3, 30_000, 20);
    const times = recertify.scheduler.invocations.map((invocation) =>
      Date.parse(invocation.scheduledTime),
    );
    // rate(1 minute): the start, then every schedule minute, none skipped.
    expect(times.slice(1).map((time, i) => time - (times[i] as number))).toEqual(
      times.slice(1).map(() => 60_000),
    );
    for (const summary of summaries.slice(0, 3)) {
      expect(summary.results.map((result) => [result.modelId, result.outcome])).toEqual(
        WATCHED.map((id) => [id, 'certified']),
      );
      expect(
        recertify.scheduler.invocations.map((invocation) => invocation.scheduledTime),
      ).toContain(summary.scheduledTime);
    }
    expect(runtimeErrors).toEqual([]);
  });

  it('records scheduled runs with trigger "schedule", metered to the subject "schedule"; an unchanged rerun announces nothing', async () => {
    await waitFor(async () => (await history(NOVA)).runs.length >= 3, 30_000, 50);
    const { runs } = await history(NOVA);
    expect(
      runs.every((run) => run.trigger === 'schedule' && run.status === 'certified' && !run.changed),
    ).toBe(true);
    expect(runs.map((run) => run.certifiedAt)).toEqual(
      [...runs.map((run) => run.certifiedAt)].sort().reverse(),
    );
    expect(changeEvents(NOVA)).toEqual([]);
    const metered = await store.meteredTo('schedule');
    expect(metered).toBeGreaterThanOrEqual(runs.length);
  });

  it('a model that loses tool use: exactly one Certification Changed event, with the run before and the run after; later reruns none', async () => {
    // The simulator answers with the model as it now behaves: tool use gone, the rest unchanged.
    expect(stack.simulator.models.patch(NOVA, { features: { toolUse: false } })).toMatchObject({
      modelId: NOVA,
      features: { toolUse: false, systemPrompt: true },
    });
    try {
      // Two runs that found the change: the one that changed, and an unchanged rerun after it.
      const changedRuns = async () =>
        (await history(NOVA)).runs.filter((run) => !run.capabilities.toolUse);
      await waitFor(async () => (await changedRuns()).length >= 2, 30_000, 50);

      const events = changeEvents(NOVA);
      expect(events).toHaveLength(1);
      const [event] = events as [DeliveredEvent];
      expect(event).toMatchObject({
        source: 'bedrock-model-certification',
        'detail-type': 'Certification Changed',
        region: 'us-east-1',
        account: '123456789012',
      });
      const { runs } = await history(NOVA);
      const changedAt = runs.findIndex((run) => run.changed);
      expect(runs.filter((run) => run.changed)).toHaveLength(1);
      const before = runs[changedAt + 1] as CertificationRun;
      const after = runs[changedAt] as CertificationRun;
      expect(event.detail).toEqual({ modelId: NOVA, region: 'us-east-1', before, after });
      expect(before).toMatchObject({
        status: 'certified',
        capabilities: { toolUse: true },
        trigger: 'schedule',
      });
      expect(after).toMatchObject({
        status: 'failed',
        testsFailed: 1,
        capabilities: { toolUse: false },
        trigger: 'schedule',
        changed: true,
      });
      // Printed by npm start and appended to the file, one JSON line per event, as delivered.
      const lines = (await readFile(eventsFile, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as DeliveredEvent);
      expect(
        lines.filter((line) => (line.detail as CertificationChangedDetail).modelId === NOVA),
      ).toEqual([event]);
    } finally {
      stack.simulator.models.reset(NOVA);
    }
  });

  it('a requested run that changes a model announces it too (once), so the next scheduled run cannot swallow it', async () => {
    const options = { baseUrl: stack.url, token: stack.token('requester'), fresh: true };
    await certifyModelOnce(UNWATCHED, options);
    await certifyModelOnce(UNWATCHED, options);
    expect(changeEvents(UNWATCHED)).toEqual([]);
    stack.simulator.models.patch(UNWATCHED, { features: { systemPrompt: false } });
    try {
      await certifyModelOnce(UNWATCHED, options);
      await certifyModelOnce(UNWATCHED, options);
    } finally {
      stack.simulator.models.reset(UNWATCHED);
    }
    const { runs } = await history(UNWATCHED);
    expect(runs.map((run) => [run.trigger, run.changed, run.capabilities.systemPrompt])).toEqual([
      ['request', false, false],
      ['request', true, false],
      ['request', false, true],
      ['request', false, true],
    ]);
    // The event is put before the answer, so it is there when the POST returns.
    expect(
      changeEvents(UNWATCHED).map((event) => (event.detail as CertificationChangedDetail).after),
    ).toEqual([runs[1]]);
  });

  it('every scheduled run is recorded once and metered once: runs recorded = runs metered to "schedule" = Bedrock runs', async () => {
    recertify.scheduler.close();
    await recertify.invoker.settled();
    const [nova, qwen] = await Promise.all(WATCHED.map(history));
    const scheduledRuns = [...(nova?.runs ?? []), ...(qwen?.runs ?? [])].filter(
      (run) => run.trigger === 'schedule',
    );
    const metered = await store.meteredTo('schedule');
    expect(scheduledRuns.length).toBeGreaterThanOrEqual(6);
    expect(metered).toBe(scheduledRuns.length);
    // The model nobody changed costs its six probe calls per run, and only its recorded runs ran.
    expect(stack.simulator.stats.byModel[QWEN]).toBe((qwen?.runs.length ?? 0) * 6);
    expect(recertify.invoker.stats.failed).toBe(0);
    expect(runtimeErrors).toEqual([]);
  });
});
