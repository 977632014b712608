import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";

import {
  createJobRegistry,
  defineJob,
  PermanentJobError,
  type AnyJobDefinition,
  type JobContext,
} from "@/server/infra/queue/define-job";
import { createLocalQueue, LocalQueueStartError, type LocalQueue } from "@/server/infra/queue/local-queue";
import { QueuePublishError } from "@/server/infra/queue/queue-port";
import { createTestDatabase, type TestDatabase } from "@/../tests/helpers/queue/create-test-database";
import { recordHooks, waitFor, type RecordedHooks } from "@/../tests/helpers/queue/record-hooks";

const log = pino({ level: "silent" });
const messageSchema = z.object({ messageId: z.string().min(1), text: z.string().trim() });

interface Call {
  payload: unknown;
  jobId: string;
  attempt: number;
  at: number;
}

/** A job whose behaviour per attempt is scripted by the test. */
function scriptedJob<const Name extends string>(name: Name, script: (attempt: number, ctx: JobContext) => Promise<void>, retry?: { limit: number; backoffSeconds: number }) {
  const calls: Call[] = [];
  const definition = defineJob({
    name,
    schema: messageSchema,
    retry,
    handler: async (payload, ctx) => {
      calls.push({ payload, jobId: ctx.jobId, attempt: ctx.attempt, at: Date.now() });
      await script(ctx.attempt, ctx);
    },
  });
  return { definition, calls };
}

let db: TestDatabase;
let schemaCounter = 0;
const running: LocalQueue[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((queue) => queue.stop()));
});
afterAll(async () => {
  await db?.drop();
});

async function startQueue<const Defs extends readonly AnyJobDefinition[]>(
  definitions: Defs,
  overrides: { hooks?: RecordedHooks; pollingIntervalSeconds?: number; concurrency?: number } = {},
) {
  const hooks = overrides.hooks ?? recordHooks();
  schemaCounter += 1;
  const queue = createLocalQueue({
    connectionString: db.url,
    schema: `pgboss_t${schemaCounter}`,
    registry: createJobRegistry(definitions),
    hooks,
    log,
    pollingIntervalSeconds: overrides.pollingIntervalSeconds ?? 0.5,
    concurrency: overrides.concurrency ?? 2,
  });
  await queue.start();
  running.push(queue);
  return { queue, hooks };
}

