import { describe, expect, it, vi } from "vitest";
import { createRealtime, realtimeConfigSchema } from "./create-realtime";
import type { RealtimeEvent } from "@/shared/realtime-events";

describe("createRealtime", () => {
  it("builds the local bus from a local config", async () => {
    const bus = createRealtime(realtimeConfigSchema.parse({ kind: "local" }), { logger: { warn: vi.fn() } });
    const got: RealtimeEvent[] = [];
    const stop = await bus.subscribe("ws1", (e) => got.push(e));
    await bus.publish("ws1", { type: "channel.status", channelId: "ch1", status: "disconnected" });
    expect(got).toEqual([{ type: "channel.status", channelId: "ch1", status: "disconnected" }]);
    stop();
  });

  it("rejects a partial Upstash configuration", () => {
    expect(realtimeConfigSchema.safeParse({ kind: "upstash", url: "https://example.upstash.io" }).success).toBe(false);
  });
});
