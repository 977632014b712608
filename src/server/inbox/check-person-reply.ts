import type { ConversationKind, Platform } from "@/generated/prisma/client";
import { describeReplyLimit, measureReply, platformLabel, UNIT_WORDS } from "@/shared/reply-limits";
import { connectorFor } from "../channels/registry";
import { AppError } from "../infra/errors/app-error";

export type ReplyTarget = { platform: Platform; kind: ConversationKind; lastInboundAt: Date | null };

const HOUR_MS = 3_600_000;

/**
 * The platform's rules for a person's reply (written, edited or approved), from the connector's
 * capabilities and the shared length table: throws BAD_REQUEST with the rule in words.
 * The window is the platform's messaging window, so it applies to DMs: past replyWindowHours a
 * person may still answer within humanReplyWindowHours (Meta: 7 days, sent with the HUMAN_AGENT
 * tag by the send path) when they wrote or edited the text; public comment replies have no window.
 */
export function checkPersonReply(target: ReplyTarget, text: string, options: { written: boolean; now?: Date } = { written: true }): void {
  const now = options.now ?? new Date();
  const { platform, kind } = target;
  const capabilities = connectorFor(platform)?.capabilities;
  if (!capabilities) throw new AppError("BAD_REQUEST", `Leadline cannot send replies on ${platformLabel(platform)} yet.`);
  if (!capabilities.surfaces.includes(kind)) {
    throw new AppError("BAD_REQUEST", platform === "X" ? "X only allows replies to posts that mention or quote your account." : `${platformLabel(platform)} does not take replies on this kind of conversation.`);
  }
  const limit = capabilities.replyLimits[kind];
  const { size, fits } = measureReply(text, limit);
  if (!fits) throw new AppError("BAD_REQUEST", `${describeReplyLimit(platform, kind)}; this reply is ${size.toLocaleString("en-US")} ${UNIT_WORDS[limit.unit]}.`, { limit: limit.max, unit: limit.unit, size });

  if (kind !== "DM" || capabilities.replyWindowHours === null || !target.lastInboundAt) return;
  const hours = (now.getTime() - target.lastInboundAt.getTime()) / HOUR_MS;
  // Only what a person wrote (or edited) may use the longer human window: an AI draft approved as
  // it stands is automated content, which Meta's HUMAN_AGENT tag does not cover.
  const window = options.written ? Math.max(capabilities.replyWindowHours, capabilities.humanReplyWindowHours ?? 0) : capabilities.replyWindowHours;
  if (hours >= window) {
    throw new AppError("BAD_REQUEST", `The platform no longer allows a reply: ${platformLabel(platform)} accepts one up to ${describeHours(window)} after the customer's last message.`);
  }
}

const describeHours = (hours: number) => (hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? "" : "s"}` : `${hours} hours`);
