import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DOWN_REDIS_URL, startTestBridge } from "../../../../tests/fakes/upstash-redis/start-test-bridge";
import { describeCacheContract } from "../../../../tests/contracts/describe-cache-contract";
import { createUpstashCache, type CacheLogger } from "./upstash-cache";

type Bridge = Awaited<ReturnType<typeof startTestBridge>>;
const quietLogger = () => ({ warn: vi.fn<CacheLogger["warn"]>() });

let bridge: Bridge;
beforeAll(async () => {
  bridge = await startTestBridge();
});
afterAll(async () => {
  await bridge.stop();
});

describeCacheContract("Upstash over the REST bridge", () =>
  createUpstashCache({ url: bridge.url, token: bridge.token }, { logger: quietLogger() }),
);

describe("upstash cache keys", () => {
  it("namespaces keys with keyPrefix so two caches on one Redis stay apart", async () => {
    const a = createUpstashCache({ url: bridge.url, token: bridge.token, keyPrefix: "a:" }, { logger: quietLogger() });
    const b = createUpstashCache({ url: bridge.url, token: bridge.token, keyPrefix: "b:" }, { logger: quietLogger() });
    await a.set("same", "from-a", 60);
    expect(await b.get("same")).toBeNull();
    expect(await a.get("same")).toBe("from-a");
  });
});

describe("upstash cache degrades instead of failing", () => {
  async function expectDegraded(url: string, token: string, timeoutMs?: number) {
    const logger = quietLogger();
    const cache = createUpstashCache({ url, token, timeoutMs }, { logger });
    await expect(cache.get("k")).resolves.toBeNull();
    await expect(cache.set("k", "v", 60)).resolves.toBeUndefined();
    await expect(cache.delete("k")).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(3);
    const ops = logger.warn.mock.calls.map(([details]) => (details as { op: string }).op);
    expect(ops).toEqual(["get", "set", "delete"]);
    return logger.warn.mock.calls.map(([details]) => String((details as { err: unknown }).err));
  }

  it("when Redis behind the bridge is down", async () => {
    const down = await startTestBridge({ redisUrl: DOWN_REDIS_URL });
    try {
      const errors = await expectDegraded(down.url, down.token);
      expect(errors[0]).toMatch(/Unable to reach the Redis server/);
    } finally {
      await down.stop();
    }
  });

  it("when the bridge itself is gone", async () => {
    const gone = await startTestBridge();
    await gone.stop();
    await expectDegraded(gone.url, gone.token);
  });

  it("when the token is wrong (401), logging a clear error without the command", async () => {
    const errors = await expectDegraded(bridge.url, "wrong-token");
    expect(errors[0]).toMatch(/Unauthorized/);
    expect(errors.join(" ")).not.toMatch(/command was/);
  });

  it("when Redis does not answer within the timeout", async () => {
    const hanging: Server = createServer(() => undefined); // accepts, never responds
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    const { port } = hanging.address() as AddressInfo;
    const started = Date.now();
    try {
      await expectDegraded(`http://127.0.0.1:${port}`, "t", 200);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });
});
