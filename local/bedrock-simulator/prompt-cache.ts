/**
 * The simulated prompt cache: what one simulator has cached, per model and exact prompt prefix,
 * until each entry's time to live runs out (refreshed on every read, as Bedrock does). A cache
 * point whose prefix is below the model's minimum is accepted and caches nothing, as in AWS.
 */
import type { CachePoint } from './request.js';

/** Tokens one request read from and wrote to the cache. */
export interface CacheUse {
  read: number;
  write: number;
}

/** Bedrock's minimum for a model that documents none of its own. */
export const DEFAULT_PROMPT_CACHE_MIN_TOKENS = 1_024;

/** Entries per model and prefix, with when each expires. */
export class PromptCache {
  private readonly entries = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Reads the longest cached prefix among `points` and writes the rest up to the last cache
   * point, for a model that caches; `ignored` accepts the points and caches nothing.
   */
  use(
    modelId: string,
    points: readonly CachePoint[],
    options: { minTokens: number; mode: true | 'ignored' },
  ): CacheUse {
    if (options.mode === 'ignored') return { read: 0, write: 0 };
    const now = this.now();
    const eligible = points.filter((point) => point.tokens >= options.minTokens);
    let read = 0;
    for (const point of eligible) {
      const key = `${modelId}\n${point.key}`;
      const expiresAt = this.entries.get(key);
      if (expiresAt === undefined || expiresAt <= now) continue;
      this.entries.set(key, now + point.ttlMs);
      read = Math.max(read, point.tokens);
    }
    const last = eligible.at(-1);
    if (last === undefined || last.tokens <= read) return { read, write: 0 };
    for (const point of eligible) this.entries.set(`${modelId}\n${point.key}`, now + point.ttlMs);
    return { read, write: last.tokens - read };
  }

  /** Forgets everything cached. */
  clear(): void {
    this.entries.clear();
  }
}
