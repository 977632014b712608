import { createHmac } from "node:crypto";
import { DEMO_SIGNATURE_HEADER, signDemoPayload } from "@/server/channels/demo/sign-demo-payload";
import { metaJson, signMetaBody } from "../fakes/meta/deliver-webhook";
import { feedComment, instagramComment, instagramMessage, messageEdit, messengerMessage, messengerRead } from "../fakes/meta/webhook-payloads";
import type { Rng } from "./seeded-random";

/** One fuzzed request against a webhook route: what it is (for the report) and how to send it. */
export type FuzzCase = { kind: string; method: "GET" | "POST"; path: string; body?: Buffer; headers: Record<string, string> };

export type FuzzTarget = { pageId: string; igId: string; demoExternalId: string; demoSecret: string; metaSecret: string };

const NASTY_STRINGS = [
  "", " ", "\u0000", "a\u0000b", "\ud800", "\udfff", "\ud83d\ude00", "👍🏽👨‍👩‍👧", "‮gnp.exe", "\u200b\u200d\ufeff", "مرحبا", "日本語テキスト", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
  "<script>alert(1)</script>", "' OR 1=1 --", "${jndi:ldap://x}", "%00%ff", "\\", "\"", "\n\r\t", "null", "NaN", "-0", "1e309", "__proto__", "constructor",
];

function randomString(rng: Rng): string {
  switch (rng.int(4)) {
    case 0:
      return rng.pick(NASTY_STRINGS);
    case 1:
      return Array.from({ length: rng.int(40) }, () => String.fromCharCode(rng.int(0x3000))).join("");
    case 2:
      return Array.from({ length: rng.int(6) }, () => rng.pick(NASTY_STRINGS)).join("");
    default:
      return rng.pick(["x", "12345", "1299", "page", "instagram", "messages", "feed", "comments", "add", "HMAC-SHA256"]).repeat(1 + rng.int(3));
  }
}

function randomJson(rng: Rng, depth = 0): unknown {
  const kind = rng.int(depth > 3 ? 5 : 8);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick([0, -1, 1.5, 2 ** 53 + 1, -(2 ** 63), 1e308, Number.MAX_SAFE_INTEGER, Date.now(), Date.now() * 1000]);
    case 3:
    case 4:
      return randomString(rng);
    case 5:
      return Array.from({ length: rng.int(5) }, () => randomJson(rng, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = rng.int(6); i > 0; i -= 1) out[rng.pick(["id", "object", "entry", "messaging", "changes", "message", "text", "mid", "sender", "time", "value", randomString(rng)])] = randomJson(rng, depth + 1);
      return out;
    }
  }
}

/** A plausible envelope for the platform, so mutations reach the parsers rather than the first check. */
function envelope(rng: Rng, platform: "demo" | "facebook" | "instagram", t: FuzzTarget): Record<string, unknown> {
  // A small pool of ids: most valid deliveries are redeliveries of a stored event, as on a busy
  // channel, so the run exercises the parsers rather than processing thousands of messages.
  const mid = `m_fuzz_${rng.int(40)}`;
  const customerId = String(1000 + rng.int(50));
  const text = rng.chance(0.3) ? randomString(rng) : `Fuzz ${rng.int(1e6)}: how much is the Pro plan?`;
  if (platform === "demo") {
    return { channelId: t.demoExternalId, messageId: mid, customer: { id: customerId, name: randomString(rng), handle: "fz", followers: rng.int(1000), verified: false }, text, sentAt: new Date().toISOString() };
  }
  const shapes = platform === "facebook"
    ? [
        () => messengerMessage({ pageId: t.pageId, customerId, mid, text }),
        () => messageEdit({ accountId: t.pageId, customerId, mid, text }),
        () => messengerRead({ pageId: t.pageId, customerId, watermark: Date.now() }),
        () => feedComment({ pageId: t.pageId, postId: `${t.pageId}_1`, commentId: `${t.pageId}_${rng.int(40)}`, from: { id: customerId, name: randomString(rng) }, text, verb: rng.pick(["add", "edited", "remove"] as const) }),
      ]
    : [
        () => instagramMessage({ igId: t.igId, pageId: t.pageId, customerId, mid, text }),
        () => instagramComment({ igId: t.igId, commentId: `c${rng.int(40)}`, mediaId: "m1", from: { id: customerId, username: randomString(rng) }, text }),
        () => messageEdit({ object: "instagram", accountId: t.igId, customerId, mid, text }),
      ];
  return rng.pick(shapes)() as unknown as Record<string, unknown>;
}

/** Replaces, deletes or wraps a random value somewhere inside `value`. */
function mutate(rng: Rng, value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== "object" || depth > 6 || rng.chance(0.15)) return randomJson(rng);
  if (Array.isArray(value)) {
    if (value.length === 0 || rng.chance(0.1)) return [...value, randomJson(rng)];
    const i = rng.int(value.length);
    return value.map((v, j) => (j === i ? mutate(rng, v, depth + 1) : v));
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return randomJson(rng);
  const i = rng.int(entries.length);
  if (rng.chance(0.15)) return Object.fromEntries(entries.filter((_, j) => j !== i));
  return Object.fromEntries(entries.map(([k, v], j) => [k, j === i ? mutate(rng, v, depth + 1) : v]));
}

