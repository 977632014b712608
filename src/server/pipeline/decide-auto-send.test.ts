import { describe, expect, it } from "vitest";
import { handoffResult } from "@/agents/reply/safe-handoff";
import { metaCapabilities } from "../channels/meta/reply-limits";
import { xCapabilities } from "../channels/x/x-capabilities";
import type { ResolvedAutomation } from "@/shared/automation/resolve-rule";
import { decideAutoSend, type AutoSendInput } from "./decide-auto-send";

const rule = (overrides: Partial<ResolvedAutomation> = {}): ResolvedAutomation => ({ intent: "sales", mode: "auto", threshold: 0.75, source: "workspace", quietHours: null, ...overrides });
const answer = { text: "The Pro plan costs $29 per month.", handoff: false, flags: ["local-extractive"], usedArticleIds: ["a1"] };

function input(overrides: Partial<AutoSendInput> = {}): AutoSendInput {
  return {
    workspaceAutoReply: true, channelAutoReply: true, channelActive: true, conversationPaused: false,
    intent: "sales", confidence: 0.9, automation: rule(), complaint: false, autoReplyComplaints: false,
    reply: answer, hoursSinceMessage: 1, platform: "FACEBOOK", surface: "DM", capabilities: metaCapabilities.FACEBOOK, sendText: answer.text, ...overrides,
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
    ["spam, even with a permissive rule", { intent: "spam" }, /spam is never answered automatically/],
    ["draft only", { automation: rule({ mode: "draft" }) }, /automation for sales messages is set to "Draft only" \(see Settings/],
    ["draft only on this channel", { automation: rule({ mode: "draft", source: "channel" }) }, /"Draft only" on this channel/],
    ["below the channel's stricter threshold", { confidence: 0.85, automation: rule({ threshold: 0.9, source: "channel" }) }, /below the channel's threshold/],
    ["quiet hours", { automation: rule({ quietHours: "22:00–07:00 Europe/Berlin" }) }, /^quiet hours \(22:00–07:00 Europe\/Berlin\): held as a draft/],
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

  it.each<[string, Partial<AutoSendInput>, RegExp]>([
    ["no connector", { platform: "LINKEDIN", capabilities: null }, /no connector can send/],
    ["automated replies not allowed", { capabilities: { ...metaCapabilities.FACEBOOK, automatedReplies: false } }, /does not allow automated replies/],
    ["X post that did not mention the account", { platform: "X", surface: "COMMENT", capabilities: xCapabilities }, /only to posts that mention or quote the account/],
    ["Facebook has no mention surface", { surface: "MENTION" }, /this kind of conversation/],
    ["X reply over 280 weighted", { platform: "X", surface: "MENTION", capabilities: xCapabilities, sendText: "日本".repeat(71) }, /too long: X replies are limited to 280 characters \(URLs count 23/],
    ["Instagram DM over 999 bytes", { platform: "INSTAGRAM", capabilities: metaCapabilities.INSTAGRAM, sendText: "é".repeat(500) }, /Instagram messages are limited to 999 bytes/],
    ["Messenger over 2,000 after re-hydration", { sendText: "a".repeat(2_001) }, /Facebook messages are limited to 2,000 characters/],
  ])("applies the platform's rules: %s", (_name, overrides, reason) => {
    const decision = decideAutoSend(input(overrides));
    expect(decision.send).toBe(false);
    expect(decision.send ? "" : decision.reason).toMatch(reason);
  });

  it("auto-answers an X mention and an X DM within their limits, with no reply window", () => {
    const x = { platform: "X", capabilities: xCapabilities, hoursSinceMessage: 24 * 30 } as const;
    expect(decideAutoSend(input({ ...x, surface: "MENTION", sendText: `${"a".repeat(256)} https://leadline.dev/${"p".repeat(100)}` }))).toEqual({ send: true });
    expect(decideAutoSend(input({ ...x, surface: "DM", sendText: "a".repeat(2_500) }))).toEqual({ send: true });
    expect(decideAutoSend(input({ platform: "FACEBOOK", surface: "COMMENT", sendText: "a".repeat(2_500) }))).toEqual({ send: true });
  });

  it("closes the messaging window on DMs only: a public comment reply has none", () => {
    expect(decideAutoSend(input({ surface: "DM", hoursSinceMessage: 24 }))).toEqual({ send: false, reason: "the platform's reply window has closed" });
    expect(decideAutoSend(input({ surface: "COMMENT", hoursSinceMessage: 24 * 10 }))).toEqual({ send: true });
  });

  it("lets a workspace that opted in auto-answer complaints, still behind every other rule", () => {
    expect(decideAutoSend(input({ complaint: true, autoReplyComplaints: true }))).toEqual({ send: true });
    expect(decideAutoSend(input({ complaint: true, autoReplyComplaints: true, reply: handoffResult(["weak-match"]) })).send).toBe(false);
  });

  it("auto-sends an intent other than sales and support when its rule says so", () => {
    expect(decideAutoSend(input({ intent: "other", automation: rule({ intent: "other" }) }))).toEqual({ send: true });
  });

  it("keeps the safety rules above the automation rule: pause, complaints and guardrails still draft under auto-send", () => {
    const auto = rule({ mode: "auto", threshold: 0.5 });
    expect(decideAutoSend(input({ automation: auto, conversationPaused: true }))).toMatchObject({ send: false, reason: expect.stringMatching(/paused/) });
    expect(decideAutoSend(input({ automation: auto, complaint: true }))).toMatchObject({ send: false, reason: expect.stringMatching(/complaints/) });
    expect(decideAutoSend(input({ automation: auto, reply: handoffResult(["guardrail:price"]) }))).toMatchObject({ send: false, reason: expect.stringMatching(/needs a human/) });
    expect(decideAutoSend(input({ automation: auto, workspaceAutoReply: false }))).toMatchObject({ send: false, reason: expect.stringMatching(/off for this workspace/) });
  });

  it("names quiet hours only when the reply would otherwise have gone out", () => {
    const quiet = rule({ quietHours: "22:00–07:00 UTC" });
    expect(decideAutoSend(input({ automation: quiet, reply: handoffResult(["guardrail:price"]) }))).toMatchObject({ reason: expect.stringMatching(/needs a human/) });
    expect(decideAutoSend(input({ automation: quiet }))).toMatchObject({ send: false, reason: expect.stringMatching(/^quiet hours/) });
  });

  it("gives the first failing rule's reason", () => {
    const decision = decideAutoSend(input({ complaint: true, confidence: 0.1 }));
    expect(decision).toEqual({ send: false, reason: "intent confidence is below the workspace threshold" });
  });
});
