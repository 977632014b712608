import { createHmac, timingSafeEqual } from "node:crypto";

export type VerifyInput = {
  /** The connection's signing secret, as shown once in Settings -> CRM. */
  secret: string;
  /** The `Leadline-Timestamp` header (Unix seconds). */
  timestamp: string | null | undefined;
  /** The `Leadline-Signature` header: one or more `v1=<hex>` separated by commas or spaces. */
  signature: string | null | undefined;
  /** The request body exactly as received, before any JSON parsing. */
  rawBody: string | Buffer;
  /** Deliveries older or further in the future than this are refused (replays, skewed clocks). */
  toleranceSeconds?: number;
  now?: Date;
};

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: "missing_headers" | "bad_timestamp" | "timestamp_out_of_tolerance" | "bad_signature" };

/**
 * The documented receiver recipe (docs/crm/webhook.md): the fake receiver and the tests use it,
 * so what we document is what we test. Recomputes HMAC-SHA256(secret, "<timestamp>.<raw body>"),
 * compares in constant time with every `v1=` value, and refuses a timestamp outside the tolerance.
 */
export function verifyLeadlineWebhook(input: VerifyInput): VerifyResult {
  const { secret, timestamp, signature, rawBody, toleranceSeconds = 300, now = new Date() } = input;
  if (!timestamp || !signature) return { ok: false, reason: "missing_headers" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "bad_timestamp" };
  const ts = Number(timestamp);
  if (Math.abs(now.getTime() / 1000 - ts) > toleranceSeconds) return { ok: false, reason: "timestamp_out_of_tolerance" };
  const body = typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody;
  const expected = createHmac("sha256", secret).update(`${timestamp}.`, "utf8").update(body).digest();
  const candidates = signature
    .split(/[,\s]+/)
    .filter((part) => part.startsWith("v1="))
    .map((part) => part.slice(3));
  const matches = candidates.some((hex) => {
    if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
    return timingSafeEqual(Buffer.from(hex, "hex"), expected);
  });
  return matches ? { ok: true, timestamp: ts } : { ok: false, reason: "bad_signature" };
}
