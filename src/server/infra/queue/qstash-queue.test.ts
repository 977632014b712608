import { createServer as createTcpServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

import { Client } from "@upstash/qstash";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";

import { startFakeQStash, type FakeQStash } from "../../../../tests/fakes/qstash/server";
import { createJobRegistry, defineJob, PermanentJobError } from "@/server/infra/queue/define-job";
import { createJobReceiver } from "@/server/infra/queue/handle-job-request";
import { createQStashQueue, jobUrl } from "@/server/infra/queue/qstash-queue";
import { QueuePublishError } from "@/server/infra/queue/queue-port";
import { recordHooks } from "@/../tests/helpers/queue/record-hooks";
import { serveJobRoute } from "@/../tests/helpers/queue/serve-job-route";

const log = pino({ level: "silent" });
const keys = { currentSigningKey: "sig_current_e2e", nextSigningKey: "sig_next_e2e" };
const token = "qstash_test_token";

type Script = (attempt: number) => Promise<void>;
const scripts = new Map<string, Script>();
const runs: Array<{ messageId: string; attempt: number; jobId: string }> = [];

const processMessage = defineJob({
  name: "process-message",
  schema: z.object({ messageId: z.string().min(1), text: z.string().trim() }),
  retry: { limit: 2, backoffSeconds: 1 },
  handler: async (payload, ctx) => {
    runs.push({ messageId: payload.messageId, attempt: ctx.attempt, jobId: ctx.jobId });
    await (scripts.get(payload.messageId) ?? (async () => {}))(ctx.attempt);
  },
});
const registry = createJobRegistry([processMessage]);
const hooks = recordHooks();

let fake: FakeQStash;
let route: Awaited<ReturnType<typeof serveJobRoute>>;
let queue: ReturnType<typeof createQStashQueue<typeof registry>>;

beforeAll(async () => {
  fake = await startFakeQStash({ ...keys, token, retryBackoffMs: () => 20, delayScale: 0.1 });
  route = await serveJobRoute({ registry, receiver: createJobReceiver(keys), hooks, log });
  queue = createQStashQueue({ token, baseUrl: fake.url, appUrl: route.appUrl, registry, log });
  await queue.start();
});
afterAll(async () => {
  await queue?.stop();
  await fake?.close();
  await route?.close();
});
beforeEach(() => {
  hooks.permanent.length = 0;
  hooks.dead.length = 0;
});

const deliveriesOf = (messageId: string) => fake.deliveries.filter((d) => d.messageId === messageId);

describe("QStash queue end to end (fake QStash -> signed delivery -> handleJobRequest)", () => {
  it("publishes, delivers with a valid signature and runs the handler", async () => {
    const { id, deduplicated } = await queue.publish("process-message", { messageId: "e1", text: "  hi " });
    expect(deduplicated).toBe(false);
    expect(id).toMatch(/^msg_/);

    const message = await fake.waitForMessage(id ?? "");
    expect(message.state).toBe("delivered");
    expect(message.destination).toBe(jobUrl(route.appUrl, "process-message"));
    expect(JSON.parse(message.body.toString())).toEqual({ payload: { messageId: "e1", text: "  hi " }, maxRetries: 2 });
    expect(runs.filter((r) => r.messageId === "e1")).toEqual([{ messageId: "e1", attempt: 1, jobId: id }]);

    const published = fake.publishes.find((p) => p.messageId === id);
    expect(published?.headers["upstash-retries"]).toBe("2");
    expect(published?.headers["upstash-retry-delay"]).toBe("pow(2, retried) * 1000");
    expect(published?.headers["content-type"]).toBe("application/json");
    expect(deliveriesOf(id ?? "").map((d) => d.status)).toEqual([200]);
  });

  it("deduplicates by dedupId: same messageId, one delivery", async () => {
    const first = await queue.publish("process-message", { messageId: "e2", text: "x" }, { dedupId: "meta:e2" });
    const second = await queue.publish("process-message", { messageId: "e2", text: "x" }, { dedupId: "meta:e2" });
    expect(second).toEqual({ id: first.id, deduplicated: true });
    await fake.waitForIdle();
    expect(runs.filter((r) => r.messageId === "e2")).toHaveLength(1);
    // ":" is not allowed in QStash dedup ids: the queue hashed it rather than being rejected.
    expect(fake.messages.get(first.id ?? "")?.deduplicationId).toMatch(/^process-message\.h[0-9a-f]{40}$/);
  });

  it("retries a transient failure (QStash redelivers) and reports attempts from Upstash-Retried", async () => {
    scripts.set("e3", async (attempt) => {
      if (attempt < 3) throw new Error("upstream 503");
    });
    const { id } = await queue.publish("process-message", { messageId: "e3", text: "x" });
    const message = await fake.waitForMessage(id ?? "");
    expect(message.state).toBe("delivered");
    expect(deliveriesOf(id ?? "").map((d) => [d.retried, d.status])).toEqual([
      [0, 500],
      [1, 500],
      [2, 200],
    ]);
    expect(runs.filter((r) => r.messageId === "e3").map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(hooks.dead).toEqual([]);
  });

  it("dead-letters after the last retry and calls onDeadLetter once", async () => {
    scripts.set("e4", async () => {
      throw new Error("still down");
    });
    const { id } = await queue.publish("process-message", { messageId: "e4", text: "x" });
    const message = await fake.waitForMessage(id ?? "");
    expect(message).toMatchObject({ state: "failed", dlqReason: "retries-exhausted" });
    expect(deliveriesOf(id ?? "")).toHaveLength(3);
    expect(hooks.dead).toEqual([
      { name: "process-message", payload: { messageId: "e4", text: "x" }, error: { name: "Error", message: "still down" }, jobId: id, attempts: 3 },
    ]);
  });

  it("stops QStash retrying a PermanentJobError (489 + Upstash-NonRetryable-Error)", async () => {
    scripts.set("e5", async () => {
      throw new PermanentJobError("message e5 was deleted");
    });
    const { id } = await queue.publish("process-message", { messageId: "e5", text: "x" });
    const message = await fake.waitForMessage(id ?? "");
    expect(message).toMatchObject({ state: "failed", dlqReason: "non-retryable" });
    expect(deliveriesOf(id ?? "").map((d) => d.status)).toEqual([489]);
    expect(hooks.permanent).toHaveLength(1);
    expect(hooks.permanent[0]).toMatchObject({ jobId: id, error: { name: "PermanentJobError" } });
  });

  it("records a bad payload (published around the typed queue) as permanent, not retried", async () => {
    const raw = new Client({ token, baseUrl: fake.url, devMode: false, enableTelemetry: false });
    const { messageId } = await raw.publishJSON({
      url: jobUrl(route.appUrl, "process-message"),
      body: { payload: { messageId: "" } },
      retries: 3,
    });
    const message = await fake.waitForMessage(messageId);
    expect(message.dlqReason).toBe("non-retryable");
    expect(deliveriesOf(messageId)).toHaveLength(1);
    expect(hooks.permanent[0]).toMatchObject({ jobId: messageId, error: { name: "InvalidJobPayload" }, payload: { messageId: "" } });
  });

  it("honours delaySeconds (Upstash-Delay)", async () => {
    const started = Date.now();
    const { id } = await queue.publish("process-message", { messageId: "e6", text: "x" }, { delaySeconds: 2 });
    expect(fake.publishes.find((p) => p.messageId === id)?.headers["upstash-delay"]).toBe("2s");
    await fake.waitForMessage(id ?? "");
    expect(deliveriesOf(id ?? "")[0]!.at - started).toBeGreaterThanOrEqual(190); // 2 s scaled by 0.1
  });

  it("never runs the handler when the route's keys do not match the signer (401, retried, dead)", async () => {
    const strictRoute = await serveJobRoute({
      registry,
      receiver: createJobReceiver({ currentSigningKey: "sig_other", nextSigningKey: "sig_other_next" }),
      hooks,
      log,
    });
    try {
      const strictQueue = createQStashQueue({ token, baseUrl: fake.url, appUrl: strictRoute.appUrl, registry, log });
      const { id } = await strictQueue.publish("process-message", { messageId: "e7", text: "x" });
      const message = await fake.waitForMessage(id ?? "");
      expect(message.state).toBe("failed");
      expect(deliveriesOf(id ?? "").map((d) => d.status)).toEqual([401, 401, 401]);
      expect(runs.filter((r) => r.messageId === "e7")).toEqual([]);
    } finally {
      await strictRoute.close();
    }
  });
});

describe("QStash publishMany (one /v2/batch call per 100 messages)", () => {
  it("sends one batch call; every message is delivered, verified and run", async () => {
    const batchesBefore = fake.batches.length;
    const results = await queue.publishMany("process-message", [
      { payload: { messageId: "b1", text: " one " } },
      { payload: { messageId: "b2", text: "two" }, opts: { dedupId: "meta:b2" } },
      { payload: { messageId: "b3", text: "three" }, opts: { delaySeconds: 1 } },
    ]);

    expect(fake.batches.slice(batchesBefore)).toEqual([{ status: 200, messages: 3 }]);
    expect(results.map((r) => r.deduplicated)).toEqual([false, false, false]);
    const ids = results.map((r) => r.id ?? "");
    for (const id of ids) expect(id).toMatch(/^msg_/);
    const delivered = await Promise.all(ids.map((id) => fake.waitForMessage(id)));
    expect(delivered.map((m) => m.state)).toEqual(["delivered", "delivered", "delivered"]);
    // The route only runs a job whose signature it verified.
    const batchRuns = runs.filter((r) => ["b1", "b2", "b3"].includes(r.messageId));
    expect(batchRuns.sort((x, y) => x.messageId.localeCompare(y.messageId))).toEqual([
      { messageId: "b1", attempt: 1, jobId: ids[0] },
      { messageId: "b2", attempt: 1, jobId: ids[1] },
      { messageId: "b3", attempt: 1, jobId: ids[2] },
    ]);
    expect(deliveriesOf(ids[0] ?? "").map((d) => d.status)).toEqual([200]);
    expect(JSON.parse(delivered[0]!.body.toString())).toEqual({ payload: { messageId: "b1", text: " one " }, maxRetries: 2 });
    expect(delivered[0]!.destination).toBe(jobUrl(route.appUrl, "process-message"));

    // Each message carries what a single publish sends.
    const headersOf = (id: string) => fake.publishes.find((p) => p.messageId === id)?.headers ?? {};
    expect(headersOf(ids[0] ?? "")).toMatchObject({
      "upstash-retries": "2",
      "upstash-retry-delay": "pow(2, retried) * 1000",
      "content-type": "application/json",
    });
    expect(headersOf(ids[1] ?? "")["upstash-deduplication-id"]).toMatch(/^process-message\.h[0-9a-f]{40}$/);
    expect(headersOf(ids[2] ?? "")["upstash-delay"]).toBe("1s");
  });

  it("reports a message deduplicated against an earlier publish", async () => {
    const first = await queue.publish("process-message", { messageId: "b4", text: "x" }, { dedupId: "b4" });
    const results = await queue.publishMany("process-message", [
      { payload: { messageId: "b4", text: "x" }, opts: { dedupId: "b4" } },
      { payload: { messageId: "b5", text: "x" }, opts: { dedupId: "b5" } },
    ]);
    expect(results).toEqual([
      { id: first.id, deduplicated: true },
      { id: expect.stringMatching(/^msg_/), deduplicated: false },
    ]);
    await fake.waitForIdle();
    expect(runs.filter((r) => r.messageId === "b4")).toHaveLength(1);
  });

  it("splits more than 100 messages into calls of at most 100, keeping result order", async () => {
    const batchesBefore = fake.batches.length;
    const items = Array.from({ length: 101 }, (_, i) => ({ payload: { messageId: `big${i}`, text: "x" } }));
    const results = await queue.publishMany("process-message", items);
    expect(fake.batches.slice(batchesBefore).map((b) => b.messages)).toEqual([100, 1]);
    await fake.waitForIdle();
    const jobIdOf = (messageId: string) => runs.find((r) => r.messageId === messageId)?.jobId;
    expect(jobIdOf("big0")).toBe(results[0]?.id);
    expect(jobIdOf("big100")).toBe(results[100]?.id);
  });

  it("returns [] for no items without calling QStash", async () => {
    const batchesBefore = fake.batches.length;
    expect(await queue.publishMany("process-message", [])).toEqual([]);
    expect(fake.batches.length).toBe(batchesBefore);
  });

  it("rejects a bad payload before any HTTP call", async () => {
    const before = { batches: fake.batches.length, publishes: fake.publishes.length };
    const error = await queue
      .publishMany("process-message", [
        { payload: { messageId: "ok", text: "x" } },
        // @ts-expect-error -- wrong payload type
        { payload: { messageId: 1 } },
      ])
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(QueuePublishError);
    expect({ batches: fake.batches.length, publishes: fake.publishes.length }).toEqual(before);
  });

  it("maps a 5xx from QStash to QueuePublishError with the status", async () => {
    const before = fake.publishes.length;
    fake.failNextRequests(1, 503);
    const error = await queue
      .publishMany("process-message", [{ payload: { messageId: "b6", text: "x" } }])
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(QueuePublishError);
    expect((error as Error).message).toMatch(/QStash batch publish of 1 "process-message" jobs failed: HTTP 503/);
    expect(fake.publishes.length).toBe(before);
  });

  it("fake: refuses one bad message of a batch with { error } and still sends the others", async () => {
    const raw = new Client({ token, baseUrl: fake.url, devMode: false, enableTelemetry: false });
    const url = jobUrl(route.appUrl, "process-message");
    const answer = await raw.batchJSON([
      { url, body: { payload: { messageId: "b7", text: "x" } } },
      { url, body: { payload: { messageId: "b8", text: "x" } }, deduplicationId: "has space" },
    ]);
    expect(answer).toEqual([
      { messageId: expect.stringMatching(/^msg_/), url },
      { error: expect.stringMatching(/Upstash-Deduplication-Id/) },
    ]);
    await fake.waitForIdle();
    expect(runs.filter((r) => r.messageId === "b7" || r.messageId === "b8").map((r) => r.messageId)).toEqual(["b7"]);
  });
});

describe("QStash queue publish failures", () => {
  it("refuses an invalid payload before any HTTP call", async () => {
    const before = fake.publishes.length;
    // @ts-expect-error -- wrong payload type
    await expect(queue.publish("process-message", { messageId: 1 })).rejects.toThrow(QueuePublishError);
    expect(fake.publishes.length).toBe(before);
  });

  it("surfaces a rejected token as an error with the HTTP status", async () => {
    const badToken = createQStashQueue({ token: "wrong", baseUrl: fake.url, appUrl: route.appUrl, registry, log });
    await expect(badToken.publish("process-message", { messageId: "x", text: "x" })).rejects.toThrow(/HTTP 401/);
  });

  it("fails fast with a clear error when QStash is down (closed port)", async () => {
    const closedPort = await findClosedPort();
    const down = createQStashQueue({ token, baseUrl: `http://127.0.0.1:${closedPort}`, appUrl: route.appUrl, registry, log });
    const started = Date.now();
    const error = await down.publish("process-message", { messageId: "x", text: "x" }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(QueuePublishError);
    expect((error as Error).message).toMatch(/QStash publish of job "process-message" failed: fetch failed \(ECONNREFUSED\)/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("times out when QStash accepts the connection but never answers", async () => {
    const { server, port, sockets } = await startBlackHole();
    try {
      const hung = createQStashQueue({
        token,
        baseUrl: `http://127.0.0.1:${port}`,
        appUrl: route.appUrl,
        registry,
        log,
        publishTimeoutMs: 300,
      });
      const started = Date.now();
      await expect(hung.publish("process-message", { messageId: "x", text: "x" })).rejects.toThrow(
        /timed out after 300 ms/,
      );
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

async function findClosedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startBlackHole(): Promise<{ server: Server; port: number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createTcpServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port, sockets };
}

