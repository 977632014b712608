import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const META_SIGNATURE_HEADER = "x-hub-signature-256";

/**
 * Checks `X-Hub-Signature-256: sha256=<hex>`: HMAC-SHA256 of the raw body keyed by the app
 * secret. Must run on the bytes as received: Meta escapes non-ASCII as \uXXXX, so re-serialised
 * JSON would hash differently (docs/platforms/meta.md, "Webhooks in").
 */
export function verifyMetaSignature(rawBody: string | Buffer, header: string | null | undefined, appSecret: string): boolean {
  if (!header || !appSecret) return false;
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match?.[1]) return false;
  const expected = createHmac("sha256", appSecret).update(rawBody).digest();
  const given = Buffer.from(match[1], "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Constant-time string equality (hashing first evens out the lengths). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash("sha256").update(a).digest(), createHash("sha256").update(b).digest());
}
