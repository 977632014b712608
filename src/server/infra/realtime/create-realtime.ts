import { z } from "zod";
import { upstashConnectionSchema } from "@/server/infra/cache/create-upstash-redis";
import { createLocalBus } from "./local-bus";
import type { RealtimeBus, RealtimeLogger } from "./realtime-port";
import { createUpstashBus } from "./upstash-bus";

export const realtimeConfigSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("local"), maxListenersPerWorkspace: z.number().int().positive().optional() }),
  upstashConnectionSchema.extend({
    kind: z.literal("upstash"),
    streamPrefix: z.string().min(1).optional(),
    pollIntervalMs: z.number().int().positive().optional(),
    maxListenersPerWorkspace: z.number().int().positive().optional(),
  }),
]);
export type RealtimeConfig = z.infer<typeof realtimeConfigSchema>;

/** Picks the realtime bus from (already validated) configuration. */
export function createRealtime(config: RealtimeConfig, deps: { logger: RealtimeLogger }): RealtimeBus {
  switch (config.kind) {
    case "local":
      return createLocalBus(config, deps);
    case "upstash":
      return createUpstashBus(config, deps);
  }
}
