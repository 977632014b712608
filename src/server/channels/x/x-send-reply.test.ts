import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeX, type FakeX } from "../../../../tests/fakes/x/server";
import { ChannelAuthError, ChannelRateLimitedError, ChannelRejectedError, type ChannelCredentials, type OutboundReply } from "../connector";
import { XTransientError } from "./x-errors";
import { fakeXConfig } from "../../../../tests/helpers/x-fake-config";
import { mayReplyTo, sendXReply } from "./x-send-reply";

let x: FakeX;
let creds: ChannelCredentials;
beforeEach(async () => {
  x = await startFakeX();
  creds = { channelId: "ch-x", externalId: x.account.id, accessToken: String(x.issueTokens().access_token), secret: null };
});
afterEach(() => x.close());

const mentionReply = (inReplyTo: string | null, text = "Yes, we ship to Lyon!"): OutboundReply => ({ conversationKind: "MENTION", threadId: inReplyTo ?? "t", recipientPlatformUserId: "1", inReplyToPlatformMessageId: inReplyTo, text });
const send = (reply: OutboundReply, o: Parameters<typeof sendXReply>[2] = {}, timeoutMs = 2_000) => sendXReply(creds, reply, o, fakeXConfig(x, { timeoutMs }));
const tweetCalls = () => x.limits.calls.get("tweets.create") ?? 0;

describe("replying to a mention", () => {
  it("posts in reply to the mention, in its conversation", async () => {
    const mention = x.addMention();
    const { platformMessageId } = await send(mentionReply(mention.id));
    const posted = x.store.tweets.find((t) => t.id === platformMessageId);
    expect(posted).toMatchObject({ authorId: x.account.id, conversationId: mention.conversationId, referenced: [{ type: "replied_to", id: mention.id }] });
  });

  it("maps X's 2026 reply-rule refusal to a rejected reply, and refuses up front when the target is known", async () => {
    const stranger = x.addTweet({ authorId: x.addUser({ name: "N", username: "nobody" }).id, text: "just a post" });
    const err = await send(mentionReply(stranger.id)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelRejectedError);
    expect((err as Error).message).toMatch(/mentioned or quoted/);
    const before = tweetCalls();
    const target = { authorId: stranger.authorId, text: stranger.text };
    await expect(send(mentionReply(stranger.id), { target, accountUsername: "faketestshop" })).rejects.toBeInstanceOf(ChannelRejectedError);
    expect(tweetCalls()).toBe(before);
  });

  it("allows a reply to a post that quoted the account (the other half of the rule)", async () => {
    const ours = x.addTweet({ authorId: x.account.id, text: "New bikes in stock" });
    const quote = x.addTweet({ authorId: x.addUser({ name: "Q", username: "quoter" }).id, text: "look at this", quotedId: ours.id });
    expect(mayReplyTo({ authorId: quote.authorId, text: quote.text, quotedAuthorIds: [x.account.id] }, x.account)).toBe(true);
    expect(mayReplyTo({ authorId: "5", text: "hey @FakeTestShop!" }, x.account)).toBe(true);
    expect(mayReplyTo({ authorId: "5", text: "hey @faketestshop_fan" }, x.account)).toBe(false);
    await expect(send(mentionReply(quote.id, "Thanks for sharing!"))).resolves.toMatchObject({ platformMessageId: expect.any(String) });
  });

  it("checks 280 weighted characters before calling X (URLs 23, CJK 2)", async () => {
    const mention = x.addMention();
    await expect(send(mentionReply(mention.id, "a".repeat(281)))).rejects.toThrow(/280 weighted/);
    await expect(send(mentionReply(mention.id, "日".repeat(141)))).rejects.toBeInstanceOf(ChannelRejectedError);
    expect(tweetCalls()).toBe(0);
    // 257 + a long URL counted as 23 = 280: allowed even though it is far longer in code units.
    await expect(send(mentionReply(mention.id, `${"b".repeat(256)} https://leadline.dev/${"p".repeat(100)}`))).resolves.toBeDefined();
  });

  it("refuses a mention reply with no post to answer, an empty text and a COMMENT, without calls", async () => {
    await expect(send(mentionReply(null))).rejects.toBeInstanceOf(ChannelRejectedError);
    await expect(send(mentionReply("123", "   "))).rejects.toBeInstanceOf(ChannelRejectedError);
    await expect(send({ ...mentionReply("123"), conversationKind: "COMMENT" })).rejects.toBeInstanceOf(ChannelRejectedError);
    expect(tweetCalls()).toBe(0);
  });

  it("maps a duplicate and a deleted target to rejected", async () => {
    const mention = x.addMention();
    await send(mentionReply(mention.id, "Same words"));
    await expect(send(mentionReply(mention.id, "Same words"))).rejects.toThrow(/duplicate/);
    await expect(send(mentionReply("1990000000000000001"))).rejects.toThrow(/deleted or not visible/);
  });
});

