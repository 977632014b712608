import { describe, expect, it } from "vitest";
import { z } from "zod";

import { createJobRegistry, DEFAULT_RETRY, defineJob } from "@/server/queue/define-job";

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