describe("local queue (pg-boss over real PostgreSQL)", () => {
  it("runs the handler with the validated payload", async () => {
    const job = scriptedJob("process-message", async () => {});
    const { queue, hooks } = await startQueue([job.definition]);

    const result = await queue.publish("process-message", { messageId: "m1", text: "  hello  " });

    expect(result.deduplicated).toBe(false);
    expect(result.id).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(() => job.calls.length === 1, "handler");
    expect(job.calls[0]).toMatchObject({ payload: { messageId: "m1", text: "hello" }, jobId: result.id, attempt: 1 });
    const stored = await queue.boss.getJobById("process-message", result.id ?? "");
    expect(stored?.data).toEqual({ payload: { messageId: "m1", text: "  hello  " } });
    expect(hooks.permanent).toEqual([]);
    expect(hooks.dead).toEqual([]);
  });

  it("refuses to publish an invalid payload or an unknown job", async () => {
    const job = scriptedJob("process-message", async () => {});
    const { queue } = await startQueue([job.definition]);
    // @ts-expect-error -- the payload type is checked at compile time too
    await expect(queue.publish("process-message", { messageId: 5 })).rejects.toThrow(QueuePublishError);
    // @ts-expect-error -- unknown job name
    await expect(queue.publish("no-such-job", {})).rejects.toThrow(/unknown job "no-such-job"/);
  });

  it("records a payload that fails its schema as permanent: hook called, job completed, never retried", async () => {
    const job = scriptedJob("process-message", async () => {}, { limit: 3, backoffSeconds: 1 });
    const { queue, hooks } = await startQueue([job.definition]);

    // As if an older publisher (or a hand-made job) put a bad payload on the queue.
    const id = await queue.boss.send("process-message", { payload: { messageId: "" } });

    await waitFor(() => hooks.permanent.length === 1, "permanent failure hook");
    expect(hooks.permanent[0]).toMatchObject({
      name: "process-message",
      payload: { messageId: "" },
      jobId: id,
      attempts: 1,
      error: { name: "InvalidJobPayload" },
    });
    expect(job.calls).toEqual([]);
    await vi.waitFor(async () => {
      const stored = await queue.boss.getJobById("process-message", id ?? "");
      expect(stored?.state).toBe("completed");
      expect(stored?.retryCount).toBe(0);
      expect(stored?.output).toMatchObject({ permanentFailure: { name: "InvalidJobPayload" } });
    });
    expect(hooks.dead).toEqual([]);
  });

  it("does not retry a PermanentJobError", async () => {
    const job = scriptedJob(
      "process-message",
      async () => {
        throw new PermanentJobError("message m9 not found", { code: "NOT_FOUND" });
      },
      { limit: 3, backoffSeconds: 1 },
    );
    const { queue, hooks } = await startQueue([job.definition]);
    const { id } = await queue.publish("process-message", { messageId: "m9", text: "x" });

    await waitFor(() => hooks.permanent.length === 1, "permanent failure hook");
    expect(hooks.permanent[0]).toMatchObject({
      jobId: id,
      attempts: 1,
      error: { name: "PermanentJobError", message: "message m9 not found" },
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // longer than one backoff
    expect(job.calls).toHaveLength(1);
    await vi.waitFor(async () => {
      expect((await queue.boss.getJobById("process-message", id ?? ""))?.state).toBe("completed");
    });
  });

  it("retries a transient error with exponential backoff, then succeeds", async () => {
    const job = scriptedJob(
      "sync-crm",
      async (attempt) => {
        if (attempt < 3) throw new Error(`HubSpot 503 (attempt ${attempt})`);
      },
      { limit: 3, backoffSeconds: 1 },
    );
    const { queue, hooks } = await startQueue([job.definition]);
    const { id } = await queue.publish("sync-crm", { messageId: "m2", text: "x" });

    await waitFor(() => job.calls.length === 3, "third attempt", 15_000);
    expect(job.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    expect(new Set(job.calls.map((c) => c.jobId))).toEqual(new Set([id]));
    const [first, second, third] = job.calls.map((c) => c.at);
    // pg-boss backoff: retry n waits backoffSeconds * 2^(n-1) * (1 + random).
    expect(second! - first!).toBeGreaterThanOrEqual(900);
    expect(third! - second!).toBeGreaterThanOrEqual(1_900);
    await vi.waitFor(async () => {
      expect((await queue.boss.getJobById("sync-crm", id ?? ""))?.state).toBe("completed");
    });
    expect(hooks.dead).toEqual([]);
    expect(hooks.permanent).toEqual([]);
  }, 20_000);

  it("dead-letters a job that exhausts its retries and calls onDeadLetter once", async () => {
    const job = scriptedJob(
      "send-reply",
      async () => {
        throw new Error("Graph API timeout");
      },
      { limit: 1, backoffSeconds: 1 },
    );
    const { queue, hooks } = await startQueue([job.definition]);
    const { id } = await queue.publish("send-reply", { messageId: "m3", text: "hi" });

    await waitFor(() => hooks.dead.length === 1, "dead-letter hook", 10_000);
    expect(hooks.dead[0]).toEqual({
      name: "send-reply",
      payload: { messageId: "m3", text: "hi" },
      error: { name: "Error", message: "Graph API timeout" },
      jobId: id,
      attempts: 2,
    });
    expect(job.calls.map((c) => c.attempt)).toEqual([1, 2]);
    await vi.waitFor(async () => {
      expect((await queue.boss.getJobById("send-reply", id ?? ""))?.state).toBe("failed");
    });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(hooks.dead).toHaveLength(1);
    expect(hooks.permanent).toEqual([]);
  }, 15_000);

  it("publishes once per dedupId (scoped by job name)", async () => {
    const a = scriptedJob("process-message", async () => {});
    const b = scriptedJob("score-lead", async () => {});
    const { queue } = await startQueue([a.definition, b.definition]);

    const first = await queue.publish("process-message", { messageId: "m4", text: "x" }, { dedupId: "meta:m4" });
    await waitFor(() => a.calls.length === 1, "first run");
    const again = await queue.publish("process-message", { messageId: "m4", text: "x" }, { dedupId: "meta:m4" });
    const otherJob = await queue.publish("score-lead", { messageId: "m4", text: "x" }, { dedupId: "meta:m4" });

    expect(first.deduplicated).toBe(false);
    expect(again).toEqual({ id: first.id, deduplicated: true });
    expect(otherJob.deduplicated).toBe(false);
    await waitFor(() => b.calls.length === 1, "other job");
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(a.calls).toHaveLength(1);
  });

  it("honours delaySeconds", async () => {
    const job = scriptedJob("process-message", async () => {});
    const { queue } = await startQueue([job.definition]);
    const started = Date.now();
    await queue.publish("process-message", { messageId: "m5", text: "x" }, { delaySeconds: 1 });
    await waitFor(() => job.calls.length === 1, "delayed run", 5_000);
    expect(job.calls[0]!.at - started).toBeGreaterThanOrEqual(1_000);
  });

  it("runs jobs of one queue concurrently", async () => {
    const job = scriptedJob("process-message", () => new Promise((resolve) => setTimeout(resolve, 400)));
    const { queue } = await startQueue([job.definition], { concurrency: 3 });
    const started = Date.now();
    for (let i = 0; i < 3; i += 1) await queue.publish("process-message", { messageId: `c${i}`, text: "x" });
    await waitFor(() => job.calls.length === 3, "three runs");
    expect(Date.now() - started).toBeLessThan(1_000); // one at a time it would take >= 1_200 ms
  });

  it("wakes a worker on publish: latency is far below the polling interval", async () => {
    const times: number[] = [];
    let publishedAt = 0;
    const definition = defineJob({
      name: "process-message",
      schema: messageSchema,
      handler: async () => {
        times.push(performance.now() - publishedAt);
      },
    });
    // Polling every 2 s: without the wake-up the median would be about 1 s.
    const { queue } = await startQueue([definition], { pollingIntervalSeconds: 2, concurrency: 1 });
    for (let i = 0; i < 40; i += 1) {
      publishedAt = performance.now();
      await queue.publish("process-message", { messageId: `l${i}`, text: "x" });
      await waitFor(() => times.length === i + 1, `run ${i}`, 5_000);
    }
    const sorted = [...times].sort((x, y) => x - y);
    const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    console.info(
      `local queue publish->handler latency over ${sorted.length} jobs: p50 ${pick(0.5).toFixed(1)} ms, p95 ${pick(0.95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`,
    );
    expect(pick(0.5)).toBeLessThan(100);
    expect(pick(0.95)).toBeLessThan(500);
  }, 30_000);
});

describe("local queue start-up failures", () => {
  const registry = createJobRegistry([scriptedJob("process-message", async () => {}).definition]);

  it("rejects start() with a clear error when PostgreSQL is down", async () => {
    const queue = createLocalQueue({
      connectionString: "postgres://postgres:hunter2@127.0.0.1:1/leadline",
      registry,
      hooks: recordHooks(),
      log,
      connectTimeoutSeconds: 2,
    });
    const started = Date.now();
    const error = await queue.start().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(LocalQueueStartError);
    expect((error as Error).message).toMatch(/PostgreSQL at 127\.0\.0\.1:1\/leadline/);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect((error as Error).message).not.toContain("hunter2");
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect(queue.publish("process-message", { messageId: "m", text: "x" })).rejects.toThrow(/not started/);
  });

  it("rejects start() when the database does not exist", async () => {
    const url = new URL(db.url);
    url.pathname = "/q_does_not_exist";
    const queue = createLocalQueue({ connectionString: url.toString(), registry, hooks: recordHooks(), log });
    await expect(queue.start()).rejects.toThrow(/q_does_not_exist.*does not exist/);
  });
});