describe("sending a DM", () => {
  it("sends to the customer and returns the DM event id", async () => {
    const dm = x.addDm();
    const reply: OutboundReply = { conversationKind: "DM", threadId: "t", recipientPlatformUserId: dm.senderId, inReplyToPlatformMessageId: dm.id, text: "Yes, it is!" };
    const { platformMessageId } = await send(reply);
    expect(x.store.dmEvents.find((e) => e.id === platformMessageId)).toMatchObject({ senderId: x.account.id, recipientId: dm.senderId });
  });

  it("refuses over 10,000 characters and a recipient that is not a user id", async () => {
    const base: OutboundReply = { conversationKind: "DM", threadId: "t", recipientPlatformUserId: "123", inReplyToPlatformMessageId: null, text: "x".repeat(10_001) };
    await expect(send(base)).rejects.toThrow(/10000/);
    await expect(send({ ...base, text: "hi", recipientPlatformUserId: "../../2/tweets" })).rejects.toBeInstanceOf(ChannelRejectedError);
    expect(x.limits.calls.get("dm.send")).toBeUndefined();
  });
});

describe("failures", () => {
  it("401 -> auth, 429 -> rate-limited until the reset, 500 -> transient, timeout -> transient and ambiguous", async () => {
    const mention = x.addMention();
    x.faults.inject("tweets.create", { kind: "auth" });
    await expect(send(mentionReply(mention.id))).rejects.toBeInstanceOf(ChannelAuthError);
    x.faults.inject("tweets.create", { kind: "rate-limit", resetInSeconds: 30 });
    const limited = await send(mentionReply(mention.id)).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(ChannelRateLimitedError);
    expect((limited as ChannelRateLimitedError).retryAfterSeconds).toBeGreaterThanOrEqual(29);
    expect((limited as ChannelRateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(31);
    x.faults.inject("tweets.create", { kind: "server-error" });
    await expect(send(mentionReply(mention.id))).rejects.toMatchObject({ name: "XTransientError", status: 500, ambiguous: false });
    x.faults.inject("tweets.create", { kind: "timeout", delayMs: 1_000 });
    const timedOut = await send(mentionReply(mention.id), {}, 150).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(XTransientError);
    expect((timedOut as XTransientError).ambiguous).toBe(true);
  });

  it("never puts the token or the text in an error", async () => {
    const secretText = "my-private-reply-text-1234";
    for (const fault of [{ kind: "auth" }, { kind: "server-error" }, { kind: "rate-limit" }] as const) {
      x.faults.inject("dm.send", fault);
      const err = await send({ conversationKind: "DM", threadId: "t", recipientPlatformUserId: x.addUser({ name: "a", username: "a" }).id, inReplyToPlatformMessageId: null, text: secretText }).catch((e: unknown) => e);
      expect(String((err as Error).message)).not.toContain(secretText);
      expect(String((err as Error).message)).not.toContain(creds.accessToken);
    }
    // X's own invalid-request body echoes the text in errors[].parameters: it must not leak through.
    // (The fake weighs an emoji sequence per code point, 11 here; X and we count 2: so only the fake refuses it.)
    const err = await send(mentionReply(x.addMention().id, `${secretText} ${"z".repeat(250)} 👨‍👩‍👧‍👦`)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelRejectedError);
    expect((err as Error).message).toBe("The text is longer than X allows.");
  });

  it("needs an access token", async () => {
    await expect(sendXReply({ ...creds, accessToken: null }, mentionReply("1"), {}, fakeXConfig(x))).rejects.toBeInstanceOf(ChannelAuthError);
  });
});
