import type PgBoss from "pg-boss";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";

import {
  createJobRegistry,
  defineBatchJob,
  defineJob,
  PermanentJobError,
  type AnyJobDefinition,
  type BatchItemResult,
} from "@/server/infra/queue/define-job";
import { createLocalQueue, type LocalQueue } from "@/server/infra/queue/local-queue";
import { QueuePublishError } from "@/server/infra/queue/queue-port";
import { createTestDatabase, type TestDatabase } from "@/../tests/helpers/queue/create-test-database";
import { recordHooks, waitFor } from "@/../tests/helpers/queue/record-hooks";

const log = pino({ level: "silent" });
const messageSchema = z.object({ messageId: z.string().min(1), text: z.string().trim() });

interface Run {
  messageId: string;
  jobId: string;
  attempt: number;
}

/** A batch job whose result per item is scripted by the test; records every batch it gets. */
function scriptedBatchJob(
  script: (messageId: string, attempt: number) => BatchItemResult = () => ({ ok: true }),
  options: { batchSize?: number; retry?: { limit: number; backoffSeconds: number } } = {},
) {
  const batches: Run[][] = [];
  const definition = defineBatchJob({
    name: "process-message",
    schema: messageSchema,
    batchSize: options.batchSize ?? 10,
    retry: options.retry ?? { limit: 2, backoffSeconds: 1 },
    handleBatch: async (items) => {
      batches.push(items.map(({ payload, ctx }) => ({ messageId: payload.messageId, jobId: ctx.jobId, attempt: ctx.attempt })));
      return items.map(({ payload, ctx }) => script(payload.messageId, ctx.attempt));
    },
  });
  const runs = () => batches.flat();
  const runsOf = (messageId: string) => runs().filter((run) => run.messageId === messageId);
  return { definition, batches, runs, runsOf };
}

const messages = (count: number, prefix = "m") =>
  Array.from({ length: count }, (_, i) => ({ payload: { messageId: `${prefix}${i}`, text: "x" } }));

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
  url = db.url,
  overrides: { batchLingerMs?: number; pollingIntervalSeconds?: number; schema?: string } = {},
) {
  const hooks = recordHooks();
  schemaCounter += overrides.schema ? 0 : 1;
  const queue = createLocalQueue({
    connectionString: url,
    schema: overrides.schema ?? `pgboss_b${schemaCounter}`,
    registry: createJobRegistry(definitions),
    hooks,
    log,
    pollingIntervalSeconds: 0.5,
    concurrency: 4,
    connectTimeoutSeconds: 10, // the full suite loads the machine; a refused database still fails at once
    stopTimeoutSeconds: 2,
    ...overrides,
  });
  await queue.start();
  running.push(queue);
  return { queue, hooks };
}

async function countJobs(boss: PgBoss, name: string): Promise<number> {
  const schema = `pgboss_b${schemaCounter}`;
  const { rows } = await boss.getDb().executeSql(`SELECT count(*)::int AS n FROM ${schema}.job WHERE name = $1`, [name]);
  return (rows[0] as { n: number }).n;
}

