import { describe, expect, it } from "vitest";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { findDemoConversation, findDemoMessage, normaliseForMatch } from "./find-demo-message";

type Summary = RouterOutputs["inbox"]["list"][number];
type Conversation = RouterOutputs["inbox"]["get"];

function summary(id: string, over: Partial<Summary> & { text?: string }): Summary {
  const { text = "hello", ...rest } = over;
  return {
    id, kind: "DM", platform: "DEMO", channelName: "Demo channel", contactName: "Jamie Rivera", lead: null,
    lastMessage: { text, intent: null, status: "RECEIVED", sentAt: new Date(0) },
    pendingDrafts: 0, autoReplyPaused: false, assigneeId: null, lastMessageAt: new Date(0),
    preview: null, latestIntent: null, needsReply: true, unread: true, status: "OPEN", snoozedUntil: null, contactTrusted: false, ...rest,
  };
}

function message(id: string, text: string | null): Conversation["messages"][number] {
  return { id, direction: "INBOUND", text, editedAt: null, deletedAt: null, status: "PROCESSED", error: null, intent: "SALES", intentConfidence: 0.9, sentAt: new Date(0), agentRuns: [] };
}

const sent = { name: " Jamie Rivera ", handle: "jamie_r", text: "How much is\n\nthe Pro plan?\u0007" };

describe("normaliseForMatch", () => {
  it("drops control characters and evens out whitespace, as the pipeline stores it", () => {
    expect(normaliseForMatch("  a\tb\n\nc\u0000 ")).toBe("a b c");
  });
});

describe("findDemoConversation", () => {
  it("finds the newest Demo conversation of this customer whose last message starts like the one sent", () => {
    const list = [
      summary("other-platform", { platform: "INSTAGRAM", text: "How much is the Pro plan?" }),
      summary("other-name", { contactName: "Sam", text: "How much is the Pro plan?" }),
      summary("other-text", { text: "Do you ship to Canada?" }),
      summary("match", { text: "How much is the Pro plan?" }),
      summary("older-match", { text: "How much is the Pro plan?" }),
    ];
    expect(findDemoConversation(list, sent)?.id).toBe("match");
  });

  it("matches long messages on the start the list shows", () => {
    const long = "x".repeat(300);
    expect(findDemoConversation([summary("c", { text: long.slice(0, 160) })], { ...sent, text: long })?.id).toBe("c");
  });

  it("finds nothing before the message is listed", () => {
    expect(findDemoConversation([summary("c", { lastMessage: null })], sent)).toBeUndefined();
  });
});

describe("findDemoMessage", () => {
  it("takes the latest message with the sent text", () => {
    const conversation = { messages: [message("m1", "How much is the Pro plan?"), message("m2", "Thanks"), message("m3", "How much is the Pro plan?"), message("m4", null)] } as Conversation;
    expect(findDemoMessage(conversation, sent)?.id).toBe("m3");
  });
});
