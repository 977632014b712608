import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startFakeMeta, type FakeMeta } from "../../../../tests/fakes/meta/server";
import { ChannelAuthError, ChannelRateLimitedError, ChannelRejectedError, type ChannelCredentials } from "../connector";
import { MetaGraphUnavailableError, MetaWindowClosedError } from "./graph-errors";
import type { MetaGraphConfig } from "./meta-config";
import { sendMetaReply, type MetaOutboundReply } from "./send-reply";

let meta: FakeMeta;
let config: MetaGraphConfig;
let fb: ChannelCredentials;
let ig: ChannelCredentials;
const HOUR = 3_600_000;

beforeAll(async () => {
  meta = await startFakeMeta();
  config = { baseUrl: meta.url, version: meta.version, appSecret: meta.appSecret, timeoutMs: 300 };
  const page = meta.store.pages[0]!;
  fb = { channelId: "ch_fb", externalId: page.id, accessToken: page.accessToken, secret: null };
  ig = { channelId: "ch_ig", externalId: page.instagram!.id, accessToken: page.accessToken, secret: null };
});
afterAll(() => meta.close());
beforeEach(() => meta.faults.clear());

const dm = (recipient: string, text = "Yes, in stock!"): MetaOutboundReply => ({ conversationKind: "DM", threadId: recipient, recipientPlatformUserId: recipient, inReplyToPlatformMessageId: null, text });
const onComment = (commentId: string, text = "Sent you a DM!", privateReply = false): MetaOutboundReply => ({ conversationKind: "COMMENT", threadId: "post", recipientPlatformUserId: "someone", inReplyToPlatformMessageId: commentId, text, privateReply });
const lastSent = () => meta.store.sent.at(-1)!;

