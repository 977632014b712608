import { createHash, createHmac, randomBytes } from "node:crypto";

/**
 * The Upstash-Signature QStash puts on every delivery: an HS256 JWT signed with the
 * current signing key (the key string's UTF-8 bytes), claims iss "Upstash", sub = the
 * destination URL, body = base64url(sha256(raw body)) (QStash pads it with "="; the
 * Receiver strips padding before comparing), iat/nbf = now, exp = now + 5 minutes, jti.
 */
export function signQStashJwt(input: {
  signingKey: string;
  url: string;
  body: string | Uint8Array;
  nowSeconds?: number;
  ttlSeconds?: number;
}): string {
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  const header = { alg: "HS256", typ: "JWT" };
  const claims = {
    iss: "Upstash",
    sub: input.url,
    exp: now + (input.ttlSeconds ?? 300),
    nbf: now,
    iat: now,
    jti: `jwt_${randomBytes(12).toString("hex")}`,
    body: `${createHash("sha256").update(input.body).digest("base64url")}=`,
  };
  const signingInput = `${encodeSegment(header)}.${encodeSegment(claims)}`;
  const signature = createHmac("sha256", input.signingKey).update(signingInput).digest("base64url");
  return `${signingInput}.${signature}`;
}

function encodeSegment(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}
