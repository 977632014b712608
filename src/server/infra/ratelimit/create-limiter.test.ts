import { describe, expect, it, vi } from "vitest";
import { createLimiter, limiterConfigSchema } from "./create-limiter";

describe("createLimiter", () => {
  it("builds the local limiter with the real policy table by default", async () => {
    const limiter = createLimiter(limiterConfigSchema.parse({ kind: "local" }), { logger: { error: vi.fn() } });
    expect(await limiter.limit("login-account", "acct_1")).toMatchObject({ success: true, limit: 5, remaining: 4 });
  });

  it("rejects a partial Upstash configuration", () => {
    expect(limiterConfigSchema.safeParse({ kind: "upstash", token: "t" }).success).toBe(false);
  });
});
