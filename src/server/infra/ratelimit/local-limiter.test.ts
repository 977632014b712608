import { describe, expect, it } from "vitest";
import { describeLimiterContract, TEST_LIMIT, TEST_POLICIES } from "../../../../tests/contracts/describe-limiter-contract";
import { createLocalLimiter } from "./local-limiter";

describeLimiterContract("in-process sliding window", () => createLocalLimiter({ policies: TEST_POLICIES }));

describe("local limiter memory bound", () => {
  it("keeps at most maxKeysPerPolicy keys, dropping the least recently used", async () => {
    const limiter = createLocalLimiter({ policies: TEST_POLICIES, maxKeysPerPolicy: 2 });
    for (let i = 0; i < TEST_LIMIT; i++) await limiter.limit("api", "a");
    expect((await limiter.limit("api", "a")).success).toBe(false);
    await limiter.limit("api", "b");
    await limiter.limit("api", "c"); // "a" is the least recently used and goes
    expect((await limiter.limit("api", "a")).success).toBe(true);
  });
});
