import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DOWN_REDIS_URL, startTestBridge } from "../../../../tests/fakes/upstash-redis/start-test-bridge";
import { describeLimiterContract, TEST_POLICIES } from "../../../../tests/contracts/describe-limiter-contract";
import { POLICY_NAMES } from "./policies";
import { createUpstashLimiter, type LimiterLogger } from "./upstash-limiter";

type Bridge = Awaited<ReturnType<typeof startTestBridge>>;
const quietLogger = () => ({ error: vi.fn<LimiterLogger["error"]>() });

let bridge: Bridge;
beforeAll(async () => {
  bridge = await startTestBridge();
});
afterAll(async () => {
  await bridge.stop();
});

// Each limiter gets its own prefix: @upstash/ratelimit keeps an in-process cache of blocked keys
// per instance, and the contract must hold against Redis, not that cache.
describeLimiterContract("@upstash/ratelimit over the REST bridge", () =>
  createUpstashLimiter(
    { url: bridge.url, token: bridge.token, prefix: `rl-${randomUUID()}`, policies: TEST_POLICIES },
    { logger: quietLogger() },
  ),
);

describe("upstash limiter when the store is unreachable", () => {
  async function expectPolicyOutageBehaviour(url: string, token: string) {
    const logger = quietLogger();
    const limiter = createUpstashLimiter({ url, token, policies: TEST_POLICIES, timeoutMs: 500 }, { logger });
    for (const name of POLICY_NAMES) {
      const result = await limiter.limit(name, "203.0.113.7");
      expect({ name, success: result.success }).toEqual({ name, success: TEST_POLICIES[name].onOutage === "fail-open" });
    }
    expect(logger.error).toHaveBeenCalledTimes(POLICY_NAMES.length);
    const logged = JSON.stringify(logger.error.mock.calls);
    expect(logged).not.toContain("203.0.113.7"); // keys (IPs, accounts) stay out of logs
    return logged;
  }

  it("fails open for api/webhook/ai and closed for login/signup when Redis is down", async () => {
    const down = await startTestBridge({ redisUrl: DOWN_REDIS_URL });
    try {
      await expectPolicyOutageBehaviour(down.url, down.token);
    } finally {
      await down.stop();
    }
  });

  it("does the same when the bridge is gone", async () => {
    const gone = await startTestBridge();
    await gone.stop();
    await expectPolicyOutageBehaviour(gone.url, gone.token);
  });

  it("treats a bad token (401) as an outage and logs it clearly", async () => {
    const logged = await expectPolicyOutageBehaviour(bridge.url, "wrong-token");
    expect(logged).toContain("Unauthorized");
  });
});
