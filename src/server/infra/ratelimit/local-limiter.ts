import { LRUCache } from "lru-cache";
import { assertLimitKey, type RateLimiter } from "./limiter-port";
import { POLICY_NAMES, RATE_LIMIT_POLICIES, type PolicyName, type PolicyTable } from "./policies";

export interface LocalLimiterConfig {
  /** Keys tracked per policy before the least recently used is dropped. Default 10 000. */
  maxKeysPerPolicy?: number;
  policies?: PolicyTable;
}

interface Buckets {
  window: number;
  current: number;
  previous: number;
}

/**
 * In-process sliding window with the same arithmetic as @upstash/ratelimit's `slidingWindow`
 * (two fixed buckets, the previous one weighted by how much of it still overlaps), so local
 * and production answer alike.
 *
 * Memory is bounded: a key untouched for two windows is stale (its counts no longer matter)
 * and expires, and each policy keeps at most `maxKeysPerPolicy` keys, dropping the least
 * recently used first, which are the stale ones. Under a flood of distinct keys beyond the cap
 * a dropped key starts again from zero; that is the price of the bound, fine for one process.
 */
export function createLocalLimiter(config: LocalLimiterConfig = {}): RateLimiter {
  const policies = config.policies ?? RATE_LIMIT_POLICIES;
  const stores = new Map<PolicyName, LRUCache<string, Buckets>>(
    POLICY_NAMES.map((name) => [
      name,
      new LRUCache<string, Buckets>({ max: config.maxKeysPerPolicy ?? 10_000, ttl: 2 * policies[name].windowMs }),
    ]),
  );

  return {
    async limit(name, key) {
      assertLimitKey(key);
      const { limit, windowMs } = policies[name];
      const store = stores.get(name);
      if (!store) throw new TypeError(`Unknown rate-limit policy "${name}"`);
      const now = Date.now();
      const window = Math.floor(now / windowMs);
      const stored = store.get(key);
      const buckets: Buckets = stored?.window === window
        ? stored
        : { window, current: 0, previous: stored?.window === window - 1 ? stored.current : 0 };
      const weightedPrevious = Math.floor((1 - (now % windowMs) / windowMs) * buckets.previous);
      const resetMs = (window + 1) * windowMs;

      const success = weightedPrevious + buckets.current < limit;
      if (success) buckets.current += 1;
      store.set(key, buckets);
      return { success, limit, remaining: Math.max(0, limit - buckets.current - weightedPrevious), resetMs };
    },
  };
}
