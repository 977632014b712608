import { describe, expect, it, vi } from "vitest";
import { cacheConfigSchema, createCache } from "./create-cache";

describe("createCache", () => {
  it("builds the local cache from a local config", async () => {
    const cache = createCache(cacheConfigSchema.parse({ kind: "local", maxEntries: 10 }), { logger: { warn: vi.fn() } });
    await cache.set("k", "v", 60);
    expect(await cache.get("k")).toBe("v");
  });

  it("rejects a partial Upstash configuration instead of falling back", () => {
    expect(cacheConfigSchema.safeParse({ kind: "upstash", url: "https://example.upstash.io" }).success).toBe(false);
    expect(cacheConfigSchema.safeParse({ kind: "upstash", url: "not a url", token: "t" }).success).toBe(false);
    expect(cacheConfigSchema.safeParse({ kind: "upstash", url: "https://example.upstash.io", token: "t" }).success).toBe(true);
  });
});
