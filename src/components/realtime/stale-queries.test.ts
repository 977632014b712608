import { describe, expect, it } from "vitest";
import { reconnectDelay } from "./reconnect-delay";
import { EVERYTHING_STALE, mergeStaleQueries, NOTHING_STALE, staleQueriesFor } from "./stale-queries";

describe("staleQueriesFor", () => {
  it("refreshes the inbox list and the one conversation on message, reply and conversation events", () => {
    for (const event of [
      { type: "message.created", conversationId: "c1", messageId: "m1" },
      { type: "message.processed", conversationId: "c1", messageId: "m1", intent: "sales" },
      { type: "reply.drafted", conversationId: "c1", replyId: "r1" },
      { type: "reply.sent", conversationId: "c1", replyId: "r1" },
      { type: "conversation.updated", conversationId: "c1" },
    ] as const) {
      expect(staleQueriesFor(event)).toEqual({ inboxList: true, leadsList: false, allConversations: false, channelsList: false, conversationIds: ["c1"] });
    }
  });

  it("refreshes leads, the inbox list and open conversations when a lead changes", () => {
    expect(staleQueriesFor({ type: "lead.updated", leadId: "l1" })).toEqual({ inboxList: true, leadsList: true, allConversations: true, channelsList: false, conversationIds: [] });
  });

  it("refreshes open conversations and the channel list when a channel changes", () => {
    expect(staleQueriesFor({ type: "channel.status", channelId: "ch1", status: "needs_reauth" })).toEqual({ ...NOTHING_STALE, allConversations: true, channelsList: true });
  });
});

describe("mergeStaleQueries", () => {
  it("unions flags and de-duplicates conversation ids", () => {
    const a = staleQueriesFor({ type: "reply.sent", conversationId: "c1", replyId: "r1" });
    const b = staleQueriesFor({ type: "message.created", conversationId: "c2", messageId: "m1" });
    const c = staleQueriesFor({ type: "conversation.updated", conversationId: "c1" });
    expect(mergeStaleQueries(mergeStaleQueries(a, b), c)).toEqual({ inboxList: true, leadsList: false, allConversations: false, channelsList: false, conversationIds: ["c1", "c2"] });
  });

  it("drops single ids once every conversation is stale", () => {
    const a = staleQueriesFor({ type: "reply.sent", conversationId: "c1", replyId: "r1" });
    expect(mergeStaleQueries(a, EVERYTHING_STALE)).toEqual(EVERYTHING_STALE);
  });
});

describe("reconnectDelay", () => {
  it("doubles from about a second and caps at 30 s", () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => reconnectDelay(n, mid))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it("spreads retries by +/-20%", () => {
    expect(reconnectDelay(2, () => 0)).toBe(3_200);
    expect(reconnectDelay(2, () => 1)).toBe(4_800);
  });
});