describe("sendMetaReply: DMs", () => {
  it("answers a Messenger DM with messaging_type RESPONSE and returns the message id", async () => {
    const inbound = await meta.simulateInbound({ type: "messenger-message", text: "Is the bike in stock?" });
    const sent = await sendMetaReply("FACEBOOK", fb, dm(inbound.customerId!), config);
    expect(lastSent()).toMatchObject({ kind: "message", platform: "messenger", path: "/me/messages", response: { message_id: sent.platformMessageId } });
    expect(lastSent().params).toMatchObject({ messaging_type: "RESPONSE", recipient: JSON.stringify({ id: inbound.customerId }), message: JSON.stringify({ text: "Yes, in stock!" }) });
    expect(lastSent().params.appsecret_proof).toMatch(/^[0-9a-f]{64}$/);
  });

  it("answers an Instagram DM the same way", async () => {
    const inbound = await meta.simulateInbound({ type: "instagram-message", text: "Ships to Lyon?" });
    const sent = await sendMetaReply("INSTAGRAM", ig, dm(inbound.customerId!), config);
    expect(lastSent()).toMatchObject({ platform: "instagram", response: { message_id: sent.platformMessageId } });
  });

  it("after 24 h: RESPONSE is refused as window-closed; a person's HUMAN_AGENT reply goes through within 7 days", async () => {
    const inbound = await meta.simulateInbound({ type: "messenger-message", text: "Still there?", at: Date.now() - 3 * 24 * HOUR });
    await expect(sendMetaReply("FACEBOOK", fb, dm(inbound.customerId!), config)).rejects.toBeInstanceOf(MetaWindowClosedError);
    await sendMetaReply("FACEBOOK", fb, { ...dm(inbound.customerId!), humanAgent: true }, config);
    expect(lastSent().params).toMatchObject({ messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" });
  });

  it("refuses an over-long reply before calling Meta (2,000 chars Messenger, <1,000 bytes Instagram)", async () => {
    const calls = meta.requests.length;
    await expect(sendMetaReply("FACEBOOK", fb, dm("201", "a".repeat(2_001)), config)).rejects.toThrow(/2001 characters/);
    await expect(sendMetaReply("INSTAGRAM", ig, dm("301", "é".repeat(500)), config)).rejects.toThrow(/1000 bytes/);
    await expect(sendMetaReply("FACEBOOK", fb, dm("201", "  "), config)).rejects.toBeInstanceOf(ChannelRejectedError);
    await expect(sendMetaReply("FACEBOOK", fb, { ...dm("201"), conversationKind: "MENTION" }, config)).rejects.toBeInstanceOf(ChannelRejectedError);
    expect(meta.requests.length).toBe(calls);
  });

  it("maps an unknown recipient (100) and a person who blocked the Page (551) to rejected", async () => {
    await expect(sendMetaReply("FACEBOOK", fb, dm("999999"), config)).rejects.toBeInstanceOf(ChannelRejectedError);
    const inbound = await meta.simulateInbound({ type: "messenger-message", text: "hi" });
    meta.store.customers.get(inbound.customerId!)!.blocked = true;
    await expect(sendMetaReply("FACEBOOK", fb, dm(inbound.customerId!), config)).rejects.toThrow(/code 551\/1545041/);
  });
});

describe("sendMetaReply: comments", () => {
  it("replies publicly on Facebook (/{comment-id}/comments) and Instagram (/{id}/replies)", async () => {
    const fbComment = await meta.simulateInbound({ type: "facebook-comment", text: "Price?" });
    const a = await sendMetaReply("FACEBOOK", fb, onComment(fbComment.id), config);
    expect(lastSent()).toMatchObject({ kind: "comment-reply", path: `/${fbComment.id}/comments`, params: { message: "Sent you a DM!" }, response: { id: a.platformMessageId } });
    const igComment = await meta.simulateInbound({ type: "instagram-comment", text: "Colour?" });
    const b = await sendMetaReply("INSTAGRAM", ig, onComment(igComment.id), config);
    expect(lastSent()).toMatchObject({ kind: "comment-reply", path: `/${igComment.id}/replies`, response: { id: b.platformMessageId } });
  });

  it("sends one private reply per comment; a second is refused", async () => {
    const comment = await meta.simulateInbound({ type: "facebook-comment", text: "Can you DM me?" });
    const sent = await sendMetaReply("FACEBOOK", fb, onComment(comment.id, "Hi! Here are the details.", true), config);
    expect(lastSent()).toMatchObject({ kind: "private-reply", params: { recipient: JSON.stringify({ comment_id: comment.id }) }, response: { message_id: sent.platformMessageId } });
    expect(lastSent().params.messaging_type).toBeUndefined();
    await expect(sendMetaReply("FACEBOOK", fb, onComment(comment.id, "Again", true), config)).rejects.toBeInstanceOf(ChannelRejectedError);
  });

  it("refuses a comment reply with no comment to answer", async () => {
    await expect(sendMetaReply("FACEBOOK", fb, { ...onComment("x"), inReplyToPlatformMessageId: null }, config)).rejects.toBeInstanceOf(ChannelRejectedError);
  });
});

describe("sendMetaReply: dependency failures (fault injection)", () => {
  let customer: string;
  beforeAll(async () => {
    customer = (await meta.simulateInbound({ type: "messenger-message", text: "hello" })).customerId!;
  });

  it("190 -> ChannelAuthError; a revoked token and a missing token too", async () => {
    meta.faults.inject("send", { kind: "auth" });
    await expect(sendMetaReply("FACEBOOK", fb, dm(customer), config)).rejects.toBeInstanceOf(ChannelAuthError);
    await expect(sendMetaReply("FACEBOOK", { ...fb, accessToken: null }, dm(customer), config)).rejects.toBeInstanceOf(ChannelAuthError);
    await expect(sendMetaReply("FACEBOOK", { ...fb, accessToken: "EAAnot-a-token" }, dm(customer), config)).rejects.toBeInstanceOf(ChannelAuthError);
  });

  it("613 and 4 -> ChannelRateLimitedError with the time Meta says it takes to regain access", async () => {
    meta.faults.inject("send", { kind: "rate-limit", code: 613, resetInSeconds: 600 });
    await expect(sendMetaReply("FACEBOOK", fb, dm(customer), config)).rejects.toMatchObject({ name: "ChannelRateLimitedError", retryAfterSeconds: 600 });
    meta.faults.inject("comment.reply", { kind: "rate-limit", code: 4, resetInSeconds: 90 });
    const comment = await meta.simulateInbound({ type: "facebook-comment", text: "?" });
    const error = await sendMetaReply("FACEBOOK", fb, onComment(comment.id), config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelRateLimitedError);
    expect((error as ChannelRateLimitedError).retryAfterSeconds).toBe(120);
  });

  it("500 and a timeout -> transient MetaGraphUnavailableError, and the next call succeeds", async () => {
    meta.faults.inject("send", { kind: "server-error" });
    await expect(sendMetaReply("FACEBOOK", fb, dm(customer), config)).rejects.toBeInstanceOf(MetaGraphUnavailableError);
    meta.faults.inject("send", { kind: "timeout", delayMs: 5_000 });
    const started = Date.now();
    await expect(sendMetaReply("FACEBOOK", fb, dm(customer), config)).rejects.toThrow(/timed out after 300 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(sendMetaReply("FACEBOOK", fb, dm(customer), config)).resolves.toMatchObject({ platformMessageId: expect.any(String) });
  });

  it("a 500 with an error body was answered (not ambiguous); a timeout on the send may have posted (ambiguous); a refused connection did not", async () => {
    meta.faults.inject("send", { kind: "server-error" });
    expect(await sendMetaReply("FACEBOOK", fb, dm(customer), config).catch((e: unknown) => e)).toMatchObject({ name: "MetaGraphUnavailableError", ambiguous: false });
    meta.faults.inject("send", { kind: "timeout", delayMs: 1_000 });
    const before = meta.store.sent.length;
    expect(await sendMetaReply("FACEBOOK", fb, dm(customer, "Posted after the timeout"), config).catch((e: unknown) => e)).toMatchObject({ name: "MetaGraphUnavailableError", ambiguous: true });
    // The fake, like Meta, went on to post it after we stopped waiting: exactly why a resend could post twice.
    await vi.waitFor(() => expect(meta.store.sent.length).toBe(before + 1), { timeout: 3_000 });
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const refused = { ...config, baseUrl: `http://127.0.0.1:${closedPort}` };
    expect(await sendMetaReply("FACEBOOK", fb, dm(customer), refused).catch((e: unknown) => e)).toMatchObject({ name: "MetaGraphUnavailableError", ambiguous: false });
  });

  it("carries the send key as message metadata on Send API calls (DMs and private replies), never on a public comment reply", async () => {
    await sendMetaReply("FACEBOOK", fb, { ...dm(customer), sendKey: "reply_abc123" }, config);
    expect(JSON.parse(lastSent().params.message!)).toEqual({ text: "Yes, in stock!", metadata: "leadline:reply:reply_abc123" });
    const comment = await meta.simulateInbound({ type: "facebook-comment", text: "Price?" });
    await sendMetaReply("FACEBOOK", fb, { ...onComment(comment.id, "Sent you a DM!", true), sendKey: "reply_private1" }, config);
    expect(JSON.parse(lastSent().params.message!)).toMatchObject({ metadata: "leadline:reply:reply_private1" });
    const other = await meta.simulateInbound({ type: "facebook-comment", text: "Colours?" });
    await sendMetaReply("FACEBOOK", fb, { ...onComment(other.id, "Blue and red."), sendKey: "reply_public1" }, config);
    expect(lastSent()).toMatchObject({ kind: "comment-reply" });
    expect(JSON.stringify(lastSent().params)).not.toContain("reply_public1");
  });

  it("an unreachable Graph API is transient, and no error carries the token or the text", async () => {
    const errors: unknown[] = [];
    const down = { ...config, baseUrl: "http://127.0.0.1:1" };
    errors.push(await sendMetaReply("FACEBOOK", fb, dm(customer, "private words"), down).catch((e: unknown) => e));
    meta.faults.inject("send", { kind: "auth" });
    errors.push(await sendMetaReply("FACEBOOK", fb, dm(customer, "private words"), config).catch((e: unknown) => e));
    expect(errors[0]).toBeInstanceOf(MetaGraphUnavailableError);
    for (const error of errors) {
      expect(String((error as Error).message)).not.toContain(fb.accessToken!);
      expect(String((error as Error).message)).not.toContain("private words");
    }
  });
});
