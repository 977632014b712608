import { z } from "zod";
import type { CachePort } from "@/shared/cache-port";
import { upstashConnectionSchema } from "./create-upstash-redis";
import { createLocalCache } from "./local-cache";
import { createUpstashCache, type CacheLogger } from "./upstash-cache";

export const cacheConfigSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("local"), maxEntries: z.number().int().positive() }),
  upstashConnectionSchema.extend({ kind: z.literal("upstash"), keyPrefix: z.string().optional() }),
]);
export type CacheConfig = z.infer<typeof cacheConfigSchema>;

/** Picks the cache implementation from (already validated) configuration. */
export function createCache(config: CacheConfig, deps: { logger: CacheLogger }): CachePort {
  switch (config.kind) {
    case "local":
      return createLocalCache(config);
    case "upstash":
      return createUpstashCache(config, deps);
  }
}
