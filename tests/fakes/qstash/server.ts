import { createHash, randomBytes } from "node:crypto";
import { setMaxListeners } from "node:events";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { deliverMessage, type DeliveryRecord, type FakeMessage } from "./deliver-message";
import { readUpstashHeaders } from "./read-upstash-headers";

export type { DeliveryRecord, FakeMessage } from "./deliver-message";

/**
 * A faithful local stand-in for QStash's HTTP API (the parts Leadline uses), for tests,
 * benchmarks and the demo: POST /v2/publish/<url>, POST /v2/batch, POST/GET/DELETE /v2/schedules, Bearer
 * auth, dedup, delay, retries, and real deliveries signed exactly as @upstash/qstash's
 * Receiver verifies them. Point the SDK at it with `baseUrl: fake.url`.
 */
export interface FakeQStashOptions {
  currentSigningKey: string;
  nextSigningKey: string;
  token: string;
  /** Wait before retry n (n = retries made so far). Default 50 ms * 2^n; QStash waits far longer. */
  retryBackoffMs?: (retried: number) => number;
  /** Retries when the publisher sends no Upstash-Retries (QStash free tier: 3). */
  defaultRetries?: number;
  /** Per delivery attempt. */
  deliveryTimeoutMs?: number;
  /** Multiplies Upstash-Delay / Upstash-Not-Before waits; 0.01 makes "10s" take 100 ms. */
  delayScale?: number;
}

export interface FakeSchedule {
  scheduleId: string;
  cron: string;
  destination: string;
  method: string;
  header: Record<string, string[]>;
  body: string;
  retries: number;
  retryDelayExpression: string | undefined;
  createdAt: number;
  isPaused: boolean;
}

export interface PublishRecord {
  destination: string;
  status: number;
  messageId: string | undefined;
  deduplicated: boolean;
  headers: Record<string, string>;
}

/** One POST /v2/batch call; each of its messages is also in `publishes`. */
export interface BatchRecord {
  status: number;
  messages: number;
}

export interface FakeQStash {
  url: string;
  /** Every message published, singly or in a batch. */
  publishes: PublishRecord[];
  batches: BatchRecord[];
  messages: Map<string, FakeMessage>;
  deliveries: DeliveryRecord[];
  schedules: Map<string, FakeSchedule>;
  /** Resolves once the message is delivered or dead-lettered. */
  waitForMessage(messageId: string, timeoutMs?: number): Promise<FakeMessage>;
  /** Resolves once no message is pending. */
  waitForIdle(timeoutMs?: number): Promise<void>;
  /** Fires a schedule once (the fake keeps no clock for crons). */
  triggerSchedule(scheduleId: string): FakeMessage;
  /** The next `count` authorised API calls answer `status` (default 500) and change nothing. */
  failNextRequests(count: number, status?: number): void;
  close(): Promise<void>;
}

