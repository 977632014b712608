import { describe, expect, it } from "vitest";
import { signLeadlineWebhook } from "./sign-payload";
import { verifyLeadlineWebhook } from "./verify-signature";

const secret = "whsec_test_secret_value_0123456789";
const body = JSON.stringify({ type: "leads.upsert", deliveryId: "dlv_1", leads: [{ key: "l1", version: 2 }] });
const now = new Date("2026-11-30T10:00:00Z");
const ts = Math.floor(now.getTime() / 1000);

describe("verifyLeadlineWebhook (the documented recipe)", () => {
  it("accepts what Leadline signs, from a string or the raw bytes", () => {
    const signature = signLeadlineWebhook(secret, ts, body);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyLeadlineWebhook({ secret, timestamp: String(ts), signature, rawBody: body, now })).toEqual({ ok: true, timestamp: ts });
    expect(verifyLeadlineWebhook({ secret, timestamp: String(ts), signature, rawBody: Buffer.from(body), now }).ok).toBe(true);
  });

  it("accepts any of several v1 signatures (secret rotation) and ignores other schemes", () => {
    const good = signLeadlineWebhook(secret, ts, body);
    const other = signLeadlineWebhook("old-secret", ts, body);
    expect(verifyLeadlineWebhook({ secret, timestamp: String(ts), signature: `v0=abc, ${other}, ${good}`, rawBody: body, now }).ok).toBe(true);
  });

  it("refuses a changed body, a wrong secret, a re-serialised body and a malformed signature", () => {
    const signature = signLeadlineWebhook(secret, ts, body);
    expect(verifyLeadlineWebhook({ secret, timestamp: String(ts), signature, rawBody: body.replace("l1", "l2"), now })).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyLeadlineWebhook({ secret: "other", timestamp: String(ts), signature, rawBody: body, now })).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyLeadlineWebhook({ secret, timestamp: String(ts), signature, rawBody: JSON.stringify(JSON.parse(body), null, 2), now }).ok).toBe(false);
    expect(verifyLeadlineWebhook({ secret, timestamp: String(ts), signature: "v1=zz", rawBody: body, now })).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyLeadlineWebhook({ secret, timestamp: String(ts), signature: signature.slice(0, -2), rawBody: body, now })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses the signature moved to another timestamp, old and future timestamps, and missing headers", () => {
    const signature = signLeadlineWebhook(secret, ts, body);
    expect(verifyLeadlineWebhook({ secret, timestamp: String(ts + 1), signature, rawBody: body, now }).ok).toBe(false);
    const old = ts - 301;
    expect(verifyLeadlineWebhook({ secret, timestamp: String(old), signature: signLeadlineWebhook(secret, old, body), rawBody: body, now })).toEqual({ ok: false, reason: "timestamp_out_of_tolerance" });
    const future = ts + 301;
    expect(verifyLeadlineWebhook({ secret, timestamp: String(future), signature: signLeadlineWebhook(secret, future, body), rawBody: body, now })).toEqual({ ok: false, reason: "timestamp_out_of_tolerance" });
    expect(verifyLeadlineWebhook({ secret, timestamp: String(old), signature: signLeadlineWebhook(secret, old, body), rawBody: body, now, toleranceSeconds: 600 }).ok).toBe(true);
    expect(verifyLeadlineWebhook({ secret, timestamp: "12abc", signature, rawBody: body, now })).toEqual({ ok: false, reason: "bad_timestamp" });
    expect(verifyLeadlineWebhook({ secret, timestamp: undefined, signature, rawBody: body, now })).toEqual({ ok: false, reason: "missing_headers" });
    expect(verifyLeadlineWebhook({ secret, timestamp: String(ts), signature: null, rawBody: body, now })).toEqual({ ok: false, reason: "missing_headers" });
  });
});
