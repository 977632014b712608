import { createCache } from "../cache/create-cache";
import type { CachePort } from "../cache/cache-port";
import { env } from "../env/load-env";
import { logger } from "../logger";
import { createLimiter } from "../ratelimit/create-limiter";
import type { RateLimiter } from "../ratelimit/limiter-port";

/**
 * Infrastructure ports chosen once from configuration (DESIGN.md section 4): Upstash when its
 * variables are set, in-process implementations otherwise. The env module already refused a
 * partial configuration.
 */
const globalPorts = globalThis as unknown as { leadlinePorts?: { cache?: CachePort; limiter?: RateLimiter } };
const ports = (globalPorts.leadlinePorts ??= {});

function upstash() {
  const e = env();
  return e.UPSTASH_REDIS_REST_URL && e.UPSTASH_REDIS_REST_TOKEN ? { url: e.UPSTASH_REDIS_REST_URL, token: e.UPSTASH_REDIS_REST_TOKEN } : null;
}

export function cache(): CachePort {
  const conn = upstash();
  ports.cache ??= createCache(conn ? { kind: "upstash", ...conn } : { kind: "local", maxEntries: 10_000 }, { logger });
  return ports.cache;
}

export function rateLimiter(): RateLimiter {
  const conn = upstash();
  ports.limiter ??= createLimiter(conn ? { kind: "upstash", ...conn } : { kind: "local" }, { logger });
  return ports.limiter;
}

/** Tests swap ports between cases. */
export function resetPorts(): void {
  delete ports.cache;
  delete ports.limiter;
}
