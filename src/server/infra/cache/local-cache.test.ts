import { describe, expect, it } from "vitest";
import { describeCacheContract } from "../../../../tests/contracts/describe-cache-contract";
import { createLocalCache } from "./local-cache";

describeCacheContract("local LRU", () => createLocalCache({ maxEntries: 100 }));

describe("local cache", () => {
  it("evicts the least recently used entry beyond maxEntries", async () => {
    const cache = createLocalCache({ maxEntries: 2 });
    await cache.set("a", "1", 60);
    await cache.set("b", "2", 60);
    await cache.get("a"); // a is now the most recently used
    await cache.set("c", "3", 60);
    expect(await cache.get("b")).toBeNull();
    expect(await cache.get("a")).toBe("1");
    expect(await cache.get("c")).toBe("3");
  });
});
