/**
 * A local customer endpoint for Leadline's signed CRM webhook (docs/crm/webhook.md). It verifies
 * every delivery with the documented recipe (`verifyLeadlineWebhook`), dedupes by delivery id and
 * by lead key + version, and counts what it holds. Faults: the shared FaultQueue (5xx, 429 with
 * Retry-After, timeout, auth), a seeded share of failing requests (`chaos`), a burst limit, and
 * per-lead rejections answered in the optional `{ results }` body. No test-runner imports.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { verifyLeadlineWebhook } from "@/server/crm/webhook/verify-signature";
import { FaultQueue } from "../shared/fault-queue";
import { listen, readBody, sendJson } from "../shared/http";

export type ReceiverRoute = "deliveries";

export type ReceivedLead = { key: string; version: number; externalId: string | null; fields: Record<string, unknown> };
export type StoredRecord = ReceivedLead & { id: string; receivedAt: number };

export type WebhookReceiverOptions = {
  secret: string;
  path?: string;
  toleranceSeconds?: number;
  /** A reason rejects the lead (answered in `results`, not stored); null accepts it. */
  reject?: (lead: ReceivedLead) => string | null;
  /** Answer `{ results: [...] }` (default: only when `reject` is set). */
  answerResults?: boolean;
  /**
   * A seeded share of requests fail. "before": nothing is stored (a 503 or a 429 with Retry-After);
   * "after": the batch is stored and the answer is a 500 anyway (the sender cannot know, and retries).
   */
  chaos?: { rate: number; seed: number; retryAfterSeconds?: number; when?: "before" | "after" | "both" };
  /** At most `requests` deliveries per `perMs`; beyond it a 429 with Retry-After. */
  rateLimit?: { requests: number; perMs: number };
  maxBatch?: number;
};

export type WebhookReceiver = {
  url: string;
  close(): Promise<void>;
  faults: FaultQueue<ReceiverRoute>;
  /** What it holds, by lead key (deduplicated: a repeated key@version changes nothing). */
  records: Map<string, StoredRecord>;
  /** How many times each `key@version` arrived in an accepted delivery (duplicates included). */
  received: Map<string, number>;
  /** The latest note per lead key. */
  notes: Map<string, { summary: string; lastMessages: Array<{ direction: string; text: string; at: string }> }>;
  calls: { total: number; accepted: number; refusedSignature: number; duplicateDeliveries: number; ping: number; upsert: number; notes: number; failedByChaos: number; rateLimited: number };
  deliveryIds: Set<string>;
  /** Signature failures by reason (the recipe's). */
  refusals: string[];
  /** Receivers rotate their secret: deliveries signed with the old one are then refused (401). */
  setSecret(secret: string): void;
};