export async function startFakeQStash(options: FakeQStashOptions): Promise<FakeQStash> {
  const publishes: PublishRecord[] = [];
  const batches: BatchRecord[] = [];
  const injectedFailures: number[] = [];
  const messages = new Map<string, FakeMessage>();
  const deliveries: DeliveryRecord[] = [];
  const schedules = new Map<string, FakeSchedule>();
  const dedup = new Map<string, string>();
  const running = new Map<string, Promise<void>>();
  const shutdown = new AbortController();
  const timers = new Set<NodeJS.Timeout>();
  const delayScale = options.delayScale ?? 1;

  // Every pending sleep and delivery listens to this signal; benchmarks may have thousands.
  setMaxListeners(0, shutdown.signal);
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0 || shutdown.signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        timers.delete(timer);
        shutdown.signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timers.add(timer);
      shutdown.signal.addEventListener("abort", done, { once: true });
    });

  const enqueue = (message: FakeMessage) => {
    messages.set(message.messageId, message);
    const run = deliverMessage(message, {
      signingKey: options.currentSigningKey,
      timeoutMs: options.deliveryTimeoutMs ?? 10_000,
      backoffMs: options.retryBackoffMs ?? ((retried) => 50 * 2 ** retried),
      record: (delivery) => deliveries.push(delivery),
      sleep,
      signal: shutdown.signal,
    });
    running.set(message.messageId, run);
    return message;
  };

  /** One message, from /v2/publish or an entry of /v2/batch: QStash's answer (status and body). */
  const acceptMessage = (
    destination: string,
    headers: IncomingHttpHeaders,
    body: Buffer,
  ): { status: number; body: Record<string, unknown> } => {
    const parsed = readUpstashHeaders(headers, { defaultRetries: options.defaultRetries ?? 3, delayScale });
    if ("error" in parsed) return { status: 400, body: { error: parsed.error } };
    if (parsed.cron) return { status: 400, body: { error: "the fake takes schedules on /v2/schedules only" } };

    const dedupKey =
      parsed.deduplicationId ??
      (parsed.contentBasedDeduplication ? contentHash(destination, body, parsed.upstashHeaders) : undefined);
    const existing = dedupKey === undefined ? undefined : dedup.get(dedupKey);
    if (existing) {
      publishes.push({ destination, status: 202, messageId: existing, deduplicated: true, headers: parsed.raw });
      return { status: 202, body: { messageId: existing, url: destination, deduplicated: true } };
    }
    const message = enqueue({
      messageId: `msg_${randomId()}`,
      destination,
      method: parsed.method,
      body,
      headers: parsed.forwardHeaders,
      retries: parsed.retries,
      retryDelay: parsed.retryDelay,
      notBefore: parsed.notBefore,
      deduplicationId: dedupKey,
      scheduleId: undefined,
      state: "pending",
      retried: 0,
      dlqReason: undefined,
    });
    if (dedupKey !== undefined) dedup.set(dedupKey, message.messageId);
    publishes.push({ destination, status: 201, messageId: message.messageId, deduplicated: false, headers: parsed.raw });
    return { status: 201, body: { messageId: message.messageId, url: destination } };
  };

  /**
   * POST /v2/batch: a JSON array of { destination, headers?, body? }, each published like a
   * single publish whose headers are `headers`. The answer is an array in the same order;
   * a message QStash refuses gets { error } while the others are still sent.
   */
  const handleBatch = (res: ServerResponse, raw: Buffer) => {
    const entries = parseBatch(raw);
    if (!entries) {
      batches.push({ status: 400, messages: 0 });
      return sendJson(res, 400, { error: "body must be a JSON array of { destination, headers?, body? }" });
    }
    const answers = entries.map((entry) => {
      const destination = readDestination(entry.destination);
      if (!destination) return { error: `invalid destination url ${JSON.stringify(entry.destination)}` };
      const answer = acceptMessage(destination, entry.headers, Buffer.from(entry.body, "utf8"));
      return answer.status >= 400 ? { error: String(answer.body.error) } : answer.body;
    });
    batches.push({ status: 200, messages: entries.length });
    return sendJson(res, 200, answers);
  };

  const handleCreateSchedule = (req: IncomingMessage, res: ServerResponse, destination: string, body: Buffer) => {
    const parsed = readUpstashHeaders(req.headers, { defaultRetries: options.defaultRetries ?? 3, delayScale });
    if ("error" in parsed) return sendJson(res, 400, { error: parsed.error });
    if (!parsed.cron || parsed.cron.trim().split(/\s+/).length !== 5) {
      return sendJson(res, 400, { error: "Upstash-Cron header with a five-field cron is required" });
    }
    const scheduleId = parsed.scheduleId ?? `scd_${randomId()}`;
    schedules.set(scheduleId, {
      scheduleId,
      cron: parsed.cron,
      destination,
      method: parsed.method,
      header: Object.fromEntries(Object.entries(parsed.forwardHeaders).map(([k, v]) => [k, [v]])),
      body: body.toString("utf8"),
      retries: parsed.retries,
      retryDelayExpression: parsed.retryDelay,
      createdAt: schedules.get(scheduleId)?.createdAt ?? Date.now(),
      isPaused: false,
    });
    return sendJson(res, 200, { scheduleId });
  };

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      return sendJson(res, 401, { error: "Unauthorized: invalid or missing token" });
    }
    const injected = injectedFailures.shift();
    if (injected !== undefined) return sendJson(res, injected, { error: `injected failure ${injected}` });
    const path = req.url ?? "/";
    const publish = /^\/v2\/publish\/(.+)$/.exec(path);
    if (publish && req.method === "POST") {
      const destination = readDestination(publish[1] ?? "");
      if (!destination) return sendJson(res, 400, { error: "invalid destination url" });
      const answer = acceptMessage(destination, req.headers, body);
      return sendJson(res, answer.status, answer.body);
    }
    if (path === "/v2/batch" && req.method === "POST") {
      return handleBatch(res, body);
    }
    if (path === "/v2/schedules" && req.method === "GET") {
      return sendJson(res, 200, [...schedules.values()]);
    }
    const schedulePath = /^\/v2\/schedules\/(.+)$/.exec(path);
    if (schedulePath && req.method === "POST") {
      const destination = readDestination(schedulePath[1] ?? "");
      if (!destination) return sendJson(res, 400, { error: "invalid destination url" });
      return handleCreateSchedule(req, res, destination, body);
    }
    if (schedulePath && (req.method === "GET" || req.method === "DELETE")) {
      const id = decodeURIComponent(schedulePath[1] ?? "");
      const schedule = schedules.get(id);
      if (!schedule) return sendJson(res, 404, { error: `schedule ${id} not found` });
      if (req.method === "GET") return sendJson(res, 200, schedule);
      schedules.delete(id);
      res.writeHead(200).end();
      return;
    }
    return sendJson(res, 404, { error: "not found" });
  };

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: err instanceof Error ? err.message : String(err) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const waitFor = async (done: () => boolean, what: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`fake QStash: timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  return {
    url: `http://127.0.0.1:${port}`,
    publishes,
    batches,
    messages,
    deliveries,
    schedules,
    async waitForMessage(messageId, timeoutMs = 10_000) {
      const isDone = () => {
        const state = messages.get(messageId)?.state;
        return state === "delivered" || state === "failed";
      };
      await waitFor(isDone, `message ${messageId}`, timeoutMs);
      await running.get(messageId);
      const message = messages.get(messageId);
      if (!message) throw new Error(`fake QStash: unknown message ${messageId}`);
      return message;
    },
    async waitForIdle(timeoutMs = 10_000) {
      await waitFor(() => [...messages.values()].every((m) => m.state !== "pending"), "idle", timeoutMs);
    },
    triggerSchedule(scheduleId) {
      const schedule = schedules.get(scheduleId);
      if (!schedule) throw new Error(`fake QStash: unknown schedule ${scheduleId}`);
      return enqueue({
        messageId: `msg_${randomId()}`,
        destination: schedule.destination,
        method: schedule.method,
        body: Buffer.from(schedule.body),
        headers: Object.fromEntries(Object.entries(schedule.header).map(([k, v]) => [k, v.join(",")])),
        retries: schedule.retries,
        retryDelay: schedule.retryDelayExpression,
        notBefore: Date.now(),
        deduplicationId: undefined,
        scheduleId,
        state: "pending",
        retried: 0,
        dlqReason: undefined,
      });
    },
    failNextRequests(count, status = 500) {
      for (let i = 0; i < count; i += 1) injectedFailures.push(status);
    },
    async close() {
      shutdown.abort();
      for (const timer of timers) clearTimeout(timer);
      await Promise.allSettled(running.values());
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The SDK sends the destination unencoded (/v2/publish/https://...); accept the encoded form too. */
function readDestination(raw: string): string | undefined {
  const candidate = /^https?%3A/i.test(raw) ? decodeURIComponent(raw) : raw;
  try {
    const url = new URL(candidate);
    return url.protocol === "http:" || url.protocol === "https:" ? candidate : undefined;
  } catch {
    return undefined;
  }
}

interface BatchEntry {
  destination: string;
  headers: Record<string, string>;
  body: string;
}

/** The /v2/batch body, or undefined when it is not an array of well-formed entries. */
function parseBatch(raw: Buffer): BatchEntry[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch {
    return undefined;
  }
  if (!Array.isArray(json)) return undefined;
  const entries: BatchEntry[] = [];
  for (const item of json as unknown[]) {
    if (typeof item !== "object" || item === null) return undefined;
    const { destination, headers = {}, body = "" } = item as Record<string, unknown>;
    if (typeof destination !== "string" || typeof body !== "string") return undefined;
    if (typeof headers !== "object" || headers === null) return undefined;
    const stringHeaders: Record<string, string> = {};
    for (const [key, value] of Object.entries(headers)) {
      if (typeof value !== "string") return undefined;
      stringHeaders[key.toLowerCase()] = value;
    }
    entries.push({ destination, headers: stringHeaders, body });
  }
  return entries;
}

function contentHash(destination: string, body: Buffer, upstashHeaders: Record<string, string>): string {
  const hash = createHash("sha256").update(destination).update(body);
  for (const key of Object.keys(upstashHeaders).sort()) hash.update(`${key}:${upstashHeaders[key]}`);
  return `content-${hash.digest("hex")}`;
}

function randomId(): string {
  return randomBytes(18).toString("base64url").replace(/[-_]/g, "x");
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
}

