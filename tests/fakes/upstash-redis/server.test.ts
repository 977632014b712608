import { createHash, randomUUID } from "node:crypto";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOWN_REDIS_URL, startTestBridge } from "./start-test-bridge";

type Bridge = Awaited<ReturnType<typeof startTestBridge>>;

let bridge: Bridge;
beforeAll(async () => {
  bridge = await startTestBridge();
});
afterAll(async () => {
  await bridge.stop();
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}, target = bridge) {
  const res = await fetch(`${target.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${target.token}`, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

const client = (options: { responseEncoding?: false } = {}) =>
  new Redis({ url: bridge.url, token: bridge.token, enableTelemetry: false, ...options });

describe.each([
  ["base64 responses (the client default)", {}],
  ["plain responses", { responseEncoding: false as const }],
])("@upstash/redis against the bridge, %s", (_name, options) => {
  it("runs string, counter and key commands", async () => {
    const redis = client(options);
    const key = `k-${randomUUID()}`;
    expect(await redis.set(key, "héllo ✓ 🚀")).toBe("OK");
    expect(await redis.get(key)).toBe("héllo ✓ 🚀");
    expect(await redis.set(`${key}:ex`, "v", { ex: 60 })).toBe("OK");
    expect(await redis.ttl(`${key}:ex`)).toBeGreaterThan(55);
    expect(await redis.incr(`${key}:n`)).toBe(1);
    expect(await redis.incrby(`${key}:n`, 4)).toBe(5);
    expect(await redis.del(key, `${key}:ex`, `${key}:n`)).toBe(3);
    expect(await redis.get(key)).toBeNull();
  });

  it("runs hash, sorted-set and stream commands", async () => {
    const redis = client(options);
    const key = `k-${randomUUID()}`;
    await redis.hset(`${key}:h`, { name: "x", count: 2 });
    expect(await redis.hgetall(`${key}:h`)).toEqual({ name: "x", count: 2 });
    expect(await redis.zadd(`${key}:z`, { score: 1.5, member: "a" }, { score: 3, member: "b" })).toBe(2);
    expect(await redis.zrange(`${key}:z`, 0, -1, { withScores: true })).toEqual(["a", 1.5, "b", 3]);
    const id = await redis.xadd(`${key}:s`, "*", { data: "payload" });
    expect(id).toMatch(/^\d+-\d+$/);
    expect(await redis.xrange(`${key}:s`, "-", "+")).toEqual({ [id]: { data: "payload" } });
  });

  it("runs EVAL, SCRIPT LOAD and EVALSHA, with NOSCRIPT for unknown scripts", async () => {
    const redis = client(options);
    const key = `k-${randomUUID()}`;
    expect(await redis.eval("return redis.call('INCRBY', KEYS[1], ARGV[1])", [key], [7])).toBe(7);
    const script = "return {ARGV[1], tonumber(ARGV[2]) * 2}";
    const sha = await redis.scriptLoad(script);
    expect(sha).toBe(createHash("sha1").update(script).digest("hex"));
    expect(await redis.evalsha(sha, [], ["x", 21])).toEqual(["x", 42]);
    await expect(redis.evalsha("0".repeat(40), [], [])).rejects.toThrow(/NOSCRIPT/);
  });

  it("runs pipelines and transactions", async () => {
    const redis = client(options);
    const key = `k-${randomUUID()}`;
    const pipeline = redis.pipeline();
    pipeline.set(key, "1");
    pipeline.incr(key);
    pipeline.get(key);
    expect(await pipeline.exec()).toEqual(["OK", 2, 2]); // the client JSON-parses "2"
    const tx = redis.multi();
    tx.incr(key);
    tx.incr(key);
    expect(await tx.exec()).toEqual([3, 4]);
  });
});

describe("Upstash REST protocol", () => {
  it("base64-encodes every string in results when asked, leaving numbers and nulls", async () => {
    const key = `k-${randomUUID()}`;
    await post("/", ["RPUSH", key, "a", "é"]);
    const encoded = await post("/", ["LRANGE", key, 0, -1], { "upstash-encoding": "base64" });
    expect(encoded).toEqual({ status: 200, body: { result: ["YQ==", "w6k="] } });
    expect(await post("/", ["LRANGE", key, 0, -1])).toEqual({ status: 200, body: { result: ["a", "é"] } });
    expect(await post("/", ["LLEN", key], { "upstash-encoding": "base64" })).toEqual({ status: 200, body: { result: 2 } });
    expect(await post("/", ["GET", `${key}:none`], { "upstash-encoding": "base64" })).toEqual({ status: 200, body: { result: null } });
  });

  it("answers a Redis error with 400 and { error }", async () => {
    const key = `k-${randomUUID()}`;
    await post("/", ["SET", key, "text"]);
    expect(await post("/", ["INCR", key])).toEqual({ status: 400, body: { error: "ERR value is not an integer or out of range" } });
  });

  it("answers a pipeline with one entry per command, errors in place", async () => {
    const key = `k-${randomUUID()}`;
    const { status, body } = await post("/pipeline", [["SET", key, "x"], ["INCR", key], ["GET", key]]);
    expect(status).toBe(200);
    expect(body).toEqual([{ result: "OK" }, { error: "ERR value is not an integer or out of range" }, { result: "x" }]);
  });

  it("runs multi-exec atomically and refuses a transaction that cannot queue", async () => {
    const key = `k-${randomUUID()}`;
    expect(await post("/multi-exec", [["INCR", key], ["INCR", key]])).toEqual({ status: 200, body: [{ result: 1 }, { result: 2 }] });
    const aborted = await post("/multi-exec", [["INCR", key], ["NOSUCHCOMMAND"]]);
    expect(aborted.status).toBe(400);
    expect(aborted.body).toMatchObject({ error: expect.stringMatching(/^EXECABORT/) });
    expect(await post("/", ["GET", key])).toEqual({ status: 200, body: { result: "2" } });
  });

  it("answers 401 for a wrong or missing token, and the client surfaces it", async () => {
    expect(await post("/", ["PING"], { authorization: "Bearer wrong" })).toEqual({
      status: 401,
      body: { error: "Unauthorized: missing or invalid bearer token" },
    });
    expect((await post("/", ["PING"], { authorization: "" })).status).toBe(401);
    const wrong = new Redis({ url: bridge.url, token: "wrong", enableTelemetry: false });
    await expect(wrong.get("k")).rejects.toThrow(/Unauthorized/);
  });

  it("answers 400 for bodies that are not commands and 404 for unknown endpoints", async () => {
    expect((await post("/", "not json")).status).toBe(400);
    expect((await post("/", [])).status).toBe(400);
    expect((await post("/", [{ nested: true }])).status).toBe(400);
    expect((await post("/pipeline", ["GET", "k"])).status).toBe(400);
    expect((await post("/subscribe/channel", [])).status).toBe(404);
  });

  it("refuses commands that would block or change the shared connection", async () => {
    for (const command of [["SELECT", 1], ["SUBSCRIBE", "c"], ["BLPOP", "k", 0], ["XREAD", "BLOCK", 0, "STREAMS", "s", "$"]]) {
      const { status, body } = await post("/", command);
      expect({ command, status }).toEqual({ command, status: 400 });
      expect(body).toMatchObject({ error: expect.stringMatching(/not supported by the Upstash REST bridge/) });
    }
  });

  it("answers 500 with { error } when Redis is down", async () => {
    const down = await startTestBridge({ redisUrl: DOWN_REDIS_URL });
    try {
      const { status, body } = await post("/", ["GET", "k"], {}, down);
      expect(status).toBe(500);
      expect(body).toMatchObject({ error: expect.stringMatching(/Unable to reach the Redis server/) });
      expect((await post("/pipeline", [["GET", "k"]], {}, down)).status).toBe(500);
    } finally {
      await down.stop();
    }
  });
});

describe("bridge behaviour beyond the protocol", () => {
  it("runs @upstash/ratelimit's scripts (Upstash-only shebang flags) via EVALSHA", async () => {
    const redis = client();
    const limiter = new Ratelimit({ redis, limiter: Ratelimit.slidingWindow(2, "10 s"), prefix: `rl-${randomUUID()}`, ephemeralCache: false });
    const results = [await limiter.limit("id"), await limiter.limit("id"), await limiter.limit("id")];
    expect(results.map((r) => r.success)).toEqual([true, true, false]);
    const flagged = "#!lua flags=allow-key-locking\nreturn 7";
    const sha = await redis.scriptLoad(flagged);
    expect(sha).toBe(createHash("sha1").update(flagged).digest("hex"));
    expect(await redis.evalsha(sha, [], [])).toBe(7);
    expect(await redis.scriptExists(sha)).toEqual([1]);
  });

  it("keeps bridges with different key prefixes apart and deletes only its own keys", async () => {
    const other = await startTestBridge();
    try {
      const mine = client();
      const theirs = new Redis({ url: other.url, token: other.token, enableTelemetry: false });
      await mine.set("shared-name", "mine");
      await theirs.set("shared-name", "theirs");
      expect(await mine.get("shared-name")).toBe("mine");
      expect(await other.deleteKeys()).toBe(1);
      expect(await theirs.get("shared-name")).toBeNull();
      expect(await mine.get("shared-name")).toBe("mine");
    } finally {
      await other.stop();
    }
  });
});