describe("local queue batch jobs and publishMany (pg-boss over real PostgreSQL)", () => {
  it("publishes many jobs in one call and runs them in batches, each job once", async () => {
    const job = scriptedBatchJob();
    const { queue, hooks } = await startQueue([job.definition]);

    const results = await queue.publishMany("process-message", messages(25));

    expect(results).toHaveLength(25);
    expect(results.every((r) => r.deduplicated === false && /^[0-9a-f-]{36}$/.test(r.id ?? ""))).toBe(true);
    await waitFor(() => job.runs().length === 25, "25 runs");
    expect(Math.max(...job.batches.map((b) => b.length))).toBeGreaterThan(1);
    expect(Math.max(...job.batches.map((b) => b.length))).toBeLessThanOrEqual(10);
    expect(new Set(job.runs().map((r) => r.messageId)).size).toBe(25);
    // Each result's id is the job id the handler saw for that payload.
    expect(job.runsOf("m7")[0]).toMatchObject({ jobId: results[7]?.id, attempt: 1 });

    const stored = await queue.boss.getJobById("process-message", results[0]?.id ?? "");
    // Retry policy and expiry come from the queue row, as for send().
    expect(stored).toMatchObject({ retryLimit: 2, retryDelay: 1, retryBackoff: true, deadLetter: "process-message__dead" });
    expect(Number(stored?.expireInSeconds)).toBe(60 + 30); // pg-boss reads this numeric column as a string
    expect(stored?.data).toEqual({ payload: { messageId: "m0", text: "x" } });
    await vi.waitFor(async () => {
      const states = await Promise.all(results.map((r) => queue.boss.getJobById("process-message", r.id ?? "")));
      expect(states.map((s) => s?.state)).toEqual(results.map(() => "completed"));
    });
    expect(hooks.permanent).toEqual([]);
    expect(hooks.dead).toEqual([]);
  });

  it("honours dedup ids: repeats within the call and across calls (and publish) run once", async () => {
    const job = scriptedBatchJob();
    const { queue } = await startQueue([job.definition]);

    const single = await queue.publish("process-message", { messageId: "d0", text: "x" }, { dedupId: "meta:d0" });
    const first = await queue.publishMany("process-message", [
      { payload: { messageId: "d1", text: "x" }, opts: { dedupId: "meta:d1" } },
      { payload: { messageId: "d1", text: "x" }, opts: { dedupId: "meta:d1" } },
      { payload: { messageId: "d0", text: "x" }, opts: { dedupId: "meta:d0" } },
      { payload: { messageId: "n1", text: "x" } },
    ]);
    expect(first).toEqual([
      { id: expect.any(String), deduplicated: false },
      { id: first[0]?.id, deduplicated: true },
      { id: single.id, deduplicated: true },
      { id: expect.any(String), deduplicated: false },
    ]);
    await waitFor(() => job.runs().length === 3, "three runs");
    const again = await queue.publishMany("process-message", [
      { payload: { messageId: "d1", text: "x" }, opts: { dedupId: "meta:d1" } },
    ]);
    expect(again).toEqual([{ id: first[0]?.id, deduplicated: true }]);

    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(job.runsOf("d0")).toHaveLength(1);
    expect(job.runsOf("d1")).toHaveLength(1);
    expect(job.runsOf("n1")).toHaveLength(1);
  });

  it("retries a transiently failed item alone; its batch-mates complete once", async () => {
    const job = scriptedBatchJob((messageId, attempt) =>
      messageId === "flaky" && attempt === 1 ? { ok: false, error: new Error("HubSpot 503") } : { ok: true },
    );
    const { queue, hooks } = await startQueue([job.definition]);
    const ids = await queue.publishMany("process-message", [
      { payload: { messageId: "a", text: "x" } },
      { payload: { messageId: "flaky", text: "x" } },
      { payload: { messageId: "c", text: "x" } },
    ]);

    await waitFor(() => job.runsOf("flaky").length === 2, "the retry", 10_000);
    // One batch (pg-boss fetches same-instant jobs in id order, not publish order).
    expect(job.batches[0]?.map((r) => r.messageId).sort()).toEqual(["a", "c", "flaky"]);
    expect(job.runsOf("flaky").map((r) => r.attempt)).toEqual([1, 2]);
    expect(job.runsOf("a")).toHaveLength(1);
    expect(job.runsOf("c")).toHaveLength(1);
    await vi.waitFor(async () => {
      const [a, flaky, c] = await Promise.all(ids.map((r) => queue.boss.getJobById("process-message", r.id ?? "")));
      expect([a?.state, flaky?.state, c?.state]).toEqual(["completed", "completed", "completed"]);
      expect([a?.retryCount, flaky?.retryCount, c?.retryCount]).toEqual([0, 1, 0]);
    });
    expect(hooks.dead).toEqual([]);
    expect(hooks.permanent).toEqual([]);
  });

  it("records a permanently failed item through onPermanentFailure and never retries it", async () => {
    const job = scriptedBatchJob((messageId) =>
      messageId === "gone" ? { ok: false, error: new PermanentJobError("message gone", { code: "NOT_FOUND" }) } : { ok: true },
    );
    const { queue, hooks } = await startQueue([job.definition]);
    const ids = await queue.publishMany("process-message", [
      { payload: { messageId: "gone", text: "x" } },
      { payload: { messageId: "fine", text: "x" } },
    ]);

    await waitFor(() => hooks.permanent.length === 1, "permanent failure hook");
    expect(hooks.permanent[0]).toEqual({
      name: "process-message",
      payload: { messageId: "gone", text: "x" },
      error: { name: "PermanentJobError", message: "message gone" },
      jobId: ids[0]?.id,
      attempts: 1,
    });
    await vi.waitFor(async () => {
      const gone = await queue.boss.getJobById("process-message", ids[0]?.id ?? "");
      expect(gone).toMatchObject({ state: "completed", retryCount: 0, output: { permanentFailure: { name: "PermanentJobError" } } });
      expect((await queue.boss.getJobById("process-message", ids[1]?.id ?? ""))?.state).toBe("completed");
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // longer than one backoff
    expect(job.runsOf("gone")).toHaveLength(1);
    expect(job.runsOf("fine")).toHaveLength(1);
    expect(hooks.dead).toEqual([]);
  });

  it("dead-letters an item that exhausts its retries, with its own error, job id and attempts", async () => {
    const job = scriptedBatchJob(
      (messageId) => (messageId === "doomed" ? { ok: false, error: new Error("Graph API timeout") } : { ok: true }),
      { retry: { limit: 1, backoffSeconds: 1 } },
    );
    const { queue, hooks } = await startQueue([job.definition]);
    const ids = await queue.publishMany("process-message", [
      { payload: { messageId: "doomed", text: "x" } },
      { payload: { messageId: "ok", text: "x" } },
    ]);

    await waitFor(() => hooks.dead.length === 1, "dead-letter hook", 10_000);
    expect(hooks.dead[0]).toEqual({
      name: "process-message",
      payload: { messageId: "doomed", text: "x" },
      error: { name: "Error", message: "Graph API timeout" },
      jobId: ids[0]?.id,
      attempts: 2,
    });
    expect(job.runsOf("doomed").map((r) => r.attempt)).toEqual([1, 2]);
    expect(job.runsOf("ok")).toHaveLength(1);
    expect((await queue.boss.getJobById("process-message", ids[0]?.id ?? ""))?.state).toBe("failed");
    expect(hooks.permanent).toEqual([]);
  });

  it("fails every item of a batch whose handleBatch throws, and retries them", async () => {
    let calls = 0;
    const definition = defineBatchJob({
      name: "process-message",
      schema: messageSchema,
      batchSize: 10,
      retry: { limit: 2, backoffSeconds: 1 },
      handleBatch: async (items) => {
        calls += 1;
        if (items.some((item) => item.ctx.attempt === 1)) throw new Error("database unavailable");
        return items.map(() => ({ ok: true }));
      },
    });
    const { queue, hooks } = await startQueue([definition]);
    const ids = await queue.publishMany("process-message", messages(3, "t"));
    await vi.waitFor(
      async () => {
        const stored = await Promise.all(ids.map((r) => queue.boss.getJobById("process-message", r.id ?? "")));
        expect(stored.map((s) => [s?.state, s?.retryCount])).toEqual(ids.map(() => ["completed", 1]));
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(hooks.dead).toEqual([]);
  });

  it("honours delaySeconds in publishMany", async () => {
    const job = scriptedBatchJob();
    const { queue } = await startQueue([job.definition]);
    const started = Date.now();
    await queue.publishMany("process-message", [{ payload: { messageId: "late", text: "x" }, opts: { delaySeconds: 1 } }]);
    await waitFor(() => job.runs().length === 1, "delayed run", 5_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it("publishes many jobs of a single-job definition too", async () => {
    const seen: string[] = [];
    const definition = defineJob({
      name: "score-lead",
      schema: messageSchema,
      handler: async (payload) => {
        seen.push(payload.messageId);
      },
    });
    const { queue } = await startQueue([definition]);
    await queue.publishMany("score-lead", messages(5, "s"));
    await waitFor(() => seen.length === 5, "five runs");
    expect(seen.sort()).toEqual(["s0", "s1", "s2", "s3", "s4"]);
  });

  it("rejects the whole call when one payload is bad, before anything is inserted", async () => {
    const job = scriptedBatchJob();
    const { queue } = await startQueue([job.definition]);
    const error = await queue
      .publishMany("process-message", [
        { payload: { messageId: "good", text: "x" } },
        // @ts-expect-error -- the payload type is checked at compile time too
        { payload: { messageId: "" } },
      ])
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(QueuePublishError);
    expect((error as Error).message).toMatch(/Cannot publish job "process-message": invalid payload/);
    expect(await countJobs(queue.boss, "process-message")).toBe(0);
    expect(job.runs()).toEqual([]);
    expect(await queue.publishMany("process-message", [])).toEqual([]);
  });

  it("rejects with QueuePublishError when the database is gone", async () => {
    const doomed = await createTestDatabase();
    try {
      const job = scriptedBatchJob();
      const { queue } = await startQueue([job.definition], doomed.url);
      await doomed.drop(); // terminates the queue's connections; new ones are refused
      const error = await queue.publishMany("process-message", messages(2)).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(QueuePublishError);
      expect((error as Error).message).toMatch(/Could not enqueue 2 "process-message" jobs \(.*does not exist/);
    } finally {
      await doomed.drop();
    }
  });
});

describe("local queue batch linger (pg-boss over real PostgreSQL)", () => {
  // Polling is slow here, so every run below comes from an in-process wake-up.
  const quiet = { pollingIntervalSeconds: 60 };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("forms batches from single jobs published at a steady rate", async () => {
    const job = scriptedBatchJob();
    const { queue } = await startQueue([job.definition], db.url, { ...quiet, batchLingerMs: 150 });
    for (const [i, item] of messages(12).entries()) {
      await queue.publish("process-message", item.payload);
      if (i < 11) await sleep(10);
    }
    await waitFor(() => job.runs().length === 12, "12 runs", 5_000);
    expect(job.batches.length).toBeLessThanOrEqual(4); // the first alone (after a quiet spell), the rest gathered
    expect(Math.max(...job.batches.map((b) => b.length))).toBeGreaterThanOrEqual(5);
  });

  it("runs a lone job at once after a quiet spell, and a trickled one within the bound", async () => {
    const job = scriptedBatchJob();
    const { queue } = await startQueue([job.definition], db.url, { ...quiet, batchLingerMs: 100 });
    let started = Date.now();
    await queue.publish("process-message", { messageId: "lone", text: "x" });
    await waitFor(() => job.runs().length === 1, "the lone job");
    const loneMs = Date.now() - started;
    started = Date.now();
    await queue.publish("process-message", { messageId: "next", text: "x" }); // the previous came < 100 ms ago
    await waitFor(() => job.runs().length === 2, "the next job");
    const nextMs = Date.now() - started;
    expect(loneMs).toBeLessThan(500);
    expect(nextMs).toBeLessThan(100 + 500);
  });

  it("loses nothing when stopped while a wake-up lingers: the job runs after the next start", async () => {
    const job = scriptedBatchJob();
    const schema = `pgboss_linger${schemaCounter}`;
    const { queue } = await startQueue([job.definition], db.url, { ...quiet, batchLingerMs: 200, schema });
    await queue.publish("process-message", { messageId: "first", text: "x" });
    await waitFor(() => job.runs().length === 1, "the first job");
    await queue.publish("process-message", { messageId: "lingering", text: "x" });
    await queue.stop();
    await sleep(300);
    expect(job.runsOf("lingering")).toEqual([]);

    await startQueue([job.definition], db.url, { ...quiet, batchLingerMs: 200, schema });
    await waitFor(() => job.runsOf("lingering").length === 1, "the lingering job after restart");
    expect(job.runs().map((r) => r.messageId)).toEqual(["first", "lingering"]);
  });
});
