import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { bindJobHandlers, checkBindingMatchesCatalog } from "@/server/infra/jobs/bind-handlers";
import { jobCatalog } from "@/server/infra/jobs/catalog";
import { createJobCatalog, createJobRegistry, defineBatchJob, defineJob, type JobContract } from "@/server/infra/queue/define-job";

const schema = z.object({ id: z.string() });
const contract = { name: "ping", schema, batchSize: 10, retry: { limit: 2, backoffSeconds: 3 }, timeoutSeconds: 30 } as const;
const catalog = createJobCatalog([contract]);
const handleBatch = async () => [];

describe("bindJobHandlers", () => {
  it("binds every catalog job with the catalog's own policy", () => {
    const registry = bindJobHandlers({ publish: vi.fn() });
    expect(registry.definitions.map((d) => d.name)).toEqual(jobCatalog.definitions.map((c) => c.name));
    const contracts: readonly JobContract[] = jobCatalog.definitions;
    for (const c of contracts) {
      const d = registry.get(c.name)!;
      expect({ retry: d.retry, timeout: d.timeoutSeconds, batch: d.batch?.size, schema: d.schema }).toEqual({ retry: c.retry, timeout: c.timeoutSeconds, batch: c.batchSize, schema: c.schema });
    }
  });
});

describe("checkBindingMatchesCatalog", () => {
  it("accepts a binding of exactly the catalog", () => {
    expect(() => checkBindingMatchesCatalog(createJobRegistry([defineBatchJob({ ...contract, handleBatch })]), catalog)).not.toThrow();
  });

  it("names a catalog job without a handler and a handler without a contract", () => {
    const other = defineJob({ name: "pong", schema, handler: async () => undefined });
    expect(() => checkBindingMatchesCatalog(createJobRegistry([other]), catalog)).toThrow(/without handler: ping; not in catalog: pong/);
  });

  it("rejects a binding whose retry, batch size or schema drifted from the contract", () => {
    const drifted = [
      defineBatchJob({ ...contract, retry: { limit: 5, backoffSeconds: 3 }, handleBatch }),
      defineBatchJob({ ...contract, batchSize: 20, handleBatch }),
      defineJob({ ...contract, handler: async () => undefined }),
      defineBatchJob({ ...contract, schema: z.object({ id: z.string() }), handleBatch }),
    ];
    for (const definition of drifted) {
      expect(() => checkBindingMatchesCatalog(createJobRegistry([definition]), catalog)).toThrow(/"ping" is bound with a schema, retry, timeout or batch size other than/);
    }
  });
});
