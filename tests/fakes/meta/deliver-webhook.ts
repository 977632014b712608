/**
 * Webhook delivery as Meta does it: POST the JSON body with X-Hub-Signature-256 =
 * "sha256=" + hex HMAC-SHA256 of the raw bytes keyed by the app secret (plus the legacy SHA-1
 * X-Hub-Signature). Meta signs, and sends, an escaped-unicode serialisation with lower-case
 * hex digits, so a receiver that re-serialises the parsed JSON computes a different HMAC
 * (developers.facebook.com/docs/graph-api/webhooks/getting-started, "Validate Payloads").
 */
import { createHmac } from "node:crypto";

export function metaJson(payload: unknown): string {
  return JSON.stringify(payload).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function signMetaBody(raw: string | Buffer, appSecret: string): { sha256: string; sha1: string } {
  return {
    sha256: `sha256=${createHmac("sha256", appSecret).update(raw).digest("hex")}`,
    sha1: `sha1=${createHmac("sha1", appSecret).update(raw).digest("hex")}`,
  };
}

export interface DeliveryResult {
  url: string;
  status: number | null;
  error: string | undefined;
  responseBody: string;
  rawBody: string;
  durationMs: number;
}

export interface DeliverOptions {
  appSecret: string;
  timeoutMs?: number;
  /** Sign with this secret instead (to test rejection of a bad signature). */
  signWith?: string;
  /** Send no signature header at all. */
  unsigned?: boolean;
}

export async function deliverWebhook(targetUrl: string, payload: unknown, options: DeliverOptions): Promise<DeliveryResult> {
  const rawBody = metaJson(payload);
  const signature = signMetaBody(rawBody, options.signWith ?? options.appSecret);
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "facebookexternalua" };
  if (!options.unsigned) {
    headers["x-hub-signature-256"] = signature.sha256;
    headers["x-hub-signature"] = signature.sha1;
  }
  const started = performance.now();
  try {
    const res = await fetch(targetUrl, {
      method: "POST",
      headers,
      body: rawBody,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const responseBody = await res.text();
    return { url: targetUrl, status: res.status, error: undefined, responseBody, rawBody, durationMs: performance.now() - started };
  } catch (err) {
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return { url: targetUrl, status: null, error, responseBody: "", rawBody, durationMs: performance.now() - started };
  }
}

/** The GET handshake Meta makes when a callback URL is saved. Returns the status and body. */
export async function verifyWebhookEndpoint(
  targetUrl: string,
  verifyToken: string,
  challenge = String(Math.floor(Math.random() * 1e9)),
): Promise<{ status: number; body: string; challenge: string }> {
  const url = new URL(targetUrl);
  url.searchParams.set("hub.mode", "subscribe");
  url.searchParams.set("hub.verify_token", verifyToken);
  url.searchParams.set("hub.challenge", challenge);
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.text(), challenge };
}
