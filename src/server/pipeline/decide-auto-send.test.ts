import { describe, expect, it } from "vitest";
import { handoffResult } from "@/agents/reply/safe-handoff";
import { decideAutoSend, type AutoSendInput } from "./decide-auto-send";

const answer = { text: "The Pro plan costs $29 per month.", handoff: false, flags: ["local-extractive"], usedArticleIds: ["a1"] };

function input(overrides: Partial<AutoSendInput> = {}): AutoSendInput {
  return {
    workspaceAutoReply: true, channelAutoReply: true, channelActive: true, conversationPaused: false,
    intent: "sales", confidence: 0.9, threshold: 0.75, complaint: false, autoReplyComplaints: false,
    reply: answer, hoursSinceMessage: 1, replyWindowHours: 24, ...overrides,
  };
}

describe("decideAutoSend", () => {
  it("sends when every rule holds", () => {
    expect(decideAutoSend(input())).toEqual({ send: true });
  });

  it.each<[string, Partial<AutoSendInput>, RegExp]>([
    ["workspace off", { workspaceAutoReply: false }, /off for this workspace/],
    ["channel off", { channelAutoReply: false }, /off for this channel/],
    ["channel broken", { channelActive: false }, /reconnected/],
    ["paused", { conversationPaused: true }, /paused/],
    ["other intent", { intent: "other" }, /only sales and support/],
    ["low confidence", { confidence: 0.74 }, /below the workspace threshold/],
    ["complaint", { complaint: true }, /complaints, refund requests and angry messages/],
    ["language", { reply: handoffResult(["language-mismatch", "language:es"]) }, /language the reply is not in/],
    ["no knowledge", { reply: handoffResult(["no-knowledge"]) }, /no knowledge article answers/],
    ["irrelevant knowledge", { reply: handoffResult(["weak-match"]) }, /no knowledge article answers/],
    ["unmentioned", { reply: handoffResult(["unmentioned-name"]) }, /does not mention/],
    ["guardrail", { reply: handoffResult(["guardrail:price"]) }, /needs a human/],
    ["window closed", { hoursSinceMessage: 25 }, /reply window/],
  ])("drafts with a readable reason: %s", (_name, overrides, reason) => {
    const decision = decideAutoSend(input(overrides));
    expect(decision.send).toBe(false);
    expect(decision.send ? "" : decision.reason).toMatch(reason);
  });

  it("lets a workspace that opted in auto-answer complaints, still behind every other rule", () => {
    expect(decideAutoSend(input({ complaint: true, autoReplyComplaints: true }))).toEqual({ send: true });
    expect(decideAutoSend(input({ complaint: true, autoReplyComplaints: true, reply: handoffResult(["weak-match"]) })).send).toBe(false);
  });

  it("gives the first failing rule's reason", () => {
    const decision = decideAutoSend(input({ complaint: true, confidence: 0.1 }));
    expect(decision).toEqual({ send: false, reason: "intent confidence is below the workspace threshold" });
  });
});
