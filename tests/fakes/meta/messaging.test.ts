import { createHmac, timingSafeEqual } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyWebhookEndpoint } from "./deliver-webhook";
import { startFakeMeta, type FakeMeta } from "./server";
import { startReceiver } from "./test-receiver";
import * as payloads from "./webhook-payloads";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads arbitrary Graph JSON
let meta: FakeMeta;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let token = "";
let pageId = "";
let igId = "";
beforeAll(async () => {
  receiver = await startReceiver();
  meta = await startFakeMeta({ webhookUrl: receiver.url });
  const page = meta.store.pages[0]!;
  [token, pageId, igId] = [page.accessToken, page.id, page.instagram?.id ?? ""];
  meta.store.subscriptions.set(pageId, ["messages", "messaging_postbacks", "message_echoes", "feed"]);
});
afterAll(async () => {
  await meta.close();
  await receiver.close();
});

async function post(path: string, body: Json, auth = token): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${meta.url}/${meta.version}${path}?access_token=${auth}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Json };
}
async function get(path: string, params: Record<string, string> = {}): Promise<Json> {
  const url = new URL(path.startsWith("http") ? path : `${meta.url}/${meta.version}${path}`);
  if (!url.searchParams.has("access_token")) url.searchParams.set("access_token", token);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return (await (await fetch(url)).json()) as Json;
}
const hmac = (raw: Buffer) => `sha256=${createHmac("sha256", meta.appSecret).update(raw).digest("hex")}`;

describe("webhook delivery", () => {
  it("signs the raw escaped-unicode bytes with the app secret", async () => {
    const result = await meta.simulateInbound({ type: "messenger-message", text: "Hé, is the bike ✓ in stock?" });
    expect(result.delivery?.status).toBe(200);
    const got = receiver.received.at(-1)!;
    expect(got.raw.toString()).toContain("H\\u00e9");
    const sent = Buffer.from(got.headers["x-hub-signature-256"] ?? "");
    expect(timingSafeEqual(sent, Buffer.from(hmac(got.raw)))).toBe(true);
    expect(hmac(Buffer.from(JSON.stringify(JSON.parse(got.raw.toString()))))).not.toBe(got.headers["x-hub-signature-256"]);
    const body = JSON.parse(got.raw.toString()) as Json;
    expect(body.entry[0].messaging[0]).toMatchObject({ sender: { id: result.customerId }, recipient: { id: pageId }, message: { mid: result.id } });
  });

  it("stores but does not deliver a dropped webhook, nor one for an unsubscribed field", async () => {
    const before = receiver.received.length;
    const dropped = await meta.simulateInbound({ type: "instagram-message", text: "lost one" }, { drop: true });
    expect(dropped.skipped).toBe("dropped");
    meta.store.subscriptions.set(pageId, ["messages", "message_echoes", "feed"]);
    const postback = await meta.simulateInbound({ type: "messenger-postback", title: "Get Started", payload: "START" });
    expect(postback.skipped).toBe("not-subscribed");
    meta.store.subscriptions.set(pageId, ["messages", "messaging_postbacks", "message_echoes", "feed"]);
    expect(receiver.received.length).toBe(before);
    const convs = await get(`/${pageId}/conversations`, { platform: "instagram", fields: "messages{message,from}" });
    expect(convs.data.some((c: Json) => c.messages.data.some((m: Json) => m.message === "lost one"))).toBe(true);
  });

  it("builds every event type and multi-entry batches", () => {
    const a = { pageId: "1", customerId: "2", mid: "m_1", text: "hi", at: 1_700_000_000_000 };
    expect(payloads.messengerEcho({ ...a, appId: "9" }).entry[0]?.messaging?.[0]).toMatchObject({ sender: { id: "1" }, message: { is_echo: true, app_id: 9 } });
    expect(payloads.messengerRead({ pageId: "1", customerId: "2", watermark: 5 }).entry[0]?.messaging?.[0]).toMatchObject({ read: { watermark: 5 } });
    expect(payloads.messengerDelivery({ pageId: "1", customerId: "2", mids: ["m_1"], watermark: 5 }).entry[0]?.messaging?.[0]).toMatchObject({ delivery: { mids: ["m_1"] } });
    const removed = payloads.feedComment({ pageId: "1", postId: "1_3", commentId: "3_4", from: { id: "2", name: "S" }, verb: "remove" });
    expect(removed.entry[0]?.changes?.[0]?.value).toMatchObject({ item: "comment", verb: "remove", comment_id: "3_4", parent_id: "1_3" });
    expect(removed.entry[0]?.changes?.[0]?.value).not.toHaveProperty("message");
    expect(payloads.instagramEcho({ ...a, igId: "17" }).entry[0]?.messaging?.[0]?.message).toMatchObject({ is_echo: true });
    const igComment = payloads.instagramComment({ igId: "17", commentId: "c", mediaId: "m", from: { id: "3", username: "u" }, text: "nice" });
    const many = payloads.batch(payloads.messengerMessage(a), payloads.messengerMessage({ ...a, mid: "m_2" }), payloads.messengerPostback({ ...a, title: "t", payload: "p" }));
    expect(many.entry).toHaveLength(3);
    expect(() => payloads.batch(many, igComment)).toThrow();
  });

  it("helps test the GET verification handshake", async () => {
    const answer = await verifyWebhookEndpoint(receiver.url, "verify-me", "12345");
    expect(answer.status).toBe(200);
    expect(receiver.received.at(-1)?.url).toContain("hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=12345");
  });
});

