import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { MetaEvent } from "./meta-event";

const payloadSchema = z.object({
  algorithm: z.literal("HMAC-SHA256"),
  user_id: z.union([z.string().min(1).max(100), z.number().int()]).transform(String),
  issued_at: z.number().int().nonnegative().optional(),
});

/**
 * Meta's deauthorize callback posts a form with `signed_request=<sig>.<payload>` (both
 * base64url): sig = HMAC-SHA256 of the payload part keyed by the app secret, payload
 * `{ algorithm: "HMAC-SHA256", issued_at, user_id }`. Returns the deauthorisation, or null
 * when the request is malformed or not signed by us. (Shape from Facebook Login's
 * "deauthorize callback" docs as remembered, not re-checked this session.)
 */
export function parseMetaSignedRequest(signedRequest: string, appSecret: string): Extract<MetaEvent, { type: "deauthorised" }> | null {
  const [sigPart, payloadPart, extra] = signedRequest.split(".");
  if (!sigPart || !payloadPart || extra !== undefined || signedRequest.length > 10_000) return null;
  const expected = createHmac("sha256", appSecret).update(payloadPart).digest();
  const given = Buffer.from(sigPart, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payloadPart, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) return null;
  const at = parsed.data.issued_at !== undefined ? new Date(parsed.data.issued_at * 1000) : new Date();
  return { type: "deauthorised", userId: parsed.data.user_id, at };
}
