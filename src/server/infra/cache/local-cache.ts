import { LRUCache } from "lru-cache";
import { assertTtl } from "./assert-ttl";
import type { CachePort } from "@/shared/cache-port";

export interface LocalCacheConfig {
  /** Entries kept before the least recently used is evicted. */
  maxEntries: number;
}

/** In-process LRU with a TTL per entry: the local / embedded cache (docs/architecture.md#ports). */
export function createLocalCache({ maxEntries }: LocalCacheConfig): CachePort {
  const entries = new LRUCache<string, string>({ max: maxEntries });
  return {
    async get(key) {
      return entries.get(key) ?? null;
    },
    async set(key, value, ttlSeconds) {
      assertTtl(ttlSeconds);
      entries.set(key, value, { ttl: Math.ceil(ttlSeconds * 1000) });
    },
    async delete(key) {
      entries.delete(key);
    },
  };
}
