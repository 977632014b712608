import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { z } from "zod";
import { ScriptRegistry } from "./adapt-scripts";
import { encodeReply } from "./encode-reply";
import {
  RedisUnavailableError,
  TransactionAbortedError,
  runCommand,
  runPipeline,
  runTransaction,
  type CommandOutcome,
} from "./run-commands";

/**
 * A local stand-in for Upstash Redis: the REST protocol of Upstash (as implemented by
 * `serverless-redis-http`) served over a real Redis.
 *
 *   POST /            body `["SET","k","v"]`          -> 200 `{"result": ...}` | 400 `{"error": "..."}`
 *   POST /pipeline    body `[["INCR","k"],["GET","k"]]` -> 200 `[{"result": ...} | {"error": "..."}, ...]`
 *   POST /multi-exec  same body, run in MULTI/EXEC     -> 200 as pipeline | 400 `{"error"}` when aborted
 *   `Authorization: Bearer <token>` is required (401 otherwise); `Upstash-Encoding: base64`
 *   base64-encodes every string in results; Redis unreachable -> 500 `{"error": "..."}`.
 *
 * Not served: the streaming subscribe endpoints, path-style commands (`GET /get/key`), blocking
 * commands. With `keyPrefix`, keys named in commands (including EVAL's KEYS) are prefixed; keys
 * built inside Lua scripts or returned by KEYS/SCAN/XREAD are not rewritten.
 */
export interface UpstashRedisBridgeOptions {
  /** e.g. `redis://127.0.0.1:6379` or `redis://127.0.0.1:6379/3` for database 3. */
  redisUrl: string;
  token: string;
  /** Prepended to every key so concurrent runs on one Redis stay apart. */
  keyPrefix?: string;
  /** Request body limit; Upstash's own limit depends on the plan. Default 10 MB. */
  maxBodyBytes?: number;
  /** Per-command timeout towards Redis. Default 5 s. */
  commandTimeoutMs?: number;
}

export interface UpstashRedisBridge {
  /** Base URL to give `new Redis({ url, token })` from @upstash/redis. */
  url: string;
  token: string;
  keyPrefix: string;
  /** Deletes every key under `keyPrefix` (tests call it when they finish). */
  deleteKeys(): Promise<number>;
  close(): Promise<void>;
}

const commandSchema = z.tuple([z.string().min(1)], z.union([z.string(), z.number(), z.boolean()]));
const pipelineSchema = z.array(commandSchema).min(1);

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > maxBytes) throw new HttpError(413, `Request body exceeds ${maxBytes} bytes`);
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "Request body is not valid JSON");
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, `Invalid command body: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function hasToken(req: IncomingMessage, token: string): boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(req.headers.authorization ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function encodeOutcome(outcome: CommandOutcome, base64: boolean): CommandOutcome {
  return "error" in outcome ? outcome : { result: encodeReply(outcome.result, base64) };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

export async function startUpstashRedisBridge(options: UpstashRedisBridgeOptions): Promise<UpstashRedisBridge> {
  const keyPrefix = options.keyPrefix ?? "";
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const redis = new Redis(options.redisUrl, {
    keyPrefix,
    protocol: 2, // Upstash answers in RESP2 shapes (maps as flat arrays, doubles as strings)
    lazyConnect: true,
    connectTimeout: 2_000,
    commandTimeout: options.commandTimeoutMs ?? 5_000,
    // While Redis is unreachable commands fail at once (HTTP 500) instead of queueing.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  });
  // Connection errors surface per request as 500s; the event itself needs a listener.
  redis.on("error", () => undefined);
  await redis.connect().catch(() => undefined); // a Redis that is down is a scenario tests want
  const scripts = new ScriptRegistry();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://bridge").pathname.replace(/\/+$/, "") || "/";
    if (req.method !== "POST" || !["/", "/pipeline", "/multi-exec"].includes(path)) {
      throw new HttpError(404, "Endpoint not found");
    }
    if (!hasToken(req, options.token)) throw new HttpError(401, "Unauthorized: missing or invalid bearer token");
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    const body = await readBody(req, maxBodyBytes);
    if (path === "/") {
      const outcome = await runCommand(redis, scripts, parse(commandSchema, body));
      send(res, "error" in outcome ? 400 : 200, encodeOutcome(outcome, base64));
      return;
    }
    const commands = parse(pipelineSchema, body);
    const outcomes = path === "/pipeline"
      ? await runPipeline(redis, scripts, commands)
      : await runTransaction(redis, scripts, commands);
    send(res, 200, outcomes.map((outcome) => encodeOutcome(outcome, base64)));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) send(res, error.status, { error: error.message });
      else if (error instanceof TransactionAbortedError) send(res, 400, { error: error.message });
      else if (error instanceof RedisUnavailableError) send(res, 500, { error: error.message });
      else send(res, 500, { error: `Internal bridge error: ${error instanceof Error ? error.message : String(error)}` });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token: options.token,
    keyPrefix,
    async deleteKeys() {
      if (keyPrefix === "") throw new Error("deleteKeys() needs a keyPrefix; it would empty the whole database");
      let cursor = "0";
      let deleted = 0;
      do {
        // MATCH is not a key, so ioredis does not prefix it; returned names carry the prefix.
        const [next, keys] = await redis.scan(cursor, "MATCH", `${keyPrefix}*`, "COUNT", 500);
        cursor = next;
        if (keys.length > 0) deleted += await redis.unlink(...keys.map((key) => key.slice(keyPrefix.length)));
      } while (cursor !== "0");
      return deleted;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // keep-alive sockets from fetch would hold close() open
      });
      if (redis.status === "ready") await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
