import { createHmac, timingSafeEqual } from "node:crypto";

export const DEMO_SIGNATURE_HEADER = "x-leadline-signature";

/** HMAC-SHA256 of the raw body with the channel's secret, as `sha256=<hex>` (Meta's scheme). */
export function signDemoPayload(rawBody: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`;
}

export function verifyDemoSignature(rawBody: string, secret: string, header: string | null): boolean {
  if (!header) return false;
  const expected = Buffer.from(signDemoPayload(rawBody, secret));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
