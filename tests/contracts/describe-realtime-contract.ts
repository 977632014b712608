import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import type { RealtimeBus } from "../../src/server/infra/realtime/realtime-port";
import type { RealtimeEvent } from "@/shared/realtime-events";
import { sseResponse } from "../../src/server/infra/realtime/sse";

const workspace = () => `ws_${randomUUID()}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Wraps a bus so a test can see when SSE gives its subscription back. */
function spyOnUnsubscribe(bus: RealtimeBus) {
  const unsubscribed = vi.fn();
  const spied: RealtimeBus = {
    publish: (workspaceId, event) => bus.publish(workspaceId, event),
    subscribe: async (workspaceId, onEvent) => {
      const stop = await bus.subscribe(workspaceId, onEvent);
      return () => {
        unsubscribed();
        stop();
      };
    },
  };
  return { bus: spied, unsubscribed };
}

function bodyReader(response: Response): ReadableStreamDefaultReader<Uint8Array> {
  if (!response.body) throw new Error("SSE response has no body");
  return response.body.getReader();
}

/** Reads an SSE body until `done(text)` holds or the stream ends; returns everything read. */
export async function readSse(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  done: (text: string) => boolean,
  timeoutMs = 5_000,
): Promise<{ text: string; ended: boolean }> {
  const decoder = new TextDecoder();
  const deadline = Date.now() + timeoutMs;
  let text = "";
  while (!done(text)) {
    const chunk = await Promise.race([reader.read(), sleep(deadline - Date.now()).then(() => "timeout" as const)]);
    if (chunk === "timeout") throw new Error(`SSE read timed out; got so far: ${JSON.stringify(text)}`);
    if (chunk.done) return { text, ended: true };
    text += decoder.decode(chunk.value, { stream: true });
  }
  return { text, ended: false };
}

/**
 * The behaviour every RealtimeBus must have; run once per implementation. `settleMs` is how
 * long to wait before concluding that something was not delivered (a poll interval or two).
 */
export function describeRealtimeContract(name: string, makeBus: () => RealtimeBus, settleMs: number): void {
  describe(`RealtimeBus contract: ${name}`, () => {
    it("delivers a workspace's events to its subscribers only", async () => {
      const bus = makeBus();
      const [a, b] = [workspace(), workspace()];
      const gotA: RealtimeEvent[] = [];
      const gotB: RealtimeEvent[] = [];
      const stopA = await bus.subscribe(a, (e) => gotA.push(e));
      const stopB = await bus.subscribe(b, (e) => gotB.push(e));
      await bus.publish(b, { type: "lead.updated", leadId: "lead_b" });
      await bus.publish(a, { type: "message.created", conversationId: "conv_a", messageId: "msg_a" });
      await vi.waitFor(() => expect(gotA).toHaveLength(1));
      await vi.waitFor(() => expect(gotB).toHaveLength(1));
      await sleep(settleMs);
      expect(gotA).toEqual([{ type: "message.created", conversationId: "conv_a", messageId: "msg_a" }]);
      expect(gotB).toEqual([{ type: "lead.updated", leadId: "lead_b" }]);
      stopA();
      stopB();
    });

    it("delivers in order to every subscriber of the workspace, and stops after unsubscribe", async () => {
      const bus = makeBus();
      const ws = workspace();
      const first: string[] = [];
      const second: string[] = [];
      const stopFirst = await bus.subscribe(ws, (e) => first.push(e.type));
      const stopSecond = await bus.subscribe(ws, (e) => second.push(e.type));
      await bus.publish(ws, { type: "reply.drafted", conversationId: "c1", replyId: "r1" });
      await bus.publish(ws, { type: "reply.sent", conversationId: "c1", replyId: "r1" });
      await vi.waitFor(() => expect(first).toEqual(["reply.drafted", "reply.sent"]));
      await vi.waitFor(() => expect(second).toEqual(["reply.drafted", "reply.sent"]));
      stopFirst();
      await bus.publish(ws, { type: "conversation.updated", conversationId: "c1" });
      await vi.waitFor(() => expect(second).toHaveLength(3));
      await sleep(settleMs);
      expect(first).toHaveLength(2);
      stopSecond();
    });

    it("does not replay events published before subscribing", async () => {
      const bus = makeBus();
      const ws = workspace();
      await bus.publish(ws, { type: "lead.updated", leadId: "old" });
      const got: RealtimeEvent[] = [];
      const stop = await bus.subscribe(ws, (e) => got.push(e));
      await bus.publish(ws, { type: "lead.updated", leadId: "new" });
      await vi.waitFor(() => expect(got).toHaveLength(1));
      await sleep(settleMs);
      expect(got).toEqual([{ type: "lead.updated", leadId: "new" }]);
      stop();
    });

    it("keeps delivering to others when one subscriber throws", async () => {
      const bus = makeBus();
      const ws = workspace();
      const got: string[] = [];
      const stopBad = await bus.subscribe(ws, () => {
        throw new Error("subscriber bug");
      });
      const stopGood = await bus.subscribe(ws, (e) => got.push(e.type));
      await expect(bus.publish(ws, { type: "lead.updated", leadId: "l1" })).resolves.toBeUndefined();
      await vi.waitFor(() => expect(got).toEqual(["lead.updated"]));
      stopBad();
      stopGood();
    });

    it("refuses events that are not in the schema or carry extra fields (ids only, no PII)", async () => {
      const bus = makeBus();
      const ws = workspace();
      const bad: unknown[] = [
        { type: "message.deleted", messageId: "m1" },
        { type: "message.created", conversationId: "c1" },
        { type: "message.created", conversationId: "c1", messageId: "m1", text: "Hi, I'm Jane, +1 555 0100" },
        { type: "lead.updated", leadId: "jane@example.com" },
        { type: "message.processed", conversationId: "c1", messageId: "m1", intent: "wants a call at 5pm" },
      ];
      for (const event of bad) await expect(bus.publish(ws, event as RealtimeEvent)).rejects.toThrow();
      await expect(bus.publish("", { type: "lead.updated", leadId: "l1" })).rejects.toThrow(TypeError);
      await expect(bus.subscribe("../other", () => undefined)).rejects.toThrow(TypeError);
    });

    it("streams events as SSE with heartbeats and ends on abort", async () => {
      const { bus, unsubscribed } = spyOnUnsubscribe(makeBus());
      const ws = workspace();
      const abort = new AbortController();
      const response = sseResponse(bus, ws, abort.signal, { heartbeatMs: 50 });
      expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
      const reader = bodyReader(response);
      await readSse(reader, (text) => text.includes(": subscribed"));
      const event: RealtimeEvent = { type: "message.processed", conversationId: "c9", messageId: "m9", intent: "pricing" };
      await bus.publish(ws, event);
      const { text } = await readSse(reader, (t) => t.includes("event: message.processed") && t.includes(": heartbeat"));
      expect(text).toContain(`event: message.processed\ndata: ${JSON.stringify(event)}\n\n`);
      abort.abort();
      const rest = await readSse(reader, () => false);
      expect(rest.ended).toBe(true);
      expect(unsubscribed).toHaveBeenCalledOnce();
      await bus.publish(ws, { type: "lead.updated", leadId: "after" }); // harmless once closed
    });

    it("unsubscribes when the client cancels the SSE stream", async () => {
      const { bus, unsubscribed } = spyOnUnsubscribe(makeBus());
      const response = sseResponse(bus, workspace(), new AbortController().signal, { heartbeatMs: 20 });
      const reader = bodyReader(response);
      await readSse(reader, (text) => text.includes(": subscribed"));
      await reader.cancel();
      expect(unsubscribed).toHaveBeenCalledOnce();
      await sleep(60); // heartbeats after cancel would throw if the stream were still open
    });

    it("ends at once for a request that was already aborted", async () => {
      const { bus, unsubscribed } = spyOnUnsubscribe(makeBus());
      const response = sseResponse(bus, workspace(), AbortSignal.abort());
      const { ended } = await readSse(bodyReader(response), () => false);
      expect(ended).toBe(true);
      await sleep(settleMs);
      expect(unsubscribed).not.toHaveBeenCalled(); // it never subscribed
    });
  });
}
