import { assertTtl } from "./assert-ttl";
import type { CachePort } from "@/shared/cache-port";
import { createUpstashRedis, describeUpstashError, type UpstashConnection } from "./create-upstash-redis";

/**
 * What the Upstash cache does when Redis cannot be reached (outage, timeout, bad token):
 * the cache is an optimisation, never a reason to fail a request.
 *   get    -> behaves as a miss (null); the caller recomputes.
 *   set    -> logs a warning and resolves; the value is simply not cached.
 *   delete -> logs a warning and resolves; entries are keyed by a hash of their inputs, so a
 *             stale one is never served for different inputs and expires with its TTL.
 * Programming errors (a non-positive TTL) still throw.
 */
export const CACHE_OUTAGE_POLICY = { get: "miss", set: "log-and-continue", delete: "log-and-continue" } as const;

export interface UpstashCacheConfig extends UpstashConnection {
  /** Namespace for cache keys in the shared Redis. Default "cache:". */
  keyPrefix?: string;
}

/** The slice of a pino logger the cache needs (pino's `Logger` satisfies it). */
export interface CacheLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

export function createUpstashCache(
  config: UpstashCacheConfig,
  deps: { logger: CacheLogger },
): CachePort {
  const redis = createUpstashRedis(config);
  const prefix = config.keyPrefix ?? "cache:";
  const degrade = (op: keyof typeof CACHE_OUTAGE_POLICY, error: unknown): void => {
    deps.logger.warn(
      { op, policy: CACHE_OUTAGE_POLICY[op], err: describeUpstashError(error) },
      "cache unavailable; continuing without it",
    );
  };

  return {
    async get(key) {
      try {
        const value = await redis.get<unknown>(prefix + key);
        return typeof value === "string" ? value : null;
      } catch (error) {
        degrade("get", error);
        return null;
      }
    },
    async set(key, value, ttlSeconds) {
      assertTtl(ttlSeconds);
      try {
        await redis.set(prefix + key, value, { px: Math.ceil(ttlSeconds * 1000) });
      } catch (error) {
        degrade("set", error);
      }
    },
    async delete(key) {
      try {
        await redis.del(prefix + key);
      } catch (error) {
        degrade("delete", error);
      }
    },
  };
}
