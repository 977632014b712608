import type { Intent } from "@/agents/intent/schema";
import { HANDOFF_FLAGS } from "@/agents/reply/handoff-flags";
import type { ReplyResult } from "@/agents/reply/types";

export type AutoSendInput = {
  workspaceAutoReply: boolean;
  channelAutoReply: boolean;
  channelActive: boolean;
  conversationPaused: boolean;
  intent: Intent;
  /** Calibrated probability of `intent` (never a model's self-reported number; see classify-intent.ts). */
  confidence: number;
  threshold: number;
  /** The message reads as a complaint, refund demand, or angry or escalating (detect-complaint.ts). */
  complaint: boolean;
  /** The workspace lets complaints be answered automatically (default false). */
  autoReplyComplaints: boolean;
  reply: ReplyResult;
  /** Hours since the customer's message; compared with the platform's reply window. */
  hoursSinceMessage: number;
  replyWindowHours: number | null;
};

const lacks = (i: AutoSendInput, flag: string) => !i.reply.flags.includes(flag);

/**
 * Each rule that must hold for an auto-send, in order; the first that fails is the reason to
 * draft, shown in the inbox as it is written here. The reply-specific rules come before the
 * generic hand-off rule so the reason says why the generator handed over.
 */
const RULES: ReadonlyArray<[string, (i: AutoSendInput) => boolean]> = [
  ["auto-reply is off for this workspace", (i) => i.workspaceAutoReply],
  ["auto-reply is off for this channel", (i) => i.channelAutoReply],
  ["the channel needs to be reconnected", (i) => i.channelActive],
  ["an agent paused auto-reply on this conversation", (i) => !i.conversationPaused],
  ["only sales and support messages are answered automatically", (i) => i.intent === "sales" || i.intent === "support"],
  ["intent confidence is below the workspace threshold", (i) => i.confidence >= i.threshold],
  ["complaints, refund requests and angry messages are answered by a person (see Settings)", (i) => !i.complaint || i.autoReplyComplaints],
  ["the customer wrote in a language the reply is not in", (i) => lacks(i, HANDOFF_FLAGS.languageMismatch)],
  ["no knowledge article answers this question", (i) => lacks(i, HANDOFF_FLAGS.noKnowledge) && lacks(i, HANDOFF_FLAGS.notRelevant)],
  ["the customer asked about something the knowledge base does not mention", (i) => lacks(i, HANDOFF_FLAGS.unmentionedName)],
  ["the reply needs a human (guardrails or hand-off)", (i) => !i.reply.handoff],
  ["the platform's reply window has closed", (i) => i.replyWindowHours === null || i.hoursSinceMessage < i.replyWindowHours],
];

/** docs/architecture.md#the-flow-of-one-message, "Decide": auto-send only when every rule holds; otherwise a draft for a human. */
export function decideAutoSend(input: AutoSendInput): { send: true } | { send: false; reason: string } {
  for (const [reason, holds] of RULES) if (!holds(input)) return { send: false, reason };
  return { send: true };
}
