import { describe, expect, it } from "vitest";
import { metaJson } from "../../../../tests/fakes/meta/deliver-webhook";
import * as p from "../../../../tests/fakes/meta/webhook-payloads";
import { parseMetaDelivery } from "./meta-connector";

const PAGE = "101";
const IG = "17841400000000001";
const at = Date.UTC(2026, 10, 30, 9, 0, 0);
const parse = (body: unknown) => parseMetaDelivery(metaJson(body));
const fb = { platform: "FACEBOOK", channelExternalId: PAGE } as const;

describe("parseMetaDelivery: Meta's documented update payloads become ChannelUpdates", () => {
  it("message_edits (Messenger and Instagram), Instagram unsend, feed comment edited / remove", () => {
    expect(parse(p.messageEdit({ accountId: PAGE, customerId: "201", mid: "m_a", text: "new text", numEdit: 2, at })).updates).toEqual([{ type: "edited", ...fb, platformMessageId: "m_a", text: "new text" }]);
    expect(parse(p.messageEdit({ object: "instagram", accountId: IG, customerId: "301", mid: "ig_a", text: "nuovo", at })).updates).toEqual([
      { type: "edited", platform: "INSTAGRAM", channelExternalId: IG, platformMessageId: "ig_a", text: "nuovo" },
    ]);
    expect(parse(p.instagramDeleted({ igId: IG, customerId: "301", mid: "ig_d", at })).updates).toEqual([{ type: "deleted", platform: "INSTAGRAM", channelExternalId: IG, platformMessageId: "ig_d" }]);
    const base = { pageId: PAGE, postId: `${PAGE}_5`, commentId: "5_6", from: { id: "201", name: "Sam" }, at };
    expect(parse(p.feedComment({ ...base, verb: "edited", text: "Price now?" })).updates).toEqual([{ type: "edited", ...fb, platformMessageId: "5_6", text: "Price now?" }]);
    expect(parse(p.feedComment({ ...base, verb: "remove" })).updates).toEqual([{ type: "deleted", ...fb, platformMessageId: "5_6" }]);
  });

  it("echoes carry the thread (the customer), the text, the platform's time and the sending app", () => {
    expect(parse(p.messengerEcho({ pageId: PAGE, customerId: "201", mid: "m_e", text: "Sure!", appId: "263902037430900", at })).updates).toEqual([
      { type: "echo", ...fb, platformMessageId: "m_e", threadId: "201", text: "Sure!", sentAt: new Date(at), appId: "263902037430900" },
    ]);
    expect(parse(p.instagramEcho({ igId: IG, pageId: PAGE, customerId: "301", mid: "ig_e", text: "Sì", at })).updates).toEqual([
      { type: "echo", platform: "INSTAGRAM", channelExternalId: IG, platformMessageId: "ig_e", threadId: "301", text: "Sì", sentAt: new Date(at) },
    ]);
  });

  it("receipts: Messenger delivery (mids + watermark) and read (watermark), Instagram messaging_seen (mid)", () => {
    expect(parse(p.messengerDelivery({ pageId: PAGE, customerId: "201", mids: ["m_1"], watermark: at })).updates).toEqual([
      { type: "delivered", ...fb, threadId: "201", watermark: new Date(at), platformMessageIds: ["m_1"] },
    ]);
    expect(parse(p.messengerRead({ pageId: PAGE, customerId: "201", watermark: at, at })).updates).toEqual([{ type: "read", ...fb, threadId: "201", watermark: new Date(at), platformMessageIds: [] }]);
    expect(parse(p.instagramSeen({ igId: IG, customerId: "301", mid: "ig_m", at })).updates).toEqual([
      { type: "read", platform: "INSTAGRAM", channelExternalId: IG, threadId: "301", watermark: null, platformMessageIds: ["ig_m"] },
    ]);
  });

  it("skips a read receipt with neither watermark nor mid, and keeps the rest of the delivery", () => {
    const body = p.messengerRead({ pageId: PAGE, customerId: "201", watermark: at, at }) as unknown as { entry: Array<{ messaging: Array<Record<string, unknown>> }> };
    body.entry[0]!.messaging.push({ sender: { id: "202" }, recipient: { id: PAGE }, read: {} });
    const parsed = parse(body);
    expect(parsed.updates).toHaveLength(1);
    expect(parsed.skipped).toEqual([{ index: 0, reason: "malformed messaging item: read" }]);
  });
});