describe("Send API", () => {
  it("validates like Meta and records what was sent", async () => {
    const { customerId = "" } = await meta.simulateInbound({ type: "messenger-message", text: "price?" });
    const base = { recipient: { id: customerId }, message: { text: "It is 499 EUR." } };
    expect((await post(`/${pageId}/messages`, base)).body.error).toMatchObject({ code: 100 });
    expect((await post("/me/messages", { ...base, messaging_type: "RESPONSE", message: { text: "x".repeat(2001) } })).body.error.code).toBe(100);
    expect((await post("/me/messages", { ...base, messaging_type: "RESPONSE", recipient: { id: "999" } })).body.error).toMatchObject({ code: 100, error_subcode: 2018001 });
    const other = await startFakeMeta();
    expect((await post(`/${pageId}/messages`, { ...base, messaging_type: "RESPONSE" }, other.store.pages[0]!.accessToken)).body.error.code).toBe(190);
    await other.close();
    const sent = await post(`/${pageId}/messages`, { ...base, messaging_type: "RESPONSE" });
    expect(sent.body).toEqual({ recipient_id: customerId, message_id: expect.stringMatching(/^m_/) });
    expect(meta.store.sent.at(-1)).toMatchObject({ kind: "message", pageId, response: sent.body });
    expect(receiver.received.some((r) => r.raw.toString().includes('"is_echo"'))).toBe(false);
  });

  it("echoes the app's own sends back as message_echoes when asked to", async () => {
    const echoing = await startFakeMeta({ webhookUrl: receiver.url, echoSends: true });
    const page = echoing.store.pages[0]!;
    echoing.store.subscriptions.set(page.id, ["messages", "message_echoes"]);
    const { customerId = "" } = await echoing.simulateInbound({ type: "messenger-message", text: "hello" });
    const res = await fetch(`${echoing.url}/${echoing.version}/me/messages?access_token=${page.accessToken}`, {
      method: "POST",
      body: new URLSearchParams({ recipient: JSON.stringify({ id: customerId }), messaging_type: "RESPONSE", message: JSON.stringify({ text: "hi back" }) }),
    });
    const sent = (await res.json()) as Json;
    const echo = JSON.parse(receiver.received.at(-1)?.raw.toString() ?? "{}") as Json;
    expect(echo.entry[0].messaging[0]).toMatchObject({ sender: { id: page.id }, recipient: { id: customerId }, message: { is_echo: true, mid: sent.message_id, text: "hi back" } });
    await echoing.close();
  });

  it("enforces the 24-hour window, HUMAN_AGENT's 7 days, and 551 for unavailable people", async () => {
    const { customerId = "" } = await meta.simulateInbound({ type: "messenger-message", text: "old", at: Date.now() - 25 * 3_600_000 });
    const base = { recipient: { id: customerId }, message: { text: "Sorry for the wait" } };
    expect((await post("/me/messages", { ...base, messaging_type: "RESPONSE" })).body.error).toMatchObject({ code: 10, error_subcode: 2018278 });
    expect((await post("/me/messages", { ...base, messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" })).status).toBe(200);
    meta.store.customers.get(customerId)!.blocked = true;
    expect((await post("/me/messages", { ...base, messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" })).body.error).toMatchObject({ code: 551, error_subcode: 1545041 });
  });

  it("replies to comments publicly (FB comments, IG replies) and privately once", async () => {
    const fb = await meta.simulateInbound({ type: "facebook-comment", text: "How much?" });
    const ig = await meta.simulateInbound({ type: "instagram-comment", text: "Price?" });
    expect((await post(`/${fb.id}/comments`, { message: "Check your inbox" })).body).toEqual({ id: expect.stringMatching(/_/) });
    expect((await post(`/${ig.id}/replies`, { message: "DM sent!" })).body).toEqual({ id: expect.any(String) });
    expect((await post(`/${ig.id}/comments`, { message: "wrong edge" })).body.error.code).toBe(100);
    const priv = await post("/me/messages", { recipient: { comment_id: fb.id }, message: { text: "Here is the price" } });
    expect(priv.body).toMatchObject({ recipient_id: fb.customerId });
    expect((await post("/me/messages", { recipient: { comment_id: fb.id }, message: { text: "again" } })).body.error.code).toBe(100);
  });
});

describe("reconciliation reads", () => {
  it("walks conversations and comments to the end with paging.next", async () => {
    for (let i = 0; i < 5; i += 1) await meta.simulateInbound({ type: "messenger-message", text: `walk ${i}`, customerName: `Walker ${i}` });
    let page = await get(`/${pageId}/conversations`, { platform: "messenger", limit: "2", fields: "id,updated_time,messages.limit(1){id,message,from,created_time}" });
    const seen: string[] = [];
    for (;;) {
      seen.push(...page.data.map((c: Json) => c.id as string));
      if (!page.paging?.next) break;
      page = await get(page.paging.next as string);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(new Set(meta.store.dms.filter((d) => d.platform === "messenger").map((d) => d.customerId)).size);
    const feed = await get(`/${pageId}/feed`, { fields: "id,message,created_time" });
    const comments = await get(`/${feed.data[0].id}/comments`, { filter: "stream", order: "reverse_chronological", fields: "id,message,from,created_time,parent" });
    expect(comments.data.map((c: Json) => c.message)).toEqual(["Check your inbox", "How much?"]);
    const media = await get(`/${igId}/media`, { fields: "id,caption,timestamp,comments_count" });
    expect(media.data[0].comments_count).toBe(2);
    const igComments = await get(`/${media.data[0].id}/comments`, { fields: "id,text,username,timestamp" });
    expect(igComments.data[0]).toMatchObject({ text: "Price?", timestamp: expect.stringMatching(/\+0000$/) });
  });
});
