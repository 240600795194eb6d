import { describe, expect, it } from 'vitest';
import { CertificationService } from '../../../shared/service/certification-service.js';
import type { ProgressEvent } from '../../../shared/types.js';
import { MemoryCache, MemoryLock, MemoryUsage, sampleCertification, UnlimitedRateLimiter } from '../../support/in-memory-ports.js';

const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';

/** A lock whose writes take `delayMs` each, like a slow store, recording every published snapshot. */
class SlowLock extends MemoryLock {
  readonly published: number[] = [];
  inFlight = 0;
  maxInFlight = 0;
  constructor(private readonly delayMs: number) {
    super();
  }
  override async publish(region: string, modelId: string, owner: string, events: ProgressEvent[]): Promise<boolean> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    this.inFlight -= 1;
    this.published.push(events.length);
    return super.publish(region, modelId, owner, events);
  }
}

function progress(current: number): ProgressEvent {
  return { type: 'progress', current, total: 13, message: `event ${current}` };
}

describe('progress mirror for followers on other instances', () => {
  it('coalesces events while a write is in flight: few writes, in order, ending with every event', async () => {
    const lock = new SlowLock(30);
    const service = new CertificationService({
      region: 'us-east-1',
      cache: new MemoryCache(),
      lock,
      usage: new MemoryUsage(),
      rateLimiter: new UnlimitedRateLimiter(),
      certificationDeadlineMs: 60_000,
      // 13 events within a few milliseconds, as the engine emits them around fast probes.
      runCertification: async (modelId, { onProgress }) => {
        for (let i = 1; i <= 13; i++) {
          onProgress(progress(i));
          if (i % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
        }
        return sampleCertification({ modelId });
      },
    });
    let mirrored: ProgressEvent[] | undefined;
    const publish = lock.publish.bind(lock);
    lock.publish = async (region, modelId, owner, events) => {
      const held = await publish(region, modelId, owner, events);
      if (held) mirrored = events;
      return held;
    };

    const certification = await service.certify(MODEL, { sub: 'alice' }, { signal: new AbortController().signal });

    expect(certification.modelId).toBe(MODEL);
    // One write at a time, never going backwards, the last one complete.
    expect(lock.maxInFlight).toBe(1);
    expect(lock.published).toEqual([...lock.published].sort((a, b) => a - b));
    expect(lock.published.at(-1)).toBe(13);
    expect(mirrored?.map((event) => event.current)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    // Coalesced: far fewer writes than events (one per event would be 13).
    expect(lock.published.length).toBeLessThanOrEqual(4);
  });
});
