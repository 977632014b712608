import type { Intent } from "@/agents/intent/schema";
import type { ReplyResult } from "@/agents/reply/types";

export type AutoSendInput = {
  workspaceAutoReply: boolean;
  channelAutoReply: boolean;
  channelActive: boolean;
  conversationPaused: boolean;
  intent: Intent;
  confidence: number;
  threshold: number;
  reply: ReplyResult;
  /** Hours since the customer's message; compared with the platform's reply window. */
  hoursSinceMessage: number;
  replyWindowHours: number | null;
};

/** Each rule that must hold for an auto-send, in order; the first that fails is the reason to draft. */
const RULES: ReadonlyArray<[string, (i: AutoSendInput) => boolean]> = [
  ["auto-reply is off for this workspace", (i) => i.workspaceAutoReply],
  ["auto-reply is off for this channel", (i) => i.channelAutoReply],
  ["the channel needs to be reconnected", (i) => i.channelActive],
  ["an agent paused auto-reply on this conversation", (i) => !i.conversationPaused],
  ["only sales and support messages are answered automatically", (i) => i.intent === "sales" || i.intent === "support"],
  ["intent confidence is below the workspace threshold", (i) => i.confidence >= i.threshold],
  ["the reply needs a human (guardrails or hand-off)", (i) => !i.reply.handoff],
  ["the platform's reply window has closed", (i) => i.replyWindowHours === null || i.hoursSinceMessage < i.replyWindowHours],
];

/** DESIGN.md section 3.3: auto-send only when every rule holds; otherwise a draft for a human. */
export function decideAutoSend(input: AutoSendInput): { send: true } | { send: false; reason: string } {
  for (const [reason, holds] of RULES) if (!holds(input)) return { send: false, reason };
  return { send: true };
}
