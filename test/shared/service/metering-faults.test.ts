import { describe, expect, it } from 'vitest';
import type { LogSink } from '../../../shared/logger.js';
import { CertificationService } from '../../../shared/service/certification-service.js';
import type { RunCertification } from '../../../shared/service/ports.js';
import { createDynamoDbClient } from '../../../shared/store/dynamodb-client.js';
import { UsageMeter } from '../../../shared/store/usage-meter.js';
import { LOCAL_DYNAMO_CREDENTIALS, LOCAL_DYNAMO_REGION } from '../../../local/dynamodb.js';
import {
  MemoryCache,
  MemoryHistory,
  MemoryLeases,
  MemoryTickets,
  sampleCertification,
  TEST_EXPIRY,
  UnlimitedRateLimiter,
} from '../../support/in-memory-ports.js';
import { startStoreTraffic } from '../../support/store-traffic.js';
import { manualClock, useStore } from '../store/fixtures.js';

const MODEL = 'amazon.nova-lite-v1:0';
const CERTIFIED_AT = '2026-11-24T12:00:00.000Z';

interface LogLine {
  level: 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
}

/**
 * The metering step of a run, against a real store (dynalite) that fails at that moment: the
 * run is certified, then the store goes away (or loses an answer) exactly when the run is metered.
 */
describe('metering a run when the store fails at that moment', () => {
  const store = useStore();

  function serviceWith(options: {
    meter: UsageMeter;
    runCertification: RunCertification;
    onWarn?: (line: LogLine) => void;
    clock?: { now(): number };
  }) {
    const lines: LogLine[] = [];
    const logger: LogSink = {
      debug() {},
      info() {},
      warn: (message, fields = {}) => {
        const line: LogLine = { level: 'warn', message, fields };
        lines.push(line);
        options.onWarn?.(line);
      },
      error: (message, fields = {}) => void lines.push({ level: 'error', message, fields }),
    };
    const service = new CertificationService({
      region: 'us-east-1',
      cache: new MemoryCache(),
      leases: new MemoryLeases(),
      history: new MemoryHistory(),
      usage: options.meter,
      rateLimiter: new UnlimitedRateLimiter(),
      tickets: new MemoryTickets(),
      expiry: TEST_EXPIRY,
      certificationDeadlineMs: 60_000,
      runCertification: options.runCertification,
      logger,
      ...(options.clock ? { clock: options.clock } : {}),
    });
    return { service, lines };
  }

  const meterOn = (client = store.client) =>
    new UsageMeter({ client, tableName: store.tableName, clock: manualClock() });
  const live = () => new AbortController().signal;

  it('a store that fails, then recovers: the metering is retried and counts the run once', async () => {
    // Prepare: the store goes away as the run ends, and comes back after the first failed attempt
    const meter = meterOn();
    const { service, lines } = serviceWith({
      meter,
      runCertification: async (modelId) => {
        await store.dynamo.stop();
        return sampleCertification({ modelId, certifiedAt: CERTIFIED_AT });
      },
      onWarn: () => void store.dynamo.start(),
    });

    // Act
    const certification = await service.certify(MODEL, { sub: 'recovers' }, { signal: live() });

    // Assess
    expect(certification).toMatchObject({ modelId: MODEL, cached: false });
    expect(await meter.get('recovers', '2026-11')).toMatchObject({
      certifications: 1,
      inputTokens: 300,
      outputTokens: 60,
    });
    expect(lines.filter((line) => line.level === 'error')).toEqual([]);
    const retries = lines.filter(
      (line) => line.message === 'Metering the certification failed; retrying',
    );
    expect(retries.length).toBeGreaterThanOrEqual(1);
    expect(retries[0]?.fields).toMatchObject({
      sub: 'recovers',
      modelId: MODEL,
      attempt: 1,
      runId: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
    });
  });

  it('a store that stays down past the request budget: the run is logged with its run id, and not counted', async () => {
    // Prepare: every failed attempt costs 30 s of the request's 75 s budget
    const clock = manualClock(Date.parse(CERTIFIED_AT));
    const meter = meterOn();
    const { service, lines } = serviceWith({
      meter,
      clock,
      runCertification: async (modelId) => {
        await store.dynamo.stop();
        return sampleCertification({ modelId, certifiedAt: CERTIFIED_AT });
      },
      onWarn: () => clock.advance(30_000),
    });

    // Act
    try {
      await expect(
        service.certify(MODEL, { sub: 'stays-down' }, { signal: live() }),
      ).resolves.toMatchObject({ modelId: MODEL });
    } finally {
      await store.dynamo.start();
    }

    // Assess: three retries fit in the budget, the fourth failure is the last
    const retries = lines.filter(
      (line) => line.message === 'Metering the certification failed; retrying',
    );
    const failures = lines.filter((line) => line.level === 'error');
    expect(retries).toHaveLength(3);
    expect(failures).toEqual([
      {
        level: 'error',
        message: 'Metering the certification failed',
        fields: expect.objectContaining({
          sub: 'stays-down',
          modelId: MODEL,
          attempts: 4,
          runId: retries[0]?.fields.runId,
        }) as Record<string, unknown>,
      },
    ]);
    expect(await meter.get('stays-down', '2026-11')).toMatchObject({ certifications: 0 });
  });

  it('a lost answer with no SDK retry left: the runner retries, and the run that was applied is not counted twice', async () => {
    // Prepare: a client without SDK retries, behind a proxy that loses the first metering answer
    const lossy = await startStoreTraffic(store.dynamo.endpoint);
    const client = createDynamoDbClient({
      region: LOCAL_DYNAMO_REGION,
      endpoint: lossy.endpoint,
      credentials: LOCAL_DYNAMO_CREDENTIALS,
      maxAttempts: 1,
    });
    const meter = meterOn(client);
    const { service, lines } = serviceWith({
      meter,
      runCertification: (modelId) =>
        Promise.resolve(sampleCertification({ modelId, certifiedAt: CERTIFIED_AT })),
    });
    const lost = lossy.loseNextAnswer(
      (request) => request.operation === 'UpdateItem' && request.body.includes('"S":"lost-answer"'),
    );
    try {
      // Act
      await service.certify(MODEL, { sub: 'lost-answer' }, { signal: live() });
      await lost;

      // Assess: applied, reported as failed, retried, counted once
      expect(
        lines.filter((line) => line.message === 'Metering the certification failed; retrying'),
      ).toHaveLength(1);
      expect(lines.filter((line) => line.level === 'error')).toEqual([]);
      expect(await meter.get('lost-answer', '2026-11')).toMatchObject({
        certifications: 1,
        used: 1,
      });
      expect(lossy.requests.filter((request) => request.operation === 'UpdateItem')).toHaveLength(
        2,
      );
    } finally {
      client.destroy();
      await lossy.close();
    }
  });
});
