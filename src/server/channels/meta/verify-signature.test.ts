import { describe, expect, it } from "vitest";
import { metaJson, signMetaBody } from "../../../../tests/fakes/meta/deliver-webhook";
import { messengerMessage } from "../../../../tests/fakes/meta/webhook-payloads";
import { handleMetaHandshake } from "./handshake";
import { verifyMetaSignature } from "./verify-signature";

const secret = "test-app-secret-0123456789";
const raw = metaJson(messengerMessage({ pageId: "10", customerId: "20", mid: "m_1", text: "Ça coûte combien ? 🚲" }));

describe("verifyMetaSignature", () => {
  it("accepts Meta's signature over the raw, unicode-escaped bytes (string or Buffer)", () => {
    expect(raw).toContain("\\u00fb");
    const { sha256 } = signMetaBody(raw, secret);
    expect(verifyMetaSignature(raw, sha256, secret)).toBe(true);
    expect(verifyMetaSignature(Buffer.from(raw), sha256.toUpperCase().replace("SHA256=", "sha256="), secret)).toBe(true);
  });

  it("refuses re-serialised JSON, another secret, a missing, SHA-1 or malformed header", () => {
    const { sha256, sha1 } = signMetaBody(raw, secret);
    expect(verifyMetaSignature(JSON.stringify(JSON.parse(raw)), sha256, secret)).toBe(false);
    expect(verifyMetaSignature(raw, signMetaBody(raw, "another-secret-000000").sha256, secret)).toBe(false);
    expect(verifyMetaSignature(raw, null, secret)).toBe(false);
    expect(verifyMetaSignature(raw, sha1, secret)).toBe(false);
    expect(verifyMetaSignature(raw, "sha256=zz", secret)).toBe(false);
    expect(verifyMetaSignature(raw, `${sha256}00`, secret)).toBe(false);
    expect(verifyMetaSignature(raw, sha256, "")).toBe(false);
  });
});

describe("handleMetaHandshake", () => {
  const query = (q: Record<string, string>) => new URLSearchParams(q);
  const good = { "hub.mode": "subscribe", "hub.verify_token": "verify-token-1", "hub.challenge": "1158201444" };

  it("answers the challenge when the verify token matches", () => {
    expect(handleMetaHandshake(query(good), "verify-token-1")).toEqual({ ok: true, challenge: "1158201444" });
  });

  it("refuses a wrong token, another mode, a missing or odd challenge, and an unconfigured server", () => {
    expect(handleMetaHandshake(query({ ...good, "hub.verify_token": "nope" }), "verify-token-1")).toMatchObject({ ok: false, status: 403 });
    expect(handleMetaHandshake(query({ ...good, "hub.mode": "unsubscribe" }), "verify-token-1")).toMatchObject({ ok: false, status: 400 });
    expect(handleMetaHandshake(query({ ...good, "hub.challenge": "<script>" }), "verify-token-1")).toMatchObject({ ok: false, status: 400 });
    expect(handleMetaHandshake(query({ "hub.mode": "subscribe", "hub.verify_token": "verify-token-1" }), "verify-token-1")).toMatchObject({ ok: false, status: 400 });
    expect(handleMetaHandshake(query(good), undefined)).toMatchObject({ ok: false, status: 404 });
  });
});
