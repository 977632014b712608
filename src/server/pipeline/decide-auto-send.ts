import type { Intent } from "@/agents/intent/schema";
import { HANDOFF_FLAGS } from "@/agents/reply/handoff-flags";
import type { ReplyResult } from "@/agents/reply/types";
import { describeReplyLimit, measureReply, replyLimit, type ReplySurface } from "@/shared/reply-limits";
import type { PlatformValue } from "@/shared/vocabulary";
import { MODE_LABELS } from "@/shared/automation/automation-rules";
import type { ResolvedAutomation } from "@/shared/automation/resolve-rule";
import type { ChannelCapabilities } from "../channels/connector";

export type AutoSendInput = {
  workspaceAutoReply: boolean;
  channelAutoReply: boolean;
  channelActive: boolean;
  conversationPaused: boolean;
  intent: Intent;
  /** Calibrated probability of `intent` (never a model's self-reported number; see classify-intent.ts). */
  confidence: number;
  /** The automation rule for this intent on this channel now (Settings -> Automation; resolve-rule.ts). */
  automation: ResolvedAutomation;
  /** The message reads as a complaint, refund demand, or angry or escalating (detect-complaint.ts). */
  complaint: boolean;
  /** The workspace lets complaints be answered automatically (default false). */
  autoReplyComplaints: boolean;
  reply: ReplyResult;
  /** Hours since the customer's message; compared with the platform's reply window. */
  hoursSinceMessage: number;
  platform: PlatformValue;
  /** The conversation's kind: the surface the reply goes to. */
  surface: ReplySurface;
  /** The platform connector's capabilities; null when no connector can send on this platform. */
  capabilities: ChannelCapabilities | null;
  /** The text that would go out (re-hydrated: it can be longer than the model's anonymised reply). */
  sendText: string;
};

const lacks = (i: AutoSendInput, flag: string) => !i.reply.flags.includes(flag);
const onChannel = (i: AutoSendInput) => (i.automation.source === "channel" ? " on this channel" : "");
type Reason = string | ((i: AutoSendInput) => string);

/**
 * Each rule that must hold for an auto-send, in order; the first that fails is the reason to
 * draft, shown in the inbox as it is written here. The reply-specific rules come before the
 * generic hand-off rule so the reason says why the generator handed over.
 */
const RULES: ReadonlyArray<[Reason, (i: AutoSendInput) => boolean]> = [
  ["auto-reply is off for this workspace", (i) => i.workspaceAutoReply],
  ["auto-reply is off for this channel", (i) => i.channelAutoReply],
  ["the channel needs to be reconnected", (i) => i.channelActive],
  ["no connector can send replies on this platform yet", (i) => i.capabilities !== null],
  ["the platform does not allow automated replies", (i) => i.capabilities?.automatedReplies === true],
  // X (2026 rule): an API reply only to a post that mentioned or quoted the account, stored as a MENTION; never to other posts.
  ["the platform does not allow a reply to this kind of conversation (X: only to posts that mention or quote the account)", (i) => i.capabilities?.surfaces.includes(i.surface) === true],
  ["an agent paused auto-reply on this conversation", (i) => !i.conversationPaused],
  ["spam is never answered automatically", (i) => i.intent !== "spam"],
  [(i) => `automation for ${i.intent} messages is set to "${MODE_LABELS[i.automation.mode]}"${onChannel(i)} (see Settings -> Automation)`, (i) => i.automation.mode === "auto"],
  [(i) => `intent confidence is below the ${i.automation.source === "channel" ? "channel's" : "workspace"} threshold`, (i) => i.confidence >= i.automation.threshold],
  ["complaints, refund requests and angry messages are answered by a person (see Settings)", (i) => !i.complaint || i.autoReplyComplaints],
  ["the customer wrote in a language the reply is not in", (i) => lacks(i, HANDOFF_FLAGS.languageMismatch)],
  ["no knowledge article answers this question", (i) => lacks(i, HANDOFF_FLAGS.noKnowledge) && lacks(i, HANDOFF_FLAGS.notRelevant)],
  ["the customer asked about something the knowledge base does not mention", (i) => lacks(i, HANDOFF_FLAGS.unmentionedName)],
  ["the reply needs a human (guardrails or hand-off)", (i) => !i.reply.handoff],
  // The agent already fits the reply to the surface; this catches what re-hydration or a model added.
  [(i) => `the reply is too long: ${describeReplyLimit(i.platform, i.surface)}`, (i) => measureReply(i.sendText, replyLimit(i.platform, i.surface)).fits],
  // A messaging window (Messenger, Instagram): DMs only; a public comment reply has none.
  ["the platform's reply window has closed", (i) => i.surface !== "DM" || i.hoursSinceMessage < (i.capabilities?.replyWindowHours ?? Infinity)],
  // Last, so the draft says quiet hours only when the reply would otherwise have gone out; a person approves it.
  [(i) => `quiet hours (${i.automation.quietHours}): held as a draft for a person to approve`, (i) => i.automation.quietHours === null],
];

/** docs/architecture.md#the-flow-of-one-message, "Decide": auto-send only when every rule holds; otherwise a draft for a human. */
export function decideAutoSend(input: AutoSendInput): { send: true } | { send: false; reason: string } {
  for (const [reason, holds] of RULES) if (!holds(input)) return { send: false, reason: typeof reason === "string" ? reason : reason(input) };
  return { send: true };
}
