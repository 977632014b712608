import { z } from "zod";
import { upstashConnectionSchema } from "@/server/infra/cache/create-upstash-redis";
import type { RateLimiter } from "./limiter-port";
import { createLocalLimiter } from "./local-limiter";
import type { PolicyTable } from "./policies";
import { createUpstashLimiter, type LimiterLogger } from "./upstash-limiter";

export const limiterConfigSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("local"), maxKeysPerPolicy: z.number().int().positive().optional() }),
  upstashConnectionSchema.extend({ kind: z.literal("upstash"), prefix: z.string().min(1).optional() }),
]);
export type LimiterConfig = z.infer<typeof limiterConfigSchema>;

/** Picks the limiter from (already validated) configuration; `policies` overrides the table in tests. */
export function createLimiter(
  config: LimiterConfig,
  deps: { logger: LimiterLogger; policies?: PolicyTable },
): RateLimiter {
  switch (config.kind) {
    case "local":
      return createLocalLimiter({ ...config, policies: deps.policies });
    case "upstash":
      return createUpstashLimiter({ ...config, policies: deps.policies }, deps);
  }
}
