/**
 * The typed client's batch call and Regions reads against the real local stack (Function URL
 * emulator, handler module, simulator per signed Region, dynalite), plus what a broken stream
 * looks like to it, from a fake fetch.
 */
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  certifyBatch,
  getCatalog,
  getModelRegions,
  getRegions,
  IncompleteStreamError,
  ProtocolError,
  RateLimitedApiError,
  StreamErrorEventError,
  type BatchItemEvent,
} from '../../client/index.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { useFixture } from '../support/suite-fixture.js';
import {
  eventStreamResponse,
  chunkedBody,
  fakeFetch,
  sampleCertification,
} from './fake-service.js';

const REGIONS = ['us-east-1', 'eu-west-1'];
const QWEN = 'qwen.qwen3-32b-v1:0';
const MISTRAL = 'mistral.mistral-large-3-675b-instruct';

describe('certifyBatch against the local stack', () => {
  const stack = useFixture(
    () =>
      startLocalStack({
        env: {
          POWERTOOLS_LOG_LEVEL: 'SILENT',
          KEEPALIVE_INTERVAL_MS: '100',
          CERTIFICATION_REGIONS: REGIONS.join(','),
          RATE_LIMIT_PER_MINUTE: '2',
          MONTHLY_CERTIFICATION_QUOTA: '',
        },
      }),
    (running: LocalStack) => running.close(),
  );
  const options = (sub: string) => ({ baseUrl: stack.url, token: stack.token(sub) });

  it('resolves one result per item in the items’ order, the default Region filled in, with every event on the way', async () => {
    const events: BatchItemEvent[] = [];
    const result = await certifyBatch(
      [{ modelId: QWEN, region: 'eu-west-1' }, { modelId: QWEN }, { modelId: MISTRAL }],
      { ...options('ada'), onEvent: (event) => events.push(event) },
    );
    expect(
      result.items.map((item) => [item.modelId, item.region, item.certification?.region]),
    ).toEqual([
      [QWEN, 'eu-west-1', 'eu-west-1'],
      [QWEN, 'us-east-1', 'us-east-1'],
      [MISTRAL, 'us-east-1', 'us-east-1'],
    ]);
    expect(result.summary).toEqual({
      certified: 3,
      failed: 0,
      unavailable: 0,
      cached: 0,
      errors: 0,
    });
    expect(events.filter((event) => event.type === 'complete')).toHaveLength(3);
    expect(events.filter((event) => event.type === 'progress').length).toBeGreaterThan(3 * 6);
  });

  it('reads the Regions, a model’s view of them and another Region’s catalog', async () => {
    expect(await getRegions(options('ada'))).toEqual({
      defaultRegion: 'us-east-1',
      regions: REGIONS,
    });
    const view = await getModelRegions(QWEN, options('ada'));
    expect(view.regions.map((entry) => [entry.region, entry.certification?.status])).toEqual([
      ['us-east-1', 'certified'],
      ['eu-west-1', 'certified'],
    ]);
    const european = await getCatalog({
      ...options('ada'),
      region: 'eu-west-1',
      status: 'certified',
    });
    expect(european.region).toBe('eu-west-1');
    expect(european.models.map((entry) => entry.modelId)).toEqual([QWEN]);
  });

  it('rejects a refused batch with the service’s code, and a rate-limited one with its Retry-After', async () => {
    const refused = await certifyBatch(
      [{ modelId: QWEN, region: 'ap-south-1' }],
      options('bo'),
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 400, code: 'UNSUPPORTED_REGION' });
    await certifyBatch([{ modelId: QWEN }], options('bo'));
    await certifyBatch([{ modelId: QWEN }], options('bo'));
    const limited = await certifyBatch([{ modelId: QWEN }], options('bo')).catch(
      (error: unknown) => error,
    );
    expect(limited).toBeInstanceOf(RateLimitedApiError);
    expect((limited as RateLimitedApiError).retryAfterSeconds).toBeGreaterThan(0);
  });
});

describe('certifyBatch reading a stream', () => {
  const streamOf = (lines: unknown[]) =>
    fakeFetch(() =>
      eventStreamResponse(
        chunkedBody(
          lines.map((line) => new TextEncoder().encode(`data: ${JSON.stringify(line)}\n\n`)),
        ),
      ),
    );
  const base = { baseUrl: 'http://service.test', token: 't' };
  const certification = sampleCertification({ modelId: QWEN, region: 'us-east-1' });

  it('gives an item’s error event as a StreamErrorEventError of its result, and skips unknown events', async () => {
    const result = await certifyBatch([{ modelId: QWEN }, { modelId: MISTRAL }], {
      ...base,
      fetch: streamOf([
        { type: 'complete', modelId: QWEN, region: 'us-east-1', certification },
        { type: 'hint', text: 'new event types are skipped' },
        {
          type: 'error',
          modelId: MISTRAL,
          region: 'us-east-1',
          code: 'QUOTA_EXCEEDED',
          message: 'used up',
        },
        {
          type: 'batch-complete',
          summary: { certified: 1, failed: 0, unavailable: 0, cached: 0, errors: 1 },
        },
      ]),
    });
    expect(result.items[1]?.error).toBeInstanceOf(StreamErrorEventError);
    expect(result.items[1]?.error?.code).toBe('QUOTA_EXCEEDED');
  });

  it('rejects a stream that ends before batch-complete, or an event that names no item', async () => {
    await expect(
      certifyBatch([{ modelId: QWEN }], {
        ...base,
        fetch: streamOf([{ type: 'complete', modelId: QWEN, region: 'us-east-1', certification }]),
      }),
    ).rejects.toBeInstanceOf(IncompleteStreamError);
    await expect(
      certifyBatch([{ modelId: QWEN }], {
        ...base,
        fetch: streamOf([{ type: 'complete', certification }]),
      }),
    ).rejects.toBeInstanceOf(ProtocolError);
  });
});
