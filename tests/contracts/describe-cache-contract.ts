import { describe, expect, it } from "vitest";
import type { CachePort } from "../../src/shared/cache-port";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The behaviour every CachePort implementation must have; run once per implementation. */
export function describeCacheContract(name: string, makeCache: () => CachePort): void {
  describe(`CachePort contract: ${name}`, () => {
    it("returns null for a key never set", async () => {
      expect(await makeCache().get(`missing-${Math.random()}`)).toBeNull();
    });

    it("returns what was set, byte for byte, without reinterpreting it", async () => {
      const cache = makeCache();
      const values = ['{"reply":"Hi ✓"}', "123", "null", "true", "", "line\nbreak", "emoji 🚀 ünïcode"];
      for (const [i, value] of values.entries()) await cache.set(`value-${i}`, value, 60);
      for (const [i, value] of values.entries()) expect(await cache.get(`value-${i}`)).toBe(value);
    });

    it("overwrites and deletes", async () => {
      const cache = makeCache();
      await cache.set("k", "first", 60);
      await cache.set("k", "second", 60);
      expect(await cache.get("k")).toBe("second");
      await cache.delete("k");
      expect(await cache.get("k")).toBeNull();
      await expect(cache.delete("never-set")).resolves.toBeUndefined();
    });

    it("expires entries after their TTL", async () => {
      const cache = makeCache();
      await cache.set("short", "v", 1);
      await cache.set("long", "v", 60);
      expect(await cache.get("short")).toBe("v");
      await sleep(1_150);
      expect(await cache.get("short")).toBeNull();
      expect(await cache.get("long")).toBe("v");
    });

    it("rejects a TTL that is not a positive number of seconds", async () => {
      const cache = makeCache();
      await expect(cache.set("k", "v", 0)).rejects.toThrow(RangeError);
      await expect(cache.set("k", "v", Number.NaN)).rejects.toThrow(RangeError);
    });
  });
}