/** mulberry32: a small seeded PRNG, so a chaos run is the same every time. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<WebhookReceiver> {
  let secret = options.secret;
  const path = options.path ?? "/leadline/webhook";
  const maxBatch = options.maxBatch ?? 100;
  const faults = new FaultQueue<ReceiverRoute>();
  const records = new Map<string, StoredRecord>();
  const received = new Map<string, number>();
  const notes: WebhookReceiver["notes"] = new Map();
  const deliveryIds = new Set<string>();
  const refusals: string[] = [];
  const calls: WebhookReceiver["calls"] = { total: 0, accepted: 0, refusedSignature: 0, duplicateDeliveries: 0, ping: 0, upsert: 0, notes: 0, failedByChaos: 0, rateLimited: 0 };
  const random = options.chaos ? seeded(options.chaos.seed) : null;
  const starts: number[] = [];
  let nextId = 1;

  const server = await listen(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://fake");
    if (req.method !== "POST" || url.pathname !== path) return sendJson(res, 404, { error: "not_found" });
    calls.total += 1;
    const raw = await readBody(req);
    if (raw.byteLength > 1_000_000) return sendJson(res, 413, { error: "payload_too_large" });

    const fault = faults.take("deliveries");
    if (fault?.kind === "timeout") {
      await server.sleep(fault.delayMs ?? 30_000);
      return void (res.writableEnded || res.destroyed ? undefined : sendJson(res, 504, { error: "timeout" }));
    }
    if (fault?.kind === "server-error") return sendJson(res, fault.status ?? 500, { error: "internal_error" });
    if (fault?.kind === "rate-limit") return sendJson(res, 429, { error: "rate_limited" }, { "retry-after": String(fault.resetInSeconds ?? 1) });
    if (fault?.kind === "auth") return sendJson(res, 401, { error: "invalid_signature" });

    const check = verifyLeadlineWebhook({
      secret,
      timestamp: header(req, "leadline-timestamp"),
      signature: header(req, "leadline-signature"),
      rawBody: raw,
      toleranceSeconds: options.toleranceSeconds,
    });
    if (!check.ok) {
      calls.refusedSignature += 1;
      refusals.push(check.reason);
      return sendJson(res, 401, { error: "invalid_signature", reason: check.reason });
    }

    if (options.rateLimit) {
      const now = Date.now();
      while (starts.length > 0 && starts[0]! <= now - options.rateLimit.perMs) starts.shift();
      if (starts.length >= options.rateLimit.requests) {
        calls.rateLimited += 1;
        const wait = Math.max(1, Math.ceil((starts[0]! + options.rateLimit.perMs - now) / 1000));
        return sendJson(res, 429, { error: "rate_limited" }, { "retry-after": String(wait) });
      }
      starts.push(now);
    }

    const chaos = options.chaos;
    const when = chaos?.when ?? "before";
    const failNow = random !== null && chaos !== undefined && random() < chaos.rate;
    const failBefore = failNow && (when === "before" || (when === "both" && random!() < 0.5));
    if (failBefore) {
      calls.failedByChaos += 1;
      if (random!() < 0.5) return sendJson(res, 503, { error: "unavailable" });
      return sendJson(res, 429, { error: "rate_limited" }, { "retry-after": String(chaos!.retryAfterSeconds ?? 0) });
    }

    let body: DeliveryBody;
    try {
      body = JSON.parse(raw.toString("utf8")) as DeliveryBody;
    } catch {
      return sendJson(res, 400, { error: "invalid_json" });
    }
    const deliveryId = header(req, "leadline-delivery-id");
    if (!deliveryId || deliveryId !== body.deliveryId) return sendJson(res, 400, { error: "delivery_id_mismatch" });

    const answer = handle(body, deliveryId);
    if (answer.status !== 200) return sendJson(res, answer.status, answer.body);
    calls.accepted += 1;
    if (failNow) {
      calls.failedByChaos += 1;
      return sendJson(res, 500, { error: "internal_error" });
    }
    return sendJson(res, 200, answer.body);
  });

  type DeliveryBody =
    | { type: "ping"; deliveryId: string }
    | { type: "leads.upsert"; deliveryId: string; leads: ReceivedLead[] }
    | { type: "leads.notes"; deliveryId: string; notes: Array<{ key: string; summary: string; lastMessages: Array<{ direction: string; text: string; at: string }> }> };

  function handle(body: DeliveryBody, deliveryId: string): { status: number; body: unknown } {
    const duplicate = deliveryIds.has(deliveryId);
    if (duplicate) calls.duplicateDeliveries += 1;
    if (body.type === "ping") {
      calls.ping += 1;
      return { status: 200, body: { ok: true } };
    }
    if (body.type === "leads.notes") {
      calls.notes += 1;
      if (!Array.isArray(body.notes) || body.notes.length > maxBatch) return { status: 400, body: { error: "invalid_notes" } };
      for (const n of body.notes) notes.set(n.key, { summary: n.summary, lastMessages: n.lastMessages });
      deliveryIds.add(deliveryId);
      return { status: 200, body: {} };
    }
    if (body.type !== "leads.upsert" || !Array.isArray(body.leads)) return { status: 400, body: { error: "unknown_type" } };
    calls.upsert += 1;
    if (body.leads.length > maxBatch) return { status: 413, body: { error: `at most ${maxBatch} leads per delivery` } };
    const results = body.leads.map((lead) => {
      const reason = options.reject?.(lead) ?? null;
      if (reason) return { key: lead.key, ok: false, reason, retryable: false };
      const kv = `${lead.key}@${lead.version}`;
      received.set(kv, (received.get(kv) ?? 0) + 1);
      const existing = records.get(lead.key);
      // Dedupe by key and version: a repeat or an older version changes nothing.
      if (!existing || existing.version < lead.version) {
        records.set(lead.key, { ...lead, id: existing?.id ?? `rcv_${nextId++}`, receivedAt: Date.now() });
      }
      return { key: lead.key, ok: true, id: records.get(lead.key)!.id, created: !existing };
    });
    deliveryIds.add(deliveryId);
    const withResults = options.answerResults ?? options.reject !== undefined;
    return { status: 200, body: withResults ? { results } : { ok: true } };
  }

  return {
    url: `${server.url}${path}`,
    close: () => server.close(),
    faults,
    records,
    received,
    notes,
    calls,
    deliveryIds,
    refusals,
    setSecret(next) {
      secret = next;
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
