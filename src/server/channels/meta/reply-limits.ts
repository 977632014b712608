/**
 * What a reply may be on Meta, checked before any call (a long reply is refused, never cut). The
 * lengths are Facebook's and Instagram's rows of the shared table (src/shared/reply-limits.ts):
 * Messenger 2,000 characters, Instagram DMs 999 bytes of UTF-8, comment replies 8,000 / 2,200.
 */
import { measureReply, REPLY_LIMITS, UNIT_WORDS } from "@/shared/reply-limits";
import type { ChannelCapabilities } from "../connector";
import type { MetaPlatform } from "./meta-event";

export type MetaReplySurface = "DM" | "COMMENT";

/** Why `text` cannot go out on this surface (a private reply is a DM), or null when it can. */
export function metaReplyProblem(platform: MetaPlatform, surface: MetaReplySurface, text: string): string | null {
  if (text.trim().length === 0) return "The reply is empty.";
  const limit = REPLY_LIMITS[platform][surface];
  const { size, fits } = measureReply(text, limit);
  const unit = limit.unit === "utf8-bytes" ? "bytes of UTF-8" : UNIT_WORDS[limit.unit];
  return fits ? null : `The reply is ${size} ${unit}; ${platform} allows ${limit.max} in a ${surface === "DM" ? "message" : "comment reply"}.`;
}

/**
 * Both platforms: DMs within 24 h of the customer's last message (7 days with HUMAN_AGENT,
 * only for a person's own reply), public comment replies, automated replies allowed. MENTION is
 * not a Meta surface (sendMetaReply refuses it).
 */
export const metaCapabilities: Record<MetaPlatform, ChannelCapabilities> = {
  FACEBOOK: { surfaces: ["DM", "COMMENT"], replyLimits: REPLY_LIMITS.FACEBOOK, replyWindowHours: 24, humanReplyWindowHours: 168, automatedReplies: true },
  INSTAGRAM: { surfaces: ["DM", "COMMENT"], replyLimits: REPLY_LIMITS.INSTAGRAM, replyWindowHours: 24, humanReplyWindowHours: 168, automatedReplies: true },
};
