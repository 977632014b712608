import { describe, expect, it } from "vitest";
import { metaJson } from "../../../../tests/fakes/meta/deliver-webhook";
import * as p from "../../../../tests/fakes/meta/webhook-payloads";
import { AppError } from "../../infra/errors/app-error";
import { parseMetaWebhook } from "./parse-webhook";
import { toInboundEvent } from "./to-inbound-event";

const PAGE = "101";
const IG = "17841400000000001";
const at = Date.UTC(2026, 10, 30, 9, 0, 0);
const parse = (body: unknown) => parseMetaWebhook(metaJson(body));
const only = (body: unknown) => {
  const batch = parse(body);
  expect(batch.skipped).toEqual([]);
  expect(batch.events).toHaveLength(1);
  return batch.events[0]!;
};

describe("parseMetaWebhook: every payload the fake builds", () => {
  it("Messenger message -> a DM keyed by mid, threaded by the customer", () => {
    const event = only(p.messengerMessage({ pageId: PAGE, customerId: "201", mid: "m_a", text: "Is the bike in stock? 🚲", at }));
    expect(event).toEqual({ type: "message", platform: "FACEBOOK", accountId: PAGE, at: new Date(at), mid: "m_a", senderId: "201", text: "Is the bike in stock? 🚲" });
    expect(toInboundEvent(event)).toEqual({
      ok: true,
      event: { platform: "FACEBOOK", channelExternalId: PAGE, platformMessageId: "m_a", threadId: "201", kind: "DM", sender: { platformUserId: "201" }, text: "Is the bike in stock? 🚲", sentAt: new Date(at) },
    });
  });

  it("Messenger echo, postback, read and delivery", () => {
    const echo = only(p.messengerEcho({ pageId: PAGE, customerId: "201", mid: "m_e", text: "Yes!", appId: "1234", at }));
    expect(echo).toMatchObject({ type: "echo", mid: "m_e", recipientId: "201", text: "Yes!", appId: "1234" });
    expect(toInboundEvent(echo)).toBeNull();
    const postback = only(p.messengerPostback({ pageId: PAGE, customerId: "201", mid: "m_p", title: "Book a test ride", payload: "BOOK", at }));
    expect(postback).toMatchObject({ type: "postback", mid: "m_p", title: "Book a test ride", payload: "BOOK" });
    expect(toInboundEvent(postback)).toMatchObject({ ok: true, event: { kind: "DM", text: "Book a test ride", platformMessageId: "m_p" } });
    expect(only(p.messengerRead({ pageId: PAGE, customerId: "201", watermark: at, at }))).toMatchObject({ type: "read", senderId: "201", watermark: at });
    const delivery = only(p.messengerDelivery({ pageId: PAGE, customerId: "201", mids: ["m_1", "m_2"], watermark: at }));
    expect(delivery).toMatchObject({ type: "delivery", mids: ["m_1", "m_2"] });
    expect(toInboundEvent(delivery)).toBeNull();
  });

  it("Page feed comments: add is a COMMENT threaded by the post; edited/remove are events only; the Page's own are skipped", () => {
    const base = { pageId: PAGE, postId: `${PAGE}_501`, commentId: "501_601", from: { id: "201", name: "Sam Customer" }, at };
    const add = only(p.feedComment({ ...base, text: "Price?", verb: "add" }));
    expect(add).toMatchObject({ type: "comment", verb: "add", commentId: "501_601", postId: `${PAGE}_501`, parentId: undefined, text: "Price?", at: new Date(Math.floor(at / 1000) * 1000) });
    expect(toInboundEvent(add)).toMatchObject({ ok: true, event: { kind: "COMMENT", platformMessageId: "501_601", threadId: `${PAGE}_501`, sender: { platformUserId: "201", displayName: "Sam Customer" }, text: "Price?" } });
    const reply = only(p.feedComment({ ...base, commentId: "501_602", parentId: "501_601", text: "Also?", verb: "add" }));
    expect(reply).toMatchObject({ parentId: "501_601" });
    const edited = only(p.feedComment({ ...base, text: "Price now?", verb: "edited" }));
    expect(edited).toMatchObject({ verb: "edited", text: "Price now?" });
    expect(toInboundEvent(edited)).toBeNull();
    const removed = only(p.feedComment({ ...base, verb: "remove" }));
    expect(removed).toMatchObject({ verb: "remove", text: undefined });
    const own = parse(p.feedComment({ ...base, from: { id: PAGE, name: "Our Page" }, text: "Thanks!", verb: "add" }));
    expect(own.events).toEqual([]);
    expect(own.skipped).toEqual([{ entryIndex: 0, reason: "the Page's own comment" }]);
  });

  it("Instagram DM, echo and comment (own comments skipped)", () => {
    const dm = only(p.instagramMessage({ igId: IG, pageId: PAGE, customerId: "301", mid: "ig_m", text: "Ships to Lyon?", at }));
    expect(toInboundEvent(dm)).toMatchObject({ ok: true, event: { platform: "INSTAGRAM", channelExternalId: IG, platformMessageId: "ig_m", threadId: "301", kind: "DM" } });
    expect(only(p.instagramEcho({ igId: IG, pageId: PAGE, customerId: "301", mid: "ig_e", text: "Yes", at }))).toMatchObject({ type: "echo", platform: "INSTAGRAM", recipientId: "301", appId: undefined });
    const comment = only(p.instagramComment({ igId: IG, commentId: "1790001", mediaId: "1790900", from: { id: "301", username: "sam.customer" }, text: "Colour?", at }));
    expect(toInboundEvent(comment)).toMatchObject({ ok: true, event: { kind: "COMMENT", platformMessageId: "1790001", threadId: "1790900", sender: { platformUserId: "301", handle: "sam.customer" }, sentAt: new Date(at) } });
    const own = parse(p.instagramComment({ igId: IG, commentId: "1790002", mediaId: "1790900", from: { id: IG, username: "us" }, text: "Thanks", at }));
    expect(own.skipped).toEqual([{ entryIndex: 0, reason: "the account's own comment" }]);
  });

  it("message edits, Instagram deletions and attachment-only messages", () => {
    const item = (extra: Record<string, unknown>) => ({ object: "page", entry: [{ id: PAGE, time: at, messaging: [{ sender: { id: "201" }, recipient: { id: PAGE }, timestamp: at, ...extra }] }] });
    expect(only(item({ message_edit: { mid: "m_a", text: "new", num_edit: 1 } }))).toMatchObject({ type: "message-edited", mid: "m_a", text: "new" });
    expect(only({ ...item({ message: { mid: "ig_m", is_deleted: true } }), object: "instagram" })).toMatchObject({ type: "message-deleted", platform: "INSTAGRAM", mid: "ig_m" });
    expect(only(item({ message: { mid: "m_img", attachments: [{ type: "image", payload: { url: "https://x" } }] } }))).toMatchObject({ type: "message", text: "[image]" });
  });
});

