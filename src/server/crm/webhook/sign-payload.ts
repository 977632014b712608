import { createHmac } from "node:crypto";

/** The signature scheme's version tag; a future scheme gets v2 and both may be sent during a rotation. */
export const SIGNATURE_VERSION = "v1";

/**
 * `Leadline-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`, the scheme of
 * Stripe's `Stripe-Signature` (docs/crm/webhook.md). Signing the timestamp with the body lets a
 * receiver refuse replays of an old delivery.
 */
export function signLeadlineWebhook(secret: string, timestamp: number, rawBody: string): string {
  return `${SIGNATURE_VERSION}=${createHmac("sha256", secret).update(`${timestamp}.${rawBody}`, "utf8").digest("hex")}`;
}
