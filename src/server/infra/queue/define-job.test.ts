import pino from "pino";
import { describe, expect, it } from "vitest";
import { z } from "zod";

import {
  createJobCatalog,
  createJobRegistry,
  DEFAULT_RETRY,
  defineBatchJob,
  defineJob,
  isBatchJob,
  PermanentJobError,
  type BatchItemResult,
  type JobContext,
} from "@/server/infra/queue/define-job";

const noop = async () => {};

describe("defineJob", () => {
  it("fills in the default retry policy and timeout", () => {
    const job = defineJob({ name: "send-reply", schema: z.object({ id: z.string() }), handler: noop });
    expect(job.retry).toEqual(DEFAULT_RETRY);
    expect(job.timeoutSeconds).toBe(60);
  });

  it("merges a partial retry policy", () => {
    const job = defineJob({ name: "a", schema: z.object({}), handler: noop, retry: { limit: 0 } });
    expect(job.retry).toEqual({ limit: 0, backoffSeconds: DEFAULT_RETRY.backoffSeconds });
  });

  it.each([
    [{ name: "Bad_Name" }, /kebab-case/],
    [{ name: "ok", retry: { limit: -1 } }, /retry.limit/],
    [{ name: "ok", retry: { backoffSeconds: 0 } }, /backoffSeconds/],
    [{ name: "ok", timeoutSeconds: 0 }, /timeoutSeconds/],
  ])("rejects an invalid definition %o", (overrides, message) => {
    expect(() => defineJob({ schema: z.object({}), handler: noop, ...overrides })).toThrow(message);
  });
});

describe("createJobRegistry", () => {
  it("looks definitions up by name", () => {
    const a = defineJob({ name: "a", schema: z.object({}), handler: noop });
    const b = defineJob({ name: "b", schema: z.object({}), handler: noop });
    const registry = createJobRegistry([a, b]);
    expect(registry.get("b")).toBe(b);
    expect(registry.get("c")).toBeUndefined();
    expect(registry.definitions.map((d) => d.name)).toEqual(["a", "b"]);
  });

  it("rejects duplicate names", () => {
    const a = defineJob({ name: "a", schema: z.object({}), handler: noop });
    const again = defineJob({ name: "a", schema: z.object({ x: z.number() }), handler: noop });
    expect(() => createJobRegistry([a, again])).toThrow(/Duplicate job name "a"/);
  });
});

describe("defineBatchJob", () => {
  const schema = z.object({ id: z.string() });
  const ctx: JobContext = { jobId: "j1", attempt: 2, log: pino({ level: "silent" }), signal: new AbortController().signal };
  const batchJob = (handleBatch: () => Promise<BatchItemResult[]>, batchSize = 10) =>
    defineBatchJob({ name: "process-message", schema, batchSize, handleBatch, retry: { limit: 1 }, timeoutSeconds: 30 });

  it("is a job definition with a batch spec and the usual defaults", () => {
    const job = batchJob(async () => [{ ok: true }], 25);
    expect(job.batch.size).toBe(25);
    expect(job.retry).toEqual({ limit: 1, backoffSeconds: DEFAULT_RETRY.backoffSeconds });
    expect(job.timeoutSeconds).toBe(30);
    expect(isBatchJob(job)).toBe(true);
    expect(isBatchJob(defineJob({ name: "a", schema, handler: noop }))).toBe(false);
    expect(createJobRegistry([job]).get("process-message")).toBe(job);
  });

  it.each([0, 101, 2.5, Number.NaN])("rejects batchSize %s", (batchSize) => {
    expect(() => batchJob(async () => [], batchSize)).toThrow(/batchSize must be an integer in 1\.\.100/);
  });

  it("accepts the bounds 1 and 100, and still checks the rest of the definition", () => {
    expect(batchJob(async () => [], 1).batch.size).toBe(1);
    expect(batchJob(async () => [], 100).batch.size).toBe(100);
    expect(() => defineBatchJob({ name: "Bad", schema, batchSize: 5, handleBatch: async () => [] })).toThrow(/kebab-case/);
  });

  it("runs a single payload through handleBatch as a batch of one", async () => {
    const seen: unknown[] = [];
    const job = defineBatchJob({
      name: "b",
      schema,
      batchSize: 10,
      handleBatch: async (items, batchCtx) => {
        seen.push(items.map((item) => [item.payload, item.ctx.jobId, item.ctx.attempt]), batchCtx.signal === ctx.signal);
        return [{ ok: true }];
      },
    });
    await job.handler({ id: "x" }, ctx);
    expect(seen).toEqual([[[{ id: "x" }, "j1", 2]], true]);
  });

  it("rethrows the item's error from the single handler, PermanentJobError included", async () => {
    const transient = new Error("HubSpot 503");
    await expect(batchJob(async () => [{ ok: false, error: transient }]).handler({ id: "x" }, ctx)).rejects.toBe(transient);

    const permanent = new PermanentJobError("message gone", { code: "NOT_FOUND" });
    const error = await batchJob(async () => [{ ok: false, error: permanent }])
      .handler({ id: "x" }, ctx)
      .catch((err: unknown) => err);
    expect(error).toBe(permanent);
    expect(error).toBeInstanceOf(PermanentJobError);
  });

  it("fails the single handler when handleBatch returns the wrong number of results", async () => {
    await expect(batchJob(async () => []).handler({ id: "x" }, ctx)).rejects.toThrow(/returned 0 results for 1 items/);
    await expect(batchJob(async () => [{ ok: true }, { ok: true }]).handler({ id: "x" }, ctx)).rejects.toMatchObject({
      name: "InvalidBatchResult",
    });
  });
});

describe("createJobCatalog", () => {
  const schema = z.object({});
  const contract = { name: "tick", schema, retry: { limit: 1, backoffSeconds: 1 }, timeoutSeconds: 10 } as const;

  it("indexes contracts by name", () => {
    const catalog = createJobCatalog([contract]);
    expect(catalog.get("tick")).toBe(contract);
    expect(catalog.get("tock")).toBeUndefined();
  });

  it("rejects a duplicate name, a bad name, retry, timeout or batch size as defineJob would", () => {
    expect(() => createJobCatalog([contract, contract])).toThrow(/Duplicate job name "tick" in the job catalog/);
    expect(() => createJobCatalog([{ ...contract, name: "Tick" }])).toThrow(/kebab-case/);
    expect(() => createJobCatalog([{ ...contract, retry: { limit: 99, backoffSeconds: 1 } }])).toThrow(/retry.limit/);
    expect(() => createJobCatalog([{ ...contract, timeoutSeconds: 0 }])).toThrow(/timeoutSeconds/);
    expect(() => createJobCatalog([{ ...contract, batchSize: 500 }])).toThrow(/batchSize/);
  });
});