describe("parseMetaWebhook: batches and bad input", () => {
  it("keeps every good entry of a batch when one entry and one item are broken, and ignores unknown fields", () => {
    const body = p.batch(
      p.messengerMessage({ pageId: PAGE, customerId: "201", mid: "m_1", text: "one", at }),
      p.feedComment({ pageId: PAGE, postId: `${PAGE}_5`, commentId: "5_6", from: { id: "202", name: "Kim" }, text: "two", verb: "add", at }),
      p.messengerMessage({ pageId: PAGE, customerId: "203", mid: "m_3", text: "three", at }),
    ) as unknown as { object: string; entry: unknown[] };
    body.entry.splice(1, 0, { id: PAGE, messaging: "not a list" }, "garbage");
    (body.entry[0] as { messaging: unknown[] }).messaging.push({ sender: { id: "204" }, recipient: { id: PAGE }, message: { text: "no mid" } });
    Object.assign(body.entry[4] as object, { brand_new_field: { nested: true } });
    const batch = parse({ ...body, unknown_top_level: 1 });
    expect(batch.events.map((e) => ("mid" in e ? e.mid : "commentId" in e ? e.commentId : e.type))).toEqual(["m_1", "5_6", "m_3"]);
    expect(batch.skipped).toEqual([
      { entryIndex: 0, reason: "malformed messaging item: message.mid" },
      { entryIndex: 1, reason: "malformed entry: time" },
      { entryIndex: 2, reason: "malformed entry: value" },
    ]);
  });

  it("skips feed items that are not comments and change fields it does not handle", () => {
    const body = { object: "page", entry: [{ id: PAGE, time: at, changes: [{ field: "feed", value: { item: "reaction", verb: "add" } }, { field: "ratings", value: {} }] }] };
    expect(parse(body)).toEqual({ events: [], skipped: [{ entryIndex: 0, reason: "feed item reaction ignored" }, { entryIndex: 0, reason: "change field ratings ignored" }] });
  });

  it("refuses a body that is not JSON or has no entry list (400), and skips an object it does not handle", () => {
    for (const raw of ["{not json", "[]", '{"object":"page"}', '{"object":"page","entry":{}}']) {
      expect(() => parseMetaWebhook(raw)).toThrow(AppError);
    }
    try {
      parseMetaWebhook("{oops");
    } catch (error) {
      expect(error).toMatchObject({ code: "BAD_REQUEST" });
    }
    expect(parse({ object: "user", entry: [{ id: "1", time: at, changes: [] }] })).toEqual({ events: [], skipped: [{ entryIndex: -1, reason: "object user not handled" }] });
  });
});
