import { randomUUID } from "node:crypto";
import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DOWN_REDIS_URL, startTestBridge } from "../../../../tests/fakes/upstash-redis/start-test-bridge";
import { describeRealtimeContract, readSse } from "../../../../tests/contracts/describe-realtime-contract";
import { RealtimeUnavailableError, type RealtimeLogger } from "./realtime-port";
import { type RealtimeEvent } from "@/shared/realtime-events";
import { sseResponse } from "./sse";
import { createUpstashBus } from "./upstash-bus";

type Bridge = Awaited<ReturnType<typeof startTestBridge>>;
const quietLogger = () => ({ warn: vi.fn<RealtimeLogger["warn"]>() });
const POLL_MS = 40;

let bridge: Bridge;
beforeAll(async () => {
  bridge = await startTestBridge();
});
afterAll(async () => {
  await bridge.stop();
});

describeRealtimeContract(
  "Redis streams over the REST bridge",
  () => createUpstashBus({ url: bridge.url, token: bridge.token, pollIntervalMs: POLL_MS }, { logger: quietLogger() }),
  3 * POLL_MS,
);

describe("upstash bus stream", () => {
  it("drops invalid stream entries and delivers the valid ones", async () => {
    const logger = quietLogger();
    const bus = createUpstashBus({ url: bridge.url, token: bridge.token, pollIntervalMs: POLL_MS }, { logger });
    const ws = `ws_${randomUUID()}`;
    const got: RealtimeEvent[] = [];
    const stop = await bus.subscribe(ws, (e) => got.push(e));

    // Whatever else writes to the stream, only schema-valid events come out.
    const raw = new Redis({ url: bridge.url, token: bridge.token, enableTelemetry: false });
    const key = `rt:${ws}`;
    await raw.xadd(key, "*", { other: "field" });
    await raw.xadd(key, "*", { data: "not json {" });
    await raw.xadd(key, "*", { data: JSON.stringify({ type: "lead.updated" }) });
    await raw.xadd(key, "*", { data: JSON.stringify({ type: "lead.updated", leadId: "l1", email: "jane@example.com" }) });
    await bus.publish(ws, { type: "lead.updated", leadId: "l2" });

    await vi.waitFor(() => expect(got).toEqual([{ type: "lead.updated", leadId: "l2" }]));
    await vi.waitFor(() => expect(logger.warn).toHaveBeenCalledTimes(4));
    const logged = JSON.stringify(logger.warn.mock.calls);
    expect(logged).toContain("dropped invalid realtime stream entry");
    expect(logged).not.toContain("jane@example.com"); // entries are logged by id, never content
    stop();
  });

  it("caps the stream with XADD MAXLEN ~ and sets an expiry", async () => {
    const bus = createUpstashBus({ url: bridge.url, token: bridge.token, maxLen: 10 }, { logger: quietLogger() });
    const ws = `ws_${randomUUID()}`;
    for (let i = 0; i < 250; i++) await bus.publish(ws, { type: "lead.updated", leadId: `l${i}` });
    const raw = new Redis({ url: bridge.url, token: bridge.token, enableTelemetry: false });
    const length = await raw.xlen(`rt:${ws}`);
    expect(length).toBeGreaterThanOrEqual(10);
    expect(length).toBeLessThan(250); // "~" trims whole stream nodes, so it overshoots a little
    expect(await raw.ttl(`rt:${ws}`)).toBeGreaterThan(0);
  });

  it("catches up on a burst larger than one batch", async () => {
    const bus = createUpstashBus({ url: bridge.url, token: bridge.token, pollIntervalMs: 200, batchSize: 5 }, { logger: quietLogger() });
    const ws = `ws_${randomUUID()}`;
    const got: string[] = [];
    const stop = await bus.subscribe(ws, (e) => got.push(e.type === "lead.updated" ? e.leadId : "?"));
    const ids = Array.from({ length: 23 }, (_, i) => `l${i}`);
    for (const leadId of ids) await bus.publish(ws, { type: "lead.updated", leadId });
    await vi.waitFor(() => expect(got).toEqual(ids), { timeout: 2_000 });
    stop();
  });
});

describe("upstash bus failures", () => {
  const event: RealtimeEvent = { type: "lead.updated", leadId: "l1" };

  it("rejects publish and subscribe with a clear error when Redis is down", async () => {
    const down = await startTestBridge({ redisUrl: DOWN_REDIS_URL });
    try {
      const bus = createUpstashBus({ url: down.url, token: down.token }, { logger: quietLogger() });
      await expect(bus.publish("ws1", event)).rejects.toThrow(RealtimeUnavailableError);
      await expect(bus.publish("ws1", event)).rejects.toThrow(/publish to workspace ws1 failed: .*Unable to reach the Redis server/);
      await expect(bus.subscribe("ws1", () => undefined)).rejects.toThrow(RealtimeUnavailableError);
    } finally {
      await down.stop();
    }
  });

  it("rejects publish when the bridge is gone", async () => {
    const gone = await startTestBridge();
    await gone.stop();
    const bus = createUpstashBus({ url: gone.url, token: gone.token }, { logger: quietLogger() });
    await expect(bus.publish("ws1", event)).rejects.toThrow(RealtimeUnavailableError);
  });

  it("surfaces a bad token (401) as a clear error", async () => {
    const bus = createUpstashBus({ url: bridge.url, token: "wrong-token" }, { logger: quietLogger() });
    await expect(bus.publish("ws1", event)).rejects.toThrow(/failed: .*Unauthorized/);
  });

  it("ends the SSE stream with realtime.unavailable when it cannot subscribe", async () => {
    const gone = await startTestBridge();
    await gone.stop();
    const logger = quietLogger();
    const bus = createUpstashBus({ url: gone.url, token: gone.token }, { logger });
    const response = sseResponse(bus, "ws1", new AbortController().signal, { logger });
    if (!response.body) throw new Error("no body");
    const { text, ended } = await readSse(response.body.getReader(), () => false);
    expect(text).toContain("event: realtime.unavailable");
    expect(ended).toBe(true);
    expect(logger.warn).toHaveBeenCalledOnce();
  });
});
