import { randomUUID } from "node:crypto";
import { startUpstashRedisBridge, type UpstashRedisBridge } from "./server";

/** The Redis the tests run against; CI or a developer can point elsewhere. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** A Redis URL nothing listens on, for outage tests. */
export const DOWN_REDIS_URL = "redis://127.0.0.1:1";

/**
 * A bridge over the test Redis with a key prefix unique to this run, so parallel test files and
 * repeated runs never see each other's keys. `stop()` deletes the keys and closes the bridge.
 */
export async function startTestBridge(
  options: { redisUrl?: string; token?: string } = {},
): Promise<UpstashRedisBridge & { stop(): Promise<void> }> {
  const bridge = await startUpstashRedisBridge({
    redisUrl: options.redisUrl ?? TEST_REDIS_URL,
    token: options.token ?? `test-token-${randomUUID()}`,
    keyPrefix: `test:${randomUUID()}:`,
  });
  return {
    ...bridge,
    async stop() {
      if ((options.redisUrl ?? TEST_REDIS_URL) !== DOWN_REDIS_URL) await bridge.deleteKeys();
      await bridge.close();
    },
  };
}
