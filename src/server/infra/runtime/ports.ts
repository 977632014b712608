import { createCache } from "../cache/create-cache";
import type { CachePort } from "@/shared/cache-port";
import { env } from "../env/load-env";
import { logger } from "../logger";
import { createLimiter } from "../ratelimit/create-limiter";
import { createRealtime } from "../realtime/create-realtime";
import type { RealtimeBus } from "../realtime/realtime-port";
import type { RateLimiter } from "../ratelimit/limiter-port";

/**
 * Infrastructure ports chosen once from configuration (docs/architecture.md#ports): Upstash when its
 * variables are set, in-process implementations otherwise. The env module already refused a
 * partial configuration.
 */
const globalPorts = globalThis as unknown as { leadlinePorts?: { cache?: CachePort; limiter?: RateLimiter; realtime?: RealtimeBus } };
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

export function realtime(): RealtimeBus {
  const conn = upstash();
  ports.realtime ??= createRealtime(conn ? { kind: "upstash", ...conn } : { kind: "local" }, { logger });
  return ports.realtime;
}

/** Tests swap ports between cases. */
export function resetPorts(): void {
  delete ports.cache;
  delete ports.limiter;
  delete ports.realtime;
}
