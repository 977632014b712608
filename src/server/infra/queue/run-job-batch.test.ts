import pino from "pino";
import { describe, expect, it } from "vitest";
import { z } from "zod";

import {
  defineBatchJob,
  PermanentJobError,
  type BatchContext,
  type BatchItem,
  type BatchItemResult,
} from "@/server/infra/queue/define-job";
import { runJobBatch } from "@/server/infra/queue/run-job-batch";

const log = pino({ level: "silent" });
const schema = z.object({ text: z.string().trim(), count: z.number().int() });
type Payload = z.output<typeof schema>;

function batchJob(
  handleBatch: (items: BatchItem<Payload>[], ctx: BatchContext) => Promise<BatchItemResult[]>,
  timeoutSeconds = 5,
) {
  return defineBatchJob({ name: "t", schema, batchSize: 10, handleBatch, timeoutSeconds });
}

const jobs = (...payloads: unknown[]) => payloads.map((payload, i) => ({ payload, jobId: `j${i}`, attempt: i + 1 }));

describe("runJobBatch", () => {
  it("hands valid payloads to handleBatch in one call and fails invalid ones permanently, in job order", async () => {
    const calls: Array<Array<[Payload, string, number]>> = [];
    const definition = batchJob(async (items) => {
      calls.push(items.map((item) => [item.payload, item.ctx.jobId, item.ctx.attempt]));
      return items.map(() => ({ ok: true }));
    });
    const outcomes = await runJobBatch({
      definition,
      jobs: jobs({ text: " a ", count: 1 }, { text: "secret@example.com", count: "x" }, { text: "c", count: 3 }),
      log,
    });
    expect(calls).toEqual([
      [
        [{ text: "a", count: 1 }, "j0", 1],
        [{ text: "c", count: 3 }, "j2", 3],
      ],
    ]);
    expect(outcomes).toEqual([
      { status: "succeeded" },
      { status: "permanent-failure", error: { name: "InvalidJobPayload", message: expect.stringMatching(/count: Invalid input/) } },
      { status: "succeeded" },
    ]);
    expect(JSON.stringify(outcomes)).not.toContain("secret@example.com");
  });

  it("does not call handleBatch when no payload is valid", async () => {
    let called = false;
    const definition = batchJob(async () => {
      called = true;
      return [];
    });
    const outcomes = await runJobBatch({ definition, jobs: jobs({}, { text: 1 }), log });
    expect(called).toBe(false);
    expect(outcomes.map((o) => o.status)).toEqual(["permanent-failure", "permanent-failure"]);
    expect(await runJobBatch({ definition, jobs: [], log })).toEqual([]);
  });

  it("classifies each item's error: PermanentJobError permanent, anything else transient", async () => {
    const definition = batchJob(async () => [
      { ok: true },
      { ok: false, error: new PermanentJobError("message 42 does not exist") },
      { ok: false, error: new Error("ECONNRESET") },
      { ok: false, error: "a string" },
    ]);
    const payload = { text: "a", count: 1 };
    const outcomes = await runJobBatch({ definition, jobs: jobs(payload, payload, payload, payload), log });
    expect(outcomes).toEqual([
      { status: "succeeded" },
      { status: "permanent-failure", error: { name: "PermanentJobError", message: "message 42 does not exist" } },
      { status: "transient-failure", error: { name: "Error", message: "ECONNRESET" } },
      { status: "transient-failure", error: { name: "NonErrorThrown", message: "a string" } },
    ]);
  });

  it("gives every valid item handleBatch's own error, keeping invalid ones permanent", async () => {
    const payload = { text: "a", count: 1 };
    const transient = await runJobBatch({
      definition: batchJob(async () => {
        throw new Error("database unavailable");
      }),
      jobs: jobs(payload, { bad: true }, payload),
      log,
    });
    expect(transient).toEqual([
      { status: "transient-failure", error: { name: "Error", message: "database unavailable" } },
      { status: "permanent-failure", error: expect.objectContaining({ name: "InvalidJobPayload" }) },
      { status: "transient-failure", error: { name: "Error", message: "database unavailable" } },
    ]);

    const permanent = await runJobBatch({
      definition: batchJob(async () => {
        throw new PermanentJobError("workspace deleted");
      }),
      jobs: jobs(payload, payload),
      log,
    });
    expect(permanent.map((o) => [o.status, "error" in o ? o.error.name : undefined])).toEqual([
      ["permanent-failure", "PermanentJobError"],
      ["permanent-failure", "PermanentJobError"],
    ]);
  });

  it("catches a handleBatch that throws synchronously", async () => {
    const definition = batchJob((() => {
      throw new Error("sync boom");
    }) as () => Promise<BatchItemResult[]>);
    const outcomes = await runJobBatch({ definition, jobs: jobs({ text: "a", count: 1 }), log });
    expect(outcomes).toEqual([{ status: "transient-failure", error: { name: "Error", message: "sync boom" } }]);
  });

  it("treats a result array of the wrong length as a transient failure of every item", async () => {
    const definition = batchJob(async () => [{ ok: true }]);
    const payload = { text: "a", count: 1 };
    const outcomes = await runJobBatch({ definition, jobs: jobs(payload, payload), log });
    expect(outcomes).toEqual([
      { status: "transient-failure", error: { name: "InvalidBatchResult", message: 'Job "t": handleBatch returned 1 results for 2 items' } },
      { status: "transient-failure", error: { name: "InvalidBatchResult", message: 'Job "t": handleBatch returned 1 results for 2 items' } },
    ]);
  });

  it("times the batch out as a transient failure of every item and aborts the shared signal", async () => {
    const signals: AbortSignal[] = [];
    const definition = batchJob(async (items, ctx) => {
      signals.push(ctx.signal, ...items.map((item) => item.ctx.signal));
      await new Promise(() => {}); // never settles
      return [];
    }, 1);
    const started = Date.now();
    const payload = { text: "a", count: 1 };
    const outcomes = await runJobBatch({ definition, jobs: jobs(payload, payload), log });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(outcomes).toEqual([
      { status: "transient-failure", error: expect.objectContaining({ name: "JobTimeoutError" }) },
      { status: "transient-failure", error: expect.objectContaining({ name: "JobTimeoutError" }) },
    ]);
    expect(signals).toHaveLength(3);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
  });
});
