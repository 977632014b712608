import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { metaJson, signMetaBody } from "../../../../tests/fakes/meta/deliver-webhook";
import { batch, instagramComment, instagramMessage, messengerMessage } from "../../../../tests/fakes/meta/webhook-payloads";
import { facebookConnector, instagramConnector, parseMetaDelivery, verifyMetaDelivery } from "./meta-connector";
import { parseMetaSignedRequest } from "./parse-signed-request";
import { metaCapabilities } from "./reply-limits";

const secret = "unit-test-app-secret-000000";
const deliver = (payload: unknown, signWith = secret) => {
  const raw = metaJson(payload);
  return [raw, new Headers({ "x-hub-signature-256": signMetaBody(raw, signWith).sha256 })] as const;
};

describe("parseMetaDelivery", () => {
  it("verifies, parses and maps an Instagram batch (either URL takes either object)", () => {
    const [raw, headers] = deliver(
      batch(
        instagramMessage({ igId: "178", pageId: "10", customerId: "301", mid: "ig_1", text: "Hi" }),
        instagramComment({ igId: "178", commentId: "1790001", mediaId: "1790900", from: { id: "302", username: "kim" }, text: "Nice" }),
      ),
    );
    expect(verifyMetaDelivery(raw, headers, secret)).toBe(true);
    const { events } = parseMetaDelivery(raw);
    expect(events.map((e) => [e.platform, e.kind, e.platformMessageId])).toEqual([["INSTAGRAM", "DM", "ig_1"], ["INSTAGRAM", "COMMENT", "1790001"]]);
  });

  it("skips items that are malformed or break the stored shape instead of failing the batch", () => {
    const [raw, headers] = deliver(
      batch(
        messengerMessage({ pageId: "10", customerId: "9".repeat(301), mid: "m_long_id", text: "x" }),
        // A timestamp no Date can hold: parses, but is not a storable InboundEvent.
        messengerMessage({ pageId: "10", customerId: "201", mid: "m_bad_time", text: "x", at: 1e20 }),
        messengerMessage({ pageId: "10", customerId: "201", mid: "m_ok", text: "y" }),
      ),
    );
    expect(verifyMetaDelivery(raw, headers, secret)).toBe(true);
    const parsed = parseMetaDelivery(raw);
    expect(parsed.events.map((e) => e.platformMessageId)).toEqual(["m_ok"]);
    expect(parsed.skipped.length).toBeGreaterThanOrEqual(2);
  });

  it("refuses a bad signature and answers 404 when unconfigured", () => {
    const [raw, headers] = deliver(messengerMessage({ pageId: "10", customerId: "201", mid: "m", text: "x" }), "wrong-secret-0000000000");
    expect(verifyMetaDelivery(raw, headers, secret)).toBe(false);
    expect(() => verifyMetaDelivery(raw, headers, undefined)).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });

  it("registers one connector per platform with a 24 h window, and capabilities from the docs", () => {
    expect([facebookConnector.platform, instagramConnector.platform]).toEqual(["FACEBOOK", "INSTAGRAM"]);
    expect(facebookConnector.capabilities.replyWindowHours).toBe(24);
    expect(facebookConnector.webhook?.handshake).toBeDefined();
    expect(metaCapabilities.FACEBOOK).toMatchObject({ surfaces: ["DM", "COMMENT"], replyLimits: { DM: { max: 2_000, unit: "chars" } }, replyWindowHours: 24, humanReplyWindowHours: 168, automatedReplies: true });
    expect(metaCapabilities.INSTAGRAM.replyLimits).toMatchObject({ DM: { max: 999, unit: "utf8-bytes" }, COMMENT: { max: 2_200, unit: "chars" } });
  });
});

describe("parseMetaSignedRequest (deauthorize callback)", () => {
  const sign = (payload: unknown, key = secret) => {
    const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
    return `${createHmac("sha256", key).update(body).digest("base64url")}.${body}`;
  };

  it("returns the deauthorisation of a request signed with the app secret", () => {
    expect(parseMetaSignedRequest(sign({ algorithm: "HMAC-SHA256", issued_at: 1_790_000_000, user_id: "100000000000001" }), secret)).toEqual({
      type: "deauthorised",
      userId: "100000000000001",
      at: new Date(1_790_000_000_000),
    });
  });

  it("refuses another key, another algorithm, tampering and junk", () => {
    const good = sign({ algorithm: "HMAC-SHA256", user_id: "1" });
    expect(parseMetaSignedRequest(sign({ algorithm: "HMAC-SHA256", user_id: "1" }, "other-secret-00000000"), secret)).toBeNull();
    expect(parseMetaSignedRequest(sign({ algorithm: "none", user_id: "1" }), secret)).toBeNull();
    expect(parseMetaSignedRequest(`${good.split(".")[0]}.${Buffer.from('{"algorithm":"HMAC-SHA256","user_id":"2"}').toString("base64url")}`, secret)).toBeNull();
    for (const junk of ["", "abc", "a.b.c", `${good}.x`]) expect(parseMetaSignedRequest(junk, secret)).toBeNull();
  });
});
