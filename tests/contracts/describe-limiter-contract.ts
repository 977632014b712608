import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { RateLimiter } from "../../src/server/infra/ratelimit/limiter-port";
import { POLICY_NAMES, RATE_LIMIT_POLICIES, type PolicyTable } from "../../src/server/infra/ratelimit/policies";

export const TEST_LIMIT = 3;
export const TEST_WINDOW_MS = 600;

/** The real table with short windows, so a contract run takes seconds, not hours. */
export const TEST_POLICIES: PolicyTable = Object.fromEntries(
  POLICY_NAMES.map((name) => [name, { ...RATE_LIMIT_POLICIES[name], limit: TEST_LIMIT, windowMs: TEST_WINDOW_MS }]),
) as PolicyTable;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits for a fresh fixed window, so a burst cannot straddle a boundary (the previous bucket
 * would then still count, weighted, and the exact sequences below would shift by one).
 */
const atWindowStart = () => sleep(TEST_WINDOW_MS - (Date.now() % TEST_WINDOW_MS) + 5);

/** The behaviour every RateLimiter must have; `makeLimiter` must use TEST_POLICIES. */
export function describeLimiterContract(name: string, makeLimiter: () => RateLimiter): void {
  describe(`RateLimiter contract: ${name}`, () => {
    it("allows the limit, then blocks, counting remaining down", async () => {
      const limiter = makeLimiter();
      await atWindowStart();
      const tenant = `tenant-${randomUUID()}`;
      const before = Date.now();
      const results = [];
      for (let i = 0; i < TEST_LIMIT + 2; i++) results.push(await limiter.limit("api", tenant));
      expect(results.map((r) => r.success)).toEqual([true, true, true, false, false]);
      expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0, 0]);
      for (const r of results) {
        expect(r.limit).toBe(TEST_LIMIT);
        expect(r.resetMs).toBeGreaterThan(before);
        expect(r.resetMs).toBeLessThanOrEqual(Date.now() + TEST_WINDOW_MS);
      }
    });

    it("recovers once the sliding window has passed", async () => {
      const limiter = makeLimiter();
      await atWindowStart();
      const tenant = `tenant-${randomUUID()}`;
      for (let i = 0; i < TEST_LIMIT; i++) await limiter.limit("ai", tenant);
      expect((await limiter.limit("ai", tenant)).success).toBe(false);
      // The window slides over two fixed buckets: after two windows nothing of the burst counts.
      await sleep(2 * TEST_WINDOW_MS + 50);
      const after = await limiter.limit("ai", tenant);
      expect(after.success).toBe(true);
      expect(after.remaining).toBe(TEST_LIMIT - 1);
    });

    it("isolates tenants: tenant A exhausted does not block tenant B", async () => {
      const limiter = makeLimiter();
      await atWindowStart();
      const [a, b] = [`tenant-a-${randomUUID()}`, `tenant-b-${randomUUID()}`];
      for (let i = 0; i < TEST_LIMIT + 1; i++) await limiter.limit("api", a);
      expect((await limiter.limit("api", a)).success).toBe(false);
      expect((await limiter.limit("api", b)).success).toBe(true);
    });

    it("namespaces keys by policy: one route class exhausted leaves the others alone", async () => {
      const limiter = makeLimiter();
      await atWindowStart();
      const key = `shared-${randomUUID()}`;
      for (let i = 0; i < TEST_LIMIT + 1; i++) await limiter.limit("webhook", key);
      expect((await limiter.limit("webhook", key)).success).toBe(false);
      for (const other of POLICY_NAMES.filter((p) => p !== "webhook")) {
        expect((await limiter.limit(other, key)).success).toBe(true);
      }
    });

    it("keeps keys that only differ around separators apart", async () => {
      const limiter = makeLimiter();
      const id = randomUUID();
      for (let i = 0; i < TEST_LIMIT + 1; i++) await limiter.limit("login-account", `${id}:1`);
      expect((await limiter.limit("login-account", id)).success).toBe(true);
    });

    it("rejects an empty key", async () => {
      await expect(makeLimiter().limit("api", "")).rejects.toThrow(TypeError);
    });
  });
}