function hugeText(rng: Rng, platform: "demo" | "facebook" | "instagram", t: FuzzTarget): string {
  // Within the 1 MB webhook limit, with room for the envelope and unicode escapes.
  const body = envelope(rng, platform, t);
  const filler = rng.pick(["a", "é", "😀", "\u0000", " "]).repeat(50_000 + rng.int(150_000));
  return JSON.stringify(mutate(rng, body)).replace(/"text":"[^"]*"/, `"text":${JSON.stringify(filler)}`).slice(0, 900_000);
}

function sign(platform: string, raw: Buffer, t: FuzzTarget): Record<string, string> {
  if (platform === "demo") return { [DEMO_SIGNATURE_HEADER]: signDemoPayload(raw.toString("utf8"), t.demoSecret) };
  return { "x-hub-signature-256": signMetaBody(raw, t.metaSecret).sha256 };
}

/** Case `i` of the run: deterministic given the generator's state. */
export function fuzzCase(rng: Rng, t: FuzzTarget): FuzzCase {
  const roll = rng.next();
  if (roll < 0.04) {
    // Meta's GET verification with arbitrary parameters.
    const params = new URLSearchParams();
    for (let i = rng.int(5); i > 0; i -= 1) params.append(rng.pick(["hub.mode", "hub.verify_token", "hub.challenge", randomString(rng)]), randomString(rng));
    return { kind: "handshake", method: "GET", path: `/api/webhooks/${rng.pick(["facebook", "instagram", "demo", "x"])}?${params}`, headers: {} };
  }
  if (roll < 0.08) {
    // The deauthorize callback: garbage, or a payload validly signed with the app secret.
    const payload = Buffer.from(rng.chance(0.5) ? JSON.stringify(mutate(rng, { algorithm: "HMAC-SHA256", user_id: String(rng.int(1e6)), issued_at: 1 })) : randomString(rng)).toString("base64url");
    const sig = rng.chance(0.6) ? createHmac("sha256", t.metaSecret).update(payload).digest("base64url") : randomString(rng);
    // URLSearchParams writes lone surrogates as U+FFFD instead of throwing like encodeURIComponent.
    const form = rng.chance(0.8) ? new URLSearchParams({ signed_request: `${sig}.${payload}` }).toString() : randomString(rng);
    return { kind: "deauthorize", method: "POST", path: "/api/webhooks/meta/deauthorize", body: Buffer.from(form), headers: { "content-type": "application/x-www-form-urlencoded" } };
  }
  const platform = rng.pick(["demo", "facebook", "instagram"] as const);
  const slug = rng.chance(0.02) ? rng.pick(["x", "nope", "FACEBOOK", "..", "%00", "demo%2f..", "instagram "]) : platform;
  let kind: string;
  let raw: Buffer;
  const shape = rng.next();
  if (shape < 0.3) {
    kind = "mutated envelope";
    raw = Buffer.from(platform === "demo" ? JSON.stringify(mutate(rng, envelope(rng, platform, t))) : metaJson(mutate(rng, envelope(rng, platform, t))));
  } else if (shape < 0.45) {
    kind = "random JSON";
    raw = Buffer.from(JSON.stringify(randomJson(rng)) ?? "null");
  } else if (shape < 0.6) {
    kind = "truncated";
    const whole = JSON.stringify(envelope(rng, platform, t));
    raw = Buffer.from(whole.slice(0, rng.int(whole.length)));
  } else if (shape < 0.7) {
    kind = "wrong types";
    const env = envelope(rng, platform, t);
    raw = Buffer.from(JSON.stringify(Object.fromEntries(Object.entries(env).map(([k, v]) => [k, rng.chance(0.5) ? randomJson(rng) : v]))));
  } else if (shape < 0.78) {
    kind = "raw bytes";
    raw = Buffer.from(Array.from({ length: rng.int(300) }, () => rng.int(256)));
  } else if (shape < 0.79) {
    kind = "huge strings";
    raw = Buffer.from(hugeText(rng, platform, t));
  } else {
    kind = "unicode";
    const env = envelope(rng, platform, t);
    raw = Buffer.from(JSON.stringify(mutate(rng, env)).replace(/"text":"[^"]*"/, `"text":${JSON.stringify(Array.from({ length: 1 + rng.int(5) }, () => rng.pick(NASTY_STRINGS)).join(""))}`));
  }
  const signing = rng.next();
  const headers: Record<string, string> = { "content-type": rng.chance(0.95) ? "application/json" : randomString(rng).replace(/[^\x20-\x7e]/g, "") || "text/plain" };
  if (signing < 0.55) {
    Object.assign(headers, sign(platform, raw, t));
    kind += ", valid signature";
  } else if (signing < 0.75) {
    Object.assign(headers, sign(platform, raw, { ...t, demoSecret: "not-the-secret", metaSecret: "not-the-secret" }));
    kind += ", wrong signature";
  } else if (signing < 0.85) {
    kind += ", no signature";
  } else {
    const header = platform === "demo" ? DEMO_SIGNATURE_HEADER : "x-hub-signature-256";
    headers[header] = rng.pick(["sha256=", "sha256=zz", "sha1=abc", "sha256=" + "0".repeat(64), "x".repeat(5000), randomString(rng).replace(/[^\x20-\x7e]/g, "?")]);
    kind += ", malformed signature";
  }
  return { kind, method: "POST", path: `/api/webhooks/${slug}`, body: raw, headers };
}
